"""Feed subscriptions: ``feeds.json`` next to the catalogue, with the same promises.

Same storage as the rest of the store (AtomicStorage: temp file, fsync, rename,
backup; damaged files restored from the backup), a file lock around every
read-modify-write, and a content check on every load. Each row is one feed: what
the user chose (url, name, tags, when added), what the last fetch learnt (the feed's
title, ETag, Last-Modified, time, status, a Retry-After time) and the ids of the
articles it brought, so the sidebar can count each feed's unread/total and removing
a feed leaves its articles in the catalogue.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from itertools import chain
from pathlib import Path
from typing import Any

from filelock import FileLock
from tinydb.table import Table

from tui.core.clean import clean_line, safe_url
from tui.core.errors import CorruptFileError, StoreError, StoreWriteError
from tui.core.locking import held, remove_stale_temps
from tui.core.recovery import load_or_restore
from tui.core.storage import AtomicStorage, Payload, table_columns_of
from tui.core.store import Store

FEEDS_FILE = "feeds.json"

_NONE = type(None)
_NUM = {int, float}
_TYPES: dict[str, set[type]] = {
    "url": {str},
    "name": {str},
    "tags": {list},
    "added": _NUM,
    "updated": _NUM,
    "title": {str},
    "etag": {str, _NONE},
    "last_modified": {str, _NONE},
    "fetched": _NUM | {_NONE},
    "status": {str},
    "retry_at": _NUM | {_NONE},
    "articles": {list},
}


@dataclass(frozen=True, slots=True)
class Subscription:
    url: str
    name: str = ""  # the user's name for it; empty: the feed's own title is used
    tags: tuple[str, ...] = ()
    added: float = 0.0
    updated: float = 0.0  # last change to this row (every write is timestamped)
    title: str = ""  # the feed's own title, learnt at the last fetch
    etag: str | None = None
    last_modified: str | None = None
    fetched: float | None = None  # time of the last fetch attempt
    status: str = ""  # "ok", "not modified", "error: ..." or "" (never fetched)
    retry_at: float | None = None  # the server asked us not to come back before this
    articles: tuple[str, ...] = field(default=(), repr=False)

    @property
    def display_name(self) -> str:
        return self.name or self.title or self.url

    def to_doc(self) -> dict[str, Any]:
        doc = asdict(self)
        doc["tags"] = list(self.tags)
        doc["articles"] = list(self.articles)
        return doc

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> Subscription:
        known = {k: v for k, v in doc.items() if k in _TYPES}  # a newer casebook's extras
        return cls(**{**known, "tags": tuple(doc["tags"]), "articles": tuple(doc["articles"])})


def check_feeds(payload: Payload) -> None:
    """Raises ValueError unless the feeds table holds well-typed rows with http(s) URLs."""
    encoded = payload["tables"].get("feeds")
    if encoded is None:
        return
    _, columns = table_columns_of(encoded)
    for name, types in _TYPES.items():
        column = columns.get(name)
        if column is None and columns:
            raise ValueError(f"missing column {name!r}")
        if not set(map(type, column or ())) <= types:
            raise ValueError(f"column {name!r} holds a wrong type")
    for name in ("tags", "articles"):
        if not set(map(type, chain.from_iterable(columns.get(name, ())))) <= {str}:
            raise ValueError(f"column {name!r} holds something other than strings")
    if any(safe_url(url) is None for url in columns.get("url", ())):
        raise ValueError("a feed URL is not http(s)")


class UnknownFeedError(StoreError):
    """A URL or name that matches no subscription."""


class Subscriptions:
    def __init__(self, data_dir: Path) -> None:
        self.file = AtomicStorage(data_dir / FEEDS_FILE, "feeds", check_feeds)
        self._lock = FileLock(str(self.file.path) + ".lock")
        self.notices: list[str] = []

    @classmethod
    def open(cls, data_dir: Path) -> Subscriptions:
        """Loads (restoring a damaged file from its backup); raises StoreError for the user."""
        try:
            data_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreWriteError(data_dir, exc) from None
        subs = cls(data_dir)
        subs._load()
        subs._remove_stale_temps()
        return subs

    def _remove_stale_temps(self) -> None:
        remove_stale_temps(self._lock, self.file)

    def close(self) -> None:
        self.file.close()

    @contextmanager
    def _locked(self) -> Iterator[None]:
        with held(self._lock, self.file.path):
            yield

    def _load(self) -> None:
        try:
            self.file.load()
        except CorruptFileError:
            with self._locked():
                notice = load_or_restore(self.file)
            if notice:
                self.notices.append(notice)

    # -- reading -----------------------------------------------------------
    def all(self) -> list[Subscription]:
        """Every subscription, in the order added (re-read if another process changed it)."""
        self._load()
        _, columns = self.file.table_columns("feeds")
        keys = list(columns)
        rows = zip(*(columns[k] for k in keys), strict=True) if keys else iter(())
        return [Subscription.from_doc(dict(zip(keys, row, strict=True))) for row in rows]

    def find(self, url_or_name: str) -> Subscription | None:
        """By exact URL, else by name or feed title (any case)."""
        subs = self.all()
        for sub in subs:
            if sub.url == url_or_name.strip():
                return sub
        wanted = url_or_name.strip().casefold()
        for sub in subs:
            if wanted in (sub.name.casefold(), sub.display_name.casefold()):
                return sub
        return None

    def select(self, urls_or_names: Sequence[str] | None) -> list[Subscription]:
        """All subscriptions, or the named ones; raises UnknownFeedError for a stranger."""
        if not urls_or_names:
            return self.all()
        chosen: dict[str, Subscription] = {}
        for key in urls_or_names:
            sub = self.find(key)
            if sub is None:
                raise UnknownFeedError(f"no subscription with the URL or name {clean_line(key)!r}")
            chosen[sub.url] = sub
        return list(chosen.values())

    # -- writing -----------------------------------------------------------
    def _rewrite(self, change: Callable[[list[Subscription]], list[Subscription] | None]) -> None:
        """Read-modify-write under the lock, from what is on disk now; one atomic write."""
        with self._locked():
            current = self.all()
            new = change(current)
            if new is None:
                return
            table = Table(self.file, "feeds", cache_size=0)
            with self.file.transaction():
                table.truncate()
                table.insert_multiple(sub.to_doc() for sub in new)

    def add_many(self, entries: Iterable[tuple[str, str, Sequence[str]]]) -> tuple[int, int]:
        """Subscribes to (url, name, tags) entries; returns (added, already subscribed).
        URLs must already be checked (safe_url)."""
        counts = [0, 0]

        def change(subs: list[Subscription]) -> list[Subscription] | None:
            known = {s.url for s in subs}
            now = round(time.time(), 3)
            for url, name, tags in entries:
                if url in known:
                    counts[1] += 1
                    continue
                known.add(url)
                tag_tuple = tuple(dict.fromkeys(tags))
                subs.append(Subscription(url, clean_line(name), tag_tuple, now, now))
                counts[0] += 1
            return subs if counts[0] else None

        self._rewrite(change)
        return counts[0], counts[1]

    def remove(self, url_or_name: str) -> Subscription:
        """Unsubscribes; the feed's articles stay in the catalogue."""
        target = self.find(url_or_name)
        if target is None:
            raise UnknownFeedError(
                f"no subscription with the URL or name {clean_line(url_or_name)!r}"
            )
        self._rewrite(lambda subs: [s for s in subs if s.url != target.url])
        return target

    def update_many(self, updates: dict[str, Callable[[Subscription], Subscription]]) -> None:
        """Applies per-URL changes (after a refresh) to what is on disk now; a feed removed
        meanwhile stays removed."""
        if not updates:
            return
        now = round(time.time(), 3)

        def change(subs: list[Subscription]) -> list[Subscription]:
            return [
                replace(updates[s.url](s), updated=now) if s.url in updates else s for s in subs
            ]

        self._rewrite(change)


@dataclass(frozen=True, slots=True)
class FeedCount:
    """What the sidebar shows for one feed."""

    url: str
    name: str
    unread: int
    total: int
    status: str  # as in Subscription.status

    @property
    def failed(self) -> bool:
        return self.status.startswith("error")


def feed_counts(store: Store, subscriptions: Sequence[Subscription]) -> list[FeedCount]:
    """Unread/total per feed, from the articles each feed brought that are still stored."""
    row_of = store.catalog.row_of
    counts = []
    for sub in subscriptions:
        ids = [i for i in dict.fromkeys(sub.articles) if i in row_of]
        unread = sum(1 for i in ids if i not in store.read)
        counts.append(FeedCount(sub.url, sub.display_name, unread, len(ids), sub.status))
    return counts
