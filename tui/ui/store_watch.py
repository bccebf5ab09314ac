"""What the app's once-a-second look at the store (app_store_watch.py) does: take in what
other processes (a script, another window, `R`'s refresh) changed, without holding up
the keys.

A changed state or library file is small and taken in at once (a few ms at 100k
articles). A changed catalogue is read and indexed in a worker thread
(``tui.core.reload``: the decoding itself runs in a child process), then adopted
on the UI thread by swapping references; the old catalogue is freed in a worker
too. A prepare that turns out stale (the file changed again, or this store
changed its copy meanwhile) is dropped and started again. A file that cannot be
taken in that way (damaged, unreadable) is loaded the store's usual way, which
restores a backup or reports the failure.

A failing check is reported once, and again only when its message changes or after
it recovered: it runs every second, and a toast each time would bury the screen.
"""

from __future__ import annotations

import gc
import os
import threading
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from textual.timer import Timer

from tui.core.errors import StoreError
from tui.core.reload import NeedsLoad, PreparedCatalog, prepare_catalog, release
from tui.core.store import Store
from tui.ui.display import clean
from tui.ui.widgets.article_list import ArticleList

if TYPE_CHECKING:
    from tui.ui.app_store_watch import StoreWatch

GROUP = "store-watch"
SYNC_BYTES = 1 << 20  # ~2,000 articles
CATALOG_CHECKS = 4  # per poll
RELEASE_DELAY = 3.0  # seconds before the replaced catalogue is taken apart


class StoreWatcher:
    def __init__(self, app: StoreWatch) -> None:
        self.app = app
        self.error: str | None = None  # the failure last reported
        self.preparing = False
        # What prepares a changed catalogue in the worker (a test may wrap it); it gives
        # way to the thread the app runs on (this one).
        self.ui_thread = threading.get_ident()
        self.prepare: Callable[[Store], PreparedCatalog] = self._prepare
        # A catalogue file up to this size is read right here: ~5 ms, less than starting
        # the reader process costs (the bundled articles, a few thousand of your own).
        self.sync_bytes = SYNC_BYTES
        self.adopted = 0  # catalogues taken in, and prepares dropped as stale (for tests)
        self.stale = 0

    def start(self, poll_seconds: float) -> list[Timer]:
        """Checks every ``poll_seconds``, and the catalogue's identity (one stat call) four
        times as often: its prepare takes a while, so it should start early."""
        self.ui_thread = threading.get_ident()  # the app's loop runs here
        return [
            self.app.set_interval(poll_seconds, self.poll),
            self.app.set_interval(poll_seconds / CATALOG_CHECKS, self.check_catalog),
        ]

    def check_catalog(self) -> None:
        """Starts preparing a catalogue another process replaced (errors: left to poll)."""
        try:
            changed = self.app.store.catalog_changed()
        except StoreError:
            return
        if changed and not self.preparing:
            self.poll()

    def poll(self, load_catalog: bool = False) -> None:
        """Takes in what changed on disk; a changed catalogue goes to the worker unless it
        is small or ``load_catalog`` (then it is loaded here, the store's usual way)."""
        store = self.app.store
        try:
            load = load_catalog or (
                store.catalog_changed() and store.catalog_size() <= self.sync_bytes
            )
            keep_id = self._current_id() if load else None
            changed = store.refresh(catalog=load)
            catalog = not load and store.catalog_changed()
        except StoreError as exc:
            self._failed(exc)
            return
        if self.error is not None:
            self.error = None
            self.app.notify("The store can be read again.", title="Store", timeout=5)
        if catalog:
            self._start()
        if changed:
            self._show(changed.catalog, keep_id)

    def _failed(self, exc: StoreError) -> None:
        message = clean(str(exc))
        if message != self.error:
            self.error = message
            self.app.notify(message, title="Store", severity="error", timeout=15, markup=False)

    # -- a changed catalogue, off the UI thread ----------------------------------------
    def _start(self) -> None:
        if self.preparing:
            return  # the running prepare is checked when it ends, and redone if stale
        self.preparing = True
        store, app = self.app.store, self.app

        def work() -> None:
            prepared: PreparedCatalog | None
            try:
                prepared = self.prepare(store)
            except NeedsLoad:
                prepared = None
            try:
                app.call_from_thread(self._prepared, prepared)
            except RuntimeError:  # the app has ended meanwhile
                if prepared is not None:
                    prepared.discard()

        app.run_worker(work, thread=True, group=GROUP, exit_on_error=False)

    def _prepare(self, store: Store) -> PreparedCatalog:
        return prepare_catalog(store, ui_thread=self.ui_thread)

    def _prepared(self, prepared: PreparedCatalog | None) -> None:
        self.preparing = False
        if not self.app.is_running or not self.app.query("#articles"):  # shutting down
            if prepared is not None:
                prepared.discard()
            return
        if prepared is None:
            self.poll(load_catalog=True)  # restores, reports or takes it in, as always
            return
        app, store = self.app, self.app.store
        keep_id = self._current_id()
        old: list[Any] = [store.catalog]  # its columns, indexes and search text
        if not store.adopt_catalog(prepared, self._close_later):
            self.stale += 1
            self.poll()  # the file changed again: prepare it afresh
            return
        self.adopted += 1
        self._show(True, keep_id)

        def free() -> None:  # later: the first frames and the word index come first
            app.run_worker(
                partial(release, old, self.ui_thread), thread=True, group=GROUP,
                exit_on_error=False,
            )  # fmt: skip

        app.set_timer(RELEASE_DELAY, free)

    def _close_later(self, fd: int) -> None:
        """Closes the replaced catalogue file in a worker (see AtomicStorage.adopt)."""
        self.app.run_worker(partial(os.close, fd), thread=True, group=GROUP, exit_on_error=False)

    def _current_id(self) -> str | None:
        """The article under the cursor (None also while the app shuts down)."""
        found = next(self.app.query("#articles").results(ArticleList), None)
        row = found.current_row if found is not None else None
        return self.app.store.catalog.ids[row] if row is not None else None

    # -- showing it --------------------------------------------------------------------
    def _show(self, catalog: bool, keep_id: str | None = None) -> None:
        app, store = self.app, self.app.store
        keep = app.articles.current_row
        app.sidebar.set_extra(app.sections.build(full=True))
        app.sidebar.rebuild(store.counts)
        if catalog:
            gc.freeze()  # the new catalogue lives as long as the old did: keep full GCs short
            # After the frame that shows it: the worker's pure-Python loop would take the
            # GIL from that frame's rendering.
            app.call_after_refresh(app._warm_search_index)
        app.view.refresh()
        if catalog:
            keep = store.catalog.row_of.get(keep_id) if keep_id is not None else None
        app._show_view(keep)
        app._update_counts_display()
        app._show_notices()
