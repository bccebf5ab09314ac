"""Feeds and OPML files as they are found in the wild, not as the specs draw them.

Old RSS dialects, namespaces, Atom's many link and content forms, JSON Feeds with the
wrong types, podcasts, broken guids, odd dates, odd links, odd encodings and
compressions, and OPML exported by the readers people come from. Where a fetch is
involved the feed is served by a real HTTP server on 127.0.0.1; the format cases that
only concern parsing and mapping call ``read_feed``/``parse_opml`` directly.
"""

from __future__ import annotations

import gzip
import json
import time
import zlib
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from tests.feed_support import articles, http, item_xml, one, refresh, rss, server, subscribe
from tests.test_cli import CLI, _isolated_env, cb  # noqa: F401  (fixtures)
from tui.core.models import Article
from tui.feeds.mapping import MAX_ITEMS, read_feed, tag_word
from tui.feeds.opml import OpmlError, parse_opml
from tui.feeds.urls import feed_url

__all__ = ["http", "server"]  # fixtures
FEED = "https://blog.example/feed"


def _short(value: object) -> str:
    """Test ids: the labels, not kilobytes of feed."""
    return value if isinstance(value, str) and len(value) < 60 else type(value).__name__


def ts(iso: str) -> float:
    return datetime.fromisoformat(iso).replace(tzinfo=UTC).timestamp()


def mapped(body: bytes, content_type: str = "", url: str = FEED) -> dict[str, Article]:
    """Parses and maps a feed as a refresh does; articles by title."""
    _, found = read_feed(body, content_type, "", [], url, url)
    by_title = {a.title: a for a in found}
    assert len(by_title) == len(found), [a.title for a in found]
    return by_title


def served(
    http: HTTPServer,
    tmp_path: Path,
    body: bytes,
    content_type: str | None = "application/rss+xml",
    headers: dict[str, str] | None = None,
) -> dict[str, Article]:
    """Serves ``body`` on 127.0.0.1, refreshes a fresh store from it; stored articles by title."""
    http.expect_request("/feed").respond_with_data(
        body, content_type=content_type, headers=headers or {}
    )
    result = one(tmp_path, http.url_for("/feed"))
    assert result.outcome == "ok", result
    stored = articles(tmp_path)
    assert result.new == len(stored)
    return {a.title: a for a in stored}


# -- RSS dialects --------------------------------------------------------------------


def test_rss_091_with_its_netscape_doctype(http: HTTPServer, tmp_path: Path) -> None:
    body = b"""<?xml version="1.0" encoding="ISO-8859-1"?>
<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN"
 "http://my.netscape.com/publish/formats/rss-0.91.dtd">
<rss version="0.91"><channel><title>Old Times</title><link>http://old.example/</link>
<description>d</description><language>en-us</language>
<item><title>One</title><link>http://old.example/1</link>
<description>First &amp; best</description></item>
<item><title>Two</title><link>http://old.example/2</link></item>
</channel></rss>"""
    got = served(http, tmp_path, body, "text/xml")
    assert set(got) == {"One", "Two"}
    assert got["One"].company == "Old Times" and got["One"].summary == "First & best"
    assert got["Two"].url == "http://old.example/2" and got["Two"].published is None


def test_rss_092_items_with_only_a_description_or_only_an_enclosure_are_kept(
    http: HTTPServer, tmp_path: Path
) -> None:
    """RSS makes every item element optional; such items used to be dropped."""
    body = b"""<rss version="0.92"><channel><title>Pod</title>
<item><description>Only a description, no title, guid or link.</description></item>
<item><enclosure url="http://pod.example/ep1.mp3" length="123" type="audio/mpeg"/></item>
<item><title>Episode 2</title>
<enclosure url="http://pod.example/ep2.mp3" length="123" type="audio/mpeg"/></item>
</channel></rss>"""
    got = served(http, tmp_path, body)
    assert set(got) == {
        "Only a description, no title, guid or link.",
        "http://pod.example/ep1.mp3",
        "Episode 2",
    }
    assert got["Episode 2"].url == "http://pod.example/ep2.mp3"  # the enclosure is the link
    assert got["http://pod.example/ep1.mp3"].url == "http://pod.example/ep1.mp3"
    # Their identity is stable: a refetch adds nothing.
    http.expect_request("/feed").respond_with_data(body, content_type="application/rss+xml")
    [again] = refresh(tmp_path)
    assert (again.new, again.updated) == (0, 0)


def test_rss_1_0_rdf_with_dublin_core(http: HTTPServer, tmp_path: Path) -> None:
    body = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
 xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="http://r.example/"><title>RDF Site</title><link>http://r.example/</link>
<description>x</description><items><rdf:Seq><rdf:li resource="http://r.example/1"/></rdf:Seq></items>
</channel>
<item rdf:about="http://r.example/1"><title>R1</title><link>http://r.example/1</link>
<description>desc</description><dc:date>2024-03-01T10:00:00+02:00</dc:date>
<dc:subject>Distributed Systems</dc:subject></item>
</rdf:RDF>"""
    [article] = served(http, tmp_path, body, "application/rdf+xml").values()
    assert (article.title, article.company, article.url) == ("R1", "RDF Site", "http://r.example/1")
    assert article.published == ts("2024-03-01T08:00:00")
    assert article.tags == ("distributed-systems",)


def test_rss_2_with_content_dc_and_media_namespaces() -> None:
    words = " ".join(["word"] * 700)
    body = f"""<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:media="http://search.yahoo.com/mrss/">
