"""Refreshing subscriptions: fetch concurrently, parse, store what succeeded.

``refresh_feeds`` is synchronous (it runs its own event loop), so the CLI calls it
directly; the app runs the CLI command as a child process (tui/ui/feed_refresh.py).
``progress`` is called in the calling thread after each feed. The catalogue is
written once, then the subscriptions (new ETags, statuses, article ids): if the second
write is lost, the next refresh just fetches in full again and adds nothing twice
(ids are stable).
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from typing import Literal

from tui.core.clean import clean_line
from tui.core.models import Article
from tui.core.store import Store
from tui.core.subscriptions import Subscription, Subscriptions
from tui.feeds.fetch import Fetched, Fetcher, FetchError, FetchPolicy
from tui.feeds.items import FeedError
from tui.feeds.mapping import read_feed

# Below this many feeds, starting worker processes costs more than parsing inline.
PROCESS_THRESHOLD = 12

Outcome = Literal["ok", "not modified", "error", "waiting"]


@dataclass(frozen=True, slots=True)
class FeedResult:
    url: str
    name: str
    outcome: Outcome
    new: int = 0
    updated: int = 0
    error: str = ""
    retry_at: float | None = None  # set when the server asked us to wait (Retry-After)

    @property
    def ok(self) -> bool:
        return self.outcome in ("ok", "not modified")

    @property
    def status(self) -> str:
        """What ``feeds list`` shows as the last status."""
        return f"error: {self.error}" if not self.ok else self.outcome

    def line(self) -> str:
        """``NAME: 3 new, 1 updated`` / ``NAME: not modified`` / ``NAME: error: ...``."""
        if self.outcome == "ok":
            return f"{self.name}: {self.new} new, {self.updated} updated"
        if self.outcome == "waiting":
            return f"{self.name}: {self.error}"
        return f"{self.name}: {self.status}"


# (done, total, the feed just finished): called once with (0, total, None) before the first
# fetch, then after each feed.
Progress = Callable[[int, int, "FeedResult | None"], None]


@dataclass(slots=True)
class _Work:
    sub: Subscription
    result: FeedResult
    articles: list[Article]
    fetched: Fetched | None = None
    title: str = ""


def _utc(timestamp: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(timestamp))


def _retry_note(retry_at: float | None) -> str:
    if retry_at is None:
        return ""
    return f"; the server asked us to wait until {_utc(retry_at)} (Retry-After)"


async def _one(fetcher: Fetcher, parser: _Parser, sub: Subscription, now: float) -> _Work:
    name = sub.display_name
    if sub.retry_at is not None and sub.retry_at > now:
        error = f"skipped until {_utc(sub.retry_at)} (the server asked us to wait: Retry-After)"
        return _Work(sub, FeedResult(sub.url, name, "waiting", error=error,
                                     retry_at=sub.retry_at), [])
    try:
        fetched = await fetcher.fetch(sub.url, sub.etag, sub.last_modified)
    except FetchError as exc:
        error = str(exc) + _retry_note(exc.retry_at)
        return _Work(sub, FeedResult(sub.url, name, "error", error=error,
                                     retry_at=exc.retry_at), [])
    if fetched.not_modified:
        return _Work(sub, FeedResult(sub.url, name, "not modified"), [], fetched)
    args = (fetched.body, fetched.content_type, sub.name, sub.tags, sub.url, fetched.url)
    try:
        if parser.pool is None:
            title, articles = read_feed(*args)
        else:
            title, articles = await asyncio.get_running_loop().run_in_executor(
                parser.pool, read_feed, *args
            )
    except FeedError as exc:
        return _Work(sub, FeedResult(sub.url, name, "error", error=clean_line(str(exc))), [])
    except Exception as exc:  # a parser bug or a lost worker: this feed fails, not the refresh
        error = f"could not read the feed ({type(exc).__name__})"
        return _Work(sub, FeedResult(sub.url, name, "error", error=error), [])
    display = sub.name or title or sub.url
    return _Work(sub, FeedResult(sub.url, display, "ok"), articles, fetched, title)


class _Parser:
    """Where feeds are parsed: inline, or in worker processes (feedparser is pure Python
    and holds the GIL; processes use both cores and leave the app's UI thread alone)."""

    def __init__(self, processes: int) -> None:
        self.pool: ProcessPoolExecutor | None = None
        if processes > 0:
            # spawn: safe from a worker thread of a running app (fork is not).
            context = multiprocessing.get_context("spawn")
            self.pool = ProcessPoolExecutor(processes, mp_context=context)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)


