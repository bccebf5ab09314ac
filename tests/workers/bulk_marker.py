"""Crash-test worker: marks every article read and undoes it, over and over, until killed.

Usage: ``python bulk_marker.py DATA_DIR``. Prints ``ready``, then ``marked`` or
``undone`` (flushed) after each durable write returned.
"""

from __future__ import annotations

import sys
from pathlib import Path

LIMIT = 10_000  # a worker whose parent vanished stops on its own


def main() -> None:
    from tui.core.store import Store
    from tui.core.undo import UndoHistory

    store = Store.open(Path(sys.argv[1]))
    history = UndoHistory(store)
    ids = list(store.catalog.ids)
    print("ready", flush=True)
    for _ in range(LIMIT):
        history.mark(ids, "read", True)
        print("marked", flush=True)
        history.undo()
        print("undone", flush=True)


if __name__ == "__main__":
    main()
