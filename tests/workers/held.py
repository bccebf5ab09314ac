"""Crash-test wrapper: runs a worker script or ``-m tui`` with one write held mid-way.

Usage: ``python held.py FILE_NAME NTH SENTINEL -- SCRIPT ARGS...`` (or ``-- -m tui ARGS``).
The NTH ``os.replace`` onto a file named FILE_NAME does not happen: the process touches
SENTINEL and sleeps instead. Its temp file is then complete and fsynced but not renamed,
so a test that waits for SENTINEL and SIGKILLs kills *inside* a write every time, where a
random kill moment lands there only by luck (and CI's luck ran out).
"""

from __future__ import annotations

import os
import runpy
import sys
import time
from pathlib import Path
from typing import Any

HOLD = 300.0  # seconds; a held worker whose parent vanished ends on its own


def main() -> None:
    name, nth, sentinel = sys.argv[1], int(sys.argv[2]), Path(sys.argv[3])
    if sys.argv[4] != "--":
        raise SystemExit("usage: held.py FILE_NAME NTH SENTINEL -- SCRIPT|-m MODULE ARGS...")
    target = sys.argv[5:]
    real_replace = os.replace
    seen = 0

    def replace(src: Any, dst: Any, *args: Any, **kwargs: Any) -> None:
        nonlocal seen
        if Path(dst).name == name:
            seen += 1
            if seen == nth:
                sentinel.touch()
                time.sleep(HOLD)
                os._exit(3)
        real_replace(src, dst, *args, **kwargs)

    os.replace = replace
    if target[0] == "-m":
        sys.argv = [target[1], *target[2:]]
        runpy.run_module(target[1], run_name="__main__", alter_sys=True)
    else:
        sys.argv = target
        runpy.run_path(target[0], run_name="__main__")


if __name__ == "__main__":
    main()
