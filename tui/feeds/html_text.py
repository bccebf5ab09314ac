"""HTML (a feed item's summary or content) to plain text, with the stdlib's html.parser.

A real tokenizer rather than a regex: it copes with broken markup, comments and
``<script>`` bodies, and decodes every entity (``convert_charrefs``).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from tui.core.clean import clean_line

SUMMARY_CHARS = 1000
_SKIPPED = frozenset({"script", "style", "head", "title", "template", "noscript", "svg", "math"})
_SPACES = re.compile(r"\s+")


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self._skipping += 1
        self.parts.append(" ")  # <p>a</p><p>b</p> is two words, not "ab"

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED and self._skipping:
            self._skipping -= 1
        self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    """All the text, entities decoded, controls stripped, whitespace collapsed to one line."""
    if "<" not in html and "&" not in html:
        return clean_line(html)
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    return clean_line("".join(collector.parts))


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
