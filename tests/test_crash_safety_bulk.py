"""Promise: a bulk mark (`A`) and its undo are each one atomic write, even under SIGKILL.

A worker marks all 10k articles read and undoes it, again and again; it is killed at
random moments and (half of the time) inside a write. After each kill the store must
open with every article read or none of those it marked (never a part), the bookmarks
untouched, and no temp file left behind.
The in-write kills are certain, not lucky: tests/workers/held.py stops the worker
between its temp file's fsync and the rename, and the test kills it there.
"""

from __future__ import annotations

import random
import time
from collections import Counter
from pathlib import Path

import pytest

from tests.test_crash_safety import copy_store, store_10k
from tests.workers.harness import WORKERS, Lines, cleanup, stop, wait_for_file, worker
from tui.core.store import Store

__all__ = ["store_10k"]  # the fixture, shared with test_crash_safety

KILLS = 12


def on_disk(data: Path) -> tuple[frozenset[str], frozenset[str], list[str]]:
    store = Store.open(data)
    try:
        return frozenset(store.read), frozenset(store.bookmarked), store.notices
    finally:
        store.close()


@pytest.mark.slow
def test_sigkill_during_bulk_mark_and_undo_keeps_all_or_nothing(
    store_10k: Path, tmp_path: Path
) -> None:
    base = copy_store(store_10k, tmp_path / "base")
    store = Store.open(base)
    ids = list(store.catalog.ids)
    store.set_read(ids[:300], True)  # some already read: undo must keep them read
    store.set_bookmarked(ids[200:500], True)
    store.close()
    read_before, marked_before, _ = on_disk(base)
    all_read = frozenset(ids)

    rng = random.Random(11)
    outcomes: Counter[str] = Counter()
    for attempt in range(KILLS):
        data = copy_store(base, tmp_path / f"killed-{attempt}")
        with cleanup([]) as procs:
            if attempt % 2:  # a random moment: mostly between writes
                proc = worker("bulk_marker.py", str(data))
            else:  # held inside its 1st to 5th state write, temp file written, not renamed
                held = tmp_path / f"held-{attempt}"
                nth = str(rng.randint(1, 5))
                proc = worker("held.py", "state.json", nth, str(held), "--",
                              str(WORKERS / "bulk_marker.py"), str(data))
            procs.append(proc)
            out = Lines(proc)
            assert out.wait_for(1, 60) == ["ready"], out.stderr()
            if attempt % 2:
                out.wait_for(1 + rng.randint(1, 4), 120)  # let some writes complete first
                time.sleep(rng.uniform(0.0, 0.2))
            else:
                wait_for_file(held, proc, 120)
            mid_write = any(data.glob(".state.json*.tmp"))
            assert mid_write or attempt % 2, f"kill {attempt}: held, yet no temp file"
            stop(proc)
        read, marked, notices = on_disk(data)
        assert notices == [], f"kill {attempt}: {notices}"
        assert marked == marked_before, f"kill {attempt}: bookmarks changed"
        assert read in (read_before, all_read), (
            f"kill {attempt}: {len(read)} read, neither {len(read_before)} nor {len(all_read)}"
        )
        assert not list(data.glob("*.tmp")) and not list(data.glob(".*.tmp"))
        kind = "all read" if read == all_read else "as before"
        outcomes[f"{kind}, {'mid-write' if mid_write else 'between writes'}"] += 1
    print(f"\nkill outcomes: {dict(outcomes)}")
    assert any("mid-write" in k for k in outcomes), outcomes
