"""The article list: a Line API widget that renders only the rows on screen.

``ListView`` mounts a widget per item (61 s for 10k) and ``OptionList`` builds
every row up front (10+ s for 100k); this draws the visible lines on demand,
so 100k rows cost what 30 do. Modelled on Textual's OptionList and toolong's
log_lines.py.
"""

from __future__ import annotations

from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.core.store import Store
from tui.ui.display import clean, fit
from tui.ui.keys import LIST_BINDINGS
from tui.ui.widgets.line_cursor import clicked_line, follow, page
from tui.ui.widgets.quiet_size import set_virtual_size

UNREAD_MARK, BOOKMARK_MARK, NOTE_MARK = "●", "★", "✎"


class ArticleList(ScrollView, can_focus=True):
    BINDINGS: ClassVar[list[BindingType]] = LIST_BINDINGS
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "article-list--cursor",
        "article-list--unread",
        "article-list--read",
        "article-list--bookmark",
        "article-list--meta",
        "article-list--empty",
    }

    # Watch it (``App.watch``) to follow the highlighted article: a watcher runs in the
    # same tick, so what it draws lands in the same frame as the cursor line.
    cursor: reactive[int] = reactive(0, always_update=True, init=False, repaint=False)

    class Selected(Message):
        def __init__(self, article_list: ArticleList, row: int) -> None:
            self.article_list = article_list
            self.row = row
            super().__init__()

        @property
        def control(self) -> ArticleList:
            """What ``@on(ArticleList.Selected, "#articles")`` matches against."""
            return self.article_list

    def __init__(self, store: Store, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.store = store
        self.rows: list[int] = []
        self.empty_message = "No articles."

    # -- the data ----------------------------------------------------------
    def set_rows(self, rows: list[int], keep_row: int | None = None, empty: str = "") -> None:
        """Shows ``rows``; the cursor stays on ``keep_row`` if it is still shown."""
        self.rows = rows
        self.empty_message = empty or "No articles."
        # The scrollbar follows now, in the same frame as the rows (see quiet_size).
        set_virtual_size(self, Size(self.scrollable_content_region.width, len(rows)))
        index = 0
        if keep_row is not None:
            try:
                index = rows.index(keep_row)
            except ValueError:
                index = 0
        self.scroll_to(y=0, animate=False, immediate=True)
        self.cursor = index
        self.refresh()

    @property
    def current_row(self) -> int | None:
        return self.rows[self.cursor] if self.rows else None

    def refresh_row(self, row: int) -> None:
        """Redraws one catalogue row if it is on screen (after a toggle)."""
        top = int(self.scroll_offset.y)
        for y in range(top, min(top + self.size.height, len(self.rows))):
            if self.rows[y] == row:
                self.refresh_lines(y)

    # -- cursor ------------------------------------------------------------
    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, len(self.rows) - 1))

    def watch_cursor(self, old: int, new: int) -> None:
        follow(self, old, new)

    def action_cursor_down(self) -> None:
        self.cursor += 1

    def action_cursor_up(self) -> None:
        self.cursor -= 1

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = len(self.rows) - 1

    def action_page_down(self) -> None:
        self.cursor += page(self)

    def action_page_up(self) -> None:
        self.cursor -= page(self)

    def action_select(self) -> None:
        row = self.current_row
        if row is not None:
            self.post_message(self.Selected(self, row))

    def on_click(self, event: events.Click) -> None:
        index = clicked_line(self, event, len(self.rows))
        if index is not None:
            self.cursor = index

    def on_resize(self) -> None:
        self.virtual_size = Size(self.scrollable_content_region.width, len(self.rows))
        self.cursor = self.cursor  # keep it in view

    # -- drawing -----------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        index = int(self.scroll_offset.y) + y
        base = self.rich_style
        if not self.rows:
            lines = self._empty_lines(width)
            if y < len(lines):
                style = base + self.get_component_rich_style("article-list--empty")
                return Strip([Segment(set_cell_size(f" {lines[y]}", width), style)])
            return Strip.blank(width, base)
        if index >= len(self.rows):
            return Strip.blank(width, base)
        return self._render_row(self.rows[index], width, index == self.cursor, base)

    def _empty_lines(self, width: int) -> list[str]:
        """The empty-view message, wrapped at words to the list's width (never cut)."""
        text = Text(clean(self.empty_message))
        return [line.plain for line in text.wrap(self.app.console, max(1, width - 2))]

    def _render_row(self, row: int, width: int, is_cursor: bool, base: Style) -> Strip:
        cat, store = self.store.catalog, self.store
        article_id = cat.ids[row]
        unread = article_id not in store.read
        bookmarked = article_id in store.bookmarked
        title_style = base + self.get_component_rich_style(
            "article-list--unread" if unread else "article-list--read"
        )
        meta_style = base + self.get_component_rich_style("article-list--meta")
        mark_style = base + self.get_component_rich_style("article-list--bookmark")
        if is_cursor:
            cursor = self.get_component_rich_style("article-list--cursor")
            title_style, meta_style, mark_style = (
                title_style + cursor,
                meta_style + cursor,
                mark_style + cursor,
            )
        minutes = f"{cat.minutes[row]:>3} min "
        company_width = min(18, max(0, width // 5))
        company = cat.companies[row]
        title_width = width - 5 - company_width - cell_len(minutes) - 1
        if title_width < 10:  # too narrow for columns: title only
            company_width, minutes, title_width = 0, "", width - 5
        segments = [
            Segment(" " + (UNREAD_MARK if unread else " "), title_style),
            Segment(BOOKMARK_MARK if bookmarked else " ", mark_style),
            Segment(NOTE_MARK if article_id in store.library.notes else " ", meta_style),
            Segment(" ", title_style),
            Segment(fit(cat.titles[row], title_width), title_style),
        ]
        if company_width:
            segments.append(Segment(" " + fit(company, company_width), meta_style))
            segments.append(Segment(minutes, meta_style))
        return Strip(segments, width).adjust_cell_length(width, title_style)
