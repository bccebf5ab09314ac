"""Feeds from inside the app: `R` refreshes every feed in a worker thread, with its
progress in the header, and the poll then shows what the worker wrote."""

from __future__ import annotations

from tui.core.subscriptions import Subscriptions
from tui.feeds.fetch import policy_from
from tui.ui.app_store_watch import StoreWatch
from tui.ui.display import clean
from tui.ui.feed_refresh import RefreshSummary, run_refresh


class Feeds(StoreWatch):
    def action_refresh_feeds(self) -> None:
        if self.activity:
            self.notify("Feeds are already refreshing.", timeout=3)
            return
        if not Subscriptions.open(self.store.data_dir).all():
            self.bell()
            self.notify("No feeds yet: add one with `casebook feeds add URL`.", markup=False)
            return
        self._show_activity("refreshing feeds")
        data_dir = self.store.data_dir

        def progress(done: int, total: int) -> None:
            self.call_from_thread(self._show_activity, f"feeds {done}/{total}")

        def work() -> None:
            summary = run_refresh(data_dir, progress, policy_from(self.config))
            self.call_from_thread(self._refresh_done, summary)

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
            clean(summary.message()), title="Refreshed", markup=False,
            severity="error" if summary.error else "information",
        )
