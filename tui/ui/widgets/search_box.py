"""The `/` search box: an Input whose footer tells how to leave it.

It takes the query language (tui.core.query); its border title carries the
parser's warnings (an unknown field searched as text).
"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.widgets import Input


class SearchBox(Input):
    PLACEHOLDER = "search title, company, summary, tags · tag:x is:unread min:<10 -x OR sort:title"
    # Shown in the footer while typing, when the app's own keys type letters instead.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "submit", "Back to list", key_display="⏎"),
        Binding("escape", "app.clear_search", "Clear search", key_display="esc"),
    ]
