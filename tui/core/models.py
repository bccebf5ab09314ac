"""The article record shared by the parser, the store and the UI."""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass

from tui.core.clean import safe_url


def article_id(company: str, title: str) -> str:
    """A stable id, so re-importing the same record updates it instead of adding a copy.

    Case and Unicode normal form are folded so a re-typed title keeps its state.
    """
    key = unicodedata.normalize("NFC", f"{company}\x00{title}").casefold()
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def feed_article_id(feed_url: str, item_key: str) -> str:
    """A feed item's id: its feed plus its guid (or link, or title), so a re-fetch finds the
    same article and an edited item (same guid, new text) is updated in place."""
    key = unicodedata.normalize("NFC", f"feed\x00{feed_url}\x00{item_key}")
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


@dataclass(frozen=True, slots=True)
class Article:
    id: str
    company: str
    title: str
    summary: str
    tags: tuple[str, ...]
    read_minutes: int
    url: str | None = None  # http(s) only: Article.create drops anything else
    published: float | None = None  # seconds since the epoch (UTC)

    @classmethod
    def create(
        cls,
        company: str,
        title: str,
        summary: str,
        tags: tuple[str, ...],
        read_minutes: int,
        url: str | None = None,
        published: float | None = None,
    ) -> Article:
        return cls(
            article_id(company, title),
            company,
            title,
            summary,
            tags,
            read_minutes,
            safe_url(url),
            published,
        )


@dataclass(frozen=True, slots=True)
class ArticleState:
    """What the user did to an article; kept apart from the catalogue so toggles stay cheap."""

    read: bool = False
    bookmarked: bool = False
