"""The cursor of a Line API list (the article list, the sidebar): what both do the same.

Each widget keeps its own reactive (``cursor``, ``highlighted``: the sidebar's skips
headings); these are the moves around it, so a fix to scrolling or clicks lands in both.
"""

from __future__ import annotations

from textual import events
from textual.scroll_view import ScrollView


def follow(view: ScrollView, old: int, new: int) -> None:
    """Scrolls line ``new`` into view and redraws the two lines the cursor left and entered."""
    height = view.scrollable_content_region.height
    top = int(view.scroll_offset.y)
    if new < top:
        view.scroll_to(y=new, animate=False, immediate=True)
    elif height and new >= top + height:
        view.scroll_to(y=new - height + 1, animate=False, immediate=True)
    view.refresh_lines(old)
    view.refresh_lines(new)


def page(view: ScrollView) -> int:
    """How far pgup / pgdn move: a screenful, keeping one line in sight."""
    return max(1, view.scrollable_content_region.height - 1)


def clicked_line(view: ScrollView, event: events.Click, lines: int) -> int | None:
    """The line a click landed on, or None (outside the content, or past the last line)."""
    offset = event.get_content_offset(view)
    if offset is None:
        return None
    index = int(view.scroll_offset.y) + offset.y
    return index if 0 <= index < lines else None
