"""A Header whose title changes repaint one line, not the screen.

Textual's HeaderTitle is a Static, and ``Static.update`` asks for a layout, which
repaints every widget on screen: the header's counts change with each mark, and
`R`'s progress (``feeds 37/100``) changes it five times a second, each a 7-20 ms
frame at 100k articles while keys wait. The title's box never depends on its
text (``width: 100%`` on a one-line header), so it is updated without a layout.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.visual import VisualType
from textual.widgets import Header
from textual.widgets._header import HeaderClockSpace, HeaderIcon, HeaderTitle


class QuietTitle(HeaderTitle):
    def update(self, content: VisualType = "", *, layout: bool = False) -> None:
        super().update(content, layout=False)


class QuietHeader(Header):
    def compose(self) -> ComposeResult:
        yield HeaderIcon().data_bind(Header.icon)
        yield QuietTitle()
        yield HeaderClockSpace()
