"""Promise: a bulk mark and its undo never lose another process's changes, even mid-write.

A worker process sets read flags one article at a time while this process bulk-marks
every article bookmarked and undoes it, again and again. The two write different
flags, so nothing either did may be lost, and every undo restores every bookmark
(nobody else touched bookmarks). Checked from a fresh Store.open: what is on disk.
"""

from __future__ import annotations

import time
from pathlib import Path

from tests.test_concurrency import RUN_TIMEOUT, START_TIMEOUT, data, ids, on_disk, template
from tests.workers.harness import Lines, cleanup, worker
from tui.core.store import Store
from tui.core.undo import UndoHistory

__all__ = ["data", "ids", "template"]  # the fixtures, shared with test_concurrency

TOGGLES = 150


def test_bulk_marks_and_undos_interleaved_with_another_writer_lose_nothing(
    data: Path, ids: list[str]
) -> None:
    theirs = ids[:TOGGLES]
    with cleanup([]) as procs:
        procs.append(worker("marker.py", str(data), "read", *theirs))
        out = Lines(procs[0])
        assert out.wait_for(1, START_TIMEOUT) == ["ready"]
        store = Store.open(data)
        history = UndoHistory(store)
        assert procs[0].stdin is not None
        procs[0].stdin.write(b"go\n")
        procs[0].stdin.flush()
        rounds = 0
        deadline = time.monotonic() + RUN_TIMEOUT
        while procs[0].poll() is None or rounds < 3:
            assert time.monotonic() < deadline
            change = history.mark(ids, "bookmarked", True)
            assert store.bookmarked == set(ids) and len(change.changed()) == len(ids)
            undone = history.undo()
            assert undone is not None and (undone.restored, undone.skipped) == (len(ids), 0)
            assert store.bookmarked == set()
            rounds += 1
        done = out.wait_for(2, RUN_TIMEOUT)
        assert done[1].startswith("done"), done
        assert procs[0].wait(timeout=30) == 0, out.stderr()
        store.close()
    assert on_disk(data) == (set(theirs), set())
