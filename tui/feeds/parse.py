"""Feed bytes to a ParsedFeed: JSON Feed by its own reader, RSS and Atom by feedparser.

feedparser is handed the bytes in a BytesIO, never a string: given a string (or
bytes) it may treat it as a URL or a file name and open it. XML is checked for
entity declarations first (xml_guard), and feedparser's HTML sanitizer and
relative-URI rewriting are off: every HTML field is reduced to plain text anyway.
"""

from __future__ import annotations

import calendar
import codecs
import io
import re
import time
from typing import Any

from tui.feeds.dates import exact_seconds
from tui.feeds.items import FeedError, FeedItem, ParsedFeed, first_key
from tui.feeds.jsonfeed import parse_json_feed
from tui.feeds.xml_guard import UnsafeXMLError, check_xml

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_LOOKS_HTML = re.compile(rb"^\s*(?:<!doctype\s+html|<html)", re.IGNORECASE)
_CHARSET = re.compile(r"charset=([^;]+)", re.IGNORECASE)
_DECLARED = re.compile(rb"^(?:\xef\xbb\xbf)?\s*<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._-]+)")


def _looks_json(data: bytes, content_type: str) -> bool:
    start = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    return start == b"{" or ("json" in content_type.lower() and start != b"<")


def parse_feed(data: bytes, content_type: str = "") -> ParsedFeed:
    """Raises FeedError with a one-line reason when the bytes are not a usable feed."""
    if not data.strip():
        raise FeedError("not a feed (the response was empty)")
    if _looks_json(data, content_type):
        return parse_json_feed(data, content_type)
    import feedparser  # here, not at the top: a refresh where every feed answers 304 skips it

    headers = {"content-type": content_type} if content_type else {}
    data = _repaired_utf8(data, content_type)
    try:
        check_xml(data)
        check_xml(_as_feedparser_reads(data, headers))
    except UnsafeXMLError as exc:
        raise FeedError(str(exc)) from None
    doc = feedparser.parse(
        io.BytesIO(data),
        response_headers=headers,
        sanitize_html=False,
        resolve_relative_uris=False,
    )
    if not doc.get("version") and not doc.entries:
        if _LOOKS_HTML.match(data) or "html" in content_type.lower():
            raise FeedError("not a feed (the server sent an HTML page)")
        raise FeedError("not a feed (neither RSS, Atom nor JSON Feed)")
    items = [item for item in map(_item, doc.entries) if item is not None]
    return ParsedFeed(_text_of(doc.feed, "title"), tuple(items))


def _cp1252_for_stray_bytes(error: UnicodeError) -> tuple[str, int]:
    """Each byte that is not UTF-8 as its Windows-1252 character (the five it leaves
    undefined are dropped)."""
    assert isinstance(error, UnicodeDecodeError)
    stray = error.object[error.start : error.end]
    return stray.decode("cp1252", "ignore"), error.end


codecs.register_error("casebook-cp1252", _cp1252_for_stray_bytes)


def _repaired_utf8(data: bytes, content_type: str) -> bytes:
    """A UTF-8 feed with a stray Windows-1252 byte (a pasted "é" from an old CMS) is
    read as UTF-8 with that byte as its Windows-1252 character: feedparser would decode
    the whole document as Windows-1252, garbling every other accent ("CrÃ¨me").
    Only for documents that are UTF-8 by every sign they give (no other charset in the
    header or the declaration, markup in ASCII)."""
    try:
        data.decode("utf-8")
        return data
    except UnicodeDecodeError:
        pass
    if b"\x00" in data[:4] or not data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        return data  # UTF-16/32, EBCDIC...
    charset = _CHARSET.search(content_type)
    declared = _DECLARED.match(data)
    names = [charset.group(1).strip("\"' ") if charset else "", declared and declared.group(1)]
    for name in names:
        if not name:
            continue
        try:
            if codecs.lookup(name if isinstance(name, str) else name.decode()).name != "utf-8":
                return data
        except LookupError:
            return data
    return data.decode("utf-8", "casebook-cp1252").encode("utf-8")


