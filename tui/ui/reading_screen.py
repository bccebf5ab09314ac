"""The reading view: the article takes the whole screen, as in newsboat and mutt.

A screen of its own rather than a layout class, so the list underneath keeps
its cursor and scroll untouched, and the footer shows only the keys that work
while reading.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.screen import Screen
from textual.widgets import Footer

from tui.core.models import Article, ArticleState
from tui.ui.keys import READING_BINDINGS
from tui.ui.widgets.detail import DetailPane
from tui.ui.widgets.header import QuietHeader


class ReadingScreen(Screen[None]):
    CSS_PATH = "reading_screen.tcss"
    BINDINGS: ClassVar[list[BindingType]] = READING_BINDINGS
    AUTO_FOCUS = "#reading"  # not on_mount's query: see HelpScreen

    def __init__(self, row: int) -> None:
        super().__init__()
        self.row = row

    def compose(self) -> ComposeResult:
        yield QuietHeader()
        yield DetailPane(id="reading")
        yield Footer()

    @property
    def pane(self) -> DetailPane:
        return self.query_one("#reading", DetailPane)

    def show(self, row: int, article: Article, state: ArticleState, position: str) -> None:
        """Shows ``article`` (at ``position``, e.g. '3 of 9', in the view)."""
        self.row = row
        pane = self.pane
        pane.show(article, state)
        pane.border_title = position  # digits only: no markup can hide in it

    def action_back(self) -> None:
        self.dismiss()
