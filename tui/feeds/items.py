"""What a parsed feed holds, whatever its format (RSS, Atom, JSON Feed)."""

from __future__ import annotations

from dataclasses import dataclass


class FeedError(Exception):
    """A per-feed failure; ``str()`` is the one-line reason shown to the user."""


@dataclass(frozen=True, slots=True)
class FeedItem:
    key: str  # guid, else link, else title: the item's identity within its feed
    title: str  # plain text
    link: str | None  # as given (checked and resolved when mapped)
    summary_html: str  # the summary, or the content when there is none
    content_html: str  # the full content, or the summary when there is none
    categories: tuple[str, ...]
    published: float | None  # seconds since the epoch, UTC


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    title: str
    items: tuple[FeedItem, ...]
