"""The store: a catalogue file and a state file, both TinyDB over AtomicStorage.

Rules every method follows:
* every read-modify-write holds that file's lock and starts from what is on
  disk now, so two processes never lose each other's updates;
* memory changes only after the write is durable, so the screen never shows
  a state the disk does not have;
* a toggle rewrites only the small state file, never the catalogue.
"""

from __future__ import annotations

import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from itertools import compress, repeat
from operator import and_, eq, is_, is_not, itemgetter, methodcaller, ne, not_
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, cast

from filelock import FileLock
from tinydb.table import Document, Table

from tui.core.catalog import Catalog, article_doc, check_columns, upgrade_catalog
from tui.core.counts import Counts
from tui.core.errors import CorruptFileError, FileAccessError
from tui.core.files import MiB, check_data_dir, stat_or_none
from tui.core.flags import Flag, FlagChange, complete_row, new_row, next_stamp, stamp_key
from tui.core.library import (
    LIBRARY_FILE,
    TABLE,
    Library,
    TagChange,
    apply_tag_change,
    check_library,
    clean_note,
)
from tui.core.locking import LOCK_TIMEOUT, held, remove_stale_temps
from tui.core.models import Article, ArticleState
from tui.core.recovery import load_or_restore
from tui.core.saved import TABLE as SAVED_TABLE
from tui.core.saved import SavedSearch, clean_saved, load_saved, saved_doc_id
from tui.core.storage import AtomicStorage, Payload, table_columns_of

if TYPE_CHECKING:
    from tui.core.reload import PreparedCatalog

CATALOG_FILE = "catalog.json"
STATE_FILE = "state.json"
# Files over these sizes are refused, not read. At 100k articles the bench corpus gives a
# 45 MB catalogue and a 5.6 MB state file, so each limit leaves room for 20x-40x that.
CATALOG_LIMIT = 1024 * MiB
STATE_LIMIT = 256 * MiB
LIBRARY_LIMIT = 256 * MiB  # your tags and notes: typed by hand, far smaller than the state


@dataclass(frozen=True, slots=True)
class ImportResult:
    added: int
    updated: int
    unchanged: int


@dataclass(frozen=True, slots=True)
class Refreshed:
    catalog: bool = False
    state: bool = False
    library: bool = False

    def __bool__(self) -> bool:
        return self.catalog or self.state or self.library


def state_doc_id(article_id: str) -> int:
    """State rows are keyed by the article id itself, so no lookup table is needed."""
    return int(article_id, 16)


def article_id_of(doc_id: int) -> str:
    return f"{doc_id:012x}"


def check_catalog(payload: Payload) -> None:
    """Raises ValueError unless the articles table is a catalogue (checked on load and restore)."""
    encoded = payload["tables"].get("articles")
    if encoded is not None:
        columns = table_columns_of(encoded)[1]
        if columns:
            check_columns(columns)


_NONE = type(None)
_STAMP: set[type] = {float, int, _NONE}
_STATE_TYPES: dict[str, set[type]] = {
    "id": {str, _NONE},
    "read": {bool, _NONE},
    "bookmarked": {bool, _NONE},
    "read_at": _STAMP,  # absent from files written before per-flag times: read as None
    "bookmarked_at": _STAMP,
}
STATE_KEYS = frozenset(new_row("").keys())


def check_state(payload: Payload) -> None:
    """Raises ValueError if a state column holds the wrong type (None: a row lacks the key)."""
    encoded = payload["tables"].get("state")
    if encoded is None:
        return
    _, columns = table_columns_of(encoded)
    for name, types in _STATE_TYPES.items():
        if not set(map(type, columns.get(name, ()))) <= types:
            raise ValueError(f"column {name!r} holds a wrong type")


def _replace_fields(new: dict[str, dict[str, Any]], doc: dict[str, Any]) -> None:
    """TinyDB passes the bare stored dict (no ``doc_id``), so match on the article id in it."""
    doc.update(new[doc["id"]])


