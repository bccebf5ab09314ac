"""The `casebook` command: runs the app, or imports, lists and marks articles for scripts.

Exit codes: 0 success, 2 bad input or usage, 1 anything else; every error is
one line on stderr. Textual is imported only when the app runs, so scripted
commands start fast.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from tui import __version__
from tui.core.config import ConfigError
from tui.core.document import DocumentError, parse_files
from tui.core.errors import StoreError
from tui.core.export import FORMATS, article_json, render, write_export
from tui.core.paths import data_dir
from tui.core.seeds import ensure_seeded
from tui.core.store import Store
from tui.core.views import Filter, filter_rows

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """Bad arguments or input: exit code 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self.prog}: {message} (see '{self.prog} --help')")


def add_filters(cmd: argparse.ArgumentParser) -> None:
    """The filters `list` and `export` share."""
    cmd.add_argument("--tag", help="only articles with this tag")
    cmd.add_argument("--company", help="only articles from this company (any case)")
    which = cmd.add_mutually_exclusive_group()
    which.add_argument("--unread", action="store_true", help="only unread articles")
    which.add_argument("--read", action="store_true", help="only read articles")
    cmd.add_argument("--bookmarked", action="store_true", help="only bookmarked articles")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="casebook",
        description="A keyboard-driven terminal reader for engineering case studies. "
        "Without a command, opens the reader.",
    )
    parser.add_argument("--version", action="version", version=f"casebook {__version__}")
    parser.add_argument(
        "--data-dir", metavar="DIR", help="where the store lives (default: $CASEBOOK_DATA_DIR "
        "or the platform's user data directory)"
    )
    parser.add_argument(
        "--config", metavar="FILE", help="the config file (default: $CASEBOOK_CONFIG or "
        "config.toml in the platform's user config directory)"
    )
    commands = parser.add_subparsers(dest="command", parser_class=_Parser, metavar="COMMAND")

    imp = commands.add_parser("import", help="import documents (all files or none)")
    imp.add_argument("files", nargs="+", type=Path, metavar="FILE")

    lst = commands.add_parser("list", help="list articles, in the app's order")
    add_filters(lst)
    lst.add_argument("--json", action="store_true", help="print a JSON array instead of a table")

    exp = commands.add_parser(
        "export", help="export articles as Markdown, JSON, CSV or a casebook document"
    )
    add_filters(exp)
    exp.add_argument("--format", required=True, choices=FORMATS, help="what to write")
    exp.add_argument(
        "-o", "--output", metavar="FILE", type=Path,
        help="write to FILE atomically (default: standard output)",
    )

    commands.add_parser("config", help="print the effective config and where each value came from")
    stats = commands.add_parser("stats", help="reading stats per tag, company and week")
    stats.add_argument("--json", action="store_true", help="print JSON instead of tables")

    mark = commands.add_parser("mark", help="mark articles read/unread or (un)bookmark them")
    mark.add_argument("ids", nargs="+", metavar="ID", help="article ids (or unique prefixes)")
    action = mark.add_mutually_exclusive_group(required=True)
    for flag in ("read", "unread", "bookmark", "unbookmark"):
        action.add_argument(f"--{flag}", dest="action", action="store_const", const=flag)
    return parser


def open_store(args: argparse.Namespace) -> Store:
    store = Store.open(data_dir(args.data_dir))
    ensure_seeded(store)
    for notice in store.notices:
        print(f"casebook: {notice}", file=sys.stderr)
    return store


def selected_rows(store: Store, args: argparse.Namespace) -> list[int]:
    cat = store.catalog
    rows = filter_rows(cat, store.read, store.bookmarked, Filter())
    if args.tag is not None:
        rows = filter_rows(cat, store.read, store.bookmarked, Filter("tag", args.tag))
    if args.company is not None:
        wanted = args.company.casefold()
        rows = [r for r in rows if cat.companies[r].casefold() == wanted]
    if args.unread:
        rows = [r for r in rows if cat.ids[r] not in store.read]
    if args.read:
        rows = [r for r in rows if cat.ids[r] in store.read]
    if args.bookmarked:
        rows = [r for r in rows if cat.ids[r] in store.bookmarked]
    return rows


