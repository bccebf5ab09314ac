"""A yes/no question in a modal: `y`/`enter` confirm, `n`/`escape` cancel.

Dismisses with True or False, so the caller acts in its callback. The footer
inside shows only these keys: the app's own keys do not reach a modal screen.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.ui.widgets.footer import QuietFooter


class ConfirmScreen(ModalScreen[bool]):
    CSS_PATH = "confirm_screen.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y,enter", "answer(True)", "Yes", key_display="y/⏎", id="confirm-yes"),
        Binding("n,escape", "answer(False)", "No", key_display="n/esc", id="confirm-no"),
    ]

    def __init__(self, question: str, detail: str = "", *, title: str = "Confirm") -> None:
        super().__init__()
        self.question = question
        self.detail = detail
        self.dialog_title = title

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm"):
            yield Static(Text(self.question), id="confirm-question")
            if self.detail:
                yield Static(Text(self.detail), id="confirm-detail")
            yield Static(Text("y / enter: yes    n / escape: no"), id="confirm-keys")
        yield QuietFooter(show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one("#confirm").border_title = Text(self.dialog_title)

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
