"""The `i` screen: how much of each tag and company you have read, and when you read.

The figures are computed once as the screen opens (``tui.core.stats``) and drawn with
the same rich tables as ``casebook stats``; the weekly chart is Textual's Sparkline.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.geometry import Size
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Sparkline, Static

from tui.core.stats import Group, Stats
from tui.ui.keys import STATS_BINDINGS
from tui.ui.stats_view import group_line_count, group_lines, summary, weeks_caption
from tui.ui.widgets.footer import QuietFooter

if TYPE_CHECKING:
    from tui.ui.app_base import AppBase

# Rows per table on screen; a catalogue with thousands of companies would otherwise cost a
# frame per hundred rows. `casebook stats` prints them all.
SHOWN_GROUPS = 100
# The sparkline splits its data into one bucket per column; each week is repeated so
# that no column's bucket is empty at the chart's widest (see stats_screen.tcss).
WEEK_REPEAT = 3


class GroupBars(Widget):
    """One section (tags or companies): lines laid out for the width it is given."""

    DEFAULT_CSS = "GroupBars { height: auto; }"

    def __init__(self, title: str, groups: list[Group], style: str, *, id: str) -> None:
        super().__init__(id=id)
        self.title = title
        self.groups = groups
        self.style = style

    def set_groups(self, groups: list[Group]) -> None:
        self.groups = groups
        self.refresh(layout=True)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return group_line_count(self.groups, SHOWN_GROUPS)  # known without rendering

    def render(self) -> Text:
        width = self.content_region.width
        return group_lines(self.title, self.groups, width, SHOWN_GROUPS, self.style)


class StatsScreen(Screen[None]):
    CSS_PATH = "stats_screen.tcss"
    AUTO_FOCUS = "#stats-body"  # the app's own ("#articles") is not on this screen
    BINDINGS: ClassVar[list[BindingType]] = STATS_BINDINGS

    def __init__(self, stats: Stats, recount: Callable[[], Stats] | None = None) -> None:
        """``stats`` is shown at once; with ``recount``, they are the last figures counted
        and the screen counts afresh in a worker thread, then shows the new ones."""
        super().__init__()
        self.stats = stats
        self.recount = recount

    def compose(self) -> ComposeResult:
        stats = self.stats
        style = self.app.current_theme.success or "green"
        weeks = [float(w.read) for w in stats.weeks for _ in range(WEEK_REPEAT)]
        with VerticalScroll(id="stats-body"):
            yield Static(summary(stats), id="stats-summary")
            yield Static(Text("Read per week, last 26 weeks"), classes="stats-heading")
            yield Sparkline(weeks, id="stats-weeks")
            yield Static(weeks_caption(stats.weeks), id="stats-weeks-caption")
            yield GroupBars("Tags", stats.tags, style, id="stats-tags")
            yield GroupBars("Companies", stats.companies, style, id="stats-companies")
        yield QuietFooter()

    def on_mount(self) -> None:
        self.body.border_title = "Reading stats"
        if self.recount is not None:
            self.body.border_subtitle = "counting…"
            # After the first frame: a worker started now would compete with drawing it.
            self.call_after_refresh(self._count, self.recount)

    @work(thread=True, exclusive=True, exit_on_error=False)
    def _count(self, recount: Callable[[], Stats]) -> None:
        stats = recount()
        self.app.call_from_thread(self.show, stats)

    def show(self, stats: Stats) -> None:
        """Puts new figures in place (the scroll position stays)."""
        self.stats = stats
        self.query_one("#stats-summary", Static).update(summary(stats))
        weeks = [float(w.read) for w in stats.weeks for _ in range(WEEK_REPEAT)]
        self.query_one("#stats-weeks", Sparkline).data = weeks
        self.query_one("#stats-weeks-caption", Static).update(weeks_caption(stats.weeks))
        self.query_one("#stats-tags", GroupBars).set_groups(stats.tags)
        self.query_one("#stats-companies", GroupBars).set_groups(stats.companies)
        self.body.border_subtitle = ""

    @property
    def body(self) -> VerticalScroll:
        return self.query_one("#stats-body", VerticalScroll)

    def action_close(self) -> None:
        self.dismiss()

    def action_scroll_down(self) -> None:
        self.body.scroll_down(animate=False)

    def action_scroll_up(self) -> None:
        self.body.scroll_up(animate=False)

    def action_page_down(self) -> None:
        self.body.scroll_page_down(animate=False)

    def action_page_up(self) -> None:
        self.body.scroll_page_up(animate=False)

    def action_scroll_home(self) -> None:
        self.body.scroll_home(animate=False)

    def action_scroll_end(self) -> None:
        self.body.scroll_end(animate=False)


def show_stats(app: AppBase) -> None:
    """Opens at once: with the cached figures when nothing changed since they were counted;
    after a change, with the last figures, counting afresh in a worker (tens of ms at 100k
    articles); counted right here only if there are none yet."""
    if isinstance(app.screen, StatsScreen):
        return
    store, cache = app.store, app.stats_cache
    last = cache.last
    if last is None or cache.fresh(store):
        app.push_screen(StatsScreen(cache.get(store)))
    else:
        app.push_screen(StatsScreen(last, recount=lambda: cache.get(store)))


def warm_stats(app: AppBase) -> None:
    """Counts once in a worker thread after the first frame, so the first `i` does not
    wait for it. Not after every toggle: that would take CPU from keypresses for a screen
    that may never open; a reopen after changes counts again (see the README's figures)."""
    store, cache = app.store, app.stats_cache
    app.run_worker(lambda: cache.get(store), thread=True, exit_on_error=False)
