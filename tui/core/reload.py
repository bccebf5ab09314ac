"""Taking in a catalogue another process wrote, without holding up the UI thread.

``prepare_catalog`` does all the work in a worker thread: the child process of
``catalog_pipe`` reads and decodes the file, and this thread rebuilds the
payload, the ``Catalog`` with the indexes a view and the sidebar need (id → row,
tag → rows, company → rows, search text, sort ranks and orders) and the counts,
in slices of a couple of milliseconds with a rest between them, so the UI thread
never waits long for the GIL. What it returns is complete and never changed
again; ``Store.adopt_catalog`` then only swaps references on the UI thread.

A prepared catalogue is *stale*, and is not adopted, if the store's own copy
changed since the prepare began (the store wrote or loaded the catalogue) or if
the file on disk is no longer the one it read (another process wrote again):
the caller prepares again. A toggle made meanwhile does not make it stale: it
only touches the state file; the counts are then counted again on first use.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.core.catalog import Catalog
from tui.core.catalog_pipe import SORT_KEYS, PipeFailed, receive
from tui.core.counts import Counts
from tui.core.files import open_regular
from tui.core.gc_pause import paused_gc

if TYPE_CHECKING:
    from tui.core.store import Store

SLICE_ROWS = 4096  # rows per step of a rebuild loop: ~1-2 ms of work
UI_CHECK = 0.002  # seconds between looks at the UI thread's CPU clock while it is busy


class Pacer:
    """Called between slices of work in a worker thread: every ``work`` seconds it sleeps,
    releasing the GIL, so a UI thread waiting for it takes it at once (instead of after
    the interpreter's 5 ms switch interval) and a worker that took it from the UI thread
    hands it back within ``work``.

    Given the UI thread's id, it also stays asleep while that thread is busy (its CPU
    clock moved during the last check: a key is being handled, a frame drawn), up to
    ``patience`` per rest, so a key is not cut into slices by the worker at all; but
    only for the first ``patient_for`` seconds, so that keys held down cannot delay
    the work for long (after that it rests as without a UI thread).
    """

    def __init__(
        self,
        ui_thread: int | None = None,
        work: float = 0.0015,
        rest: float = 0.0003,
        patience: float = 0.015,
        patient_for: float = 0.8,
    ) -> None:
        self.work, self.rest, self.patience = work, rest, patience
        self._ui_clock = _cpu_clock(ui_thread)
        self._since = time.perf_counter()
        self._patient_until = self._since + patient_for

    def __call__(self) -> None:
        if time.perf_counter() - self._since < self.work:
            return
        time.sleep(self.rest)
        clock = self._ui_clock
        if clock is not None and time.perf_counter() < self._patient_until:
            until = time.perf_counter() + self.patience
            used = time.clock_gettime(clock)
            while time.perf_counter() < until:
                time.sleep(UI_CHECK)
                now = time.clock_gettime(clock)
                if now - used < UI_CHECK * 0.3:
                    break  # the UI thread is (nearly) idle: go on
                used = now
        self._since = time.perf_counter()


def _cpu_clock(thread: int | None) -> int | None:
    """The CPU-time clock of a thread of this process, where the OS offers one."""
    if thread is None:
        return None
    try:
        clock = time.pthread_getcpuclockid(thread)
        time.clock_gettime(clock)
    except (AttributeError, OSError):
        return None
    return clock


class NeedsLoad(Exception):
    """The file could not be taken in off the UI thread (damaged, unreadable, gone): the
    caller loads it the store's usual way, which restores a backup or reports it once."""


@dataclass(eq=False)
class PreparedCatalog:
    """A catalogue file read and indexed off the UI thread; see the module docstring."""

    fd: int | None  # the file read, held open (so its inode is not reused) until adopted
    identity: tuple[int, int]  # (st_dev, st_ino) of that file
    payload: dict[str, Any]
    doc_ids: list[int]
    catalog: Catalog
    counts: Counts
    base_version: tuple[int, int] | None  # the store's catalogue when the prepare began
    state_serial: int  # the store's state when the counts were counted
    seconds: float = 0.0
    _closed: bool = field(default=False, repr=False)

    def discard(self) -> None:
        """Closes the file; call it for a prepared catalogue that is not adopted."""
        if self.fd is not None and not self._closed:
            self._closed = True
            os.close(self.fd)

    def take_fd(self) -> int | None:
        """Hands the held file over to the storage that adopts it."""
        fd, self.fd = self.fd, None
        self._closed = True
        return fd


def prepare_catalog(store: Store, ui_thread: int | None = None) -> PreparedCatalog:
    """Reads and indexes the catalogue file as it is on disk now (a worker thread's job;
    ``ui_thread``: the thread it should give way to, see ``Pacer``). Raises NeedsLoad
    when it cannot (see there)."""
    with paused_gc():  # see there: full collections would walk what this builds
        return _prepare(store, Pacer(ui_thread))


