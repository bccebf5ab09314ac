"""Refresh semantics against a local server: conditional GET, Retry-After, the
User-Agent, concurrency limits, identity (re-fetch adds nothing, edits update in
place, state survives) and the mapping rules for RSS, Atom and JSON Feed."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from pathlib import Path

import httpx
import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from tests.feed_support import (
    articles,
    http,
    http_date,
    item_xml,
    many_items,
    one,
    refresh,
    rss,
    server,
    subscribe,
)
from tui import __version__
from tui.core.store import Store
from tui.core.subscriptions import Subscriptions, feed_counts
from tui.feeds import mapping as mapping_module
from tui.feeds.fetch import Fetcher, FetchPolicy
from tui.feeds.items import FeedItem
from tui.feeds.mapping import to_article
from tui.feeds.refresh import refresh_feeds

__all__ = ["http", "server"]  # fixtures


def subs_of(data_dir: Path) -> dict[str, object]:
    s = Subscriptions.open(data_dir)
    try:
        return {sub.url: sub for sub in s.all()}
    finally:
        s.close()


# -- conditional GET ---------------------------------------------------------------


def test_etag_and_last_modified_are_sent_back_and_304_costs_no_parse(
    http: HTTPServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stamp = "Wed, 21 Oct 2015 07:28:00 GMT"

    def handler(request: Request) -> Response:
        if request.headers.get("If-None-Match") == '"v1"':
            assert request.headers.get("If-Modified-Since") == stamp
            return Response(status=304)
        return Response(many_items(3), headers={"ETag": '"v1"', "Last-Modified": stamp})

    http.expect_request("/c").respond_with_handler(handler)
    assert one(tmp_path, http.url_for("/c")).new == 3
    before = (tmp_path / "catalog.json").read_bytes()

    parses: list[bytes] = []
    real_parse = mapping_module.parse_feed
    def counting_parse(data: bytes, content_type: str = "") -> object:
        parses.append(data)
        return real_parse(data, content_type)

    monkeypatch.setattr(mapping_module, "parse_feed", counting_parse)
    [again] = refresh(tmp_path)
    assert again.line() == "Example Engineering: not modified"
    assert parses == []
    assert (tmp_path / "catalog.json").read_bytes() == before  # nothing rewritten
    sub = subs_of(tmp_path)[http.url_for("/c")]
    assert sub.status == "not modified" and sub.etag == '"v1"'  # type: ignore[attr-defined]


def test_a_user_agent_names_casebook_and_its_version(http: HTTPServer, tmp_path: Path) -> None:
    http.expect_request("/ua").respond_with_data(many_items(1))
    one(tmp_path, http.url_for("/ua"))
    [(request, _)] = http.log
    assert request.headers["User-Agent"] == f"casebook/{__version__}"
    assert "gzip" in request.headers["Accept-Encoding"]


# -- Retry-After -------------------------------------------------------------------


@pytest.mark.parametrize("status", [429, 503])
def test_retry_after_seconds_is_respected_and_reported(
    http: HTTPServer, tmp_path: Path, status: int
) -> None:
    http.expect_request("/busy").respond_with_data("slow down", status=status,
                                                   headers={"Retry-After": "120"})
    now = time.time()
    result = one(tmp_path, http.url_for("/busy"))
    assert result.outcome == "error"
    assert "Retry-After" in result.error and f"HTTP {status}" in result.error
    assert result.retry_at is not None and now + 100 < result.retry_at < now + 200
    # The next refresh does not ask the server at all, and says why.
    [skipped] = refresh(tmp_path)
    assert len(http.log) == 1
    assert skipped.outcome == "waiting" and not skipped.ok
    assert skipped.line().startswith("Example") is False  # never fetched: the URL is the name
    assert "skipped until" in skipped.line() and "Retry-After" in skipped.line()


def test_retry_after_as_a_date_and_the_wait_ends(http: HTTPServer, tmp_path: Path) -> None:
    soon = time.time() + 3600
    http.expect_oneshot_request("/d").respond_with_data(
        "", status=503, headers={"Retry-After": http_date(soon)}
    )
    result = one(tmp_path, http.url_for("/d"))
    assert result.retry_at is not None and abs(result.retry_at - soon) < 2
    # Pretend the hour has passed: the feed is fetched again.
    s = Subscriptions.open(tmp_path)
    s.update_many({http.url_for("/d"): lambda sub: sub.__class__(**{
        **sub.to_doc(), "tags": sub.tags, "articles": sub.articles, "retry_at": time.time() - 1})})
    s.close()
    http.expect_request("/d").respond_with_data(many_items(2))
    [after] = refresh(tmp_path)
    assert after.outcome == "ok" and after.new == 2
    assert subs_of(tmp_path)[http.url_for("/d")].retry_at is None  # type: ignore[attr-defined]


# -- identity and state ------------------------------------------------------------


def test_refetch_adds_nothing_and_an_edit_updates_in_place_keeping_state(
    http: HTTPServer, tmp_path: Path
) -> None:
    first = rss(item_xml("g1", "Original title"), item_xml("g2", "Second", link=None))
    edited = rss(item_xml("g1", "Edited title", description="New text."),
                 item_xml("g2", "Second", link=None), item_xml("g3", "Third"))
    bodies = [first, first, edited]
    http.expect_request("/f").respond_with_handler(lambda _r: Response(bodies.pop(0)))
    url = http.url_for("/f")
    assert one(tmp_path, url).line() == "Example Engineering: 2 new, 0 updated"
    [original] = [a for a in articles(tmp_path) if a.title == "Original title"]
    store = Store.open(tmp_path)
    store.set_read([original.id], True)
    store.set_bookmarked([original.id], True)
    store.close()

    assert refresh(tmp_path)[0].line() == "Example Engineering: 0 new, 0 updated"
    assert len(articles(tmp_path)) == 2
    assert refresh(tmp_path)[0].line() == "Example Engineering: 1 new, 1 updated"
    by_id = {a.id: a for a in articles(tmp_path)}
    assert len(by_id) == 3
    assert by_id[original.id].title == "Edited title"
    assert by_id[original.id].summary == "New text."
    store = Store.open(tmp_path)
    assert store.state_of(original.id).read and store.state_of(original.id).bookmarked
    store.close()


def test_identity_falls_back_to_link_then_title(http: HTTPServer, tmp_path: Path) -> None:
    body = rss(item_xml(None, "By link", link="https://blog.example/a"),
               item_xml(None, "By title", link=None))
    http.expect_request("/f").respond_with_data(body)
    one(tmp_path, http.url_for("/f"))
    assert refresh(tmp_path)[0].new == 0
    assert sorted(a.title for a in articles(tmp_path)) == ["By link", "By title"]


def test_the_same_item_in_two_feeds_is_two_articles(http: HTTPServer, tmp_path: Path) -> None:
    http.expect_request("/a").respond_with_data(rss(item_xml("same")))
    http.expect_request("/b").respond_with_data(rss(item_xml("same")))
    subscribe(tmp_path, http.url_for("/a"), http.url_for("/b"))
    assert [r.new for r in refresh(tmp_path)] == [1, 1]


def test_removing_a_feed_keeps_its_articles_and_their_state(
    http: HTTPServer, tmp_path: Path
) -> None:
    http.expect_request("/f").respond_with_data(many_items(3))
    url = http.url_for("/f")
    one(tmp_path, url)
    store = Store.open(tmp_path)
    first = next(store.articles())
    store.set_bookmarked([first.id], True)
    store.close()
    s = Subscriptions.open(tmp_path)
    assert s.remove("Example Engineering").url == url  # by the feed's title
    assert s.all() == []
    s.close()
    store = Store.open(tmp_path)
    assert len(store.catalog) == 3 and store.state_of(first.id).bookmarked
    store.close()


def test_feed_counts_for_the_sidebar(http: HTTPServer, tmp_path: Path) -> None:
    http.expect_request("/a").respond_with_data(many_items(3))
    http.expect_request("/b").respond_with_data("x", status=404)
    subscribe(tmp_path, http.url_for("/a"), http.url_for("/b"))
    refresh(tmp_path)
    store = Store.open(tmp_path)
    store.set_read([next(store.articles()).id], True)
    s = Subscriptions.open(tmp_path)
    counts = feed_counts(store, s.all())
    assert [(c.name, c.unread, c.total, c.failed) for c in counts] == [
        ("Example Engineering", 2, 3, False),
        (http.url_for("/b"), 0, 0, True),
    ]
    assert counts[1].status == "error: HTTP 404 NOT FOUND"


def test_only_the_named_feeds_are_refreshed(http: HTTPServer, tmp_path: Path) -> None:
    http.expect_request("/a").respond_with_data(many_items(1))
    http.expect_request("/b").respond_with_data(many_items(2))
    subscribe(tmp_path, http.url_for("/a"))
    subscribe(tmp_path, http.url_for("/b"), name="Bee")
    results = refresh(tmp_path, ["bee"])
    assert [r.line() for r in results] == ["Bee: 2 new, 0 updated"]
    assert [r.path for r, _ in http.log] == ["/b"]


def test_progress_is_reported_per_feed(http: HTTPServer, tmp_path: Path) -> None:
    for i in range(3):
        http.expect_request(f"/{i}").respond_with_data(many_items(1, prefix=str(i)))
    subscribe(tmp_path, *(http.url_for(f"/{i}") for i in range(3)))
    seen: list[tuple[int, int]] = []
    store = Store.open(tmp_path)
    results = refresh_feeds(store, progress=lambda d, t, _r: seen.append((d, t)),
                            policy=FetchPolicy(deadline=2))
    assert seen == [(0, 3), (1, 3), (2, 3), (3, 3)] and len(results) == 3


def test_refresh_runs_in_a_worker_thread(http: HTTPServer, tmp_path: Path) -> None:
    """The app runs it off the UI thread: it starts its own event loop there."""
    http.expect_request("/t").respond_with_data(many_items(2))
    subscribe(tmp_path, http.url_for("/t"))
    out: list[object] = []
    ui_store = Store.open(tmp_path)
    worker = threading.Thread(
        target=lambda: out.append(refresh_feeds(Store.open(ui_store.data_dir)))
    )
    worker.start()
    worker.join(10)
    assert len(out) == 1 and len(ui_store.catalog) == 0  # the UI's store is untouched...
    assert ui_store.refresh().catalog and len(ui_store.catalog) == 2  # ...until it looks


def test_at_most_two_fetches_per_host_at_once(http: HTTPServer, tmp_path: Path) -> None:
    lock = threading.Lock()
    in_flight = [0]
    peak = [0]

    def slow(_request: Request) -> Response:
        with lock:
            in_flight[0] += 1
            peak[0] = max(peak[0], in_flight[0])
        time.sleep(0.1)  # holds the request open so overlaps show; not a wait for a condition
        with lock:
            in_flight[0] -= 1
        return Response(many_items(1))

    for i in range(6):
        http.expect_request(f"/h{i}").respond_with_handler(slow)
    subscribe(tmp_path, *(http.url_for(f"/h{i}") for i in range(6)))
    assert all(r.ok for r in refresh(tmp_path, policy=FetchPolicy(deadline=5)))
    assert peak[0] == 2


# -- mapping -----------------------------------------------------------------------


def test_rss_mapping_rules(http: HTTPServer, tmp_path: Path) -> None:
    words = " ".join(["word"] * 500)
    body = rss(item_xml(
        "g1",
        "Title &amp; more",
        "https://blog.example/p/1",
        f"<p>Hello&nbsp;&amp;   <b>bold</b>\n\n world.</p><script>evil()</script><p>{words}</p>",
        ["Machine Learning", "C++", "Sécurité", "!!!"],
    ))
    http.expect_request("/m").respond_with_data(body)
    subscribe(tmp_path, http.url_for("/m"), name="Acme", tags=["eng"])
    refresh(tmp_path)
    [a] = articles(tmp_path)
    assert a.company == "Acme"  # the subscription's name beats the feed's title
    assert a.title == "Title & more"  # escaped twice in the XML: an RSS title is HTML
    assert a.summary.startswith("Hello & bold world. word word")
    assert "evil" not in a.summary and "<" not in a.summary
    assert len(a.summary) <= 1000 and a.summary.endswith("…")
    assert a.summary[:-1].split(" ")[-1] == "word"  # cut at a word
    assert a.tags == ("eng", "machine-learning", "c++", "securite")
    assert a.read_minutes == 3  # 504 words / 230, rounded up
    assert a.url == "https://blog.example/p/1"
    assert a.published == 1749528000.0  # Tue, 10 Jun 2025 04:00:00 GMT


def test_atom_with_content_and_no_summary(http: HTTPServer, tmp_path: Path) -> None:
    words = " ".join(["w"] * 231)
    body = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Co</title><id>urn:x</id>
<updated>2025-01-02T03:04:05Z</updated>
<entry><id>urn:e1</id><title type="html">A &lt;em&gt;fine&lt;/em&gt; entry</title>
<link rel="alternate" href="https://atom.example/e1"/>
<updated>2025-01-02T03:04:05Z</updated><category term="Site Reliability"/>
<content type="html">&lt;p&gt;{words}&lt;/p&gt;</content></entry></feed>""".encode()
    http.expect_request("/atom").respond_with_data(body, content_type="application/atom+xml")
    assert one(tmp_path, http.url_for("/atom")).ok
    [a] = articles(tmp_path)
    assert (a.company, a.title, a.url) == ("Atom Co", "A fine entry", "https://atom.example/e1")
    assert a.tags == ("site-reliability",) and a.read_minutes == 2
    assert a.summary == words and a.published == 1735787045.0


