"""A Store held open in its own process (as the app holds one), driven line by line.

Usage: ``python store_shell.py DATA_DIR``; prints ``ready``, then for each command on
stdin prints one JSON line: ``refresh``, ``read ID`` / ``bookmark ID`` (a write) or
``state`` (the read and bookmarked ids in memory). Errors are reported, not raised, with
whether they were StoreErrors, so a test run as another user can see what the app would.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any


def main() -> None:
    from tui.core.errors import StoreError
    from tui.core.store import Store

    store = Store.open(Path(sys.argv[1]))
    print("ready", flush=True)
    for line in sys.stdin:
        command, _, arg = line.strip().partition(" ")
        reply: dict[str, Any] = {"ok": True}
        try:
            if command == "refresh":
                reply["changed"] = bool(store.refresh())
            elif command == "read":
                store.set_read([arg], True)
            elif command == "bookmark":
                store.set_bookmarked([arg], True)
            elif command == "state":
                reply["read"], reply["bookmarked"] = sorted(store.read), sorted(store.bookmarked)
        except Exception as exc:  # reported to the test, which fails on anything but StoreError
            reply = {"ok": False, "store_error": isinstance(exc, StoreError), "error": str(exc)}
        print(json.dumps(reply), flush=True)


if __name__ == "__main__":
    main()
