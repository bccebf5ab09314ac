"""SIGTERM and SIGHUP end the app like ctrl+c: terminal restored, writes on disk, promptly.

The app runs in a real pseudo-terminal (as a shell would start it), so the test
sees exactly the bytes a terminal would get after the signal.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from tests.bench.run import Terminal
from tests.ui_support import seeded_store
from tui.core.store import Store

# What a terminal needs to be back to normal: the main screen, mouse reporting off.
RESETS = ("\x1b[?1049l", "\x1b[?1000l", "\x1b[?1003l", "\x1b[?1006l")


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_signal_exits_cleanly_and_restores_the_terminal(tmp_path: Path, signum: int) -> None:
    store = seeded_store(tmp_path)
    first = store.catalog.ids[0]
    store.close()
    term = Terminal(tmp_path)
    try:
        term.wait_for("9 unread", since=0, timeout=30)
        assert "\x1b[?1049h" in term.raw and "\x1b[?1000h" in term.raw  # it took them over
        term.send("r")  # toggle read on the first article, then wait for the disk to have it
        deadline = time.monotonic() + 10
        while first not in Store.open(tmp_path).read:
            assert time.monotonic() < deadline, "the toggle never reached the disk"
            term._read(0.05)
        since = len(term.raw)
        sent = time.monotonic()
        os.kill(term.proc.pid, signum)
        while term.proc.poll() is None:
            assert time.monotonic() - sent < 5, "the app did not exit within 5 s of the signal"
            term._read(0.05)
        while not term.eof:  # whatever it wrote before exiting
            term._read(0.2)
        after = term.raw[since:]
        for reset in RESETS:
            assert reset in after, f"{reset!r} not written after the signal"
        assert term.proc.returncode == 0
        assert first in Store.open(tmp_path).read
    finally:
        term.close()


def test_a_closed_terminal_ends_the_app_with_every_write_kept(tmp_path: Path) -> None:
    """The window is closed: the terminal hangs up (SIGHUP) and every write to it fails, so
    restoring it can block; the app still ends promptly and the toggle it showed is on disk."""
    store = seeded_store(tmp_path)
    first = store.catalog.ids[0]
    store.close()
    term = Terminal(tmp_path)
    try:
        term.wait_for("9 unread", since=0, timeout=30)
        term.send("r")
        deadline = time.monotonic() + 10
        while first not in Store.open(tmp_path).read:
            assert time.monotonic() < deadline, "the toggle never reached the disk"
            term._read(0.05)
        os.close(term.master)  # the kernel hangs the terminal up: SIGHUP to the app
        closed = time.monotonic()
        while term.proc.poll() is None:
            assert time.monotonic() - closed < 5, "the app outlived its terminal by 5 s"
            time.sleep(0.05)
        assert first in Store.open(tmp_path).read
    finally:
        term.master = os.open(os.devnull, os.O_RDONLY)  # close() closes it again
        term.close()
