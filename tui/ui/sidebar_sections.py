"""The sidebar's sections of your own: *Saved* searches, *Your tags* and *Feeds*, with
unread/total counts.

Both are small (your tags, your subscriptions), so they are rebuilt whole when
they change; the catalogue's 200k tags and companies never are.
"""

from __future__ import annotations

from collections.abc import Iterable

from tui.core.errors import StoreError
from tui.core.sidebar_entries import Entry, Section
from tui.core.store import Store
from tui.core.subscriptions import FeedCount, Subscriptions, feed_counts
from tui.core.view import View

FAILED_MARK = "⚠ "


class OwnSections:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.subscriptions: Subscriptions | None = None
        self._feeds: dict[str, FeedCount] = {}
        self._articles: dict[str, tuple[str, ...]] = {}
        # Each saved search's rows, evaluated again only when asked (``full``) or when the
        # saved searches change; a toggle only recounts their unread (a few ms each).
        self._saved_rows: dict[str, list[int]] = {}
        self._saved_counts: dict[str, str] = {}

    def open(self) -> str | None:
        """Opens the subscriptions; the message of a failure (the sidebar then has no
        Feeds section, and the rest of the app works)."""
        try:
            self.subscriptions = Subscriptions.open(self.store.data_dir)
        except StoreError as exc:
            return str(exc)
        return None

    def build(self, full: bool = False) -> tuple[Section, ...]:
        """The sections as the store and the subscriptions are now (re-read if changed).
        ``full``: the catalogue or another process's state changed, so saved searches are
        evaluated again."""
        store = self.store
        names = [s.name for s in store.saved]
        if full or names != list(self._saved_rows):
            self._saved_rows = {s.name: View(store, text=s.query).rows for s in store.saved}
        ids, read = store.catalog.ids, store.read
        self._saved_counts = {
            name: f"{sum(1 for r in rows if ids[r] not in read)}/{len(rows)}"
            for name, rows in self._saved_rows.items()
        }
        mine = tuple(self.store.library.rows_by_tag())
        self._feeds, self._articles = {}, {}
        if self.subscriptions is not None:
            try:
                subs = self.subscriptions.all()
            except StoreError:
                subs = []
            self._articles = {s.url: tuple(s.articles) for s in subs}
            self._feeds = {c.url: c for c in feed_counts(self.store, subs)}
        labels = tuple(
            (FAILED_MARK if c.failed else "") + c.name for c in self._feeds.values()
        )
        return (
            Section("saved", "Saved", tuple(names)),
            Section("mytag", "Your tags", mine),
            Section("feed", "Feeds", tuple(self._feeds), labels),
        )

    def feed_articles(self, url: str) -> Iterable[str]:
        return self._articles.get(url, ())

    def count(self, entry: Entry) -> str:
        """unread/total of one entry, as the sidebar draws it."""
        store = self.store
        if entry.kind == "saved":
            return self._saved_counts.get(entry.value, "")
        if entry.kind == "feed":
            found = self._feeds.get(entry.value)
            return f"{found.unread}/{found.total}" if found else ""
        row_of = store.catalog.row_of
        ids = [i for i, tags in store.library.tags.items() if entry.value in tags and i in row_of]
        unread = sum(1 for i in ids if i not in store.read)
        return f"{unread}/{len(ids)}"
