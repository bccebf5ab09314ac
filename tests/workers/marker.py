"""Concurrency worker: sets one flag on many articles, one store call per article.

Usage: ``python marker.py DATA_DIR read|bookmarked ID...``. Opens the store,
prints ``ready``, and waits for ``go`` on stdin so that two workers start
writing at the same moment; then prints ``done FIRST LAST`` (monotonic clock
readings around the writes, so the parent can check the two really overlapped).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path


def main() -> None:
    from tui.core.store import Store

    data_dir, flag, ids = Path(sys.argv[1]), sys.argv[2], sys.argv[3:]
    store = Store.open(data_dir)
    setter = store.set_read if flag == "read" else store.set_bookmarked
    print("ready", flush=True)
    if sys.stdin.readline().strip() != "go":
        return
    first = time.monotonic()
    for article_id in ids:
        setter([article_id], True)
    print(f"done {first} {time.monotonic()}", flush=True)


if __name__ == "__main__":
    main()
