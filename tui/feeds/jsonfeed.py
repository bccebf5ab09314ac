"""A reader for JSON Feed (1.0 and 1.1, https://jsonfeed.org/version/1.1).

Hand-written: the spec is a dozen fields of plain JSON, and no maintained library
reads it without also fetching it.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from tui.feeds.items import FeedError, FeedItem, ParsedFeed

VERSION_PREFIX = "https://jsonfeed.org/version/"


def _str(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _date(value: Any) -> float | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    if parsed.tzinfo is None:  # RFC 3339 requires an offset; read a missing one as UTC
        return parsed.replace(tzinfo=UTC).timestamp()
    return parsed.timestamp()


def _item(raw: Any) -> FeedItem | None:
    if not isinstance(raw, dict):
        return None
    raw_id = raw.get("id")
    ident = str(raw_id) if isinstance(raw_id, str | int) and not isinstance(raw_id, bool) else ""
    link = _str(raw.get("url")) or _str(raw.get("external_url"))
    title = _str(raw.get("title"))
    key = ident or link or title
    if not key:
        return None
    content = _str(raw.get("content_html")) or _html_escape(_str(raw.get("content_text")))
    summary = _html_escape(_str(raw.get("summary"))) or content
    tags = raw.get("tags")
    categories = tuple(t for t in tags if isinstance(t, str)) if isinstance(tags, list) else ()
    published = _date(raw.get("date_published")) or _date(raw.get("date_modified"))
    return FeedItem(key, title, link or None, summary, content or summary, categories, published)


def _html_escape(text: str) -> str:
    """Plain-text fields go through the same HTML-to-text step: escape them first."""
    return text.replace("&", "&amp;").replace("<", "&lt;")


def parse_json_feed(data: bytes) -> ParsedFeed:
    try:
        doc = json.loads(data)
    except (ValueError, RecursionError) as exc:
        raise FeedError(f"not a feed (invalid JSON: {str(exc)[:60]})") from None
    if not isinstance(doc, dict) or not _str(doc.get("version")).startswith(VERSION_PREFIX):
        raise FeedError("not a feed (JSON without a JSON Feed version)")
    items = doc.get("items")
    if not isinstance(items, list):
        raise FeedError("not a feed (JSON Feed without items)")
    parsed = [item for item in map(_item, items) if item is not None]
    return ParsedFeed(_str(doc.get("title")), tuple(parsed))
