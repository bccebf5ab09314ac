"""The `t` prompt: add and remove your own tags on one article (`+scaling -todo`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Footer, Input, Static

from tui.core.library import LibraryInputError, TagChange, parse_tag_changes
from tui.ui.display import clean


class TagSuggester(Suggester):
    """Completes the word being typed from known tags.

    Textual's SuggestFromList completes the whole value; here each word of
    `+scaling -to` is a tag of its own, so only the last one is completed.
    """

    def __init__(self, tags: Sequence[str]) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.tags = sorted(set(tags))

    async def get_suggestion(self, value: str) -> str | None:
        if not value or value[-1].isspace():
            return None
        word = value.split()[-1].lstrip("+-#").lower()
        if not word:
            return None
        for tag in self.tags:
            if tag.startswith(word) and tag != word:
                return value + tag[len(word):]
        return None


class TagPrompt(ModalScreen[TagChange | None]):
    CSS_PATH = "tag_prompt.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", key_display="esc"),
        Binding("enter", "noop", "Apply", key_display="⏎"),  # shown; the Input submits
    ]

    def __init__(self, title: str, current: Sequence[str], known: Sequence[str]) -> None:
        super().__init__()
        self.article_title = title
        self.current = tuple(current)
        self.known = known

    def compose(self) -> ComposeResult:
        with Vertical(id="tag-dialog"):
            yield Static(Text(clean(self.article_title), style="bold"), id="tag-article")
            mine = " ".join(f"#{t}" for t in self.current) or "none yet"
            yield Static(Text(clean(f"Your tags: {mine}")), id="tag-current")
            yield Input(
                placeholder="+scaling -todo  (words without + or - are added)",
                suggester=TagSuggester(self.known),
                id="tag-input",
            )
            yield Static("", id="tag-error")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#tag-dialog").border_title = "Your tags"
        self.query_one("#tag-input", Input).focus()

    @on(Input.Submitted, "#tag-input")
    def apply(self, event: Input.Submitted) -> None:
        try:
            change = parse_tag_changes([event.value])
        except LibraryInputError as exc:
            self.query_one("#tag-error", Static).update(Text(clean(str(exc))))
            return
        self.dismiss(change if change.add or change.remove else None)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_noop(self) -> None:
        """Enter is handled by the Input; the binding only labels it in the footer."""
