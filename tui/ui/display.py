"""Outside text made safe to draw: plain text (never markup) that is exactly as wide as measured.

Titles, companies, tags, summaries, search text, paths and error messages come
from outside. On screen they must not be read as markup (``[/]`` would crash
Textual's parser and ``[b]`` would vanish), and their cell width must be what
Rich measures: a raw tab jumps the terminal's cursor past a column border,
and format characters (zero-width joiners, bidi controls, variation
selectors) make terminals disagree with Rich about a string's width. Every
widget that draws outside text goes through this module.
"""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING

from rich.cells import cell_len, set_cell_size

if TYPE_CHECKING:
    from textual.content import Content

TAB_SIZE = 4
REPLACEMENT = "\ufffd"
# Line and paragraph separators end a line in some terminals: a space in a one-line field.
_AS_SPACE = frozenset("\n\r\v\f\x85\u2028\u2029")


def _needs_cleaning(text: str) -> bool:
    # isprintable() is False for tabs, control, format (Cf) and surrogate characters; the
    # variation selectors are combining marks it accepts, so they are checked on their own.
    return not text.isprintable() or "\ufe0f" in text or "\ufe0e" in text


def clean(text: str) -> str:
    """One line of outside text as it should be drawn.

    Tabs become spaces up to the next multiple of ``TAB_SIZE`` cells (measured in cells,
    so wide characters before a tab count double); line breaks become spaces; other
    control characters, format characters (ZWJ, ZWSP, bidi controls, BOM, soft hyphen)
    and variation selectors are dropped; lone surrogates become U+FFFD.
    """
    if not _needs_cleaning(text):
        return text
    out: list[str] = []
    width = 0
    for char in text:
        if char == "\t":
            pad = TAB_SIZE - width % TAB_SIZE
            out.append(" " * pad)
            width += pad
            continue
        if char in _AS_SPACE:
            char = " "
        elif char in "\ufe0e\ufe0f":
            continue
        else:
            category = unicodedata.category(char)
            if category in ("Cc", "Cf"):
                continue
            if category == "Cs":
                char = REPLACEMENT
        out.append(char)
        width += cell_len(char)
    return "".join(out)


def plain(text: str) -> Content:
    """Outside text as Textual Content: shown exactly as written, never parsed as markup."""
    # Imported here so `casebook stats` (rich only, tui/ui/stats_view.py) can clean its
    # names with this module without loading Textual.
    from textual.content import Content

    return Content(clean(text))


def fit(text: str, width: int) -> str:
    """Cleans, then crops with an ellipsis or pads, to exactly ``width`` cells.

    Only the first few cells' worth of characters is looked at, so a 10 MB title costs
    what a short one does.
    """
    if width <= 0:
        return ""
    limit = 4 * width + 8  # zero-width characters aside, far more than fits
    head = clean(text[:limit])
    if len(text) > limit or cell_len(head) > width:
        return set_cell_size(head, width - 1) + "…"
    return set_cell_size(head, width)


def shorten(text: str, limit: int) -> tuple[str, int]:
    """At most ``limit`` characters of ``text``, cut at a space if there is one near the end;
    and how many characters were left out."""
    if len(text) <= limit:
        return text, 0
    cut = text.rfind(" ", limit - limit // 8, limit)
    cut = cut if cut > 0 else limit
    return text[:cut], len(text) - cut