def _prepare(store: Store, pace: Callable[[], None]) -> PreparedCatalog:
    began = time.perf_counter()
    storage = store.catalog_file
    base = storage.version
    serial = store.state_serial
    read, bookmarked = list(store.read), list(store.bookmarked)  # C copies: atomic
    try:
        opened = open_regular(storage.path, storage.limit)
    except Exception as exc:  # StoreError: the usual load reports it
        raise NeedsLoad(str(exc)) from None
    if opened is None:
        raise NeedsLoad(f"{storage.path} is gone")
    fd, st = opened
    try:
        indexed: list[Catalog] = []

        def index(payload: dict[str, Any]) -> None:  # while the child computes the extras
            articles = payload["tables"].get("articles")
            if articles is not None and "columns" in articles:
                indexed.append(index_columns(articles["columns"], pace))

        try:
            received = receive(fd, storage.path, storage.limit, pace, index)
        except PipeFailed as exc:
            raise NeedsLoad(str(exc)) from None
        payload = received.payload
        articles = payload["tables"].get("articles")
        if articles is None or "docs" in articles or not indexed:
            raise NeedsLoad("not a column-wise catalogue")  # old or odd: the usual load
        catalog = add_extras(indexed[0], received.extras, pace)
        counts = count(catalog, read, bookmarked, pace)
    except BaseException:
        os.close(fd)
        raise
    return PreparedCatalog(
        fd, (st.st_dev, st.st_ino), payload, articles["ids"], catalog, counts, base, serial,
        time.perf_counter() - began,
    )  # fmt: skip


def index_columns(columns: dict[str, list[Any]], pace: Callable[[], None]) -> Catalog:
    """A Catalog over the columns with its id → row index and search text in place."""
    catalog = Catalog.from_columns(columns)
    n = len(catalog)
    ids, tags, companies = catalog.ids, catalog.tags, catalog.companies
    titles, summaries = catalog.titles, catalog.summaries
    row_of: dict[str, int] = {}
    haystack: list[str] = []
    for start in range(0, n, SLICE_ROWS):
        end = min(n, start + SLICE_ROWS)
        row_of.update(zip(ids[start:end], range(start, end), strict=True))
        pace()
        haystack.extend(
            f"{t}\n{c}\n{s}\n{' '.join(g)}".casefold()
            for t, c, s, g in zip(
                titles[start:end], companies[start:end], summaries[start:end], tags[start:end],
                strict=True,
            )
        )  # fmt: skip
        pace()
    cached = vars(catalog)
    cached["row_of"], cached["haystack"] = row_of, haystack
    return catalog


def add_extras(catalog: Catalog, extras: dict[str, list[Any]], pace: Callable[[], None]) -> Catalog:
    """Puts in place what the child computed with the catalogue's own code: tag and
    company → rows (in the sidebar's order), sort ranks and orders."""
    n = len(catalog)
    cached = vars(catalog)
    for name in ("rows_by_tag", "rows_by_company"):
        pairs = extras.get(name)
        if pairs is None:
            raise NeedsLoad(f"the reader sent no {name}")
        groups: dict[str, list[int]] = {}
        for start in range(0, len(pairs), SLICE_ROWS):
            groups.update(pairs[start : start + SLICE_ROWS])
            pace()
        cached[name] = groups
    for name in ("title_rank", "company_rank"):
        if len(extras.get(name, ())) == n:
            cached[name] = extras[name]
    cached["_orders"] = {
        (key, False): extras[f"order:{key}"]
        for key in SORT_KEYS
        if len(extras.get(f"order:{key}", ())) == n
    }
    return catalog


def count(
    catalog: Catalog, read: Iterable[str], bookmarked: Iterable[str], pace: Callable[[], None]
) -> Counts:
    """``Counts.build`` in slices (its Counter passes are C loops that hold the GIL)."""
    counts = Counts(catalog)
    row_of = catalog.row_of
    counts.bookmarked = sum(1 for i in bookmarked if i in row_of)
    rows = [row_of[i] for i in read if i in row_of]
    for start in range(0, len(rows), SLICE_ROWS):
        counts.mark_read_rows(rows[start : start + SLICE_ROWS], 1)
        pace()
    return counts


def same_file(path: Path, identity: tuple[int, int]) -> bool:
    """Whether ``path`` is still the file with this (st_dev, st_ino)."""
    try:
        st = os.stat(path)
    except OSError:
        return False
    return (st.st_dev, st.st_ino) == identity


def release(leftovers: list[Any], ui_thread: int | None = None) -> None:
    """Frees a replaced catalogue a slice at a time (a worker thread's job).

    Dropping the last reference to 100k articles frees every string and list in one
    cascade of C calls (~50 ms at 100k, all of it holding the GIL); done here, it is
    cut into slices with rests between them. Only objects nobody else holds are
    taken apart: anything still referenced elsewhere (a view not yet refreshed, a
    cache) is simply let go, and freed when its last holder lets go.
    """
    pace = Pacer(ui_thread)
    stack, leftovers[:] = list(leftovers), []
    while stack:
        item = stack.pop()
        if sys.getrefcount(item) > 2:  # this name and getrefcount's argument
            continue
        if isinstance(item, list):
            while item:
                del item[-SLICE_ROWS:]
                pace()
        elif isinstance(item, dict):
            while item:
                for _ in range(min(SLICE_ROWS, len(item))):
                    value = item.popitem()[1]
                    if isinstance(value, list | dict) and len(value) > SLICE_ROWS:
                        stack.append(value)  # big: taken apart in slices too
                    value = None
                pace()
        elif isinstance(item, Catalog | Counts):  # nobody else holds it: its fields go too
            fields = vars(item)
            stack.extend(fields.values())
            fields.clear()
        item = None