class Store:
    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.catalog_file = AtomicStorage(
            data_dir / CATALOG_FILE, "catalog", check_catalog, CATALOG_LIMIT,
            upgrade=upgrade_catalog,
        )
        self.state_file = AtomicStorage(data_dir / STATE_FILE, "state", check_state, STATE_LIMIT)
        self.library_file = AtomicStorage(
            data_dir / LIBRARY_FILE, "library", check_library, LIBRARY_LIMIT
        )
        # One lock object per file: re-entrant, so a load that restores a damaged file
        # inside a write's lock does not wait for itself.
        self._locks: dict[Path, FileLock] = {}
        self.catalog = Catalog()
        self.read: set[str] = set()
        self.bookmarked: set[str] = set()
        self._row_keys: dict[str, str] = {}  # article id -> its state row's key, built on use
        self._catalog_doc_ids: list[int] = []
        self._counts: Counts | None = None
        self.notices: list[str] = []
        self.library = Library({}, {})
        self.saved: list[SavedSearch] = []  # by name
        # Counts every change of the read and bookmark sets: a catalogue prepared in a
        # worker (tui.core.reload) keeps its counts only if this did not move meanwhile.
        self.state_serial = 0

    @classmethod
    def open(cls, data_dir: Path) -> Store:
        """Opens (and if needed repairs) the store; raises StoreError with a user message."""
        check_data_dir(data_dir)
        try:
            data_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise FileAccessError(data_dir, "create the data directory", exc) from None
        check_data_dir(data_dir)
        store = cls(data_dir)
        try:
            store._load(store.catalog_file)
            store._load(store.state_file)
            store._load(store.library_file)
        except BaseException:
            store.close()  # the files already read stay open otherwise (a leak per retry)
            raise
        store._rebuild_catalog()
        store._rebuild_state()
        store._rebuild_library()
        store._remove_stale_temps()
        return store

    def close(self) -> None:
        for storage in self._files:
            storage.close()

    @property
    def _files(self) -> tuple[AtomicStorage, ...]:
        return (self.catalog_file, self.state_file, self.library_file)

    # -- locking and loading ---------------------------------------------
    @contextmanager
    def _locked(self, storage: AtomicStorage) -> Iterator[None]:
        with held(self._lock_of(storage), storage.path, LOCK_TIMEOUT):
            yield

    def _lock_of(self, storage: AtomicStorage) -> FileLock:
        lock = self._locks.get(storage.path)
        if lock is None:
            lock = self._locks[storage.path] = FileLock(str(storage.path) + ".lock")
        return lock

    def _remove_stale_temps(self) -> None:
        for storage in self._files:
            remove_stale_temps(self._lock_of(storage), storage)

    def _load(self, storage: AtomicStorage) -> None:
        try:
            storage.load()
        except CorruptFileError:
            with self._locked(storage):
                notice = load_or_restore(storage)
            if notice:
                self.notices.append(notice)

    def _rebuild_catalog(self) -> None:
        doc_ids, columns = self.catalog_file.table_columns("articles")  # checked as it loaded
        self.catalog = Catalog.from_columns(columns)
        self._catalog_doc_ids = doc_ids

    def _rebuild_state(self) -> None:
        doc_ids, columns = self.state_file.table_columns("state")
        ids = columns.get("id") or [article_id_of(d) for d in doc_ids]
        if None in ids:  # rows written before the id column, next to newer rows
            ids = [i or article_id_of(d) for i, d in zip(ids, doc_ids, strict=True)]
        reads = columns.get("read", [False] * len(ids))
        marks = columns.get("bookmarked", [False] * len(ids))
        self.read = {i for i, r in zip(ids, reads, strict=True) if r is True}
        self.bookmarked = {i for i, b in zip(ids, marks, strict=True) if b is True}
        self.state_serial += 1

    def _rebuild_library(self) -> None:
        self.library = Library.from_columns(self.library_file.table_columns(TABLE)[1])
        self.saved, problems = load_saved(self.library_file.table_columns(SAVED_TABLE)[1])
        for problem in problems:
            notice = f"{self.library_file.path}: {problem}"
            if notice not in self.notices:
                self.notices.append(notice)

    @property
    def counts(self) -> Counts:
        """Built on first use (not at open), then kept current by every toggle."""
        if self._counts is None:
            self._counts = Counts.build(self.catalog, self.read, self.bookmarked)
        return self._counts

    def prepare_writes(self) -> None:
        """Builds ahead what the first toggle would (TinyDB's row dicts of the state file):
        0.3 s at 100k state rows. Safe from a worker thread; changes nothing visible."""
        self.state_file.decode_ahead()

    def refresh(self, catalog: bool = True) -> Refreshed:
        """Picks up changes other processes made; cheap (two stat calls) when there are none.
        ``catalog=False`` leaves a changed catalogue for ``adopt_catalog`` (the app prepares
        it in a worker: reading it here would hold the caller ~0.3 s at 100k articles)."""
        return Refreshed(
            self._sync_catalog() if catalog else False,
            self._sync_state(),
            self._sync(self.library_file, self._rebuild_library),
        )

    def catalog_changed(self) -> bool:
        """Whether another process replaced the catalogue since this store read it."""
        return self.catalog_file.changed_on_disk()

    def catalog_size(self) -> int:
        """The catalogue file's size on disk now (0 if there is none)."""
        st = stat_or_none(self.catalog_file.path)
        return 0 if st is None else st.st_size

    def adopt_catalog(
        self, prepared: PreparedCatalog, close_replaced: Callable[[int], None] = os.close
    ) -> bool:
        """Takes in a catalogue prepared off this thread (``tui.core.reload``): swaps
        references only. Returns False, and discards it, if it is stale: this store's
        catalogue changed since the prepare began, or the file on disk is no longer the
        one prepared (the caller then prepares again). ``close_replaced`` gets the
        descriptor of the file read before (an app closes it in a worker thread)."""
        from tui.core.reload import same_file

        storage = self.catalog_file
        if prepared.base_version != storage.version or not same_file(
            storage.path, prepared.identity
        ):
            prepared.discard()
            return False
        replaced = storage.adopt(prepared.take_fd(), prepared.identity, prepared.payload)
        if replaced is not None:
            close_replaced(replaced)
        self.catalog = prepared.catalog
        self._catalog_doc_ids = prepared.doc_ids
        # A toggle made while it was prepared is on disk and in the sets; only the counts,
        # counted from the sets as they were, must then be counted again.
        self._counts = prepared.counts if prepared.state_serial == self.state_serial else None
        return True

    def _sync(self, storage: AtomicStorage, rebuild: Callable[[], None]) -> bool:
        """Re-reads a file another process replaced; says whether it had been."""
        if not storage.changed_on_disk():
            return False
        self._load(storage)
        rebuild()
        self._counts = None
        return True

    def _sync_catalog(self) -> bool:
        return self._sync(self.catalog_file, self._rebuild_catalog)

    def _sync_state(self) -> bool:
        return self._sync(self.state_file, self._rebuild_state)

    # -- reading -----------------------------------------------------------
    def my_tags_of(self, article_id: str) -> tuple[str, ...]:
        return self.library.tags.get(article_id, ())

    def note_of(self, article_id: str) -> str:
        return self.library.notes.get(article_id, "")

    def state_of(self, article_id: str) -> ArticleState:
        return ArticleState(article_id in self.read, article_id in self.bookmarked)

    def flag_stamp(self, article_id: str, flag: Flag) -> float | None:
        """When ``flag`` of this article was last written, as this store last read the disk
        (None: never, or by a casebook older than per-flag times)."""
        encoded = self.state_file.load()["tables"].get("state")
        if encoded is None:
            return None
        doc_ids, columns = table_columns_of(encoded)
        try:
            index = doc_ids.index(state_doc_id(article_id))
        except ValueError:
            return None
        stamps = columns.get(stamp_key(flag))
        return stamps[index] if stamps else None

    def articles(self) -> Iterator[Article]:
        return (self.catalog.article(row) for row in range(len(self.catalog)))

    def meta(self, key: str) -> Any:
        _, columns = self.catalog_file.table_columns("meta")
        values = columns.get(key)
        return values[0] if values else None

    # -- writing -----------------------------------------------------------
    def import_articles(
        self, articles: Iterable[Article], meta: dict[str, Any] | None = None
    ) -> ImportResult:
        """Adds new articles, updates edited ones in place; one atomic write."""
        with self._locked(self.catalog_file):
            self._sync_catalog()
            row_of = self.catalog.row_of
            incoming = {a.id: a for a in articles}  # a later file's copy wins
            new_docs: list[dict[str, Any]] = []
            changed: dict[int, dict[str, Any]] = {}
            unchanged = 0
            for article in incoming.values():
                row = row_of.get(article.id)
                if row is None:
                    new_docs.append(article_doc(article))
                elif self.catalog.article(row) != article:
                    changed[self._catalog_doc_ids[row]] = article_doc(article)
                else:
                    unchanged += 1
            if new_docs or changed or meta:
                table = Table(self.catalog_file, "articles", cache_size=0)
                with self.catalog_file.transaction():
                    if changed:
                        by_id = {d["id"]: d for d in changed.values()}
                        table.update(partial(_replace_fields, by_id), doc_ids=list(changed))
                    if new_docs:
                        table.insert_multiple(new_docs)
                    if meta:
                        meta_table = Table(self.catalog_file, "meta", cache_size=0)
                        meta_table.upsert(Document(self._meta_doc(meta), doc_id=1))
                self._rebuild_catalog()
                self._counts = None
        return ImportResult(len(new_docs), len(changed), unchanged)

    def _meta_doc(self, updates: dict[str, Any]) -> dict[str, Any]:
        _, columns = self.catalog_file.table_columns("meta")
        doc = {k: v[0] for k, v in columns.items() if v}
        doc.update(updates)
        return doc

    def set_read(self, ids: Sequence[str], value: bool) -> FlagChange:
        """Writes ``value`` for every id (stamped now, changed or not); one atomic write."""
        ids = list(dict.fromkeys(ids))
        return self._write_flags("read", ids, [value] * len(ids))

    def set_bookmarked(self, ids: Sequence[str], value: bool) -> FlagChange:
        ids = list(dict.fromkeys(ids))
        return self._write_flags("bookmarked", ids, [value] * len(ids))

    def toggle(self, article_id: str, flag: Flag) -> FlagChange:
        value = article_id not in self._flag_set(flag)
        return self._write_flags(flag, [article_id], [value])

    def toggle_read(self, article_id: str) -> bool:
        return self.toggle(article_id, "read").after[article_id]

    def toggle_bookmarked(self, article_id: str) -> bool:
        return self.toggle(article_id, "bookmarked").after[article_id]

    def set_flags(self, ids: Iterable[str], flag: Flag, value: bool) -> FlagChange:
        """Bulk: sets ``flag`` to ``value`` on every article whose flag differs (as on
        disk when the lock is taken), in one durable, atomic write of the state file.
        Articles already at ``value`` are not written; the result lists the others."""
        ids = list(dict.fromkeys(ids))
        return self._write_flags(flag, ids, [value] * len(ids), only_changes=True)

    def restore_flags(
        self,
        flag: Flag,
        ids: Sequence[str],
        values: Sequence[bool],
        expect: Mapping[str, float],
    ) -> FlagChange:
        """Sets each article's ``flag`` to its own value (``ids[n]`` to ``values[n]``, mixed
        True/False) in one write, but only where the flag's stamp on disk is still
        ``expect[id]`` and its value is not already the target: anything else means another
        process changed that flag since, and the article is skipped (``skipped``)."""
        return self._write_flags(flag, list(ids), list(values), expect=expect)

    def _flag_set(self, flag: Flag) -> set[str]:
        return self.read if flag == "read" else self.bookmarked

    def _write_flags(
        self,
        flag: Flag,
        ids: list[str],
        new_values: list[bool],
        *,
        only_changes: bool = False,
        expect: Mapping[str, float] | None = None,
    ) -> FlagChange:
        """The one write path for flags. Per-article work is done with ``map`` and
        ``compress`` (in C), each article's row looked up once: a bulk mark or a restore
        of 100k articles costs a few passes of C loops, not 100k Python steps."""
        with self._locked(self.state_file):
            self._sync_state()  # memory now equals the disk: ``current`` is what is stored
            current = list(map(self._flag_set(flag).__contains__, ids))
            keys = self._keys_of(ids)
            found = list(map(self._state_rows().get, keys, repeat(_NO_ROW)))
            keep: list[bool] | None = None
            skipped: list[str] = []
            if expect is not None:
                # .get: an older casebook may have added rows without the stamp keys since
                on_disk = map(methodcaller("get", stamp_key(flag)), found)
                same = map(eq, on_disk, map(expect.__getitem__, ids))
                keep = list(map(and_, same, map(ne, current, new_values)))
                skipped = list(compress(ids, map(not_, keep)))
            elif only_changes:
                keep = list(map(ne, current, new_values))
            if keep is not None:
                ids, keys = list(compress(ids, keep)), list(compress(keys, keep))
                found = list(compress(found, keep))
                new_values = list(compress(new_values, keep))
                current = list(compress(current, keep))
            stamps = self._write_rows(flag, ids, keys, found, new_values) if ids else []
        # Durable now: only from here on does memory (and so the screen) change.
        if keep is not None:  # every article kept is one whose flag differed
            flipped, flipped_to = ids, new_values
        else:
            differ = list(map(ne, current, new_values))
            flipped, flipped_to = list(compress(ids, differ)), list(compress(new_values, differ))
        self._apply(flag, flipped, flipped_to)
        return FlagChange(
            flag, tuple(ids), tuple(current), tuple(new_values), tuple(stamps),
            tuple(skipped), tuple(flipped),
        )  # fmt: skip

    def _keys_of(self, ids: list[str]) -> list[str]:
        """The state row keys (``str(int(id, 16))``) of ``ids``, cached: computing them is
        the costliest step of a 100k-article write (~30 ms), a cache lookup a few ms."""
        cache = self._row_keys
        keys: list[str | None] = list(map(cache.get, ids))
        if None in keys:
            missing = list(compress(ids, map(_is_none, keys)))
            cache.update(zip(missing, map(str, map(_from_hex, missing)), strict=True))
            keys = list(map(cache.__getitem__, ids))
        return cast(list[str], keys)

    def _state_rows(self) -> dict[str, dict[str, Any]]:
        """The state table's row dicts as the storage caches them (doc id string -> row)."""
        tables = self.state_file.read()
        assert tables is not None  # AtomicStorage.read always returns tables
        return tables.setdefault("state", {})

    def _write_rows(
        self,
        flag: Flag,
        ids: list[str],
        keys: list[str],
        found: list[dict[str, Any]],
        new_values: list[bool],
    ) -> list[float]:
        """Writes the rows in place (``found``: each id's row, or ``_NO_ROW``) and flushes
        once; returns each article's new stamp.

        Edits the storage's cached rows directly instead of going through TinyDB's
        ``Table.update``: that copies the whole table twice per call (~70 ms at 100k
        rows), which would cost a single toggle more than the write itself.
        """
        storage = self.state_file
        rows = self._state_rows()
        at = stamp_key(flag)
        try:
            if self._rows_need_completing():
                for key, row in rows.items():  # in place: the rows in ``found`` too
                    complete_row(article_id_of(int(key)), row)
            if any(map(is_, found, repeat(_NO_ROW))):
                for n in [n for n, row in enumerate(found) if row is _NO_ROW]:
                    found[n] = rows[keys[n]] = new_row(ids[n])
            lasts = list(map(itemgetter(at), found))
            latest = max(filter(_is_stamp, lasts), default=None)
            now = round(time.time(), 3)
            stamps = [now] * len(ids)
            for value in (True, False):
                fields = {flag: value, at: now, "updated": now}
                chosen = compress(found, map(value.__eq__, new_values))
                deque(map(methodcaller("update", fields), chosen), maxlen=0)
            # A flag stamped at or after ``now`` (same millisecond, clock stepped back)
            # gets a later stamp, so every write of a flag has a stamp of its own.
            if latest is not None and latest >= now:
                for n in [n for n, last in enumerate(lasts) if last is not None and last >= now]:
                    stamp = next_stamp(lasts[n], now)
                    found[n][at] = found[n]["updated"] = stamps[n] = stamp
            storage.write(storage.read() or {})
        except BaseException:
            storage.invalidate()  # the cached rows may hold half of this change
            raise
        return stamps

    def _rows_need_completing(self) -> bool:
        """True if the state table on disk lacks a key newer rows have (an older file)."""
        encoded = self.state_file.load()["tables"].get("state")
        if encoded is None:
            return False
        if "docs" in encoded:
            return True
        return bool(encoded["ids"]) and not encoded["columns"].keys() >= STATE_KEYS

    def _apply(self, flag: Flag, flipped: list[str], flipped_to: list[bool]) -> None:
        """Brings memory and counts up to a durable write."""
        added = list(compress(flipped, flipped_to))
        removed = list(compress(flipped, map(not_, flipped_to)))
        target = self._flag_set(flag)
        target.update(added)
        target.difference_update(removed)
        self.state_serial += 1
        counts = self._counts
        if counts is None:
            return
        row_of = self.catalog.row_of
        in_catalog = [
            cast(list[int], list(filter(_is_stamp, map(row_of.get, ids))))
            for ids in (added, removed)
        ]
        if flag == "read":
            counts.mark_read_rows(in_catalog[0], 1)
            counts.mark_read_rows(in_catalog[1], -1)
        else:
            counts.bookmarked += len(in_catalog[0]) - len(in_catalog[1])

    # -- your tags and notes (library.json) --------------------------------
    def change_my_tags(self, article_id: str, change: TagChange) -> tuple[str, ...]:
        """Applies ``+a -b`` to what is on disk now (another window may have tagged too)."""
        with self._locked(self.library_file):
            self._sync(self.library_file, self._rebuild_library)
            tags = apply_tag_change(self.my_tags_of(article_id), change)
            self._write_library(article_id, tags=list(tags))
        return tags

    def set_note(self, article_id: str, text: str) -> str:
        """Stores a note (cleaned; an empty one removes it); returns what was stored."""
        note = clean_note(text)
        with self._locked(self.library_file):
            self._sync(self.library_file, self._rebuild_library)
            self._write_library(article_id, note=note)
        return note

    def _write_library(self, article_id: str, **fields: Any) -> None:
        """One durable row write (lock held); memory follows only once it is on disk."""
        doc_id = state_doc_id(article_id)
        row: dict[str, Any] = {
            "id": article_id,
            "tags": list(self.my_tags_of(article_id)),
            "note": self.note_of(article_id),
        }
        row.update(fields)
        row["updated"] = round(time.time(), 3)
        table = Table(self.library_file, TABLE, cache_size=0)
        table.upsert(Document(row, doc_id=doc_id))
        self._rebuild_library()

    # -- saved searches (library.json) ---------------------------------------
    def save_search(self, name: str, query: str) -> SavedSearch:
        """Saves (or replaces, by name in any case) a query; durable before it returns."""
        entry = clean_saved(name, query)
        with self._locked(self.library_file):
            self._sync(self.library_file, self._rebuild_library)
            table = Table(self.library_file, SAVED_TABLE, cache_size=0)
            row = {"name": entry.name, "query": entry.query, "updated": round(time.time(), 3)}
            table.upsert(Document(row, doc_id=saved_doc_id(entry.name)))
            self._rebuild_library()
        return entry

    def remove_search(self, name: str) -> bool:
        """Removes a saved search by name (any case); False if there was none."""
        with self._locked(self.library_file):
            self._sync(self.library_file, self._rebuild_library)
            doc_id = saved_doc_id(name.strip())
            table = Table(self.library_file, SAVED_TABLE, cache_size=0)
            if not table.contains(doc_id=doc_id):
                return False
            table.remove(doc_ids=[doc_id])
            self._rebuild_library()
        return True

    # -- preferences ---------------------------------------------------------
    # Choices made in the app (the palette's theme), kept as state: in the state file's
    # "prefs" table, one row per key with the time of the change, like every user write.
    def preference(self, key: str) -> Any:
        """The stored value, or None (also for a key this version does not know)."""
        _, columns = self.state_file.held_table_columns(PREFS_TABLE)
        for name, value in zip(columns.get("key", ()), columns.get("value", ()), strict=False):
            if name == key:
                return value
        return None

    def set_preference(self, key: str, value: str | int | float | bool | None) -> None:
        """Durable before it returns, under the state file's lock (raises StoreError)."""
        doc_id = PREF_IDS[key]
        with self._locked(self.state_file):
            self._sync_state()
            table = Table(self.state_file, PREFS_TABLE, cache_size=0)
            row = {"key": key, "value": value, "updated": round(time.time(), 3)}
            with self.state_file.transaction():
                table.upsert(Document(row, doc_id=doc_id))


PREFS_TABLE = "prefs"
PREF_IDS = {"theme": 1, "sidebar": 2}  # a fixed row per key, so an upsert never has to search

_from_hex = partial(int, base=16)
_is_none = partial(is_, None)
_is_stamp = partial(is_not, None)  # also: "is a row" (row 0 is falsy, None is not a row)
# rows.get's default for ids without a row; read-only, so a slip cannot change it
_NO_ROW = cast(dict[str, Any], MappingProxyType(new_row("")))
