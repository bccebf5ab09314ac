"""Reading stats drawn with rich: bars of read/total, the weekly chart, the summary line.

Rich only (no Textual), so ``casebook stats`` prints the same tables the stats screen
shows without loading the app. Names come from documents: they go into ``Text`` as
plain strings, never through markup.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from tui.core.stats import Group as StatGroup
from tui.core.stats import Stats, Week

BLOCKS = " ▁▂▃▄▅▆▇█"
BAR_WIDTH = 16


def bar(read: int, total: int, width: int = BAR_WIDTH, style: str = "green") -> Text:
    """A horizontal bar: the read share filled, the rest dotted."""
    filled = round(width * read / total) if total else 0
    if read and not filled:
        filled = 1  # something read is never drawn as nothing
    text = Text("█" * filled, style=style)
    text.append("░" * (width - filled), style="dim")
    return text


def sparkline(weeks: Sequence[Week], style: str = "green") -> Text:
    """One block per week, scaled to the busiest week (the CLI's version of the chart)."""
    top = max((w.read for w in weeks), default=0)
    cells = [
        BLOCKS[0 if not w.read else max(1, round(w.read / top * (len(BLOCKS) - 1)))]
        for w in weeks
    ]
    return Text("".join(cells), style=style)


def _percent(read: int, total: int) -> str:
    return f"{100 * read // total}%" if total else "-"


def summary(stats: Stats) -> Text:
    text = Text()
    text.append(f"{stats.read:,}", style="bold")
    text.append(f" of {stats.total:,} articles read ({_percent(stats.read, stats.total)})")
    text.append(f" · {stats.bookmarked:,} bookmarked")
    text.append(f" · {stats.minutes_read:,} of {stats.minutes_total:,} minutes read")
    return text


def weeks_caption(weeks: Sequence[Week]) -> Text:
    total = sum(w.read for w in weeks)
    top = max((w.read for w in weeks), default=0)
    this_week = weeks[-1].read if weeks else 0
    first = weeks[0].start.isoformat() if weeks else ""
    return Text(
        f"{total:,} read in 26 weeks since {first} · busiest week {top:,} · this week "
        f"{this_week:,}"
    )


def groups_table(
    title: str, groups: Sequence[StatGroup], limit: int | None = None, style: str = "green"
) -> Table:
    table = Table(
        title=title, title_justify="left", title_style="bold", box=None, expand=True,
        header_style="dim", pad_edge=False,
    )  # fmt: skip
    table.add_column(title.split()[0].lower(), ratio=1, no_wrap=True, overflow="ellipsis")
    table.add_column("read", no_wrap=True, width=BAR_WIDTH)
    table.add_column("", justify="right", no_wrap=True)
    table.add_column("★", justify="right", no_wrap=True)
    table.add_column("min read", justify="right", no_wrap=True)
    shown = groups if limit is None else groups[:limit]
    for g in shown:
        table.add_row(
            Text(g.name),
            bar(g.read, g.total, style=style),
            f"{g.read:,}/{g.total:,}",
            f"{g.bookmarked:,}",
            f"{g.minutes_read:,}",
        )
    if len(shown) < len(groups):
        more = len(groups) - len(shown)
        table.add_row(Text(f"… {more:,} more (casebook stats lists all)", style="dim"))
    return table


def print_stats(stats: Stats, console: Console | None = None) -> None:
    console = console or Console()
    console.print(
        Group(
            summary(stats),
            Text(),
            Text("Read per week, last 26 weeks", style="bold"),
            sparkline(stats.weeks),
            weeks_caption(stats.weeks),
            Text(),
            groups_table("Tags", stats.tags),
            Text(),
            groups_table("Companies", stats.companies),
        )
    )
