"""HTML (a feed item's summary or content) to plain text, with a real HTML5 parser.

selectolax (lexbor, C, MIT) rather than the stdlib's html.parser: on Python 3.11 the
latter takes quadratic time on unclosed markup (CVE-2025-6069: ``"<a " * 30000`` in one
description held a refresh for minutes) and raises AssertionError on ``<![`` not followed
by a name, which failed the whole feed. lexbor parses as a browser does, in linear time,
and never raises on bad markup; entities are decoded by the parser.
"""

from __future__ import annotations

import re

from tui.core.clean import clean_line, clean_text

SUMMARY_CHARS = 1000
# Elements whose content is not text a reader sees.
_SKIPPED = ("script", "style", "head", "title", "template", "noscript", "svg", "math", "iframe",
            "object")
_SELECTOR = ", ".join(_SKIPPED)
_HAS_SKIPPED = re.compile(rf"<(?:{'|'.join(_SKIPPED)})", re.IGNORECASE)  # a cheap first look


def html_to_text(html: str) -> str:
    """All the text, entities decoded, controls stripped, whitespace collapsed to one line.
    ``<p>a</p><p>b</p>`` is two words, not "ab": every text node is set apart by a space."""
    if "<" not in html and "&" not in html:
        return clean_line(html)
    # Imported here: a refresh where every feed answers 304 (or the app) never needs it.
    from selectolax.lexbor import LexborHTMLParser

    # Escape sequences go whole before parsing (the parser would leave their tails as
    # text); so do lone surrogates (a JSON Feed's "\ud800"), which are not UTF-8.
    tree = LexborHTMLParser(clean_text(html), is_fragment=True)
    if _HAS_SKIPPED.search(html):
        for node in tree.css(_SELECTOR):
            node.decompose()
    root = tree.root
    return clean_line(root.text(separator=" ") if root is not None else "")


def shorten(text: str, limit: int = SUMMARY_CHARS) -> str:
    """At most ``limit`` characters, cut at a word boundary with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-") + "…"


def word_count(text: str) -> int:
    return len(text.split())
