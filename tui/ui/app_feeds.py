"""Feeds from inside the app: `R` runs `casebook refresh` as a child process (read by a
worker thread), with its progress in the header; the poll then shows what it wrote."""

from __future__ import annotations

from tui.core.subscriptions import Subscriptions
from tui.ui.app_store_watch import StoreWatch
from tui.ui.display import clean
from tui.ui.feed_refresh import RefreshSummary, refresh_work


class Feeds(StoreWatch):
    def action_refresh_feeds(self) -> None:
        if self.activity:
            self.notify("Feeds are already refreshing.", timeout=3)
            return
        subscriptions = Subscriptions.open(self.store.data_dir)
        try:
            feeds = len(subscriptions.all())
        finally:
            subscriptions.close()
        if not feeds:
            self.bell()
            self.notify("No feeds yet: add one with `casebook feeds add URL`.", markup=False)
            return
        self._show_activity("refreshing feeds")
        work = refresh_work(
            self.store.data_dir, feeds, self.config,
            show=lambda text: self.call_from_thread(self._show_activity, text),
            done=lambda summary: self.call_from_thread(self._refresh_done, summary),
        )  # fmt: skip
        self.run_worker(work, thread=True, group="feeds", exit_on_error=False)

    def _show_activity(self, text: str) -> None:
        self.activity = text
        self._update_counts_display()

    def _refresh_done(self, summary: RefreshSummary) -> None:
        self._show_activity("")
        self.poll_store()  # the worker's writes, as any other process's
        self.sidebar.set_extra(self.sections.build())  # each feed's status and counts
        for result in summary.failed:
            self.notify(clean(result.line()), title="Feed failed", severity="error", timeout=10,
                        markup=False)
        self.notify(
            clean(summary.message()), markup=False,
            title="Refresh failed" if summary.error else "Refreshed",
            severity="error" if summary.error else "information",
        )