<channel><title>NS</title>
<item><title>Namespaced</title><guid isPermaLink="false">n1</guid>
<link>https://blog.example/n1</link>
<description><![CDATA[<p>The <b>short</b> summary &amp; more</p>]]></description>
<content:encoded><![CDATA[<p>{words}</p>]]></content:encoded>
<dc:date>2024-01-01T12:00:00Z</dc:date><dc:subject>Go</dc:subject><dc:creator>Ann</dc:creator>
<media:content url="https://m.example/a.jpg" medium="image"><media:title>pic</media:title>
</media:content><media:thumbnail url="https://m.example/t.jpg"/></item>
</channel></rss>""".encode()
    article = mapped(body)["Namespaced"]
    assert article.summary == "The short summary & more"  # the description, not the content
    assert article.read_minutes == 4  # 700 words of content:encoded / 230
    assert article.published == ts("2024-01-01T12:00:00")
    assert article.tags == ("go",)
    assert article.url == "https://blog.example/n1"


def test_a_guid_that_is_not_a_url_is_not_made_into_a_link() -> None:
    """RSS's isPermaLink defaults to true and feedparser copies the guid into the link;
    '12345' used to become https://blog.example/12345."""
    body = rss(
        item_xml(None, "Numeric", link=None).replace("<title>", "<guid>12345</guid><title>"),
        item_xml(None, "Permalink", link=None).replace(
            "<title>", "<guid>https://blog.example/p/9</guid><title>"
        ),
    )
    got = mapped(body)
    assert got["Numeric"].url is None
    assert got["Permalink"].url == "https://blog.example/p/9"


def test_titles_with_entities_tags_and_cdata_become_plain_text() -> None:
    body = rss(
        item_xml("a", "AT&amp;T &lt;3 caf&eacute;", link=None),
        item_xml("b", "<b>Bold</b> &amp; <i>brave</i>", link=None),
        item_xml("c", "Fish &amp; Chips", link=None),
    ).replace(
        b"<title>Fish &amp;amp; Chips</title>",
        b"<title><![CDATA[Fish & <em>Chips</em>]]></title>",
    )
    titles = set(mapped(body))
    assert "AT&T <3 café" in titles
    assert "Bold & brave" in titles
    assert "Fish & Chips" in titles


def test_an_empty_description_and_an_empty_title() -> None:
    body = rss(item_xml("e1", "", "https://blog.example/e1", description=""))
    [article] = mapped(body).values()
    assert article.summary == "" and article.read_minutes == 1
    assert article.title == "https://blog.example/e1"  # no title and no text: the link


# -- Atom ----------------------------------------------------------------------------


