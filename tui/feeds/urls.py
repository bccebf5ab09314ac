"""Links as people and feeds write them, made into URLs a browser would use.

Hand-written: two rules of the WHATWG URL spec (tabs and newlines inside a URL are
removed, the ends trimmed; a space is sent as %20) and the old ``feed:`` pseudo-scheme
that some OPML files and browsers still use. What comes out is still checked by
``safe_url`` (http(s) only).
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

from tui.core.clean import safe_url

_TAB_OR_NEWLINE = re.compile(r"[\t\r\n]")
# Spaces, not controls: a URL with an escape sequence in it stays refused (safe_url).
_SPACE = re.compile("[ \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]")


def tidy_url(raw: str) -> str:
    """``' https://a.example/my feed.xml\\n'`` -> ``'https://a.example/my%20feed.xml'``."""
    url = _TAB_OR_NEWLINE.sub("", raw).strip(" \u00a0")
    return _SPACE.sub(lambda m: quote(m.group()), url)


def feed_url(raw: str | None) -> str | None:
    """A subscription's URL, or None when it is not http(s). ``feed://host/x`` is
    ``http://host/x`` and ``feed:https://host/x`` is ``https://host/x``."""
    if not raw:
        return None
    url = tidy_url(raw)
    if url[:7].lower() == "feed://":
        url = "http://" + url[7:]
    elif url[:5].lower() == "feed:" and url[5:].lower().startswith(("http://", "https://")):
        url = url[5:]
    try:
        urlsplit(url).port  # noqa: B018  (raises ValueError for a port past 65535)
    except ValueError:
        return None
    return safe_url(url)
