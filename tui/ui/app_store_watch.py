"""Watching the store: what other processes (a script, another window, `R`'s worker)
changed shows up within a poll, and what the store repaired is said once. The work is
``StoreWatcher``'s (store_watch.py): a changed catalogue is taken in off the UI thread."""

from __future__ import annotations

import threading
from functools import cached_property

from tui.core.gc_pause import paused_gc
from tui.core.reload import Pacer
from tui.ui.app_base import AppBase
from tui.ui.display import clean
from tui.ui.store_watch import StoreWatcher


class StoreWatch(AppBase):
    @cached_property
    def store_watcher(self) -> StoreWatcher:
        return StoreWatcher(self)

    def start_watching(self) -> None:
        """The poll every ``poll_seconds`` (and a cheaper look at the catalogue between)."""
        self.store_watcher.start(self._poll_seconds)

    def _warm_search_index(self) -> None:
        """Builds the search text, sort keys and word index off the UI thread."""
        # Popped when it runs: a finished worker can outlive its run (gc.freeze() keeps its
        # reference cycle), and must not keep a catalogue replaced since alive.
        held = [self.store.catalog]
        ui_thread = threading.get_ident()  # called on the UI thread

        def build() -> None:
            c = held.pop()
            with paused_gc():  # millions of row numbers: no full collections walking them
                for key in ("title", "company", "minutes"):  # `S` then only looks it up
                    c.sort_order(key, descending=False)
                # 2-3 s of Python at 100k rows: paced, so keys meanwhile get the GIL at
                # once instead of sharing it half and half with this thread.
                c.build_word_index(Pacer(ui_thread))

        self.run_worker(build, thread=True, exit_on_error=False)

    def poll_store(self) -> None:
        """Shows what other processes (a script, another window) changed; a failing check
        is reported once (see StoreWatcher)."""
        self.store_watcher.poll()

    def _show_notices(self) -> None:
        """What the store repaired (a damaged file restored from its backup), once each."""
        for notice in self.store.notices:
            self.notify(
                clean(notice), title="Store restored", severity="warning", timeout=15, markup=False
            )
        self.store.notices.clear()