def test_atom_0_3_escaped_and_xml_content() -> None:
    body = b"""<?xml version="1.0" encoding="utf-8"?>
<feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>Atom Zero Three</title>
<link rel="alternate" type="text/html" href="http://a03.example/"/>
<modified>2004-01-01T00:00:00Z</modified>
<entry><title>E1</title><link rel="alternate" type="text/html" href="http://a03.example/1"/>
<id>tag:a03.example,2004:1</id><issued>2004-01-01T00:00:00-05:00</issued>
<modified>2004-01-01T05:00:00Z</modified>
<content type="text/html" mode="escaped">&lt;p&gt;escaped &amp;amp; html&lt;/p&gt;</content></entry>
<entry><title>E2</title><link rel="alternate" type="text/html" href="http://a03.example/2"/>
<id>tag:a03.example,2004:2</id><modified>2004-01-02T00:00:00Z</modified>
<content type="application/xhtml+xml" mode="xml"><div xmlns="http://www.w3.org/1999/xhtml"><p>xml
mode</p></div></content></entry>
</feed>"""
    got = mapped(body)
    assert got["E1"].summary == "escaped & html" and got["E1"].url == "http://a03.example/1"
    assert got["E1"].published == ts("2004-01-01T05:00:00")
    assert got["E2"].summary == "xml mode" and got["E2"].company == "Atom Zero Three"


ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://atom.example/blog/">
<title type="html">Atom &amp;lt;1.0&amp;gt;</title><id>urn:feed</id>
<updated>2024-01-05T00:00:00Z</updated>
<entry><title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">An <b>xhtml</b> title</div>
</title>
<id>urn:1</id><updated>2024-01-02T00:00:00+05:30</updated>
<link rel="self" href="https://atom.example/self/1"/>
<link rel="enclosure" href="https://atom.example/e.mp3" type="audio/mpeg"/>
<link rel="alternate" type="text/html" href="posts/1"/>
<summary type="text">Plain &lt;summary&gt; text</summary>
<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>XHTML <em>content</em></p>
</div></content>
</entry>
<entry xml:base="https://other.example/x/"><title>No id</title>
<updated>2024-01-03T00:00:00Z</updated><link href="rel2"/>
<content type="html">&lt;p&gt;html &amp;amp; content&lt;/p&gt;</content></entry>
<entry><title type="text">Text &lt;type&gt;</title><id>urn:3</id>
<updated>2024-01-03T00:00:00Z</updated>
<content type="text">a &lt; b</content></entry>
<entry><title>Only an enclosure</title><id>urn:4</id><updated>2024-01-04T00:00:00Z</updated>
<link rel="enclosure" href="https://atom.example/only.mp3"/></entry>
</feed>"""


def test_atom_1_0_content_types_links_and_xml_base(http: HTTPServer, tmp_path: Path) -> None:
    got = served(http, tmp_path, ATOM, "application/atom+xml")
    assert set(got) == {"An xhtml title", "No id", "Text <type>", "Only an enclosure"}
    first = got["An xhtml title"]
    assert first.company == "Atom <1.0>"
    assert first.url == "https://atom.example/blog/posts/1"  # rel=alternate, against xml:base
    assert first.summary == "Plain <summary> text"  # the summary, as text: not markup
    assert first.published == ts("2024-01-01T18:30:00")
    no_id = got["No id"]
    assert no_id.url == "https://other.example/x/rel2"  # the entry's own xml:base
    assert no_id.summary == "html & content"
    assert got["Text <type>"].summary == "a < b"
    # An Atom id is copied into the link by feedparser; "urn:4" is none: the enclosure is.
    assert got["Only an enclosure"].url == "https://atom.example/only.mp3"


# -- JSON Feed -----------------------------------------------------------------------


def _json_feed(items: list[object], **top: object) -> bytes:
    doc = {"version": "https://jsonfeed.org/version/1.1", "title": "J", **top, "items": items}
    return json.dumps(doc).encode()


def test_json_feed_fields_with_the_wrong_types() -> None:
    body = _json_feed(
        [
            {"id": 1, "title": 123, "content_text": "a number for a title", "tags": "single"},
            {"id": 4.5, "title": "Float id", "tags": ["A B", 3, None, {"x": 1}]},
            {"id": None, "title": "Null id", "content_html": None, "summary": None},
            {"id": True, "title": "Bool id", "url": 42, "date_published": 17},
            {"id": "x", "title": ["not", "a", "string"], "content_html": "<p>list title</p>"},
            "not an item",
            None,
        ],
        _extensions={"x": 1},
    )
    got = mapped(body, "application/feed+json")
    assert set(got) == {"a number for a title", "Float id", "Null id", "Bool id", "list title"}
    assert got["a number for a title"].tags == ("single",)
    assert got["Float id"].tags == ("a-b",)
    assert got["Bool id"].url is None and got["Bool id"].published is None


def test_json_feed_with_an_http_version_url() -> None:
    body = json.dumps({"version": "http://jsonfeed.org/version/1", "title": "Early",
                       "items": [{"id": "1", "title": "Still a JSON Feed"}]}).encode()
    assert set(mapped(body, "application/json")) == {"Still a JSON Feed"}


def test_json_feed_1_0_and_1_1_authors_summary_and_content() -> None:
    v10 = json.dumps({
        "version": "https://jsonfeed.org/version/1", "title": "Ten",
        "items": [{"id": "a", "title": "A", "summary": "The summary.",
                   "content_html": "<p>" + "w " * 460 + "</p>",
                   "author": {"name": "Ann"}, "date_published": "2024-01-01T00:00:00+01:00"}],
    }).encode()
    v11 = _json_feed([{"id": "b", "title": "B", "content_text": "Plain <text> & more",
                       "authors": [{"name": "Bo"}], "date_modified": "2024-02-01T00:00:00Z"}])
    a = mapped(v10)["A"]
    assert (a.summary, a.read_minutes, a.company) == ("The summary.", 2, "Ten")
    assert a.published == ts("2023-12-31T23:00:00")
    b = mapped(v11)["B"]
    assert b.summary == "Plain <text> & more"
    assert b.published == ts("2024-02-01T00:00:00")  # date_modified when not published


def test_json_feed_relative_urls_resolve_against_home_page_url(
    http: HTTPServer, tmp_path: Path
) -> None:
    body = _json_feed(
        [
            {"id": "1", "title": "Relative", "url": "posts/1"},
            {"id": "2", "title": "Rooted", "url": "/abs/2"},
            {"id": "3", "title": "External", "external_url": "https://ext.example/3"},
            {"id": "4", "title": "Podcast", "attachments": [
                {"url": "https://cdn.example/ep4.mp3", "mime_type": "audio/mpeg"}]},
        ],
        home_page_url="https://j.example/blog/",
    )
    got = served(http, tmp_path, body, "application/feed+json")
    assert got["Relative"].url == "https://j.example/blog/posts/1"
    assert got["Rooted"].url == "https://j.example/abs/2"
    assert got["External"].url == "https://ext.example/3"
    assert got["Podcast"].url == "https://cdn.example/ep4.mp3"
    # Without a (usable) home page, the feed's own URL is the base.
    for home in ({}, {"home_page_url": "javascript:alert(1)"}):
        found = mapped(_json_feed([{"id": "1", "title": "R", "url": "posts/1"}], **home))
        assert found["R"].url == "https://blog.example/posts/1"


def test_json_feed_items_without_id_and_dates_in_other_forms() -> None:
    body = _json_feed([
        {"url": "https://j.example/no-id", "title": "No id"},
        {"content_text": "Neither id, url nor title."},
        {"id": "epoch", "title": "Epoch", "date_published": "1970-01-01T00:00:00Z",
         "date_modified": "2024-01-01T00:00:00Z"},
        {"id": "nanos", "title": "Nanos", "date_published": "2024-01-01T00:00:00.123456789Z"},
        {"id": "rfc822", "title": "RFC 822", "date_published": "Tue, 10 Jun 2025 04:00:00 GMT"},
        {"id": "naive", "title": "Naive", "date_published": "2024-05-01T10:00:00"},
        {"id": "junk", "title": "Junk", "date_published": "last Tuesday"},
        {"id": "unix", "title": "Unix", "date_published": "1749528000"},
    ])
    got = mapped(body)
    assert got["No id"].url == "https://j.example/no-id"
    assert "Neither id, url nor title." in got
    assert got["Epoch"].published == 0.0  # not taken for "no date"
    assert got["Nanos"].published == pytest.approx(ts("2024-01-01T00:00:00.123456"))
    assert got["RFC 822"].published == ts("2025-06-10T04:00:00")
    assert got["Naive"].published == ts("2024-05-01T10:00:00")
    assert got["Junk"].published is None
    assert got["Unix"].published == ts("2025-06-10T04:00:00")


# -- items: identity, duplicates, volume ---------------------------------------------


def test_duplicate_guids_with_different_links_are_all_kept(
    http: HTTPServer, tmp_path: Path
) -> None:
    """A misconfigured feed that gives every item the site's URL as its guid lost all but
    one article; now they are told apart by their links, stably across refetches."""
    body = rss(*(item_xml("https://blog.example/", f"Post {i}", f"https://blog.example/p/{i}")
                 for i in range(3)))
    got = served(http, tmp_path, body)
    assert set(got) == {"Post 0", "Post 1", "Post 2"}
    http.expect_request("/feed").respond_with_data(body, content_type="application/rss+xml")
    [again] = refresh(tmp_path)
    assert (again.new, again.updated) == (0, 0)


def test_a_true_duplicate_is_stored_once_the_first_wins(http: HTTPServer, tmp_path: Path) -> None:
    first = item_xml("same", "Newest", "https://blog.example/p/1")
    second = item_xml("same", "Older copy", "https://blog.example/p/1")
    got = served(http, tmp_path, rss(first, second))
    assert set(got) == {"Newest"}


def test_5000_items_keep_the_newest_1000_by_date(http: HTTPServer, tmp_path: Path) -> None:
    """An archive feed in oldest-first order used to keep its 1,000 oldest posts."""
    base = datetime(2020, 1, 1, tzinfo=UTC).timestamp()
    items = [
        item_xml(f"g{i}", f"Post {i}", f"https://blog.example/p/{i}",
                 pub_date=time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime(base + i * 3600)))
        for i in range(5000)
    ]
    start = time.monotonic()
    got = served(http, tmp_path, rss(*items))
    elapsed = time.monotonic() - start
    assert len(got) == MAX_ITEMS
    assert set(got) == {f"Post {i}" for i in range(4000, 5000)}
    assert elapsed < 30  # about 1.5 s on the project's machine


def test_without_dates_the_first_1000_in_feed_order_are_kept() -> None:
    body = rss(*(item_xml(f"g{i}", f"Post {i}", pub_date=None) for i in range(1200)))
    assert set(mapped(body)) == {f"Post {i}" for i in range(1000)}


# -- dates ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Tue, 10 Jun 2025 04:00:00 GMT", "2025-06-10T04:00:00"),
        ("Tue, 10 Jun 2025 04:00:00 PST", "2025-06-10T12:00:00"),
        ("Tue, 10 Jun 2025 04:00:00 EDT", "2025-06-10T08:00:00"),
        ("Tue, 10 Jun 2025 04:00:00 +0200", "2025-06-10T02:00:00"),
        ("10 Jun 2025 04:00 GMT", "2025-06-10T04:00:00"),
        ("2025-06-10T04:00:00+05:30", "2025-06-09T22:30:00"),
        ("2025-06-10T04:00:00Z", "2025-06-10T04:00:00"),
        ("2025-06-10 04:00:00", "2025-06-10T04:00:00"),  # no zone: read as UTC
        ("2025-06-10", "2025-06-10T00:00:00"),
        ("Thu, 01 Jan 1970 00:00:00 GMT", "1970-01-01T00:00:00"),
        ("Fri, 01 Jan 2100 00:00:00 GMT", "2100-01-01T00:00:00"),
        ("Mon, 01 Jan 1900 00:00:00 GMT", "1900-01-01T00:00:00"),
        ("1749528000", "2025-06-10T04:00:00"),  # Unix seconds (feedparser: the year 1749)
        ("20250610T040000Z", "2025-06-10T04:00:00"),  # compact (feedparser: midnight)
        ("2025-06-10T04:00:00.000+0000", "2025-06-10T04:00:00"),
        ("yesterday-ish", None),
        ("Tue, 99 Foo 2025 99:99:99 GMT", None),
        ("", None),
    ],
)
def test_dates_in_the_forms_feeds_use(raw: str, expected: str | None) -> None:
    [article] = mapped(rss(item_xml("d", "Dated", pub_date=raw or None))).values()
    assert article.published == (None if expected is None else ts(expected))


def test_odd_dates_survive_the_store_and_list_json(
    http: HTTPServer, cb: CLI
) -> None:
    body = rss(
        item_xml("a", "Epoch", pub_date="Thu, 01 Jan 1970 00:00:00 GMT"),
        item_xml("b", "Far future", pub_date="Fri, 01 Jan 2100 00:00:00 GMT"),
        item_xml("c", "Victorian", pub_date="Mon, 01 Jan 1900 00:00:00 GMT"),
        item_xml("d", "Garbage", pub_date="soon"),
    )
    http.expect_request("/feed").respond_with_data(body, content_type="application/rss+xml")
    cb.ok("feeds", "add", http.url_for("/feed"))
    cb.ok("refresh")
    published = {a["title"]: a["published"] for a in cb.articles()}
    assert published["Epoch"].startswith("1970-01-01T00:00:00")
    assert published["Far future"].startswith("2100-01-01T00:00:00")
    assert published["Victorian"].startswith("1900-01-01T00:00:00")
    assert published["Garbage"] is None


# -- links ---------------------------------------------------------------------------


def test_links_relative_protocol_relative_idn_and_with_spaces() -> None:
    body = rss(
        item_xml("1", "Relative", "../posts/1"),
        item_xml("2", "Rooted", "/posts/2"),
        item_xml("3", "Protocol-relative", "//cdn.example/posts/3"),
        item_xml("4", "IDN", "https://bücher.example/straße?q=ü"),
        item_xml("5", "Spaces", "  https://blog.example/a post/with spaces.html "),
        item_xml("6", "Wrapped", "https://blog.example/a-very-\r\nlong-slug"),
        item_xml("7", "Script", "javascript:alert(1)"),
        item_xml("8", "Escape", "https://blog.example/\x1b[2Jx"),
    )
    got = mapped(body, url="https://blog.example/feeds/all.xml")
    assert got["Relative"].url == "https://blog.example/posts/1"
    assert got["Rooted"].url == "https://blog.example/posts/2"
    assert got["Protocol-relative"].url == "https://cdn.example/posts/3"
    assert got["IDN"].url == "https://bücher.example/straße?q=ü"
    assert got["Spaces"].url == "https://blog.example/a%20post/with%20spaces.html"
    assert got["Wrapped"].url == "https://blog.example/a-very-long-slug"
    assert got["Script"].url is None
    assert got["Escape"].url == "https://blog.example/x"  # the escape sequence is cleaned out


# -- encodings -----------------------------------------------------------------------

TEXT = (
    '<rss version="2.0"><channel><title>Café Ünïcode</title><item><guid>g</guid>'
    "<title>Crème brûlée — “quotes” €</title><description>naïve</description></item>"
    "</channel></rss>"
)
TITLE = "Crème brûlée — “quotes” €"


def _decl(encoding: str) -> str:
    return f'<?xml version="1.0" encoding="{encoding}"?>\n'


@pytest.mark.parametrize(
    ("label", "body", "content_type"),
    [
        ("UTF-8 with a BOM", b"\xef\xbb\xbf" + (_decl("utf-8") + TEXT).encode(), "text/xml"),
        ("UTF-8 BOM, no declaration", b"\xef\xbb\xbf" + TEXT.encode(), "application/rss+xml"),
        ("UTF-16 declared, with BOM", (_decl("utf-16") + TEXT).encode("utf-16"), "text/xml"),
        ("UTF-16LE without BOM", (_decl("utf-16") + TEXT).encode("utf-16-le"), ""),
        ("windows-1252 declared", (_decl("windows-1252") + TEXT).encode("cp1252"), "text/xml"),
        ("windows-1252 undeclared", TEXT.encode("cp1252"), "application/rss+xml"),
        ("windows-1252 undeclared, text/xml", TEXT.encode("cp1252"), "text/xml"),
        ("UTF-8 as text/xml without charset", TEXT.encode(), "text/xml"),
        ("header latin-1, declaration and bytes UTF-8", (_decl("utf-8") + TEXT).encode(),
         "application/rss+xml; charset=iso-8859-1"),
        ("served as text/html", (_decl("utf-8") + TEXT).encode(), "text/html; charset=utf-8"),
        ("served as octet-stream", (_decl("utf-8") + TEXT).encode(), "application/octet-stream"),
        ("no Content-Type", (_decl("utf-8") + TEXT).encode(), None),
    ],
    ids=_short,
)
def test_encodings_and_content_types(
    http: HTTPServer, tmp_path: Path, label: str, body: bytes, content_type: str | None
) -> None:
    [article] = served(http, tmp_path, body, content_type).values()
    assert (article.title, article.company, article.summary) == (TITLE, "Café Ünïcode", "naïve")


def test_latin1_bytes_declared_so_while_the_header_says_utf8(
    http: HTTPServer, tmp_path: Path
) -> None:
    body = (_decl("iso-8859-1") + "<rss version='2.0'><channel><title>Café</title><item>"
            "<title>naïve</title><guid>g</guid></item></channel></rss>").encode("latin-1")
    got = served(http, tmp_path, body, "application/rss+xml; charset=utf-8")
    assert set(got) == {"naïve"} and got["naïve"].company == "Café"


def test_json_feed_in_latin1_with_its_charset_said(http: HTTPServer, tmp_path: Path) -> None:
    body = _json_feed([{"id": "1", "title": "Crème"}]).decode().encode("latin-1")
    assert b"\xe8" not in body  # json.dumps escapes: write the raw bytes ourselves
    body = body.replace(b"\\u00e8", b"\xe8")
    got = served(http, tmp_path, body, "application/feed+json; charset=iso-8859-1")
    assert set(got) == {"Crème"}


def test_json_feed_in_utf16_and_with_a_bom(http: HTTPServer, tmp_path: Path) -> None:
    text = _json_feed([{"id": "1", "title": "Crème"}]).decode("unicode_escape")
    assert set(mapped(text.encode("utf-16"), "application/json")) == {"Crème"}
    assert set(served(http, tmp_path, b"\xef\xbb\xbf" + text.encode(), "application/json")) == {
        "Crème"
    }


# -- compression ---------------------------------------------------------------------

BODY = rss(item_xml("g1", "Hello"), item_xml("g2", "World"))


def _raw_deflate(data: bytes) -> bytes:
    z = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    return z.compress(data) + z.flush()


@pytest.mark.parametrize(
    ("label", "body", "encoding"),
    [
        ("gzip", gzip.compress(BODY), "gzip"),
        ("gzip in capitals", gzip.compress(BODY), "GZIP"),
        ("x-gzip", gzip.compress(BODY), "x-gzip"),
        ("deflate (zlib)", zlib.compress(BODY), "deflate"),
        ("raw deflate", _raw_deflate(BODY), "deflate"),
        ("a list with identity", gzip.compress(BODY), "identity, gzip"),
        ("says gzip, sends it plain", BODY, "gzip"),
        ("gzip twice", gzip.compress(gzip.compress(BODY)), "gzip"),
        ("a .gz file served as it is", gzip.compress(BODY), ""),
    ],
    ids=_short,
)
def test_content_encodings_seen_in_the_wild(
    http: HTTPServer, tmp_path: Path, label: str, body: bytes, encoding: str
) -> None:
    headers = {"Content-Encoding": encoding} if encoding else {}
    assert set(served(http, tmp_path, body, "application/rss+xml", headers)) == {"Hello", "World"}


def test_gzip_twice_still_stops_at_the_cap(http: HTTPServer, tmp_path: Path) -> None:
    bomb = gzip.compress(gzip.compress(b"\0" * (50 * 1024 * 1024), 9), 9)
    assert len(bomb) < 200 * 1024
    http.expect_request("/bomb").respond_with_data(bomb, headers={"Content-Encoding": "gzip"})
    result = one(tmp_path, http.url_for("/bomb"))
    assert result.error == "the feed is larger than 10 MB (refused)"


def test_an_unasked_for_encoding_is_a_clear_error(http: HTTPServer, tmp_path: Path) -> None:
    http.expect_request("/br").respond_with_data(BODY, headers={"Content-Encoding": "gzip, br"})
    result = one(tmp_path, http.url_for("/br"))
    assert result.error == "unsupported Content-Encoding 'gzip, br'"


# -- OPML ----------------------------------------------------------------------------


def _feeds(data: bytes | str) -> list[tuple[str, str, list[str]]]:
    parsed = parse_opml(data.encode() if isinstance(data, str) else data)
    assert parsed.refused == []
    return [(f.url, f.name, f.tags) for f in parsed.feeds]


def test_opml_from_newsboat() -> None:
    assert _feeds("""<?xml version="1.0"?>
