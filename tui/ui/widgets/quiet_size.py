"""Setting a scrolling widget's virtual size without a screen-wide layout.

``virtual_size`` is a reactive that asks for a layout, and a layout repaints every
widget on screen: at 120x35 that was most of a cursor move's frame (the detail pane's
height changes with each article). The widget's own box never depends on its virtual
size (the CSS fixes it), so only its scrollbars must follow, and ``_scroll_update``
does that (a scrollbar that appears or hides still asks for its own layout).
"""

from __future__ import annotations

from textual.geometry import Size
from textual.widget import Widget


def set_virtual_size(widget: Widget, size: Size) -> None:
    if size != widget.virtual_size:
        widget.set_reactive(Widget.virtual_size, size)
        widget._scroll_update(size)