def test_json_feed(http: HTTPServer, tmp_path: Path) -> None:
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "JSON Co\u009b\u202e",
        "items": [
            {"id": "1", "url": "https://json.example/1", "title": "First\x1b[2J",
             "content_html": "<p>Hello <b>world</b></p>", "tags": ["Go Lang"],
             "date_published": "2025-03-04T05:06:07+01:00"},
            {"id": 2, "title": "Second", "content_text": "a <b> not a tag",
             "summary": "Short & sweet", "external_url": "javascript:x"},
            {"title": "No id", "url": "https://json.example/3"},
            "junk",
            {"nothing": True},
        ],
    }
    http.expect_request("/j").respond_with_data(json.dumps(feed),
                                                content_type="application/feed+json")
    result = one(tmp_path, http.url_for("/j"))
    assert result.line() == "JSON Co: 3 new, 0 updated"
    by_title = {a.title: a for a in articles(tmp_path)}
    first = by_title["First"]
    assert (first.company, first.summary, first.tags) == ("JSON Co", "Hello world", ("go-lang",))
    assert first.published == 1741061167.0
    second = by_title["Second"]
    assert (second.summary, second.url) == ("Short & sweet", None)
    assert by_title["No id"].url == "https://json.example/3"
    assert refresh(tmp_path)[0].new == 0


