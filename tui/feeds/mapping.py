"""A feed item becomes an article: the rules the README promises, in one place.

company = the subscription's name, else the feed's title; title; summary = plain text
of the summary (or the content), about 1,000 characters cut at a word; tags = the
subscription's tags plus the item's categories as tag words; reading time = words of
the full content / 230, rounded up, at least 1; url (http(s) only, resolved against
the feed's URL); published. Identity: feed URL + guid (else link, else title).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import replace
from urllib.parse import urljoin, urlsplit

from tui.core.clean import clean_line, clean_text, safe_url
from tui.core.document import MAX_TAGS
from tui.core.models import Article, feed_article_id
from tui.feeds.html_text import html_to_text, shorten, word_count
from tui.feeds.items import FeedItem, ParsedFeed, first_key
from tui.feeds.parse import parse_feed
from tui.feeds.urls import tidy_url

WORDS_PER_MINUTE = 230
# Caps on what one stranger's feed can put in the store.
MAX_ITEMS = 1000  # per fetch: the newest by date (feed order among undated ones)
MAX_TITLE = 300
MAX_COMPANY = 100
MAX_TAG = 64
MAX_URL = 2048
MAX_MINUTES = 9999  # the document format's reading time has at most 4 digits
_NOT_TAG_CHAR = re.compile(r"[^a-z0-9+#._/-]")
_LEADING = re.compile(r"^[^a-z0-9]+")
_HYPHENS = re.compile(r"-{2,}")


def tag_word(category: str) -> str:
    """'Machine Learning' -> 'machine-learning', 'Sécurité' -> 'securite', '!!!' -> ''."""
    folded = unicodedata.normalize("NFKD", clean_line(category).lower())
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    word = _NOT_TAG_CHAR.sub("", re.sub(r"\s+", "-", folded.strip()))
    # 'Tips & Tricks' -> 'tips-tricks', not 'tips--tricks'
    return _LEADING.sub("", _HYPHENS.sub("-", word))[:MAX_TAG].rstrip("-")


def tag_words(words: Iterable[str]) -> tuple[str, ...]:
    tags = dict.fromkeys(w for w in map(tag_word, words) if w)
    return tuple(tags)[:MAX_TAGS]


def company_of(name: str | None, feed: ParsedFeed, feed_url: str) -> str:
    company = clean_line(name or "") or clean_line(feed.title)
    return shorten(company, MAX_COMPANY) or urlsplit(feed_url).hostname or "?"


def _link(raw: str | None, base_url: str) -> str | None:
    """Relative links resolve against the feed; any non-http(s) link is dropped."""
    if not raw:
        return None
    raw = tidy_url(clean_text(raw))  # a space in a link is sent as %20, as a browser does
    if len(raw) > MAX_URL:
        return None
    try:
        # Only a relative link is resolved: an absolute one keeps its scheme (javascript:...).
        return safe_url(raw if urlsplit(raw).scheme else urljoin(base_url, raw))
    except ValueError:
        return None


# Years 1 to 9999 in UTC: what a datetime (and so `list --json`) can show.
_EARLIEST, _LATEST = -62135596800.0, 253402300799.0


def _when(published: float | None) -> float | None:
    """A date outside years 1-9999 UTC (9999-12-31T23:59-12:00 is in year 10000) is none."""
    if published is None or not _EARLIEST <= published <= _LATEST:  # NaN fails both
        return None
    return published


def _distinct(items: Sequence[FeedItem]) -> list[FeedItem]:
    """Each item once, under a key of its own. Feeds that give every item the same guid
    exist (a misconfigured plugin): items sharing a guid but not a link are told apart by
    their link (else title, else text), so none is lost; a true duplicate (same key, same
    link) is kept once, the first (newest in practice)."""
    counts = Counter(item.key for item in items)
    seen: dict[str, FeedItem] = {}
    for item in items:
        if counts[item.key] > 1:
            second = first_key(item.link, item.title, item.summary_html, item.content_html)
            item = replace(item, key=f"{item.key}\n{second}")
        seen.setdefault(item.key, item)
    return list(seen.values())


def _newest(items: list[FeedItem], limit: int) -> list[FeedItem]:
    """At most ``limit`` items, the newest by date (undated ones after), in feed order."""
    if len(items) <= limit:
        return items
    rank = sorted(
        range(len(items)),
        key=lambda k: (items[k].published is None, -(items[k].published or 0.0), k),
    )
    return [items[k] for k in sorted(rank[:limit])]


def to_article(
    item: FeedItem, company: str, sub_tags: Iterable[str], feed_url: str, base_url: str
) -> Article:
    summary_text = html_to_text(item.summary_html)
    content_text = (
        summary_text if item.content_html == item.summary_html else html_to_text(item.content_html)
    )
    link = _link(item.link, base_url)
    title = clean_line(item.title) or shorten(summary_text, 80) or link or "(untitled)"
    minutes = min(MAX_MINUTES, max(1, math.ceil(word_count(content_text) / WORDS_PER_MINUTE)))
    return Article(
        feed_article_id(feed_url, item.key),
        company,
        shorten(title, MAX_TITLE),
        shorten(summary_text),
        tag_words([*sub_tags, *item.categories]),
        minutes,
        link,
        _when(item.published),
    )


def read_feed(
    body: bytes,
    content_type: str,
    name: str,
    tags: Sequence[str],
    feed_url: str,
    base_url: str,
) -> tuple[str, list[Article]]:
    """Parses and maps one feed. Top-level, in a module that imports no network code, so
    a worker process can run it after a light import."""
    feed = parse_feed(body, content_type)  # JSON Feed: links are relative to home_page_url
    company = company_of(name, feed, feed_url)
    items = _newest(_distinct(feed.items), MAX_ITEMS)
    link_base = _link(feed.home, base_url) or base_url
    articles = [to_article(i, company, tags, feed_url, link_base) for i in items]
    return shorten(clean_line(feed.title), MAX_COMPANY), articles