async def _fetch_all(
    subs: Sequence[Subscription],
    policy: FetchPolicy,
    progress: Progress | None,
    processes: int,
) -> list[_Work]:
    fetcher = Fetcher(policy)
    parser = _Parser(processes)
    now = time.time()
    try:
        if progress is not None:
            progress(0, len(subs), None)
        tasks = [asyncio.ensure_future(_one(fetcher, parser, sub, now)) for sub in subs]
        for done, next_done in enumerate(asyncio.as_completed(tasks), start=1):
            work = await next_done
            if progress is not None:
                progress(done, len(subs), work.result)
        return [t.result() for t in tasks]
    finally:
        await fetcher.aclose()
        parser.close()


def _count_changes(store: Store, works: list[_Work]) -> None:
    """Per feed: how many of its articles are new, and how many changed since last time."""
    catalog = store.catalog
    for work in works:
        if work.result.outcome != "ok":
            continue
        unique = {a.id: a for a in work.articles}
        work.articles = list(unique.values())
        new = updated = 0
        for article in work.articles:
            row = catalog.row_of.get(article.id)
            if row is None:
                new += 1
            elif catalog.article(row) != article:
                updated += 1
        work.result = replace(work.result, new=new, updated=updated)


def _subscription_change(work: _Work, now: float) -> Callable[[Subscription], Subscription]:
    result = work.result

    def change(sub: Subscription) -> Subscription:
        if result.outcome == "waiting":
            return sub
        if not result.ok:
            return replace(sub, fetched=now, status=result.status, retry_at=result.retry_at)
        fetched = work.fetched
        assert fetched is not None
        ids = tuple(dict.fromkeys([*sub.articles, *(a.id for a in work.articles)]))
        return replace(
            sub,
            title=work.title or sub.title,
            etag=fetched.etag,
            last_modified=fetched.last_modified,
            fetched=now,
            status=result.outcome,
            retry_at=None,
            articles=ids,
        )

    return change


def refresh_feeds(
    store: Store,
    names: Sequence[str] | None = None,
    progress: Progress | None = None,
    policy: FetchPolicy | None = None,
    processes: int | None = None,
) -> list[FeedResult]:
    """Fetches every (or each named) subscription and stores what succeeded.

    Returns one result per feed, in subscription order. Raises UnknownFeedError for a
    name that matches no subscription, StoreError if the store cannot be written.
    Safe to run in a worker thread (it starts its own event loop). It writes through
    ``store``; from a worker thread, give it its own ``Store.open(app_store.data_dir)``
    and let the UI thread's store pick the change up with ``refresh()`` (as it does any
    other process's writes), so the UI's catalogue never changes under it mid-frame.
    ``processes``: how many worker processes parse feeds (default: 2 on a multi-core
    machine when there are at least PROCESS_THRESHOLD feeds, else 0: parse inline).
    """
    subscriptions = Subscriptions.open(store.data_dir)
    try:
        chosen = subscriptions.select(names)
        if not chosen:
            return []
        if processes is None:
            many = len(chosen) >= PROCESS_THRESHOLD and (os.cpu_count() or 1) > 1
            processes = 2 if many else 0
        works = asyncio.run(_fetch_all(chosen, policy or FetchPolicy(), progress, processes))
        store.refresh()
        _count_changes(store, works)
        articles = [a for w in works for a in w.articles]
        if articles:
            store.import_articles(articles)
        now = round(time.time(), 3)
        subscriptions.update_many({w.sub.url: _subscription_change(w, now) for w in works})
        return [w.result for w in works]
    finally:
        subscriptions.close()