<opml version="1.0"><head><title>newsboat - Exported Feeds</title></head><body>
<outline type="rss" xmlUrl="https://a.example/feed" htmlUrl="https://a.example/" title="A"/>
<outline type="rss" xmlUrl="https://b.example/feed" htmlUrl="" title=""/>
</body></opml>""") == [("https://a.example/feed", "A", []), ("https://b.example/feed", "", [])]


def test_opml_from_feedly_nested_folders_and_duplicates() -> None:
    assert _feeds("""<?xml version="1.0" encoding="UTF-8"?>
<opml version="1.0"><head><title>Feedly</title></head><body>
<outline text="Tech" title="Tech">
 <outline type="rss" text="A" title="A" xmlUrl="https://a.example/feed" htmlUrl="https://a.example"/>
 <outline text="Deep Dives"><outline type="rss" text="C" xmlUrl="  https://c.example/feed  "/>
 </outline>
</outline>
<outline text="Ops &amp; SRE" title="Ops &amp; SRE">
 <outline type="rss" text="A again" title="A again" xmlUrl="https://a.example/feed"/>
</outline>
<outline type="rss" text="Loose" xmlUrl="https://d.example/feed"/>
</body></opml>""") == [
        ("https://a.example/feed", "A", ["tech", "ops-sre"]),
        ("https://c.example/feed", "C", ["tech", "deep-dives"]),
        ("https://d.example/feed", "Loose", []),
    ]


def test_opml_from_inoreader_netnewswire_and_thunderbird() -> None:
    inoreader = """<?xml version="1.0" encoding="UTF-8"?>
