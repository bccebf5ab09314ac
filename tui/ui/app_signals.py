"""Leaving cleanly when the terminal goes away: SIGTERM and SIGHUP end the app as ctrl+c does."""

from __future__ import annotations

import asyncio
import os
import signal
import threading

from tui.ui.app_base import AppBase

EXIT_GRACE_SECONDS = 2.0  # after SIGTERM / SIGHUP, the longest a clean exit may take


class ExitOnSignals(AppBase):
    def _exit_on_signals(self) -> None:
        """SIGTERM and SIGHUP (``kill``, a closed terminal window, tmux ``kill-session``) end
        the app as ctrl+c does: through ``exit``, so the driver restores the terminal (main
        screen, mouse reporting off). Every write is on disk before the screen shows it,
        so there is nothing left to save."""
        if self.is_headless:
            return  # under a test pilot the signals belong to the test runner
        loop = asyncio.get_running_loop()
        for name in ("SIGTERM", "SIGHUP"):
            number = getattr(signal, name, None)
            if number is None:  # Windows has no SIGHUP and no loop signal handlers
                continue
            try:
                loop.add_signal_handler(number, self._exit_on_signal, number)
            except (NotImplementedError, RuntimeError, ValueError):
                continue

    def _exit_on_signal(self, signum: int) -> None:
        # After a hang-up the terminal is gone and restoring it can block for good on writes
        # that never drain; every write is on disk already, so leave regardless after a grace.
        watchdog = threading.Timer(EXIT_GRACE_SECONDS, os._exit, (128 + signum,))
        watchdog.daemon = True
        watchdog.start()
        self.exit()
