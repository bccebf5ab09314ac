"""What every feature of the app shares: the store, the view, the panes and how to redraw them.

CasebookApp (tui/ui/app.py) is assembled from one mixin per feature (app_reading.py,
app_marks.py, ...). Each mixin derives from this class, so it is a Textual App to
mypy and to Textual alike: ``@on`` handlers are collected, ``action_*`` methods found
and ``BINDINGS`` merged across the whole MRO. What more than one feature needs lives
here and nowhere else.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.app import App
from textual.content import Content

from tui.core.config import Config
from tui.core.errors import StoreError
from tui.core.library import LibraryInputError
from tui.core.stats import StatsCache
from tui.core.store import Store
from tui.core.undo import UndoHistory
from tui.core.view import View
from tui.core.views import Filter
from tui.ui.display import clean
from tui.ui.header_text import header_parts
from tui.ui.reading_screen import ReadingScreen
from tui.ui.sidebar_sections import OwnSections
from tui.ui.widgets.article_list import ArticleList
from tui.ui.widgets.detail import DetailPane
from tui.ui.widgets.search_box import SearchBox
from tui.ui.widgets.sidebar import Sidebar

POLL_SECONDS = 1.0


class AppBase(App[int]):
    def __init__(
        self, store: Store, *, poll_seconds: float = POLL_SECONDS, config: Config | None = None
    ) -> None:
        super().__init__()
        self.store = store
        self.config = config or Config()
        self.stats_cache = StatsCache()
        self.sections = OwnSections(store)  # your tags, saved searches and feeds in the sidebar
        self.view = View(store, feed_articles=self.sections.feed_articles)
        self.history = UndoHistory(store)  # every change this session goes through it
        self.view.undo = self.history
        self._poll_seconds = poll_seconds
        self.activity = ""  # shown first in the header while feeds refresh
        # None until the user presses `s`: until then the width decides (see app.tcss).
        self.sidebar_choice: bool | None = None

    @property
    def articles(self) -> ArticleList:
        return self.query_one("#articles", ArticleList)

    @property
    def sidebar(self) -> Sidebar:
        return self.query_one("#sidebar", Sidebar)

    @property
    def search_input(self) -> SearchBox:
        return self.query_one("#search", SearchBox)

    # -- the view ----------------------------------------------------------
    @property
    def filter(self) -> Filter:
        return self.view.filter

    def apply_filter(self, flt: Filter) -> None:
        self.view.set_filter(flt)
        self._show_view(self.articles.current_row)

    def _show_view(self, keep_row: int | None) -> None:
        view, lst = self.view, self.articles
        lst.set_rows(view.rows, keep_row=keep_row, empty=view.empty_message)
        self._show_list_title()
        # Content, not str: a str is read as markup, and a query may hold `[/`.
        lst.border_subtitle = Content(view.subtitle)
        self.search_input.border_title = Content(view.warning)
        self.refresh_bindings()  # `esc` in the footer: clear the search or leave the filter

    def _show_list_title(self) -> None:
        self.articles.border_title = Content(self.view.title)

    def _show_detail(self, row: int | None) -> None:
        found = self.query("#detail").results(DetailPane)
        detail = next(found, None)
        if detail is None:  # a late message while the app shuts down
            return
        if row is None:
            detail.show(None, self.store.state_of(""))
            return
        store = self.store
        article = store.catalog.article(row)
        detail.show(
            article, store.state_of(article.id), store.my_tags_of(article.id),
            store.note_of(article.id),
        )

    def _show_reading(self) -> None:
        screen = self.screen
        if not isinstance(screen, ReadingScreen):
            return
        lst = self.articles
        row = lst.current_row
        if row is None:
            return
        article = self.store.catalog.article(row)
        position = f"{lst.cursor + 1} of {len(lst.rows)}"
        screen.show(row, article, self.store.state_of(article.id), position)

    def _update_counts_display(self, width: int | None = None) -> None:
        width = self.size.width if width is None else width
        self.title, self.sub_title = header_parts(self.store.counts, width, self.activity)

    def _after_toggle(self, row: int) -> None:
        cat = self.store.catalog
        self.articles.refresh_row(row)
        self._show_list_title()
        touched = [f"tag:{t}" for t in cat.tags[row]] + [f"company:{cat.companies[row]}"]
        self.sidebar.update_counts(self.store.counts, touched)
        self.sidebar.set_extra(self.sections.build())  # your tags' and feeds' counts
        self._update_counts_display()
        self.view.state_changed()
        if self.articles.current_row == row:
            self._show_detail(row)
            self._show_reading()

    # -- writes --------------------------------------------------------------
    def _write(self, change: Callable[[], object]) -> bool:
        """Runs a store change; a failed write is reported and the app keeps going."""
        try:
            change()
        except (StoreError, LibraryInputError) as exc:
            message = clean(str(exc))
            self.notify(message, title="Not saved", severity="error", timeout=10, markup=False)
            return False
        return True

    def _current_article(self) -> tuple[int, str] | None:
        row = self.articles.current_row
        if row is None:
            self.bell()
            return None
        return row, self.store.catalog.ids[row]