def _as_feedparser_reads(data: bytes, headers: dict[str, str]) -> bytes:
    """The UTF-8 bytes feedparser's parsers will be given. It decodes UTF-32, EBCDIC,
    UTF-7 and whatever the headers or the declaration name itself, so a document whose
    raw bytes hide an entity declaration from the scan is checked again as it will be read
    (the same function, on the same bytes and headers, as feedparser.parse calls)."""
    from feedparser.encodings import convert_to_utf8

    converted = convert_to_utf8(dict(headers), data, {})
    return converted if isinstance(converted, bytes) else data


def _text_of(node: Any, field: str) -> str:
    """A text construct as given; HTML ones are reduced to text when mapped."""
    value = node.get(field)
    if not isinstance(value, str):
        return ""
    detail = node.get(f"{field}_detail") or {}
    if detail.get("type") in _HTML_TYPES:
        from tui.feeds.html_text import html_to_text

        return html_to_text(value)
    return value


def _html_of(node: Any, field: str) -> str:
    value = node.get(field)
    if not isinstance(value, str):
        return ""
    detail = node.get(f"{field}_detail")
    # No detail: feedparser copied the content (HTML) into the summary.
    if not detail or detail.get("type") in _HTML_TYPES:
        return value
    return _escape(value)


def _escape(text: str) -> str:
    """Plain text goes through the same HTML-to-text step as HTML: escape it first."""
    return text.replace("&", "&amp;").replace("<", "&lt;")


def _timestamp(entry: Any) -> float | None:
    """The published date, else the updated one, else the created one. For each, what the
    standard library reads exactly (Unix seconds, ISO 8601) before feedparser's reading.
    dict.get: FeedParserDict.get would map a missing field to another, with a warning."""
    for field in ("published", "updated", "created"):
        raw = dict.get(entry, field)
        exact = exact_seconds(raw) if isinstance(raw, str) else None
        if exact is not None:
            return exact
        value = dict.get(entry, f"{field}_parsed")
        if isinstance(value, time.struct_time):
            try:
                return float(calendar.timegm(value))
            except (OverflowError, ValueError):
                return None
    return None


def _is_web_url(link: str) -> bool:
    return link.lower().startswith(("http://", "https://", "//"))


def _enclosure(entry: Any) -> str:
    """A podcast episode's audio: the first ``rel="enclosure"`` link (RSS or Atom)."""
    for link in entry.get("links") or []:
        if isinstance(link, dict) and link.get("rel") == "enclosure":
            href = link.get("href")
            if isinstance(href, str) and href.strip():
                return href.strip()
    return ""


def _link_of(entry: Any) -> str:
    """The item's link. A guid that feedparser copied into it (RSS's isPermaLink defaults
    to true; an Atom id) counts only if it is a web URL: "12345" or "urn:4" is no link."""
    link = entry.get("link") if isinstance(entry.get("link"), str) else ""
    if link and entry.get("guidislink") and not _is_web_url(link.strip()):
        return ""
    return link


def _item(entry: Any) -> FeedItem | None:
    title = _text_of(entry, "title")
    link = _link_of(entry)
    enclosure = _enclosure(entry)
    guid = entry.get("id") if isinstance(entry.get("id"), str) else None
    contents = entry.get("content") or []
    content = "\n".join(
        c["value"] if c.get("type") in _HTML_TYPES else _escape(c["value"])
        for c in contents
        if isinstance(c, dict) and isinstance(c.get("value"), str)
    )
    summary = _html_of(entry, "summary")
    # RSS makes every item element optional: an item with only an enclosure (a podcast) or
    # only a description is still an article, identified by what it has.
    key = first_key(guid, link, title, enclosure, summary, content)
    if not key:
        return None
    categories = tuple(
        t.get("term") or t.get("label") or ""
        for t in entry.get("tags") or []
        if isinstance(t, dict)
    )
    return FeedItem(
        key,
        title,
        link or enclosure or None,
        summary or content,
        content or summary,
        tuple(c for c in categories if isinstance(c, str) and c),
        _timestamp(entry),
    )
