"""Property tests: whatever a stranger sends, the cleaners, the feed and OPML parsers
and the mapping give clean text or their own one-line error, never a crash."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from tui.core.clean import clean_line, clean_text, safe_url
from tui.core.document import TAG_WORD
from tui.feeds.html_text import html_to_text, shorten
from tui.feeds.items import FeedError, FeedItem
from tui.feeds.mapping import tag_word, to_article
from tui.feeds.opml import OpmlError, parse_opml
from tui.feeds.parse import parse_feed

FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
# Text rich in what attackers use: escapes, C1, bidi, markup, entities, tags.
NASTY = st.lists(
    st.one_of(
        st.text(max_size=8),
        st.sampled_from(["\x1b", "\x1b[", "\x1b]8;;", "\x07", "\x9b", "\x9d", "\u202e", "\u2066",
                         "[@click=app.quit]", "[/]", "&amp;", "&#x1b;", "&#155;", "<p>", "</",
                         "<script>", "<!--", "\n", "\t", "\r", " "]),
    ),
    max_size=40,
).map("".join)
XMLISH = st.lists(
    st.sampled_from([b"<?xml version='1.0'?>", b"<rss version='2.0'>", b"<channel>", b"<item>",
                     b"<title>", b"</title>", b"</item>", b"<!DOCTYPE x [", b"<!ENTITY a 'b'>",
                     b"]>", b"&a;", b"<feed xmlns='http://www.w3.org/2005/Atom'>", b"<entry>",
                     b"{", b'"version": "https://jsonfeed.org/version/1.1"', b'"items": [',
                     b"\xff\xfe", b"\x00", b"\xc3", b"text", b"<guid>", b"</guid>", b"<link>"]),
    max_size=30,
).map(b"".join)


@given(NASTY)
@settings(max_examples=300, deadline=None)
def test_cleaned_text_has_no_controls_and_cleaning_is_idempotent(text: str) -> None:
    cleaned = clean_text(text)
    assert not FORBIDDEN.search(cleaned)
    assert clean_text(cleaned) == cleaned
    line = clean_line(text)
    assert "\n" not in line and line == line.strip() and clean_line(line) == line


@given(NASTY)
@settings(max_examples=300, deadline=None)
def test_html_to_text_is_clean_and_short_enough(html: str) -> None:
    text = html_to_text(html)
    assert not FORBIDDEN.search(text) and "\n" not in text
    assert len(shorten(text)) <= 1000


@given(NASTY)
@settings(max_examples=300, deadline=None)
def test_tag_words_are_tag_words(category: str) -> None:
    word = tag_word(category)
    assert word == "" or TAG_WORD.fullmatch(word)


@given(st.one_of(NASTY, st.from_regex(r"[a-zA-Z]{1,10}:[^\s]{0,40}", fullmatch=True)))
@settings(max_examples=300, deadline=None)
def test_only_http_urls_survive(url: str) -> None:
    kept = safe_url(url)
    assert kept is None or kept.lower().startswith(("http://", "https://"))


@given(st.one_of(XMLISH, st.binary(max_size=400)))
@settings(max_examples=200, deadline=None)
def test_the_feed_parser_gives_a_feed_or_its_own_error(data: bytes) -> None:
    try:
        feed = parse_feed(data, "application/xml")
    except FeedError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    for item in feed.items:
        article = to_article(item, "C", ("x",), "https://f.example/", "https://f.example/")
        for text in (article.title, article.summary, *article.tags):
            assert not FORBIDDEN.search(text)


@given(NASTY, NASTY, NASTY, st.lists(NASTY, max_size=5))
@settings(max_examples=200, deadline=None)
def test_mapping_any_item_gives_a_clean_article(
    title: str, summary: str, link: str, categories: list[str]
) -> None:
    item = FeedItem("k", title, link, summary, summary, tuple(categories), None)
    a = to_article(item, "C", (), "https://f.example/", "https://f.example/")
    assert a.title and not FORBIDDEN.search(a.title + a.summary + "".join(a.tags))
    assert a.url is None or a.url.startswith(("http://", "https://"))
    assert 1 <= a.read_minutes <= 9999


@given(st.one_of(XMLISH, st.binary(max_size=300)))
@settings(max_examples=200, deadline=None)
def test_the_opml_parser_gives_feeds_or_its_own_error(data: bytes) -> None:
    try:
        parsed = parse_opml(data)
    except OpmlError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    assert all(safe_url(f.url) == f.url for f in parsed.feeds)
