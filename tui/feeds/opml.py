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
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass, field

import defusedxml
import defusedxml.ElementTree as SafeET

from tui.core.clean import clean_line, safe_url
from tui.core.subscriptions import Subscription
from tui.feeds.mapping import tag_word


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


def parse_opml(data: bytes) -> OpmlImport:
    try:
        root = SafeET.fromstring(data, forbid_dtd=True)
    except defusedxml.DefusedXmlException:
        raise OpmlError("refused: the file declares a DTD or entities") from None
    except ET.ParseError as exc:
        line = exc.position[0] if exc.position else None
        where = f"line {line}: " if line else ""
        raise OpmlError(f"{where}not valid XML ({clean_line(str(exc))[:80]})") from None
    if root.tag != "opml":
        raise OpmlError(f"not an OPML file (the root element is <{clean_line(root.tag)[:30]}>)")
    body = root.find("body")
    if body is None:
        raise OpmlError("not an OPML file (no <body>)")
    by_url: dict[str, OpmlFeed] = {}
    refused: list[str] = []

    def walk(node: ET.Element, folders: list[str]) -> None:
        for outline in node.findall("outline"):
            name = clean_line(outline.get("title") or outline.get("text") or "")
            raw_url = outline.get("xmlUrl", outline.get("xmlurl"))
            if raw_url is None:
                folder = tag_word(name)
                walk(outline, [*folders, folder] if folder else folders)
                continue
            url = safe_url(raw_url)
            if url is None:
                shown = clean_line(raw_url)[:60] or "an empty URL"
                label = f"{name[:40]!r}" if name else "without a name"
                refused.append(f"outline {label}: {shown!r} is not an http(s) URL (refused)")
                continue
            tags = [*folders, *_category_tags(outline.get("category"))]
            feed = by_url.setdefault(url, OpmlFeed(url, name))
            feed.tags.extend(t for t in tags if t and t not in feed.tags)

    walk(body, [])
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
