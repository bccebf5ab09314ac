"""Making text and links from outside safe to store and to show in a terminal.

Feeds, OPML files and servers' error messages come from strangers. Before any of it
is stored: terminal escape sequences, control characters (C0 except newline, DEL, C1)
and bidi overrides are removed, and a link is kept only if it is http(s).
Hand-written because it is a few regular expressions, not a parser.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

# Whole escape sequences first (so their printable tails do not survive): CSI (ESC [ ...
# final byte, or the one-byte C1 CSI), OSC/DCS/APC/PM/SOS strings up to BEL or ST, then
# any other ESC + one character.
_ESCAPES = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[ -~]?"
)
# C0 except tab and newline (tab becomes a space below), DEL, C1; bidi embeddings,
# overrides and isolates (U+202A-202E, U+2066-2069); lone surrogates (cannot be stored).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
SAFE_SCHEMES = frozenset({"http", "https"})


def clean_text(text: str) -> str:
    """Multi-line text (a summary): escapes and controls removed, newlines kept."""
    if text.isprintable():  # the common case, checked in C: no control, format or bidi char
        return text
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return _CONTROL.sub("", _ESCAPES.sub("", text))


def strip_controls(text: str) -> str:
    """Only the control, bidi and surrogate characters removed (escape tails kept as text)."""
    return _CONTROL.sub("", text)


def clean_line(text: str) -> str:
    """One-line text (a title, a name, a tag): cleaned and its whitespace collapsed."""
    return " ".join(clean_text(text).split())


def safe_url(url: str | None) -> str | None:
    """The link if it is an absolute http(s) URL with a host, else None (javascript:, file:,
    data:, relative and malformed links are dropped)."""
    if not url:
        return None
    url = url.strip()
    if not url or url != clean_line(url) or any(c.isspace() for c in url):
        return None
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        return None
    if parts.scheme.lower() not in SAFE_SCHEMES or not host:
        return None
    return url