def cmd_list(args: argparse.Namespace) -> int:
    store = open_store(args)
    rows = selected_rows(store, args)
    if args.json:
        items = [article_json(store, r) for r in rows]
        sys.stdout.write(json.dumps(items, ensure_ascii=False, indent=2) + "\n")
        return EXIT_OK
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(box=None, header_style="bold", pad_edge=False)
    for name, kw in (
        ("id", {"style": "dim", "no_wrap": True}),
        ("", {"no_wrap": True}),
        ("title", {"ratio": 3}),
        ("company", {"ratio": 1}),
        ("tags", {"ratio": 1, "style": "dim"}),
        ("min", {"justify": "right", "no_wrap": True}),
    ):
        table.add_column(name, **kw)
    cat = store.catalog
    for r in rows:
        article_id = cat.ids[r]
        marks = ("●" if article_id not in store.read else " ") + (
            "★" if article_id in store.bookmarked else " "
        )
        cells = (article_id, marks, cat.titles[r], cat.companies[r], " ".join(cat.tags[r]))
        table.add_row(*(Text(c) for c in cells), str(cat.minutes[r]))
    console = Console()
    console.print(table)
    noun = "article" if len(rows) == 1 else "articles"
    console.print(f"{len(rows)} {noun} (● unread, ★ bookmarked)", style="dim")
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    store = open_store(args)
    rows = selected_rows(store, args)
    data = render(store, rows, args.format)
    if args.output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return EXIT_OK
    try:
        write_export(args.output, data)
    except OSError as exc:
        reason = exc.strerror or exc.__class__.__name__
        print(f"casebook: cannot write {args.output} ({reason})", file=sys.stderr)
        return EXIT_ERROR
    print(f"exported {len(rows)} article{'s' if len(rows) != 1 else ''} to {args.output}")
    return EXIT_OK


def resolve_ids(store: Store, given: Sequence[str]) -> list[str]:
    """Full ids or unique prefixes (like git); anything else is a usage error."""
    ids = store.catalog.ids
    resolved = []
    for raw in given:
        key = raw.strip().lower()
        if key in store.catalog.row_of:
            resolved.append(key)
            continue
        matches = [i for i in ids if i.startswith(key)] if len(key) >= 4 else []
        if len(matches) != 1:
            why = "matches several articles" if matches else "matches no article"
            raise UsageError(f"casebook mark: id {raw!r} {why}; nothing was changed")
        resolved.append(matches[0])
    return resolved


def cmd_mark(args: argparse.Namespace) -> int:
    store = open_store(args)
    ids = resolve_ids(store, args.ids)
    if args.action in ("read", "unread"):
        store.set_read(ids, args.action == "read")
    else:
        store.set_bookmarked(ids, args.action == "bookmark")
    print(f"{args.action}: {len(ids)} article{'s' if len(ids) != 1 else ''}")
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    articles = parse_files(args.files)
    store = open_store(args)
    result = store.import_articles(articles)
    print(f"added {result.added}, updated {result.updated}, unchanged {result.unchanged}")
    return EXIT_OK


def cmd_config(args: argparse.Namespace) -> int:
    from tui.ui.app_config import config_lines, load_app_config

    config = load_app_config(args.config)
    print("\n".join(config_lines(config, open_store(args))))
    return EXIT_OK


def cmd_stats(args: argparse.Namespace) -> int:
    from tui.core.stats import compute
    from tui.ui.stats_view import print_stats

    stats = compute(open_store(args))
    if args.json:
        sys.stdout.write(json.dumps(stats.to_json(), ensure_ascii=False, indent=2) + "\n")
    else:
        print_stats(stats)
    return EXIT_OK


def cmd_app(args: argparse.Namespace) -> int:
    from tui.ui.app_config import load_app_config

    config = load_app_config(args.config)  # a bad config stops here, before any screen
    store = open_store(args)
    from tui.ui.app import CasebookApp

    app = CasebookApp(store, config=config)
    app.run()
    return app.return_code or EXIT_OK


def run(argv: Sequence[str] | None) -> int:
    args = build_parser().parse_args(argv)
    handler = {
        "import": cmd_import, "list": cmd_list, "mark": cmd_mark, "export": cmd_export,
        "config": cmd_config, "stats": cmd_stats,
    }.get(
        args.command, cmd_app
    )
    return handler(args)


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return run(argv)
    except (UsageError, DocumentError, ConfigError) as exc:
        print(exc if isinstance(exc, UsageError) else f"casebook: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except StoreError as exc:
        print(f"casebook: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except OSError as exc:  # trouble the store did not name itself: still one line
        where = f"{exc.filename}: " if isinstance(exc.filename, str | Path) else ""
        print(f"casebook: {where}{exc.strerror or exc}", file=sys.stderr)
        return EXIT_ERROR
