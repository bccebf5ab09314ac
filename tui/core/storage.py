"""A TinyDB Storage that writes atomically, keeps a backup and reads only when the file changed.

TinyDB's JSONStorage writes in place (a crash leaves a torn file) and re-parses
the whole file on every query, so it cannot be used as is. This storage:

* writes to a temp file in the same directory, fsyncs it, ``os.replace``\\ s it
  over the real file and fsyncs the directory; then writes ``NAME.bak`` the
  same way, so there is always a last good copy;
* caches the decoded data, and re-reads only when the file on disk is another
  file (every writer replaces, so a new inode means new content). It keeps the
  file it read open, so the kernel cannot hand that inode number to a new file;
* stores homogeneous tables column-wise (``{"ids": [...], "columns": {...}}``),
  which parses several times faster than one JSON object per document;
* can batch several TinyDB operations into one atomic write (``transaction``);
* reads only a regular file of at most ``limit`` bytes, and keeps a rewritten file's
  owner and mode (both in ``files``), so an odd or hostile file is refused, not read.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, suppress
from operator import itemgetter
from pathlib import Path
from typing import Any

import orjson
from tinydb.storages import Storage

from tui.core.errors import CorruptFileError, NewerSchemaError, StoreWriteError
from tui.core.files import (
    MiB,
    atomic_write,
    fsync_dir,
    open_regular,
    read_fd,
    stat_or_none,
    temp_prefix,
)

__all__ = ["atomic_write", "fsync_dir", "temp_prefix"]  # re-exported for recovery and tests

SCHEMA = 2  # 2: catalogue rows gain url and published (see catalog.upgrade_catalog)

Tables = dict[str, dict[str, dict[str, Any]]]
Payload = dict[str, Any]


def encode_table(table: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    docs = list(table.values())
    keys = list(docs[0]) if docs else []
    # Same length and every key present means the same keys; all checked in C (a keys-view
    # comparison per row costs ~30 ms at 100k rows, this ~3 ms).
    if set(map(len, docs)) <= {len(keys)}:
        try:
            columns: dict[str, list[Any]] = {k: list(map(itemgetter(k), docs)) for k in keys}
        except KeyError:
            pass
        else:
            return {"ids": list(map(int, table)), "columns": columns}
    return {"docs": {str(k): dict(v) for k, v in table.items()}}


def decode_table(encoded: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    if "docs" in encoded:
        return {str(k): dict(v) for k, v in encoded["docs"].items()}
    ids = encoded["ids"]
    columns = encoded["columns"]
    keys = list(columns)
    rows = zip(*(columns[k] for k in keys), strict=True) if keys else iter(())
    return {str(i): dict(zip(keys, row, strict=True)) for i, row in zip(ids, rows, strict=False)}


def _decode_tables(payload: Payload) -> Tables:
    return {name: decode_table(table) for name, table in payload["tables"].items()}


def table_columns_of(encoded: Mapping[str, Any]) -> tuple[list[int], dict[str, list[Any]]]:
    """Doc ids and columns of an encoded table.

    A table in the "docs" form has rows with different keys (state rows written
    before the ``id`` column next to newer ones); a row's missing keys read as None.
    """
    if "docs" not in encoded:
        return encoded["ids"], encoded["columns"]
    docs = list(encoded["docs"].values())
    keys = list(dict.fromkeys(k for doc in docs for k in doc))
    return list(map(int, encoded["docs"])), {k: [doc.get(k) for doc in docs] for k in keys}


def _check_table(name: str, encoded: Any) -> None:
    if not isinstance(encoded, dict):
        raise ValueError(f"table {name!r} is not an object")
    if "docs" in encoded:
        docs = encoded["docs"]
        if not isinstance(docs, dict) or not all(isinstance(d, dict) for d in docs.values()):
            raise ValueError(f"table {name!r} has malformed documents")
        if not all(k.isascii() and k.isdigit() for k in docs):
            raise ValueError(f"table {name!r} has non-integer ids")
        return
    ids, columns = encoded.get("ids"), encoded.get("columns")
    if not isinstance(ids, list) or not isinstance(columns, dict):
        raise ValueError(f"table {name!r} has no ids/columns")
    if not set(map(type, ids)) <= {int}:  # in C: a generator costs ~5 ms per 100k ids
        raise ValueError(f"table {name!r} has non-integer ids")
    for key, col in columns.items():
        if not isinstance(col, list) or len(col) != len(ids):
            raise ValueError(f"table {name!r} column {key!r} has the wrong length")


def parse_payload(data: bytes, path: Path, kind: str) -> Payload:
    """Decodes and validates a store file; damage becomes CorruptFileError."""
    if not data:
        raise CorruptFileError(path, "the file is empty")
    try:
        payload: Any = orjson.loads(data)  # ~2x faster than json on a 40 MB catalogue
    except (ValueError, RecursionError) as exc:
        raise CorruptFileError(path, f"not valid JSON: {str(exc)[:80]}") from None
    header = payload.get("casebook") if isinstance(payload, dict) else None
    if not isinstance(header, dict) or header.get("kind") != kind:
        raise CorruptFileError(path, f"not a casebook {kind} file")
    schema = header.get("schema")
    if type(schema) is not int or schema < 1:
        raise CorruptFileError(path, "no schema version")
    if schema > SCHEMA:
        raise NewerSchemaError(path, schema, SCHEMA)
    tables = payload.get("tables")
    if not isinstance(tables, dict):
        raise CorruptFileError(path, "no tables")
    try:
        for name, encoded in tables.items():
            _check_table(name, encoded)
    except ValueError as exc:
        raise CorruptFileError(path, str(exc)) from None
    checked: Payload = payload
    return checked


def backup_path(path: Path) -> Path:
    return path.with_name(path.name + ".bak")


class AtomicStorage(Storage):
    """See the module docstring. One instance per store file, per process."""

    def __init__(
        self,
        path: Path,
        kind: str,
        check: Callable[[Payload], None] | None = None,
        limit: int = 256 * MiB,
        upgrade: Callable[[Payload], None] | None = None,
    ) -> None:
        self.path = path
        self.kind = kind
        self.limit = limit  # a bigger file is refused, not read (a bound on memory and time)
        self.check = check  # raises ValueError if the tables' content is not this kind's
        self.upgrade = upgrade  # brings a checked payload of an older schema up to date
        self._payload: Payload | None = None
        self._tables: Tables | None = None
        self._held: int | None = None  # fd of the file the cache came from
        self._held_ino: tuple[int, int] | None = None
        self._batch_depth = 0
        self._dirty = False
        # Only decode_ahead runs off the UI thread; this makes its check-and-set atomic.
        self._mutex = threading.Lock()

    # -- change detection ------------------------------------------------
    def _disk_identity(self) -> tuple[int, int] | None:
        st = stat_or_none(self.path)
        return None if st is None else (st.st_dev, st.st_ino)

    @property
    def version(self) -> tuple[int, int] | None:
        """Which file the cache holds: changes with every load and write, never repeats
        while the cache lives (the file is held open, so its inode cannot be reused)."""
        return self._held_ino

    def changed_on_disk(self) -> bool:
        if self._payload is None:
            return True
        return self._disk_identity() != self._held_ino

    def _hold(self) -> None:
        """Keeps the file just read or written open so its inode cannot be reused."""
        self._release()
        opened = open_regular(self.path, self.limit)  # refuses FIFOs, devices, huge files
        if opened is None:
            return
        fd, st = opened
        self._held, self._held_ino = fd, (st.st_dev, st.st_ino)

    def _release(self) -> None:
        if self._held is not None:
            os.close(self._held)
        self._held = self._held_ino = None

    # -- loading -----------------------------------------------------------
    def load(self) -> Payload:
        """The current payload, re-read from disk only if the file was replaced."""
        if self._batch_depth and self._payload is not None:
            return self._payload
        if not self.changed_on_disk() and self._payload is not None:
            return self._payload
        self._hold()
        if self._held is None:
            payload: Payload = {"casebook": {"kind": self.kind, "schema": SCHEMA}, "tables": {}}
        else:
            try:
                payload = self.parse(read_fd(self._held, self.path, self.limit))
            except Exception:
                self._release()
                raise
            if self.upgrade is not None:
                self.upgrade(payload)
        with self._mutex:
            self._payload, self._tables = payload, None
        return payload

    def adopt(self, fd: int | None, identity: tuple[int, int], payload: Payload) -> int | None:
        """Takes in a payload decoded elsewhere (``tui.core.reload``) from the file ``fd``
        holds open: what ``load`` would have cached, without the wait. Returns the
        descriptor of the file held until now, for the caller to close: closing the last
        handle of a replaced file frees its pages (~12 ms for 45 MB), not a UI thread's job.
        """
        with self._mutex:
            self._payload, self._tables = payload, None
        replaced = self._held
        self._held, self._held_ino = fd, identity
        return replaced

    def parse(self, data: bytes) -> Payload:
        """parse_payload plus this file's content check; damage becomes CorruptFileError."""
        payload = parse_payload(data, self.path, self.kind)
        if self.check is not None:
            try:
                self.check(payload)
            except ValueError as exc:
                raise CorruptFileError(self.path, str(exc)) from None
        return payload

    def table_columns(self, name: str) -> tuple[list[int], dict[str, list[Any]]]:
        """Columns straight from the parsed file: the fast path for building indexes."""
        encoded = self.load()["tables"].get(name)
        if encoded is None:
            return [], {}
        return table_columns_of(encoded)

    def held_table_columns(self, name: str) -> tuple[list[int], dict[str, list[Any]]]:
        """Like ``table_columns``, but from the payload in memory, never re-read: what the
        store's sets were built from. (A load here would take in another process's file
        behind the store's back, and its next refresh would see nothing to rebuild.)"""
        payload = self._payload
        encoded = payload["tables"].get(name) if payload is not None else None
        if encoded is None:
            return [], {}
        return table_columns_of(encoded)

    # -- the TinyDB Storage interface -----------------------------------
    def read(self) -> Tables | None:
        payload = self.load()
        with self._mutex:
            if self._tables is None:
                self._tables = _decode_tables(payload)
            return self._tables

    def decode_ahead(self) -> None:
        """Builds TinyDB's row dicts from the cached payload, so the first write does not
        wait for them (0.3 s for 100k state rows). Safe from a worker thread: it never
        reads the disk, and keeps its result only if the cache did not change meanwhile."""
        with self._mutex:
            payload = self._payload
            if payload is None or self._tables is not None:
                return
        tables = _decode_tables(payload)  # payloads are replaced, never changed in place
        with self._mutex:
            if self._payload is payload and self._tables is None:
                self._tables = tables

    def write(self, data: Tables) -> None:
        payload = {
            "casebook": {"kind": self.kind, "schema": SCHEMA},
            "tables": {name: encode_table(table) for name, table in data.items()},
        }
        with self._mutex:
            self._tables, self._payload = data, payload
        if self._batch_depth:
            self._dirty = True
            return
        self._flush()

    def _flush(self) -> None:
        assert self._payload is not None
        data = orjson.dumps(self._payload)
        try:
            atomic_write(self.path, data)
        except OSError as exc:
            self.invalidate()
            raise StoreWriteError(self.path, exc) from exc
        self._hold()
        with suppress(OSError):  # the main file is safe; the backup catches up next write
            atomic_write(backup_path(self.path), data)

    def invalidate(self) -> None:
        """Forget the cache (after a failed write, the cache may hold unsaved changes)."""
        with self._mutex:
            self._payload = self._tables = None
        self._release()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Several TinyDB operations, one atomic file write (or none, on error)."""
        self._batch_depth += 1
        try:
            yield
        except BaseException:
            self._batch_depth -= 1
            if self._dirty:
                self._dirty = False
                self.invalidate()
            raise
        self._batch_depth -= 1
        if self._batch_depth == 0 and self._dirty:
            self._dirty = False
            self._flush()

    def remove_temps(self) -> None:
        """Deletes temp files left by killed writers of this file and its backup (lock held)."""
        with suppress(OSError):
            for tmp in self.path.parent.glob(f"{temp_prefix(self.path)}*.tmp"):
                with suppress(OSError):
                    tmp.unlink()

    def close(self) -> None:
        self._release()
