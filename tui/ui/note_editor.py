"""The `e` note editor: Textual's TextArea with soft wrap; ctrl+s saves."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Static, TextArea

from tui.ui.display import clean


class DiscardPrompt(ModalScreen[bool]):
    """Asked when escape would throw away typed text."""

    CSS_PATH = "note_editor.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Discard"),
        Binding("n,escape", "answer(False)", "Keep editing"),
    ]

    def compose(self) -> ComposeResult:
        yield Static("Discard the changes to this note? (y / n)", id="discard-question")
        yield Footer()

    def action_answer(self, discard: bool) -> None:
        self.dismiss(discard)


class NoteEditor(ModalScreen[str | None]):
    """Dismisses with the new text on save, None when closed without saving."""

    CSS_PATH = "note_editor.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "close", "Close", key_display="esc", priority=True),
    ]

    def __init__(self, title: str, note: str) -> None:
        super().__init__()
        self.article_title = title
        self.original = note

    def compose(self) -> ComposeResult:
        with Vertical(id="note-dialog"):
            yield Static(Text(clean(self.article_title), style="bold"), id="note-article")
            yield TextArea(self.original, soft_wrap=True, id="note-text")
        yield Footer()

    @property
    def text_area(self) -> TextArea:
        return self.query_one("#note-text", TextArea)

    def on_mount(self) -> None:
        self.query_one("#note-dialog").border_title = "Your note"
        self.text_area.focus()
        self.text_area.move_cursor(self.text_area.document.end)

    def action_save(self) -> None:
        self.dismiss(self.text_area.text)

    def action_close(self) -> None:
        if self.text_area.text == self.original:
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(DiscardPrompt(), answered)
