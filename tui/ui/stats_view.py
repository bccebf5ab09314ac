"""Reading stats drawn with rich: bars of read/total, the weekly chart, the summary line.

Rich only (no Textual), so ``casebook stats`` prints the same tables the stats screen
shows without loading the app. Names come from documents: they go into ``Text`` as
plain strings, never through markup.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console, Group
from rich.text import Text

from tui.core.stats import Group as StatGroup
from tui.core.stats import Stats, Week
from tui.ui.display import clean

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


def group_lines(
    title: str,
    groups: Sequence[StatGroup],
    width: int,
    limit: int | None = None,
    style: str = "green",
) -> Text:
    """A table as plain lines of text: name, bar, read/total, bookmarks, minutes read.

    Not a rich ``Table``: measuring and rendering one costs ~4 ms per 100 rows, every
    time the screen lays out; these lines are built once in well under a millisecond.
    """
    shown = groups if limit is None else groups[:limit]
    counts = [f"{g.read:,}/{g.total:,}" for g in shown]
    marks = [f"{g.bookmarked:,}" for g in shown]
    minutes = [f"{g.minutes_read:,}" for g in shown]
    count_w = max(map(len, counts), default=0)
    mark_w = max(1, *map(len, marks)) if marks else 1
    minutes_w = max(len("min read"), *map(len, minutes)) if minutes else len("min read")
    bar_w = BAR_WIDTH if width >= 60 else max(4, BAR_WIDTH // 2)
    name_w = max(6, width - bar_w - count_w - mark_w - minutes_w - 8)
    out = Text(title, style="bold")
    out.append("\n")
    header = Text(" " * (name_w + 2) + "read".ljust(bar_w + 2 + count_w) + "  " + "★".rjust(mark_w)
                  + "  " + "min read".rjust(minutes_w), style="dim")  # fmt: skip
    out.append_text(header)
    for g, count, mark, mins in zip(shown, counts, marks, minutes, strict=True):
        out.append("\n")
        name = Text(clean(g.name))  # no ZWJ, bidi control or tab reaches the terminal
        name.truncate(name_w, overflow="ellipsis", pad=True)
        out.append_text(name)
        out.append("  ")
        out.append_text(bar(g.read, g.total, bar_w, style))
        out.append(f"  {count.rjust(count_w)}  {mark.rjust(mark_w)}  {mins.rjust(minutes_w)}")
    if len(shown) < len(groups):
        out.append(f"\n… {len(groups) - len(shown):,} more (casebook stats lists all)", style="dim")
    return out


def group_line_count(groups: Sequence[StatGroup], limit: int | None = None) -> int:
    shown = len(groups) if limit is None else min(limit, len(groups))
    return 2 + shown + (1 if shown < len(groups) else 0)


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
            group_lines("Tags", stats.tags, console.width),
            Text(),
            group_lines("Companies", stats.companies, console.width),
        )
    )
