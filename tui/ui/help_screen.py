"""The `?` screen: every key, from the same table the bindings come from."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from tui.ui.key_labels import help_keys
from tui.ui.keys import HELP
from tui.ui.widgets.key_scroll import KeyScroll


def keys_table(keymap: Mapping[str, str]) -> Table:
    """``keymap``: the config's rebindings (binding id -> keys); the rows name those keys."""
    table = Table(box=None, show_header=True, header_style="bold", expand=True)
    # Keys may wrap (at 60 columns `q, escape, h, ←, backspace` would squeeze the actions
    # to one word a line); the action column keeps a readable width.
    table.add_column("key", max_width=16)
    table.add_column("action", ratio=1, min_width=22)
    table.add_column("where", style="dim", max_width=16)
    for key in HELP:
        table.add_row(help_keys(key, keymap), key.description, key.where)
    return table


class HelpScreen(ModalScreen[None]):
    CSS_PATH = "help_screen.tcss"
    # Focus and title are set as it is pushed, not in on_mount: a screen pushed while the
    # app quits (`q?` typed at once) is never composed, and a query there would raise.
    AUTO_FOCUS = "#help"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", "Close", key_display="esc"),
    ]

    def __init__(self, keymap: Mapping[str, str] | None = None) -> None:
        super().__init__()
        self.keymap = keymap or {}

    def compose(self) -> ComposeResult:
        help_pane = KeyScroll(id="help")
        help_pane.border_title = "casebook keys"
        with help_pane:
            yield Static(keys_table(self.keymap), id="help-keys")
            yield Static("j / k, space, g / G scroll. Press escape to close.", id="help-hint")
        # Its own footer, so only the keys that work here are shown (not the main screen's).
        yield Footer()

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)
