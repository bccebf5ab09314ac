"""The CLI's rich Console: a reader that closes the pipe early is not an error.

rich's own Console exits 1 when stdout's reader goes away, so `casebook list | head`
failed in a script with `set -o pipefail`. Like `cat`, casebook stops quietly with 0.
"""

from __future__ import annotations

import os
import sys

from rich.console import Console as RichConsole


def silence_stdout() -> None:
    """Points stdout at /dev/null, so the interpreter's last flush cannot fail again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


class Console(RichConsole):
    def on_broken_pipe(self) -> None:
        self.quiet = True
        silence_stdout()
        raise BrokenPipeError  # main() turns it into exit 0