<opml version="1.0"><head><title>Subscriptions from Inoreader [https://www.inoreader.com]</title>
</head><body><outline text="Engineering" title="Engineering">
<outline text="Netflix TechBlog" title="Netflix TechBlog" type="rss"
 xmlUrl="https://netflixtechblog.com/feed" htmlUrl="https://netflixtechblog.com"/>
</outline></body></opml>"""
    netnewswire = """<?xml version="1.0" encoding="UTF-8"?>
<!-- OPML generated by NetNewsWire -->
<opml version="1.1">
\t<head><title>Subscriptions-iCloud.opml</title></head>
<body>
\t<outline text="Daring Fireball" title="Daring Fireball" description="" type="rss" version="RSS"
 htmlUrl="https://daringfireball.net/" xmlUrl="https://daringfireball.net/feeds/main"/>
\t<outline text="Folder" title="Folder">
\t\t<outline text="x" title="x" description="" type="rss" version="RSS" htmlUrl=""
 xmlUrl="http://x.example/rss"/>
\t</outline>
</body></opml>"""
    thunderbird = """<?xml version="1.0" encoding="UTF-8"?>
<opml version="1.0" xmlns:fz="urn:forumzilla:"><head>
<title>Thunderbird OPML Export - Blogs &amp; News Feeds</title></head><body>
<outline title="Blogs &amp; News Feeds" text="Blogs &amp; News Feeds"><outline title="Web">
<outline type="rss" title="Mozilla Hacks" text="Mozilla Hacks" version="RSS" fz:quickMode="false"
 fz:options="{}" xmlUrl="https://hacks.mozilla.org/feed/" htmlUrl="https://hacks.mozilla.org"/>
</outline></outline></body></opml>"""
    assert _feeds(inoreader) == [
        ("https://netflixtechblog.com/feed", "Netflix TechBlog", ["engineering"])
    ]
    assert _feeds(netnewswire) == [
        ("https://daringfireball.net/feeds/main", "Daring Fireball", []),
        ("http://x.example/rss", "x", ["folder"]),
    ]
    assert _feeds(thunderbird) == [
        ("https://hacks.mozilla.org/feed/", "Mozilla Hacks", ["blogs-news-feeds", "web"])
    ]


def test_opml_attribute_case_type_missing_title_without_text_and_html_only() -> None:
    assert _feeds("""<opml version="2.0"><body>
<outline text="lower" xmlurl="https://x.example/f"/>
<outline text="upper" XMLURL="https://y.example/f"/>
<outline TEXT="mixed" XmlUrl="https://z.example/f"/>
<outline title="title only" xmlUrl="https://t.example/f"/>
<outline text="a site, no feed" htmlUrl="https://h.example/"/>
<outline text="Folder with an empty xmlUrl" xmlUrl="">
 <outline text="inside" xmlUrl="https://i.example/f"/>
</outline>
</body></opml>""") == [
        ("https://x.example/f", "lower", []),
        ("https://y.example/f", "upper", []),
        ("https://z.example/f", "mixed", []),
        ("https://t.example/f", "title only", []),
        ("https://i.example/f", "inside", ["folder-with-an-empty-xmlurl"]),
    ]


def test_opml_urls_with_spaces_idn_and_the_feed_scheme() -> None:
    parsed = parse_opml("""<opml version="1.0"><body>
<outline text="idn" xmlUrl="https://bücher.example/feed"/>
<outline text="spaces" xmlUrl="https://s.example/my feed.xml"/>
<outline text="feed scheme" xmlUrl="feed://f.example/rss"/>
<outline text="feed then https" xmlUrl="FEED:https://f2.example/rss"/>
<outline text="no host" xmlUrl="http:///x"/>
<outline text="feed then file" xmlUrl="feed:file:///etc/passwd"/>
</body></opml>""".encode())
    assert [(f.url, f.name) for f in parsed.feeds] == [
        ("https://bücher.example/feed", "idn"),
        ("https://s.example/my%20feed.xml", "spaces"),
        ("http://f.example/rss", "feed scheme"),
        ("https://f2.example/rss", "feed then https"),
    ]
    assert [m.split(":")[0] for m in parsed.refused] == [
        "outline 'no host'", "outline 'feed then file'"
    ]


@pytest.mark.parametrize(
    ("label", "data"),
    [
        ("Latin-1 declared", '<?xml version="1.0" encoding="ISO-8859-1"?>'
         '<opml version="1.0"><body><outline text="Café" xmlUrl="https://c.example/f"/>'
         "</body></opml>".encode("latin-1")),
        ("windows-1252 declared", '<?xml version="1.0" encoding="windows-1252"?>'
         '<opml version="1.0"><body><outline text="Café" xmlUrl="https://c.example/f"/>'
         "</body></opml>".encode("cp1252")),
        ("windows-1252 undeclared", '<opml version="1.0"><body>'
         '<outline text="Café" xmlUrl="https://c.example/f"/></body></opml>'.encode("cp1252")),
        ("UTF-16", '<?xml version="1.0" encoding="UTF-16"?><opml version="1.0"><body>'
         '<outline text="Café" xmlUrl="https://c.example/f"/></body></opml>'.encode("utf-16")),
        ("UTF-8 with a BOM", b"\xef\xbb\xbf" + '<?xml version="1.0" encoding="UTF-8"?>'
         '<opml version="1.0"><body><outline text="Café" xmlUrl="https://c.example/f"/>'
         "</body></opml>".encode()),
        ("a namespace on every element", '<opml xmlns="http://opml.org/spec2" version="2.0">'
         '<body><outline text="Café" xmlUrl="https://c.example/f"/></body></opml>'.encode()),
    ],
    ids=_short,
)
def test_opml_encodings(label: str, data: bytes) -> None:
    assert _feeds(data) == [("https://c.example/f", "Café", [])]


def test_opml_in_a_multibyte_encoding_expat_does_not_know() -> None:
    data = ('<?xml version="1.0" encoding="Shift_JIS"?><opml version="1.0"><body>'
            '<outline text="日本語のブログ" xmlUrl="https://jp.example/f"/></body></opml>')
    assert _feeds(data.encode("shift_jis")) == [("https://jp.example/f", "日本語のブログ", [])]
    unknown = b'<?xml version="1.0" encoding="x-no-such"?><opml><body/></opml>'
    with pytest.raises(OpmlError):
        parse_opml(unknown)


def test_a_huge_and_a_deep_opml() -> None:
    big = "<opml version='1.0'><body>" + "".join(
        f"<outline text='Folder {i}'>" + "".join(
            f"<outline type='rss' text='n{i}-{j}' xmlUrl='https://h{i}.example/f{j}'/>"
            for j in range(100)
        ) + "</outline>" for i in range(100)
    ) + "</body></opml>"
    start = time.monotonic()
    parsed = parse_opml(big.encode())
    assert time.monotonic() - start < 10  # about 0.2 s here
    assert len(parsed.feeds) == 10_000 and parsed.feeds[-1].tags == ["folder-99"]
    deep = ("<opml version='1.0'><body>" + "".join(f"<outline text='d{i}'>" for i in range(5000))
            + "<outline xmlUrl='https://deep.example/f' text='x'/>" + "</outline>" * 5000
            + "</body></opml>")
    [feed] = parse_opml(deep.encode()).feeds  # a RecursionError (a traceback) before
    assert feed.url == "https://deep.example/f" and feed.tags[:2] == ["d0", "d1"]
    assert len(feed.tags) == 64  # what an article can carry


def test_a_long_outline_name_is_capped() -> None:
    data = f'<opml><body><outline text="{"x" * 5000}" xmlUrl="https://l.example/f"/></body></opml>'
    [feed] = parse_opml(data.encode()).feeds
    assert len(feed.name) <= 100


@pytest.mark.parametrize(
    "doctype",
    [
        '<!DOCTYPE opml [<!ENTITY a "aaaaaaaa">]>',
        '<!DOCTYPE opml [<!ENTITY a SYSTEM "file:///etc/passwd">]>',
        '<!DOCTYPE opml [<!ENTITY a "x"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>',
    ],
)
def test_opml_declaring_entities_is_refused(doctype: str) -> None:
    data = (f'<?xml version="1.0"?>{doctype}<opml version="1.0"><body>'
            '<outline text="&a;" xmlUrl="https://c.example/f"/></body></opml>')
    for encoded in (data.encode(), data.encode("utf-16"), data.encode("cp1252")):
        with pytest.raises(OpmlError, match="declares a DTD or entities"):
            parse_opml(encoded)
    shift_jis = data.replace('version="1.0"?>', 'version="1.0" encoding="Shift_JIS"?>', 1)
    with pytest.raises(OpmlError, match="declares a DTD or entities"):
        parse_opml(shift_jis.encode("shift_jis"))


def test_importing_a_real_world_opml_through_the_cli(cb: CLI, tmp_path: Path) -> None:
    path = tmp_path / "export.opml"
    path.write_bytes(
        '<?xml version="1.0" encoding="windows-1252"?>\n<opml version="1.0"><body>'
        '<outline text="Caf\u00e9 Blogs"><outline text="Eins" XMLURL=" https://e.example/f "/>'
        '<outline text="Zwei" xmlurl="feed://z.example/rss"/></outline>'
        '<outline text="Eins again" xmlUrl="https://e.example/f"/>'
        "</body></opml>".encode("cp1252")
    )
    assert cb.ok("feeds", "import", str(path)) == "added 2, already subscribed 0\n"
    listed = json.loads(cb.ok("feeds", "list", "--json"))
    assert [(f["url"], f["name"], f["tags"]) for f in listed] == [
        ("https://e.example/f", "Eins", ["cafe-blogs"]),
        ("http://z.example/rss", "Zwei", ["cafe-blogs"]),
    ]
    assert cb.ok("feeds", "import", str(path)) == "added 0, already subscribed 2\n"


def test_feeds_add_takes_the_urls_people_paste(cb: CLI) -> None:
    assert cb.ok("feeds", "add", "feed://a.example/rss") == "subscribed to http://a.example/rss\n"
    assert cb.ok("feeds", "add", " https://b.example/my feed.xml\n") == (
        "subscribed to https://b.example/my%20feed.xml\n"
    )
    assert "is not an http(s) URL" in cb.usage_error("feeds", "add", "feed:file:///etc/passwd")


# -- small units the above rely on ---------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "url"),
    [
        ("feed://a.example/x", "http://a.example/x"),
        ("feed:https://a.example/x", "https://a.example/x"),
        ("\thttps://a.example/a b\n", "https://a.example/a%20b"),
        ("https://a.example/\x1b[2J", None),
        ("feed:javascript:alert(1)", None),
        ("", None),
    ],
)
def test_feed_url(raw: str, url: str | None) -> None:
    assert feed_url(raw) == url


@pytest.mark.parametrize(
    ("category", "word"),
    [("Tips & Tricks", "tips-tricks"), ("Go -", "go"), ("--x--", "x")],
)
def test_tag_words_collapse_hyphens(category: str, word: str) -> None:
    assert tag_word(category) == word



# -- entity declarations hidden by an encoding ----------------------------------------

LAUGHS = (
    '<!DOCTYPE rss [<!ENTITY a "hahahahahahahahahahahahahahahahahaha">'
    '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">'
    '<!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>'
)
XXE = '<!DOCTYPE rss [<!ENTITY d SYSTEM "file:///etc/passwd">]>'


@pytest.mark.parametrize("encoding", ["utf-32", "utf-32-le", "utf-32-be", "cp037", "cp500",
                                      "utf-7", "utf-16-be"])
@pytest.mark.parametrize("doctype", [LAUGHS, XXE], ids=["billion-laughs", "xxe"])
def test_entities_are_refused_whatever_the_encoding(
    http: HTTPServer, tmp_path: Path, encoding: str, doctype: str
) -> None:
    """The prolog scan read raw bytes as Latin-1 or UTF-16, so a UTF-32 or EBCDIC document
    slipped its entity declarations past it, and feedparser (which decodes both) expanded
    them. Now the bytes are also checked as feedparser will read them."""
    text = (f'<?xml version="1.0" encoding="{encoding}"?>{doctype}<rss version="2.0"><channel>'
            "<title>&d;</title><item><title>&d;</title><guid>g</guid></item></channel></rss>")
    body = text.encode(encoding)
    for content_type in ("application/rss+xml", f"application/rss+xml; charset={encoding}"):
        http.expect_request("/feed").respond_with_data(body, content_type=content_type)
        result = one(tmp_path / content_type[-5:], http.url_for("/feed"))
        assert result.outcome == "error" and "refused" in result.error, result
        assert articles(tmp_path / content_type[-5:]) == []
        http.clear_all_handlers()


def test_feeds_in_those_encodings_without_entities_are_read() -> None:
    for encoding in ("utf-32", "cp037", "utf-7"):
        text = (f'<?xml version="1.0" encoding="{encoding}"?><rss version="2.0"><channel>'
                "<title>Café</title><item><title>Naïve</title><guid>g</guid></item>"
                "</channel></rss>")
        [article] = mapped(text.encode(encoding)).values()
        assert (article.title, article.company) == ("Naïve", "Café")


def test_dates_at_the_edge_of_what_a_datetime_holds(cb: CLI, http: HTTPServer) -> None:
    """9999-12-31T23:59:59-12:00 is in year 10000 UTC: `list --json` crashed on it."""
    body = _json_feed([
        {"id": "1", "title": "Year 10000", "date_published": "9999-12-31T23:59:59-12:00"},
        {"id": "2", "title": "Year 0", "date_published": "0001-01-01T00:00:00+14:00"},
        {"id": "3", "title": "Last second", "date_published": "9999-12-31T23:59:59Z"},
    ])
    http.expect_request("/feed").respond_with_data(body, content_type="application/feed+json")
    cb.ok("feeds", "add", http.url_for("/feed"))
    cb.ok("refresh")
    published = {a["title"]: a["published"] for a in cb.articles()}
    assert published["Year 10000"] is None and published["Year 0"] is None
    assert published["Last second"].startswith("9999-12-31T23:59:59")


# -- HTML that Python 3.11's html.parser could not take -------------------------------


def test_unclosed_markup_in_a_description_is_read_in_linear_time(
    http: HTTPServer, tmp_path: Path
) -> None:
    """html.parser rescans the rest of the text for each unclosed '<' (CVE-2025-6069):
    these 60-120 KB descriptions took 30 s to minutes each; lexbor takes milliseconds."""
    hostile = ["<a " * 20_000, "<!--x>" * 20_000, "<![if x>" * 15_000, "<script>x<" * 12_000]
    body = rss(*(item_xml(f"h{i}", f"Hostile {i}", description=d)
                 for i, d in enumerate(hostile)), item_xml("ok", "Fine"))
    start = time.monotonic()
    got = served(http, tmp_path, body)
    assert time.monotonic() - start < 10  # about 0.2 s here
    assert set(got) == {"Hostile 0", "Hostile 1", "Hostile 2", "Hostile 3", "Fine"}


def test_odd_declarations_in_html_do_not_fail_the_feed(http: HTTPServer, tmp_path: Path) -> None:
    """'<![' not followed by a name raised AssertionError in html.parser: the whole feed
    failed ("could not read the feed"). Word's conditional comments read as text too."""
    body = rss(
        item_xml("w", "Word", description="<p><![if !supportLists]>·<![endif]>A list item</p>"),
        item_xml("b", "Bracket", description="before <![ 5 ]> after"),
        item_xml("d", "Doctype", description="<!DOCTYPE html [ <!ENTITY x 'y'> ]><p>text</p>"),
    )
    got = served(http, tmp_path, body)
    assert got["Word"].summary == "· A list item"
    assert got["Bracket"].summary == "before after"
    assert got["Doctype"].summary.endswith("text")


def test_a_utf8_feed_with_a_stray_windows_1252_byte(http: HTTPServer, tmp_path: Path) -> None:
    """feedparser decodes such a document wholly as Windows-1252 ("CrÃ¨me â€” ok"); the
    stray bytes are read as Windows-1252 and the rest stays UTF-8."""
    text = (_decl("utf-8") + "<rss version='2.0'><channel><title>Café</title>"
            "<item><title>Crème — ok</title><guid>g</guid></item>"
            "<item><title>Stray STRAY here</title><guid>h</guid></item></channel></rss>")
    body = text.encode().replace(b"STRAY", b"\xe9 \x93q\x94\x81")
    for content_type in ("application/rss+xml", "text/xml; charset=utf-8", None):
        got = served(http, tmp_path / str(content_type)[:4], body, content_type)
        assert set(got) == {"Crème — ok", "Stray é “q” here"}
        assert got["Crème — ok"].company == "Café"
        http.clear_all_handlers()
    # A document that names another encoding is read in it, as declared.
    declared = body.replace(b'encoding="utf-8"', b'encoding="windows-1252"')
    assert "Crème — ok" not in mapped(declared)


def test_a_subscription_url_that_cannot_be_fetched_fails_alone(
    http: HTTPServer, tmp_path: Path
) -> None:
    """A port past 65535 raised an ExceptionGroup out of the refresh (a traceback for
    every feed); a host IDNA cannot encode was reported as a bad redirect."""
    http.expect_request("/good").respond_with_data(BODY, content_type="application/rss+xml")
    subscribe(tmp_path, "http://127.0.0.1:99999/feed", "https://☃.example/feed",
              http.url_for("/good"))
    bad_port, bad_host, good = refresh(tmp_path)
    assert bad_port.outcome == "error" and bad_port.error.startswith("could not fetch")
    assert bad_host.error.startswith("not a valid URL (Invalid IDNA hostname")
    assert (good.outcome, good.new) == ("ok", 2)


def test_feeds_add_refuses_a_port_past_65535(cb: CLI) -> None:
    assert "is not an http(s) URL" in cb.usage_error("feeds", "add", "http://a.example:99999/")


def test_published_wins_over_updated_whatever_their_forms() -> None:
    body = b"""<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
<entry><id>urn:1</id><title>Both</title><published>Tue, 10 Jun 2025 04:00:00 GMT</published>
<updated>2026-01-01T00:00:00Z</updated></entry>
<entry><id>urn:2</id><title>Updated only</title><updated>2026-01-01T00:00:00Z</updated></entry>
</feed>"""
    got = mapped(body)
    assert got["Both"].published == ts("2025-06-10T04:00:00")
    assert got["Updated only"].published == ts("2026-01-01T00:00:00")
