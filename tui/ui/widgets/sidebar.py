"""The sidebar: All, Unread, Bookmarked, then tags and companies with unread/total counts.

A Line API widget like the article list, not an ``OptionList``: with a tag and
a company per article, 100k articles give 200k entries, and ``OptionList``
builds an object and renders a prompt per entry up front (9.4 s at start, and
again on every outside change). Here entries are a virtual list
(``SidebarEntries``) and counts are read as a line is drawn, so a start, a
toggle or an outside change costs what the visible lines cost.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from typing import ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.core.catalog import Catalog
from tui.core.counts import Counts
from tui.core.sidebar_entries import Entry, Section, SidebarEntries
from tui.core.views import Filter
from tui.ui.display import fit
from tui.ui.keys import SIDEBAR_BINDINGS
from tui.ui.widgets.line_cursor import clicked_line, follow, page
from tui.ui.widgets.quiet_size import set_virtual_size


def option_id(flt: Filter) -> str:
    return flt.kind if flt.kind in ("all", "unread", "bookmarked") else f"{flt.kind}:{flt.value}"


def filter_of(option: str, name: str = "") -> Filter:
    kind, _, value = option.partition(":")
    if kind in ("tag", "company", "mytag"):
        return Filter(kind, value)  # type: ignore[arg-type]
    if kind == "feed":
        return Filter("feed", value, name)
    if kind == "unread":
        return Filter("unread")
    if kind == "bookmarked":
        return Filter("bookmarked")
    return Filter()


ExtraCounts = Callable[[Entry], str]


def count_of(entry: Entry, counts: Counts, extra: ExtraCounts | None = None) -> str:
    """The number shown right of an entry: a total, or unread/total for tags and companies."""
    if entry.kind == "all":
        return str(counts.total)
    if entry.kind == "unread":
        return str(counts.unread)
    if entry.kind == "bookmarked":
        return str(counts.bookmarked)
    if entry.kind == "tag":
        total = len(counts.catalog.rows_by_tag.get(entry.value, ()))
        return f"{counts.tag_unread(entry.value)}/{total}"
    if entry.kind == "company":
        total = len(counts.catalog.rows_by_company.get(entry.value, ()))
        return f"{counts.company_unread(entry.value)}/{total}"
    if extra is not None and entry.kind in ("saved", "mytag", "feed"):
        return extra(entry)
    return ""


SYNC_LIMIT = 20_000  # articles: below this, listing the names takes a few ms


def indexed(catalog: Catalog) -> bool:
    """Whether the catalogue has built its tag and company indexes (cached properties)."""
    return "rows_by_tag" in vars(catalog) and "rows_by_company" in vars(catalog)


LABELS = {"all": "All", "unread": "Unread", "bookmarked": "Bookmarked"}


def label_of(entry: Entry) -> str:
    return LABELS.get(entry.kind, entry.label or entry.value)


class Sidebar(ScrollView, can_focus=True):
    BINDINGS: ClassVar[list[BindingType]] = SIDEBAR_BINDINGS
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "sidebar--cursor",
        "sidebar--heading",
        "sidebar--count",
    }

    # The highlighted entry's index (the name OptionList uses, so callers read the same).
    highlighted: reactive[int] = reactive(0, always_update=True, init=False, repaint=False)

    class Selected(Message):
        """Enter or a click on an entry: show that entry's articles."""

        def __init__(self, sidebar: Sidebar, option_id: str) -> None:
            self.sidebar = sidebar
            self.option_id = option_id
            super().__init__()

        @property
        def control(self) -> Sidebar:
            """What ``@on(Sidebar.Selected, "#sidebar")`` matches against."""
            return self.sidebar

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.entries = SidebarEntries(Catalog())
        self.extra: tuple[Section, ...] = ()  # your tags, your feeds (see set_extra)
        self.extra_counts: ExtraCounts | None = None  # their unread/total, asked as drawn
        self.counts: Counts | None = None  # always for the catalogue ``entries`` lists
        self._latest: Counts | None = None  # the newest counts, maybe for a newer catalogue

    # -- the data ----------------------------------------------------------
    def rebuild(self, counts: Counts) -> None:
        """Shows ``counts``, keeping the highlighted entry. Only a new catalogue re-lists the
        names; a toggle or another process's state change redraws a screenful.

        The names of a large catalogue that has not indexed its tags and companies yet
        (100k of each: about a second) are listed in a worker thread, after the first
        frame; until then the sidebar keeps showing what it had.
        """
        self._latest = counts
        catalog = counts.catalog
        if catalog is self.entries.catalog:
            self.counts = counts
            self.refresh()  # counts are read as lines are drawn
        elif len(catalog) <= SYNC_LIMIT or indexed(catalog):
            self._show_entries(SidebarEntries(catalog, self.extra))
        else:
            held = [catalog]  # popped when run: a finished worker must not keep it alive
            self.run_worker(
                lambda: self._list_in_thread(held.pop()),
                thread=True,
                group="sidebar-entries",
                exit_on_error=False,
            )

    def set_extra(self, extra: tuple[Section, ...]) -> None:
        """New sections of your own (a tag added, a feed subscribed): re-listed at once,
        reusing the catalogue's indexes, so it costs what listing the names costs."""
        if extra == self.extra:  # their counts may have changed: redraw just their lines
            for first, section in zip(self.entries.extra_starts, self.entries.extra, strict=True):
                self.refresh_lines(first, len(section.values))
            return
        self.extra = extra
        catalog = self.entries.catalog
        if self._latest is not None and self._latest.catalog is catalog:
            self._show_entries(SidebarEntries(catalog, extra))

    def _list_in_thread(self, catalog: Catalog) -> None:
        entries = SidebarEntries(catalog, self.extra)
        # The tag and company indexes it built (200k lists at 100k + 100k) live as long as
        # the catalogue: out of the cyclic GC, whose full passes would stall keys.
        gc.freeze()
        self.app.call_from_thread(self._show_entries, entries)

    def _show_entries(self, entries: SidebarEntries) -> None:
        latest = self._latest
        if latest is None or latest.catalog is not entries.catalog:
            return  # a newer catalogue arrived meanwhile; its own listing follows
        keep = self.highlighted_id
        self.entries, self.counts = entries, latest
        set_virtual_size(self, Size(self.scrollable_content_region.width, len(entries)))
        self.highlighted = entries.index_of(keep) or 0
        self.refresh()

    def update_counts(self, counts: Counts, option_ids: list[str]) -> None:
        """Redraws just the entries a toggle changed, where they are on screen."""
        self._latest = counts
        if counts.catalog is not self.entries.catalog:
            return  # the new catalogue's listing is on its way and draws every count
        self.counts = counts
        for oid in ("all", "unread", "bookmarked", *option_ids):
            index = self.entries.index_of(oid)
            if index is not None:
                self.refresh_lines(index)

    def refresh_counts(self, counts: Counts) -> None:
        """Redraws every entry's counts (after a bulk change such as `A` or its undo);
        only the lines on screen are drawn, so this costs what a toggle does."""
        self.update_counts(counts, [])
        self.refresh()

    @property
    def highlighted_id(self) -> str:
        if not len(self.entries):
            return "all"
        return self.entries[self.highlighted].option_id

    @property
    def highlighted_label(self) -> str:
        return label_of(self.entries[self.highlighted]) if len(self.entries) else ""

    def get_option_index(self, option: str) -> int:
        """The index of an entry by id (``tag:kafka``). An entry not listed (yet: a large
        catalogue's names are listed in a worker) gives the highlighted one, never an error."""
        index = self.entries.index_of(option)
        return self.highlighted if index is None else index

    # -- cursor ------------------------------------------------------------
    def validate_highlighted(self, value: int) -> int:
        return max(0, min(value, len(self.entries) - 1))

    def watch_highlighted(self, old: int, new: int) -> None:
        follow(self, old, new)

    def _move_to(self, index: int, step: int) -> None:
        """Moves to ``index``, or past a heading or gap there in the direction of ``step``."""
        size = len(self.entries)
        index = max(0, min(index, size - 1))
        while 0 <= index < size and not self.entries[index].selectable:
            index += step
        if 0 <= index < size:
            self.highlighted = index

    def action_cursor_down(self) -> None:
        self._move_to(self.highlighted + 1, 1)

    def action_cursor_up(self) -> None:
        self._move_to(self.highlighted - 1, -1)

    def action_first(self) -> None:
        self._move_to(0, 1)

    def action_last(self) -> None:
        self._move_to(len(self.entries) - 1, -1)

    def action_page_down(self) -> None:
        self._move_to(self.highlighted + page(self), 1)

    def action_page_up(self) -> None:
        self._move_to(self.highlighted - page(self), -1)

    def action_select(self) -> None:
        if len(self.entries) and self.entries[self.highlighted].selectable:
            self.post_message(self.Selected(self, self.highlighted_id))

    def on_click(self, event: events.Click) -> None:
        index = clicked_line(self, event, len(self.entries))
        if index is not None and self.entries[index].selectable:
            self.highlighted = index
            self.action_select()

    def on_resize(self) -> None:
        self.virtual_size = Size(self.scrollable_content_region.width, len(self.entries))
        self.highlighted = self.highlighted  # keep it in view

    # -- drawing -----------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        index = int(self.scroll_offset.y) + y
        base = self.rich_style
        if index >= len(self.entries) or self.counts is None:
            return Strip.blank(width, base)
        return self._render_entry(index, width, base)

    def _render_entry(self, index: int, width: int, base: Style) -> Strip:
        entry = self.entries[index]
        if entry.kind == "gap":
            return Strip.blank(width, base)
        if entry.kind == "heading":
            style = base + self.get_component_rich_style("sidebar--heading")
            return Strip([Segment(fit(entry.value, width), style)], width)
        assert self.counts is not None
        name_style = base
        count_style = base + self.get_component_rich_style("sidebar--count")
        if index == self.highlighted:
            cursor = self.get_component_rich_style("sidebar--cursor")
            name_style, count_style = name_style + cursor, count_style + cursor
        count = count_of(entry, self.counts, self.extra_counts)
        room = width - cell_len(count) - 1
        if room < 4:  # too narrow for both: the name only
            return Strip([Segment(fit(label_of(entry), width), name_style)], width)
        return Strip(
            [
                Segment(fit(label_of(entry), room) + " ", name_style),
                Segment(count, count_style),
            ],
            width,
        )
