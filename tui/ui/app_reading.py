"""Reading: the detail pane follows the cursor, enter opens the reading view (marking the
article read), n / p jump to the next unread article, o opens the link."""

from __future__ import annotations

from textual import on

from tui.core.clean import safe_url
from tui.core.navigation import next_unread
from tui.ui.app_base import AppBase
from tui.ui.display import clean
from tui.ui.reading_screen import ReadingScreen
from tui.ui.widgets.article_list import ArticleList


class ReadingFlow(AppBase):
    def _cursor_moved(self, _index: int) -> None:
        self._show_detail(self.articles.current_row)

    @on(ArticleList.Selected, "#articles")
    def _article_chosen(self, message: ArticleList.Selected) -> None:
        # The message reaches the app after keys typed right behind `enter` (they queue at
        # the app, the message climbs the DOM): if one of them opened another screen (`?`,
        # `t`) or left, the reading view must not open on top of it.
        if self.screen is message.control.screen and not self._exit:
            self.open_article(message.row)

    def open_article(self, row: int) -> None:
        """Marks ``row`` read (unless the config says not to) and shows it in the reading
        view (opening the view if needed)."""
        article_id = self.store.catalog.ids[row]
        opens_read = self.config.mark_read_on_open
        if opens_read and article_id not in self.store.read and self._write(
            lambda: self.history.mark([article_id], "read", True)
        ):
            self._after_toggle(row)
        self._show_detail(row)
        if not isinstance(self.screen, ReadingScreen):
            self.push_screen(ReadingScreen(row))
            self.call_after_refresh(self._show_reading)
        else:
            self._show_reading()

    def action_next_unread(self, step: int) -> None:
        """newsboat's n / p: the next unread article in this view, wrapping with a bell."""
        lst = self.articles
        unread = self.store.read.__contains__
        ids = self.store.catalog.ids
        jump = next_unread(lst.rows, lst.cursor, lambda row: not unread(ids[row]), step)
        if jump is None:
            self.bell()
            self.notify("No other unread article in this view.", timeout=3)
            return
        if jump.wrapped:
            self.bell()
        lst.cursor = jump.index
        if isinstance(self.screen, ReadingScreen):
            self.open_article(lst.rows[jump.index])

    def action_open_link(self) -> None:
        row = self.articles.current_row
        url = safe_url(self.store.catalog.urls[row]) if row is not None else None
        if url is None:
            self.bell()
            self.notify("This article has no http(s) link.", timeout=4)
            return
        self.open_url(url)
        self.notify(f"Opening {clean(url)}", timeout=4, markup=False)

    def action_open_current(self) -> None:
        row = self.articles.current_row
        if row is not None:
            self.open_article(row)

    def action_list_jump(self, where: str) -> None:
        if where == "first":
            self.articles.action_first()
        else:
            self.articles.action_last()
