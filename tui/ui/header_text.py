"""What the header says at each width: the counts matter more than the app's name.

Textual's header cuts the title mid-word (`0 book…`); instead the longest of a
few written-out variants that fits is shown.
"""

from __future__ import annotations

from rich.cells import cell_len

from tui.core.counts import Counts

APP_NAME = "casebook"
# Textual's Header docks an 8-cell icon on the left and a 10-cell clock space on the right.
HEADER_CHROME = 18


def header_parts(counts: Counts, width: int, activity: str = "") -> tuple[str, str]:
    """(title, sub_title) for a terminal ``width`` cells wide; ``activity`` (a refresh in
    progress) goes first, as it is news."""
    room = width - HEADER_CHROME - (cell_len(activity) + 3 if activity else 0)
    title, sub = _fitted(counts, room)
    return title, f"{activity} · {sub}" if activity else sub


def _fitted(counts: Counts, room: int) -> tuple[str, str]:
    full = f"{counts.total} articles · {counts.unread} unread · {counts.bookmarked} bookmarked"
    short = f"{counts.unread} unread · {counts.bookmarked} ★ · {counts.total} total"
    if cell_len(f"{APP_NAME} — {full}") <= room:
        return APP_NAME, full
    for text in (full, short):
        if cell_len(text) <= room:
            return "", text
    return "", f"{counts.unread} unread"
