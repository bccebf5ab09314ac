"""Crash-test worker: toggles read/bookmark flags until killed.

Usage: ``python toggler.py DATA_DIR SEED``. The op sequence is a pure function
of the seed and the catalogue's ids (``ops``), so the parent can replay it and
knows the one op that was in flight when it killed us. One line per toggle is
printed, and flushed, only after the store call returned (the toggle is durable).
"""

from __future__ import annotations

import random
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

HOT = 200  # most ops hit a few ids, so flags flip back and forth many times
LIMIT = 100_000  # a worker whose parent vanished stops on its own

Op = tuple[str, str, bool]  # (article id, "read" | "bookmarked", value)


def ops(seed: int, ids: Sequence[str]) -> Iterator[Op]:
    rng = random.Random(seed)
    while True:
        pool = ids[:HOT] if rng.random() < 0.7 else ids
        yield rng.choice(pool), rng.choice(("read", "bookmarked")), rng.random() < 0.5


def format_op(n: int, op: Op) -> str:
    article_id, flag, value = op
    return f"{n} {article_id} {flag} {int(value)}"


def main() -> None:
    from tui.core.store import Store

    store = Store.open(Path(sys.argv[1]))
    for n, op in enumerate(ops(int(sys.argv[2]), store.catalog.ids)):
        if n >= LIMIT:
            break
        article_id, flag, value = op
        setter = store.set_read if flag == "read" else store.set_bookmarked
        setter([article_id], value)
        print(format_op(n, op), flush=True)


if __name__ == "__main__":
    main()
