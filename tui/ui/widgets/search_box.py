"""The `/` search box: an Input whose footer tells how to leave it.

It takes the query language (tui.core.query); its border title carries the
parser's warnings (an unknown field searched as text).
"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.widgets import Input

from tui.ui.widgets.quiet_size import set_virtual_size


class SearchBox(Input):
    PLACEHOLDER = "search title, company, summary, tags · tag:x is:unread min:<10 -x OR sort:title"
    # Shown in the footer while typing, when the app's own keys type letters instead.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "submit", "Back to list", key_display="⏎"),
        Binding("escape", "app.clear_search", "Clear search", key_display="esc"),
    ]

    def _watch_value(self, value: str) -> None:
        """Input's own watcher, after setting the text's new width quietly.

        Input sets ``virtual_size`` (a reactive that asks for a layout) on every change,
        and a layout repaints every widget on screen, twice per keystroke: about half
        of a query keystroke's frame at 120x35. The box's own size never depends on its
        text (the CSS fixes it), so the width is set without a layout; Input's watcher
        then finds it unchanged and does the rest (suggestions, validation, Changed).
        """
        size = Size(self.content_width, 1)
        if not self.styles.auto_dimensions:
            set_virtual_size(self, size)
        super()._watch_value(value)
