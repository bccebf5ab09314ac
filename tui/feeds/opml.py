"""OPML import and export of subscriptions (newsboat, Feedly, NetNewsWire all speak it).

Parsing goes through defusedxml with DTDs forbidden, so an OPML file cannot declare
entities. Only outlines whose ``xmlUrl`` is http(s) are subscribed: newsboat's own
``exec:``/``filter:``/``query:`` entries (and ``file:``, ``javascript:``...) are refused
one by one with a message. Folders become tags (as tag words), and so does OPML 2.0's
``category`` attribute; export writes tags as folders, a feed under each of its tags,
which import merges back into one subscription.
"""

from __future__ import annotations

import email.utils
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

import defusedxml
import defusedxml.ElementTree as SafeET

from tui.core.clean import clean_line
from tui.core.document import MAX_TAGS
from tui.core.subscriptions import Subscription
from tui.feeds.html_text import shorten
from tui.feeds.mapping import MAX_COMPANY, tag_word
from tui.feeds.urls import feed_url

_DECLARED = re.compile(rb"^(?:\xef\xbb\xbf)?\s*<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._-]+)")
_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


class OpmlError(ValueError):
    """The file is not OPML we can read; ``str()`` is the one-line reason."""


@dataclass(slots=True)
class OpmlFeed:
    url: str
    name: str
    tags: list[str] = field(default_factory=list)


@dataclass(slots=True)
class OpmlImport:
    feeds: list[OpmlFeed]
    refused: list[str]  # one message per outline that was not subscribed


def _category_tags(value: str | None) -> list[str]:
    """OPML 2.0: comma-separated, slash-delimited category paths (``/tech/go,/ops``)."""
    if not value:
        return []
    return [tag_word(part) for path in value.split(",") for part in path.split("/")]


def _redecoded(data: bytes) -> str | None:
    """The text for a second try when expat could not read the bytes: an encoding it does
    not know (Shift_JIS, GBK...), or none declared on bytes that are not UTF-8 (an old
    export in Windows-1252). None when there is nothing better to try."""
    match = _DECLARED.match(data)
    if match:
        try:
            text = data.decode(match.group(1).decode("ascii"), "replace")
        except LookupError:
            return None
    else:
        try:
            data.decode("utf-8")
            return None  # UTF-8 already: the error is elsewhere
        except UnicodeDecodeError:
            text = data.decode("cp1252", "replace")
    return _DECLARATION.sub("", text.lstrip("\ufeff"), count=1)


def _root_of(data: bytes) -> ET.Element:
    try:
        root: ET.Element = SafeET.fromstring(data, forbid_dtd=True)
        return root
    except defusedxml.DefusedXmlException:
        raise
    except (ET.ParseError, ValueError, LookupError) as exc:
        # ValueError: "multi-byte encodings are not supported"; LookupError: no such encoding
        text = _redecoded(data)
        if text is not None:
            try:
                root = SafeET.fromstring(text, forbid_dtd=True)
                return root
            except ET.ParseError:
                pass
        if isinstance(exc, ET.ParseError):
            raise
        raise OpmlError(f"cannot read its encoding ({clean_line(str(exc))[:60]})") from None


def _local(tag: object) -> str:
    """'{http://opml.org/spec2}outline' -> 'outline' (some exporters add a namespace)."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _children(node: ET.Element, name: str) -> list[ET.Element]:
    return [child for child in node if _local(child.tag) == name]


def _attributes(outline: ET.Element) -> dict[str, str]:
    """Attribute names in lowercase: xmlUrl, xmlurl and XMLURL are all seen in the wild."""
    return {_local(key).lower(): value for key, value in outline.attrib.items()}


def parse_opml(data: bytes) -> OpmlImport:
    try:
        root = _root_of(data)
    except defusedxml.DefusedXmlException:
        raise OpmlError("refused: the file declares a DTD or entities") from None
    except ET.ParseError as exc:
        line = exc.position[0] if exc.position else None
        where = f"line {line}: " if line else ""
        raise OpmlError(f"{where}not valid XML ({clean_line(str(exc))[:80]})") from None
    if _local(root.tag) != "opml":
        raise OpmlError(f"not an OPML file (the root element is <{clean_line(root.tag)[:30]}>)")
    bodies = _children(root, "body")
    if not bodies:
        raise OpmlError("not an OPML file (no <body>)")
    by_url: dict[str, OpmlFeed] = {}
    refused: list[str] = []
    # A stack, not recursion: a file may nest folders thousands deep. Document order.
    stack: list[tuple[Iterator[ET.Element], list[str]]] = [
        (iter(_children(bodies[0], "outline")), [])
    ]
    while stack:
        outlines, folders = stack[-1]
        outline = next(outlines, None)
        if outline is None:
            stack.pop()
            continue
        attrs = _attributes(outline)
        name = shorten(clean_line(attrs.get("title") or attrs.get("text") or ""), MAX_COMPANY)
        raw_url = attrs.get("xmlurl")
        inside = _children(outline, "outline")
        if raw_url is None or (not raw_url.strip() and inside):
            # A folder (some exporters give folders an empty xmlUrl), or an outline with
            # only an htmlUrl: nothing to subscribe to there.
            folder = tag_word(name)
            inner = [*folders, folder] if folder and folder not in folders else folders
            stack.append((iter(inside), inner))
            continue
        url = feed_url(raw_url)
        if url is None:
            shown = clean_line(raw_url)[:60] or "an empty URL"
            label = f"{name[:40]!r}" if name else "without a name"
            refused.append(f"outline {label}: {shown!r} is not an http(s) URL (refused)")
            continue
        tags = [*folders, *_category_tags(attrs.get("category"))]
        feed = by_url.setdefault(url, OpmlFeed(url, name))
        feed.tags.extend(t for t in tags if t and t not in feed.tags)
        del feed.tags[MAX_TAGS:]  # what an article can carry anyway
    return OpmlImport(list(by_url.values()), refused)


def export_opml(subscriptions: Sequence[Subscription]) -> bytes:
    """OPML 2.0: tags as folders (a feed under each of its tags), untagged feeds at the top."""
    root = ET.Element("opml", version="2.0")
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = "casebook subscriptions"
    ET.SubElement(head, "dateCreated").text = email.utils.formatdate(usegmt=True)
    body = ET.SubElement(root, "body")
    folders: dict[str, ET.Element] = {}
    for sub in subscriptions:
        parents = [body] if not sub.tags else []
        for tag in sub.tags:
            if tag not in folders:
                folders[tag] = ET.SubElement(body, "outline", text=tag, title=tag)
            parents.append(folders[tag])
        for parent in parents:
            ET.SubElement(
                parent,
                "outline",
                type="rss",
                text=sub.display_name,
                title=sub.display_name,
                xmlUrl=sub.url,
            )
    ET.indent(root)
    data: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return data + b"\n"
