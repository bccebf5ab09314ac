"""The palette's "Export view…": asks for a file name and writes the rows on show there.

The format comes from the name's suffix (.md, .json, .csv, .txt). The dialog writes the
file itself (in a worker thread, so the app stays responsive at 100k articles), so a bad
path or a failed write is shown right under the input and the person can fix it; it
closes with the path once the file is written (atomically).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from tui.core.export import SUFFIXES, Format, format_of, render, write_export
from tui.ui.display import clean

if TYPE_CHECKING:
    from tui.ui.app_base import AppBase

DEFAULT_NAME = "casebook-export.md"
HINT = "The suffix picks the format: .md, .json, .csv or .txt (casebook's own, for import). " \
    "enter writes, escape cancels."


def resolve(raw: str, cwd: Path | None = None) -> Path:
    """``~`` expands; a relative name is taken from the directory casebook started in."""
    path = Path(raw.strip()).expanduser()
    return path if path.is_absolute() else (cwd or Path.cwd()) / path


class ExportScreen(ModalScreen[Path | None]):
    CSS_PATH = "export_screen.tcss"
    AUTO_FOCUS = "#export-path"  # the app's own ("#articles") is not on this screen
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="export-cancel"),
    ]

    def __init__(self, count: int, write: Callable[[Path, Format], None]) -> None:
        super().__init__()
        self.count = count
        self.write = write
        self.writing = False

    def compose(self) -> ComposeResult:
        noun = "article" if self.count == 1 else "articles"
        with Vertical(id="export-dialog"):
            yield Static(Text(f"Export the {self.count:,} {noun} in this view to:"))
            yield Input(DEFAULT_NAME, id="export-path", select_on_focus=False)
            yield Static(Text(HINT), id="export-hint")
            yield Static(id="export-error")

    def on_mount(self) -> None:
        self.query_one("#export-dialog").border_title = "Export view"

    def _fail(self, message: str) -> None:
        self.query_one("#export-error", Static).update(Text(clean(message)))  # a typed path

    @on(Input.Submitted, "#export-path")
    def submitted(self, event: Input.Submitted) -> None:
        if self.writing:
            return
        if not event.value.strip():
            self._fail("Type a file name, or press escape to cancel.")
            return
        path = resolve(event.value)
        fmt = format_of(str(path))
        if fmt is None:
            self._fail(f"Unknown suffix {path.suffix!r}: use one of {', '.join(SUFFIXES)}.")
            return
        if path.is_dir():
            self._fail(f"{path} is a directory; add a file name.")
            return
        self.writing = True
        event.input.disabled = True
        self.query_one("#export-error", Static).update(Text(f"Writing {path}…"))
        self._write(path, fmt)

    @work(thread=True, exclusive=True)
    def _write(self, path: Path, fmt: Format) -> None:
        """Off the UI thread: 100k articles take about a second to render and write."""
        try:
            self.write(path, fmt)
        except OSError as exc:
            reason = exc.strerror or exc.__class__.__name__
            self.app.call_from_thread(self._write_failed, f"Cannot write {path}: {reason}.")
            return
        self.app.call_from_thread(self.dismiss, path)

    def _write_failed(self, message: str) -> None:
        self.writing = False
        path_input = self.query_one("#export-path", Input)
        path_input.disabled = False
        path_input.focus()
        self._fail(message)

    def action_cancel(self) -> None:
        if self.writing:  # the file is being replaced: let that finish, atomically
            self.app.bell()
            return
        self.dismiss(None)


def ask_export(app: AppBase, rows: list[int]) -> None:
    """Opens the dialog for these rows; says where the file went once it is written."""
    store = app.store
    if not rows:
        app.notify("The view is empty: nothing to export.", title="Export", severity="warning")
        return

    def write(path: Path, fmt: Format) -> None:
        write_export(path, render(store, rows, fmt))

    def done(path: Path | None) -> None:
        if path is None:
            return
        noun = "article" if len(rows) == 1 else "articles"
        # A path is data, not markup: "[b]" in a file name must show as typed.
        app.notify(f"{len(rows):,} {noun} written to {path}", title="Exported", markup=False)

    app.push_screen(ExportScreen(len(rows), write), done)
