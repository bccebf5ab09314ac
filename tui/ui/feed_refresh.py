"""`R`: refresh every feed in a worker thread while the user keeps reading.

The worker writes through a Store of its own; the app's store picks the change
up with the same ``refresh()`` it uses for any other process's writes, on the
UI thread, so the catalogue never changes under a frame being drawn and the
cursor stays on the article being read.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tui.core.errors import StoreError
from tui.core.store import Store
from tui.feeds.fetch import FetchPolicy
from tui.feeds.refresh import FeedResult, refresh_feeds


@dataclass(frozen=True, slots=True)
class RefreshSummary:
    results: tuple[FeedResult, ...]
    error: str = ""  # the refresh as a whole failed (the store could not be written)

    @property
    def failed(self) -> list[FeedResult]:
        return [r for r in self.results if not r.ok]

    def message(self) -> str:
        if self.error:
            return self.error
        new = sum(r.new for r in self.results)
        updated = sum(r.updated for r in self.results)
        feeds = len(self.results)
        text = f"{feeds} feed{'s' if feeds != 1 else ''}: {new} new, {updated} updated"
        if self.failed:
            text += f", {len(self.failed)} failed"
        return text


def run_refresh(
    data_dir: Path, progress: Callable[[int, int], None], policy: FetchPolicy | None = None
) -> RefreshSummary:
    """Runs in a worker thread; never raises (a failure is part of the summary)."""
    try:
        store = Store.open(data_dir)
        try:
            # processes=0: parse in this worker thread. Worker processes started from
            # inside the running app never came back (R hung at 100 feeds); the CLI keeps them.
            results = refresh_feeds(
                store,
                progress=lambda done, total, _r: progress(done, total),
                policy=policy,
                processes=0,
            )
        finally:
            store.close()
    except StoreError as exc:
        return RefreshSummary((), str(exc))
    return RefreshSummary(tuple(results))
