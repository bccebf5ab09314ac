"""The progress bar `casebook import` shows on a terminal: records parsed, then stored.

Drawn by rich on stderr, and only when stderr is a terminal: scripts, pipes and CI
get nothing extra. The bar is transient, so what stays on screen afterwards is the
same one summary line a script sees.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from tui.core.document import ParseProgress

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID


class ImportProgress:
    """What the import reports to; this base reports nowhere (not a terminal)."""

    on_parse: ParseProgress | None = None

    def storing(self, records: int) -> None:
        """Parsing is done and ``records`` are being written."""

    def stored(self) -> None:
        """The write is done."""


class _ImportBar(ImportProgress):
    """Two rows: parsing (advances with the input read) and storing (one atomic write)."""

    def __init__(self, progress: Progress) -> None:
        self._progress = progress
        self._parse = progress.add_task("Parsing", total=1.0, records=0)
        self._store: TaskID | None = None
        self.on_parse = self._parsed

    def _parsed(self, records: int, fraction: float) -> None:
        self._progress.update(self._parse, completed=fraction, records=records)

    def storing(self, records: int) -> None:
        # The store's single atomic write has no steps to show, so this bar pulses.
        self._progress.update(self._parse, completed=1.0, records=records)
        self._store = self._progress.add_task("Storing", total=None, records=records)

    def stored(self) -> None:
        if self._store is not None:
            self._progress.update(self._store, total=1.0, completed=1.0)


@contextmanager
def import_progress(show: bool = True) -> Iterator[ImportProgress]:
    """A bar on a terminal; otherwise (or if not ``show``) a reporter that shows nothing."""
    if not show or not sys.stderr.isatty():
        yield ImportProgress()
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        Progress,
        TaskProgressColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    progress = Progress(
        TextColumn("{task.description:<8}"),
        BarColumn(),
        TaskProgressColumn(),
        TextColumn("{task.fields[records]:,} records"),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    with progress:
        yield _ImportBar(progress)
