"""Python's cyclic garbage collector off while a worker builds a large structure.

Building a catalogue's indexes allocates hundreds of thousands of lists and dicts.
Every 70k or so allocations the collector considers a full pass, and after
``gc.freeze()`` (which the app does so that passes skip what lives for good) that
pass always runs, walking everything built so far: 50-150 ms per pass at 100k
articles, holding the GIL, so the UI thread's keys wait. While any worker is inside
``paused_gc()`` the collector is off; when the last one leaves, what they built is
frozen (it lives as long as the catalogue) and the collector is on again.
Reference counting frees everything as usual meanwhile; only cycles wait.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_depth = 0
_was_enabled = True


@contextmanager
def paused_gc() -> Iterator[None]:
    global _depth, _was_enabled
    with _lock:
        _depth += 1
        if _depth == 1:
            _was_enabled = gc.isenabled()
            gc.disable()
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0:
                gc.freeze()
                if _was_enabled:
                    gc.enable()
