"""A VerticalScroll that also answers the list's movement keys (j/k, g/G, space).

Readers expect the keys that move the cursor in the list to scroll wherever
there is text to read, as in less, mutt and newsboat.
"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import BindingType
from textual.containers import VerticalScroll

from tui.ui.keys import SCROLL_BINDINGS


class KeyScroll(VerticalScroll, can_focus=True):
    BINDINGS: ClassVar[list[BindingType]] = SCROLL_BINDINGS
