"""The `?` screen: every key, from the same table the bindings come from."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.ui.keys import HELP


def keys_table() -> Table:
    table = Table(box=None, show_header=True, header_style="bold", expand=True)
    table.add_column("key", no_wrap=True)
    table.add_column("action", ratio=1)
    table.add_column("where", style="dim", no_wrap=True)
    for key in HELP:
        table.add_row(key.keys, key.description, key.where)
    return table


class HelpScreen(ModalScreen[None]):
    CSS_PATH = "help_screen.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", "Close", key_display="esc"),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static(keys_table(), id="help-keys")
            yield Static("Press escape to close.", id="help-hint")

    def on_mount(self) -> None:
        self.query_one("#help").border_title = "casebook keys"

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)
