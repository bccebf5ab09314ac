"""The ``casebook feeds ...`` and ``casebook refresh`` commands.

cli.py calls ``add_commands`` while building its parser and dispatches to the
handlers it returns. The network and parsing modules are imported only when a
command runs, so other commands start as fast as before.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.core.clean import clean_line
from tui.core.document import TAG_WORD

if TYPE_CHECKING:
    from tui.core.subscriptions import Subscriptions

Handler = Callable[[argparse.Namespace], int]
EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2


def add_commands(commands: Any) -> dict[str, Handler]:
    """Adds ``feeds`` and ``refresh`` to the subparsers action; returns their handlers."""
    feeds = commands.add_parser("feeds", help="manage feed subscriptions (RSS, Atom, JSON Feed)")
    # The same subparsers class as the top level: each action gets the global options
    # (after the action too), suggestions and completion; prog set so no usage is formatted.
    sub = feeds.add_subparsers(
        dest="feeds_command",
        metavar="ACTION",
        required=True,
        action=type(commands),
        prog=feeds.prog,
    )

    add = sub.add_parser("add", help="subscribe to a feed")
    add.add_argument("url", metavar="URL", help="the feed's http(s) URL")
    add.add_argument(
        "--name", help="shown as the company of its articles (default: the feed's title)"
    )
    add.add_argument("--tag", action="append", default=[], metavar="TAG",
                     help="a tag for all its articles (repeatable)")

    lst = sub.add_parser("list", help="subscriptions with counts and the last fetch's status")
    lst.add_argument("--json", action="store_true", help="print a JSON array instead of a table")

    rm = sub.add_parser("remove", help="unsubscribe (the feed's articles stay)")
    rm.add_argument("key", metavar="URL_OR_NAME")

    imp = sub.add_parser("import", help="subscribe to every feed in an OPML file")
    imp.add_argument("file", type=Path, metavar="FILE.opml")

    exp = sub.add_parser("export", help="write the subscriptions as OPML 2.0 (tags as folders)")
    exp.add_argument("-o", "--output", type=Path, metavar="FILE", help="default: stdout")

    refresh = commands.add_parser("refresh", help="fetch all (or the named) feeds")
    refresh.add_argument("keys", nargs="*", metavar="URL_OR_NAME")
    # The app's R reads this from a child process (tui/feeds/progress_lines.py), which
    # also lowers its CPU priority: not for people.
    refresh.add_argument("--progress-jsonl", action="store_true", help=argparse.SUPPRESS)
    return {"feeds": cmd_feeds, "refresh": cmd_refresh}


def _err(message: str) -> None:
    print(f"casebook: {message}", file=sys.stderr)


def cmd_feeds(args: argparse.Namespace) -> int:
    handler = {
        "add": _add,
        "list": _list,
        "remove": _remove,
        "import": _import,
        "export": _export,
    }[args.feeds_command]
    return handler(args)


def _subscriptions(args: argparse.Namespace) -> Subscriptions:
    from tui.core.paths import data_dir
    from tui.core.subscriptions import Subscriptions

    subs = Subscriptions.open(data_dir(args.data_dir))
    for notice in subs.notices:
        _err(notice)
    return subs


def _add(args: argparse.Namespace) -> int:
    from tui.feeds.urls import feed_url

    url = feed_url(args.url)
    if url is None:
        _err(f"feeds add: {clean_line(args.url)[:80]!r} is not an http(s) URL")
        return EXIT_USAGE
    bad = [t for t in args.tag if not TAG_WORD.fullmatch(t)]
    if bad:
        _err(f"feeds add: {clean_line(bad[0])[:40]!r} is not a tag word "
             "(lowercase a-z, 0-9 and + # . _ / -)")
        return EXIT_USAGE
    added, _ = _subscriptions(args).add_many([(url, args.name or "", args.tag)])
    print(f"subscribed to {url}" if added else f"already subscribed to {url}")
    return EXIT_OK


def _iso(timestamp: float | None) -> str | None:
    from tui.cli import iso_utc

    return iso_utc(timestamp)


def _list(args: argparse.Namespace) -> int:
    from tui.cli import open_store
    from tui.core.subscriptions import feed_counts

    all_subs = _subscriptions(args).all()
    counts = feed_counts(open_store(args), all_subs)
    pairs = list(zip(all_subs, counts, strict=True))
    if args.json:
        items = [
            {
                "url": s.url,
                "name": s.display_name,
                "tags": list(s.tags),
                "articles": c.total,
                "unread": c.unread,
                "last_fetch": _iso(s.fetched),
                "last_status": s.status or None,
            }
            for s, c in pairs
        ]
        sys.stdout.write(json.dumps(items, ensure_ascii=False, indent=2) + "\n")
        return EXIT_OK
    from rich.table import Table
    from rich.text import Text

    from tui.console import Console

    table = Table(box=None, header_style="bold", pad_edge=False)
    for name in ("name", "url", "tags", "unread", "articles", "last fetch", "status"):
        table.add_column(name, justify="right" if name in ("unread", "articles") else "left")
    for sub, count in pairs:
        status = sub.status or "never fetched"
        fetched = (_iso(sub.fetched) or "—").replace("T", " ")[:16]
        table.add_row(
            Text(sub.display_name),
            Text(sub.url, style="dim"),
            Text(" ".join(sub.tags)),
            str(count.unread),
            str(count.total),
            Text(fetched),
            Text(status, style="red" if count.failed else ""),
        )
    console = Console()
    console.print(table)
    console.print(f"{len(pairs)} feed{'s' if len(pairs) != 1 else ''}", style="dim")
    return EXIT_OK


def _remove(args: argparse.Namespace) -> int:
    from tui.core.subscriptions import UnknownFeedError

    try:
        gone = _subscriptions(args).remove(args.key)
    except UnknownFeedError as exc:
        _err(f"feeds remove: {exc}")
        return EXIT_USAGE
    print(f"unsubscribed from {gone.display_name} ({gone.url}); its articles stay")
    return EXIT_OK


def _import(args: argparse.Namespace) -> int:
    from tui.feeds.opml import OpmlError, parse_opml

    path: Path = args.file
    try:
        data = path.read_bytes()
    except OSError as exc:
        _err(f"{path}: cannot read the file ({exc.strerror or exc})")
        return EXIT_USAGE
    try:
        parsed = parse_opml(data)
    except OpmlError as exc:
        _err(f"{path}: {exc}")
        return EXIT_USAGE
    for message in parsed.refused:
        _err(f"{path}: {message}")
    entries = [(f.url, f.name, f.tags) for f in parsed.feeds]
    added, existing = _subscriptions(args).add_many(entries) if entries else (0, 0)
    refused = f", refused {len(parsed.refused)}" if parsed.refused else ""
    print(f"added {added}, already subscribed {existing}{refused}")
    return EXIT_USAGE if parsed.refused else EXIT_OK


def _export(args: argparse.Namespace) -> int:
    from tui.feeds.opml import export_opml

    data = export_opml(_subscriptions(args).all())
    if args.output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return EXIT_OK
    from tui.core.errors import StoreWriteError
    from tui.core.storage import atomic_write

    path: Path = args.output
    try:
        atomic_write(path, data)
    except OSError as exc:
        raise StoreWriteError(path, exc) from None
    return EXIT_OK


def cmd_refresh(args: argparse.Namespace) -> int:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from tui.cli import open_store
    from tui.console import Console
    from tui.core.config import ConfigError, load_config
    from tui.core.subscriptions import UnknownFeedError
    from tui.feeds.fetch import policy_from
    from tui.feeds.progress_lines import feed_line, results_line, start_line
    from tui.feeds.refresh import FeedResult, refresh_feeds

    try:
        policy = policy_from(load_config(args.config))
    except ConfigError as exc:
        _err(str(exc))
        return EXIT_USAGE
    if args.progress_jsonl:
        # The app's R runs this as a background child: the UI it runs under gets the
        # cores first (its parse workers inherit this).
        with contextlib.suppress(OSError):
            os.nice(10)
    store = open_store(args)
    console = Console(stderr=True)
    # A bar on stderr in a terminal only: pipes and scripts get just the result lines.
    bar = Progress(
        TextColumn("refreshing"),
        BarColumn(),
        MofNCompleteColumn(),
        console=console,
        transient=True,
        disable=args.progress_jsonl or not sys.stderr.isatty(),
    )
    task = bar.add_task("feeds", total=None)

    def on_progress(done: int, total: int, result: FeedResult | None) -> None:
        if args.progress_jsonl:
            line = start_line(total) if result is None else feed_line(done, total, result)
            print(line, flush=True)
        else:
            bar.update(task, completed=done, total=total)

    try:
        with bar:
            results = refresh_feeds(store, args.keys or None, on_progress, policy)
    except UnknownFeedError as exc:
        _err(f"refresh: {exc}")
        return EXIT_USAGE
    if args.progress_jsonl:
        print(results_line(results), flush=True)
        return EXIT_OK if all(r.ok for r in results) else EXIT_ERROR
    if not results:
        print("no feeds: subscribe with 'casebook feeds add URL' or 'casebook feeds import FILE'")
    for result in results:
        print(result.line())
    return EXIT_OK if all(r.ok for r in results) else EXIT_ERROR