def test_default_policy_is_the_promised_one() -> None:
    policy = FetchPolicy()
    assert (policy.deadline, policy.max_bytes, policy.max_redirects) == (20.0, 10 * 2**20, 5)
    assert (policy.max_connections, policy.per_host) == (8, 2)


def test_parsing_in_worker_processes_gives_the_same_articles(
    http: HTTPServer, tmp_path: Path
) -> None:
    for i in range(3):
        http.expect_request(f"/p{i}").respond_with_data(many_items(5, prefix=f"p{i}-"))
    http.expect_request("/xxe").respond_with_data(
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "x">]><rss/>'
    )
    urls = [http.url_for(f"/p{i}") for i in range(3)] + [http.url_for("/xxe")]
    inline, pooled = tmp_path / "inline", tmp_path / "pooled"
    results = {}
    for data_dir, processes in ((inline, 0), (pooled, 2)):
        subscribe(data_dir, *urls)
        store = Store.open(data_dir)
        results[processes] = refresh_feeds(store, processes=processes)
        store.close()
    assert results[0] == results[2]
    assert [r.outcome for r in results[2]] == ["ok", "ok", "ok", "error"]
    assert articles(inline) == articles(pooled) and len(articles(pooled)) == 15


def test_what_one_feed_can_store_is_capped(http: HTTPServer, tmp_path: Path) -> None:
    body = rss(
        item_xml("long", "T" * 5000, "https://x.example/" + "a" * 3000,
                 categories=["c" * 500]),
        *(item_xml(f"g{i}", f"Item {i}") for i in range(1200)),
        title="N" * 500,
    )
    http.expect_request("/caps").respond_with_data(body)
    assert one(tmp_path, http.url_for("/caps"), FetchPolicy(deadline=10)).new == 1000
    stored = articles(tmp_path)
    long = next(a for a in stored if a.title.startswith("TTT"))
    assert len(long.title) <= 300 and long.title.endswith("…")
    assert len(long.company) <= 100 and long.url is None and len(long.tags[0]) == 64
    # The reading time stays writable as a document ("N min", at most 4 digits).
    huge = " ".join(["word"] * 2_400_000)  # 10,435 minutes at 230 words a minute
    item = FeedItem("k", "t", None, "s", f"<p>{huge}</p>", (), None)
    assert to_article(item, "C", (), "u", "u").read_minutes == 9999


class _Body(httpx.AsyncByteStream):
    """A streamed body (httpx reads a plain ``content=`` at once, leaving nothing to stream)."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    async def __aiter__(self):  # type: ignore[no-untyped-def]
        yield self.data


async def test_at_most_eight_fetches_at_once_across_hosts() -> None:
    """The global cap, with 20 hosts: an in-memory transport (no network) counts overlaps."""
    in_flight = 0
    peak = 0
    release = asyncio.Event()

    async def handler(request: httpx.Request) -> httpx.Response:
        nonlocal in_flight, peak
        in_flight += 1
        peak = max(peak, in_flight)
        if peak == 8:
            release.set()  # the cap is reached: let everyone finish
        await release.wait()
        in_flight -= 1
        return httpx.Response(200, stream=_Body(many_items(1)))

    fetcher = Fetcher(FetchPolicy(deadline=5), transport=httpx.MockTransport(handler))
    try:
        urls = [f"https://host{i}.example/feed" for i in range(20)]
        results = await asyncio.gather(*(fetcher.fetch(u) for u in urls))
    finally:
        await fetcher.aclose()
    assert peak == 8 and all(not r.not_modified for r in results)
