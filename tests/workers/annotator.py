"""Crash and concurrency worker: adds your own tags and writes notes until told to stop.

Usage: ``python annotator.py DATA_DIR NAME COUNT``. For i in range(COUNT) it tags
article ``i % len`` with ``NAME-i`` and sets its note to ``NAME i``, printing one
line per write only after the store call returned (the write is durable). Prints
``ready`` first and waits for ``go`` on stdin, so two workers can start together.
"""

from __future__ import annotations

import sys
from pathlib import Path


def main() -> None:
    from tui.core.library import TagChange
    from tui.core.store import Store

    data_dir, name, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    store = Store.open(data_dir)
    ids = store.catalog.ids
    print("ready", flush=True)
    if sys.stdin.readline().strip() != "go":
        return
    for i in range(count):
        article_id = ids[i % len(ids)]
        if i % 2:
            store.set_note(article_id, f"{name} {i}")
            print(f"note {article_id} {name} {i}", flush=True)
        else:
            store.change_my_tags(article_id, TagChange((f"{name}-{i}",), ()))
            print(f"tag {article_id} {name}-{i}", flush=True)


if __name__ == "__main__":
    main()
