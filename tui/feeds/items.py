"""What a parsed feed holds, whatever its format (RSS, Atom, JSON Feed)."""

from __future__ import annotations

from dataclasses import dataclass


class FeedError(Exception):
    """A per-feed failure; ``str()`` is the one-line reason shown to the user."""


@dataclass(frozen=True, slots=True)
class FeedItem:
    # guid, else link, else title, else enclosure (a podcast), else the text itself: the
    # item's identity within its feed
    key: str
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
    home: str = ""  # relative item links resolve against it (JSON Feed), else the feed's URL


def first_key(*candidates: str | None) -> str:
    """The first candidate that is not blank, stripped: an item's identity."""
    return next((c.strip() for c in candidates if c and c.strip()), "")

