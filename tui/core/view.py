"""What the article list shows: the sidebar filter, the query, its sort and the rows, in one object.

The app only renders a ``View`` and forwards keys to it; the CLI builds the same
object, so ``casebook list --query`` prints exactly the app's rows in the app's
order. No Textual import: every rule here is testable without the app.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from tui.core.query import Query, Sort, next_sort, parse, shown, with_sort
from tui.core.search import Finder, Library, sort_rows
from tui.core.store import Store
from tui.core.views import ALL, Filter, filter_rows, view_title

DOCUMENT_ORDER = Sort()


class View:
    """The filter (sidebar), the query text (`/` box) and the rows they give, sorted."""

    def __init__(
        self,
        store: Store,
        flt: Filter = ALL,
        text: str = "",
        feed_articles: Callable[[str], Iterable[str]] | None = None,
    ) -> None:
        self.store = store
        # A feed's article ids by its URL (subscriptions live beside the store, not in it).
        self.feed_articles = feed_articles
        self.filter = flt
        self.query: Query = parse(text)
        self.rows: list[int] = []  # read-only: may be a list the search also remembers
        self.default_sort: Sort | None = None  # see set_default_sort
        self.undo: object | None = None  # the session's undo history (tui.core.undo) lives here
        self._finder = self._new_finder()
        self._derive()

    # -- what the app calls -----------------------------------------------------------
    @property
    def text(self) -> str:
        return self.query.text

    @property
    def sort(self) -> Sort:
        """The query's ``sort:``, else the configured default (``sort`` in config.toml)."""
        if not self.query.sort_given and self.default_sort is not None:
            return self.default_sort
        return self.query.sort

    def set_filter(self, flt: Filter) -> None:
        self.filter = flt
        self._finder = self._new_finder()
        self._derive()

    def set_query(self, text: str) -> None:
        if text != self.query.text:
            self.query = parse(text)
            self._derive()

    def set_default_sort(self, name: str) -> None:
        """The order a query without ``sort:`` gets (``document``, ``newest``, ...)."""
        self.default_sort = parse(f"sort:{name}").sort
        self._derive()

    def text_with_next_sort(self) -> str:
        """The query text with its ``sort:`` term stepped to the next order (`S`).

        `S` edits the query rather than keeping a sort of its own, so the box, the
        list's border and ``casebook list --query`` always agree on one order.
        """
        default = self.default_sort not in (None, DOCUMENT_ORDER)
        return with_sort(self.query.text, next_sort(self.sort), explicit=default)

    def state_changed(self) -> None:
        """Flags or your tags changed: later evaluations must not reuse older results.

        The rows shown stay as they are until the view changes (rows do not jump
        under the cursor).
        """
        self._finder = self._new_finder(keep_base=True)

    def refresh(self) -> None:
        """Derives everything again from the store (after another process changed it)."""
        self._finder = self._new_finder()
        self._derive()

    # -- what the app shows -----------------------------------------------------------
    @property
    def title(self) -> str:
        """The list's border title: the filter and the count (rows kept on screen after
        they stopped matching are counted apart)."""
        store = self.store
        return view_title(self.filter, self.rows, store.catalog, store.read, store.bookmarked)

    @property
    def subtitle(self) -> str:
        """The effective query and the sort, as understood (not as typed)."""
        return str(self.query)

    @property
    def warning(self) -> str:
        return "; ".join(self.query.warnings)

    @property
    def empty_message(self) -> str:
        label = self.filter.label
        if self.query.where is not None:
            typed = shown(self.query.text).strip()
            return f"No articles match “{typed}” in {label}. Press escape to clear."
        if self.filter.kind == "unread":
            return "No unread articles."
        if self.filter.kind == "bookmarked":
            return "No bookmarks yet: press b on an article to bookmark it."
        return f"No articles in {label}."

    # -- inside -----------------------------------------------------------------------
    def _new_finder(self, keep_base: bool = False) -> Finder:
        store = self.store
        row_of = store.catalog.row_of
        notes = {row_of[i]: n.casefold() for i, n in store.library.notes.items() if i in row_of}
        lib = Library(store.catalog, store.read, store.bookmarked, store.library.tags, notes)
        if keep_base:
            base = self._finder.base
        else:
            base = filter_rows(
                store.catalog, store.read, store.bookmarked, self.filter, self._members()
            )
        return Finder(lib, base)

    def _members(self) -> Iterable[str]:
        """The article ids of a filter the catalogue cannot answer (your tag, a feed)."""
        flt = self.filter
        if flt.kind == "mytag":
            return (i for i, tags in self.store.library.tags.items() if flt.value in tags)
        if flt.kind == "feed" and self.feed_articles is not None:
            return self.feed_articles(flt.value)
        return ()

    def _derive(self) -> None:
        rows = self._finder.find(self.query.where)
        self.rows = sort_rows(self.store.catalog, rows, self.sort)

