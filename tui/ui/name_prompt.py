"""A one-line prompt in a small dialog (a saved search's name, a path): enter or escape."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Static


class NamePrompt(ModalScreen[str | None]):
    """Dismisses with the stripped text typed (None on escape or when left empty)."""

    CSS_PATH = "name_prompt.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", key_display="esc"),
    ]

    def __init__(self, title: str, question: str, value: str = "") -> None:
        super().__init__()
        self.dialog_title = title
        self.question = question
        self.value = value

    def compose(self) -> ComposeResult:
        with Vertical(id="name-dialog"):
            yield Static(Text(self.question), id="name-question")
            yield Input(self.value, id="name-input")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#name-dialog").border_title = self.dialog_title
        self.query_one("#name-input", Input).focus()

    @on(Input.Submitted, "#name-input")
    def submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip() or None)

    def action_cancel(self) -> None:
        self.dismiss(None)
