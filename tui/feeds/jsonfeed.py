"""A reader for JSON Feed (1.0 and 1.1, https://jsonfeed.org/version/1.1).

Hand-written: the spec is a dozen fields of plain JSON, and no maintained library
reads it without also fetching it.
"""

from __future__ import annotations

import json
import re
from typing import Any

from tui.feeds.dates import text_seconds
from tui.feeds.items import FeedError, FeedItem, ParsedFeed, first_key

VERSION_PREFIX = "https://jsonfeed.org/version/"
_VERSION_PREFIXES = (VERSION_PREFIX, "http://jsonfeed.org/version/")  # early feeds wrote http
_CHARSET = re.compile(r"charset=([^;]+)", re.IGNORECASE)


def _str(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _date(value: Any) -> float | None:
    return text_seconds(value) if isinstance(value, str) and value.strip() else None


def _ident(value: Any) -> str:
    """The spec says a string; numbers are common in the wild (``"id": 42``)."""
    if isinstance(value, bool):
        return ""
    if isinstance(value, str | int | float):
        return str(value)
    return ""


def _tags(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):  # "tags": "go" rather than ["go"]
        return (value,)
    if isinstance(value, list):
        return tuple(t for t in value if isinstance(t, str))
    return ()


def _attachment(raw: dict[str, Any]) -> str:
    """The first attachment's URL (a podcast episode's audio)."""
    attachments = raw.get("attachments")
    if isinstance(attachments, list):
        for attachment in attachments:
            if isinstance(attachment, dict) and _str(attachment.get("url")).strip():
                return _str(attachment.get("url")).strip()
    return ""


def _item(raw: Any) -> FeedItem | None:
    if not isinstance(raw, dict):
        return None
    link = _str(raw.get("url")).strip() or _str(raw.get("external_url")).strip()
    title = _str(raw.get("title"))
    attachment = _attachment(raw)
    content = _str(raw.get("content_html")) or _html_escape(_str(raw.get("content_text")))
    summary = _html_escape(_str(raw.get("summary"))) or content
    key = first_key(_ident(raw.get("id")), link, title, attachment, summary)
    if not key:
        return None
    published = _date(raw.get("date_published"))
    if published is None:
        published = _date(raw.get("date_modified"))
    return FeedItem(
        key,
        title,
        link or attachment or None,
        summary,
        content or summary,
        _tags(raw.get("tags")),
        published,
    )


def _html_escape(text: str) -> str:
    """Plain-text fields go through the same HTML-to-text step: escape them first."""
    return text.replace("&", "&amp;").replace("<", "&lt;")


def _decode(data: bytes, content_type: str) -> str:
    """UTF-8 (or UTF-16/32, told by its first bytes) as JSON requires; a server that sends
    another charset and says so in Content-Type is believed."""
    try:
        return data.decode(json.detect_encoding(data))
    except UnicodeDecodeError:
        pass
    charset = _CHARSET.search(content_type)
    if charset:
        try:
            return data.decode(charset.group(1).strip("\"' "), "replace")
        except LookupError:
            pass
    return data.decode("utf-8", "replace")


def parse_json_feed(data: bytes, content_type: str = "") -> ParsedFeed:
    try:
        doc = json.loads(_decode(data, content_type).lstrip("\ufeff"))
    except (ValueError, RecursionError) as exc:
        raise FeedError(f"not a feed (invalid JSON: {str(exc)[:60]})") from None
    if not isinstance(doc, dict) or not _str(doc.get("version")).startswith(_VERSION_PREFIXES):
        raise FeedError("not a feed (JSON without a JSON Feed version)")
    items = doc.get("items")
    if not isinstance(items, list):
        raise FeedError("not a feed (JSON Feed without items)")
    parsed = [item for item in map(_item, items) if item is not None]
    home = _str(doc.get("home_page_url")).strip()
    return ParsedFeed(_str(doc.get("title")), tuple(parsed), home)
