"""Watching the store: what other processes (a script, another window, `R`'s worker)
changed shows up within a poll, and what the store repaired is said once."""

from __future__ import annotations

import gc

from tui.core.errors import StoreError
from tui.ui.app_base import AppBase
from tui.ui.display import clean


class StoreWatch(AppBase):
    def _warm_search_index(self) -> None:
        """Builds the search text, sort keys and word index off the UI thread."""
        c = self.store.catalog

        def build() -> None:
            for key in ("title", "company", "minutes"):  # `S` then only looks the order up
                c.sort_order(key, descending=False)
            c.haystack, c.word_index  # noqa: B018 - cached on the catalogue
            gc.freeze()  # millions of row numbers: keep full collections from walking them

        self.run_worker(build, thread=True, exit_on_error=False)

    def poll_store(self) -> None:
        """Shows what other processes (a script, another window) changed.

        A failing check is reported once, and again only when its message changes or after
        it recovered: it runs every second, and a toast each time would bury the screen.
        """
        try:
            changed = self.store.refresh()
        except StoreError as exc:
            message = clean(str(exc))
            if message != self._poll_error:
                self._poll_error = message
                self.notify(message, title="Store", severity="error", timeout=15, markup=False)
            return
        if self._poll_error is not None:
            self._poll_error = None
            self.notify("The store can be read again.", title="Store", timeout=5)
        if not changed:
            return
        keep = self.articles.current_row
        keep_id = self.store.catalog.ids[keep] if keep is not None and changed.catalog else None
        self.sidebar.set_extra(self.sections.build(full=True))
        self.sidebar.rebuild(self.store.counts)
        if changed.catalog:
            gc.freeze()  # the new catalogue lives as long as the old did: keep full GCs short
            self._warm_search_index()
        store = self.store
        self.view.refresh()
        if keep_id is not None:
            keep = store.catalog.row_of.get(keep_id)
        self._show_view(keep)
        self._update_counts_display()
        self._show_notices()

    def _show_notices(self) -> None:
        """What the store repaired (a damaged file restored from its backup), once each."""
        for notice in self.store.notices:
            self.notify(
                clean(notice), title="Store restored", severity="warning", timeout=15, markup=False
            )
        self.store.notices.clear()
