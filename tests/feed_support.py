"""Shared helpers for the feed tests: a threaded HTTP server on 127.0.0.1 and feed builders."""

from __future__ import annotations

import socket
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from email.utils import formatdate
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from pytest_httpserver import HTTPServer

from tui.core.store import Store
from tui.core.subscriptions import Subscriptions
from tui.feeds.fetch import FetchPolicy
from tui.feeds.refresh import FeedResult, refresh_feeds

# Short deadlines keep the hostile-server tests fast; the defaults are tested separately.
FAST = FetchPolicy(deadline=1.0)


@pytest.fixture(scope="module")
def server() -> Iterator[HTTPServer]:
    """Threaded, so a trickling handler does not block the next request. Loopback only."""
    srv = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    srv.start()
    yield srv
    srv.clear()
    if srv.is_running():
        srv.stop()


@pytest.fixture
def http(server: HTTPServer) -> Iterator[HTTPServer]:
    server.clear()
    server.clear_all_handlers()
    yield server
    server.clear_all_handlers()


def item_xml(
    guid: str | None = "g1",
    title: str = "Item",
    link: str | None = "https://blog.example/p/1",
    description: str = "A summary.",
    categories: Sequence[str] = (),
    pub_date: str | None = "Tue, 10 Jun 2025 04:00:00 GMT",
) -> str:
    parts = [f"<title>{escape(title)}</title>"]
    if guid is not None:
        parts.append(f'<guid isPermaLink="false">{escape(guid)}</guid>')
    if link is not None:
        parts.append(f"<link>{escape(link)}</link>")
    parts.append(f"<description>{escape(description)}</description>")
    parts.extend(f"<category>{escape(c)}</category>" for c in categories)
    if pub_date:
        parts.append(f"<pubDate>{pub_date}</pubDate>")
    return "<item>" + "".join(parts) + "</item>"


def rss(*items: str, title: str = "Example Engineering", encoding: str = "utf-8") -> bytes:
    text = (
        f'<?xml version="1.0" encoding="{encoding}"?>\n<rss version="2.0"><channel>'
        f"<title>{escape(title)}</title><link>https://blog.example/</link>"
        + "".join(items)
        + "</channel></rss>"
    )
    return text.encode(encoding)


def many_items(n: int, prefix: str = "g") -> bytes:
    return rss(*(item_xml(f"{prefix}{i}", f"Post {i}", f"https://blog.example/p/{i}",
                          f"<p>Body of post {i}, with some words.</p>") for i in range(n)))


def subscribe(data_dir: Path, *urls: str, name: str = "", tags: Sequence[str] = ()) -> None:
    subs = Subscriptions.open(data_dir)
    subs.add_many([(u, name, list(tags)) for u in urls])
    subs.close()


def refresh(
    data_dir: Path, names: Sequence[str] | None = None, policy: FetchPolicy = FAST
) -> list[FeedResult]:
    store = Store.open(data_dir)
    try:
        return refresh_feeds(store, names, policy=policy)
    finally:
        store.close()


def one(data_dir: Path, url: str, policy: FetchPolicy = FAST) -> FeedResult:
    """Subscribes to one URL in a fresh store and refreshes it."""
    subscribe(data_dir, url)
    [result] = refresh(data_dir, policy=policy)
    return result


def articles(data_dir: Path) -> list:  # type: ignore[type-arg]
    store = Store.open(data_dir)
    try:
        return list(store.articles())
    finally:
        store.close()


@contextmanager
def silent_port() -> Iterator[int]:
    """A port that accepts connections (the kernel's backlog) but never answers."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    try:
        yield sock.getsockname()[1]
    finally:
        sock.close()


def http_date(timestamp: float) -> str:
    return formatdate(timestamp, usegmt=True)
