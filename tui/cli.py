"""The `casebook` command: runs the app, or imports, lists and marks articles for scripts.

Exit codes: 0 success, 2 bad input or usage, 1 anything else; every error is
one line on stderr. Textual is imported only when the app runs, so scripted
commands start fast.
"""

from __future__ import annotations

import argparse
import difflib
import io
import json
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TextIO

from rich_argparse.contrib import ParagraphRichHelpFormatter

from tui import __version__
from tui.core.config import ConfigError
from tui.core.document import (
    MAX_DOCUMENT_BYTES,
    DocumentError,
    ParseProgress,
    file_progress,
    parse_bytes,
    parse_files,
    read_capped,
)
from tui.core.errors import DataDirError, StoreError
from tui.core.export import FORMATS, article_json, render, write_export
from tui.core.export import iso_utc as iso_utc  # tui.feeds.commands imports it from here
from tui.core.library import LibraryInputError, parse_tag_changes
from tui.core.lookup import closest, company_matches, tag_matches
from tui.core.models import Article
from tui.core.paths import data_dir
from tui.core.seeds import ensure_seeded
from tui.core.store import Store
from tui.core.view import View
from tui.feeds.commands import Handler
from tui.feeds.commands import add_commands as add_feed_commands
from tui.import_progress import import_progress

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2
MIN_PREFIX = 4  # shortest id prefix `mark` accepts
SHELLS = ("bash", "zsh", "fish")  # shtab (>= 1.13, as pinned) generates all three


FEED_HANDLERS: dict[str, Handler] = {}  # feeds, refresh: filled as the parser is built


class UsageError(Exception):
    """Bad arguments or input: exit code 2. `parser` is the parser that found it, if any."""

    def __init__(self, message: str, parser: argparse.ArgumentParser | None = None) -> None:
        super().__init__(message)
        self.parser = parser


GLOBAL_HELP = "global options (before or after the command)"
# A lone '-' is a positional (stdin); '-5' and '-.5' are values, not options.
_NOT_AN_OPTION = re.compile(r"-|-\d+|-\d*\.\d+")


class _Help(ParagraphRichHelpFormatter):
    """rich-argparse help: colour on a terminal, plain text in a pipe or with NO_COLOR;
    text wraps to the terminal, blank lines separate paragraphs.

    Headings stay lowercase (`usage:`, `options:`), as argparse and git write them.
    """

    group_name_formatter = str


class _Parser(argparse.ArgumentParser):
    """Every usage error is one line naming the command's own --help, with a suggestion.

    Suggestions (difflib) cover mistyped commands, options and choices; an unknown
    option is reported in preference to the error it caused (a missing required flag).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Help)
        super().__init__(*args, **kwargs)

    def fail(self, message: str, *, see: str | None = None) -> UsageError:
        return UsageError(f"{self.prog}: {message} (see '{see or self.prog} --help')", self)

    def error(self, message: str) -> NoReturn:
        raise self.fail(message)

    def parse_known_args(  # type: ignore[override]  # one signature for typeshed's overloads
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        strings = list(sys.argv[1:] if args is None else args)
        try:
            return super().parse_known_args(strings, namespace)
        except UsageError as exc:
            unknown = self.first_unknown_option(strings)
            if exc.parser is not self or unknown is None:
                raise
            raise self.unknown_argument(unknown) from None

    def _check_value(self, action: argparse.Action, value: Any) -> None:
        if action.choices is None or value in action.choices:
            return
        names = [str(choice) for choice in action.choices]
        close = difflib.get_close_matches(str(value), names, n=1)
        if isinstance(action, argparse._SubParsersAction):
            hint = f"; did you mean {close[0]}?" if close else f"; choose from {', '.join(names)}"
            see = f"{self.prog} {close[0]}" if close else None
            raise self.fail(f"unknown command {value!r}{hint}", see=see)
        hint = f"did you mean {close[0]}?" if close else f"choose from {', '.join(names)}"
        name = action.metavar or action.dest
        raise self.fail(f"{name} cannot be {value!r}; {hint}")

    def commands(self) -> dict[str, _Parser]:
        for action in self._actions:
            if isinstance(action, argparse._SubParsersAction):
                return dict(action.choices)
        return {}

    def command_help(self) -> dict[str, str]:
        """Each command's one-line help, as the top-level --help lists it."""
        for action in self._actions:
            if isinstance(action, argparse._SubParsersAction):
                return {a.dest: a.help or "" for a in action._get_subactions()}
        return {}

    def options(self) -> list[str]:
        """Options for people: a hidden one (``help=SUPPRESS``, such as the app's
        ``refresh --progress-jsonl``) is neither suggested nor completed."""
        return [s for action in self._actions if action.help != argparse.SUPPRESS
                for s in action.option_strings]

    def first_unknown_option(self, strings: Sequence[str]) -> str | None:
        """The first option this parser does not know, before '--' or its command's name."""
        commands = self.commands()
        takes_value = False
        for text in strings:
            if takes_value:
                takes_value = False
                continue
            if text == "--":
                return None
            if not text.startswith("-") or _NOT_AN_OPTION.fullmatch(text):
                if commands:  # the command's name (or a mistyped one): the rest is not ours
                    return None
                continue
            name = text.split("=", 1)[0]
            known = [a for a in self._actions if any(s.startswith(name) for s in a.option_strings)]
            if not known:  # a unique prefix is an abbreviation argparse accepts
                return text
            takes_value = "=" not in text and len(known) == 1 and known[0].nargs != 0
        return None

    def unknown_argument(self, text: str) -> UsageError:
        """`--unraed` -> did you mean --unread?; an option of a command given without it."""
        if not text.startswith("-") or _NOT_AN_OPTION.fullmatch(text):
            return self.fail(f"unexpected argument {text!r}")
        name = text.split("=", 1)[0]
        close = difflib.get_close_matches(name, self.options(), n=1)
        if close:
            return self.fail(f"unknown option {name!r}; did you mean {close[0]}?")
        for command, sub in self.commands().items():
            if name in sub.options():
                hint = f"did you mean '{self.prog} {command} {name}'?"
                return self.fail(f"unknown option {name!r}; {hint}", see=f"{self.prog} {command}")
        return self.fail(f"unknown option {name!r}")


if TYPE_CHECKING:
    _SubParsers = argparse._SubParsersAction[_Parser]
else:  # not subscriptable at run time
    _SubParsers = argparse._SubParsersAction


class _Commands(_SubParsers):
    """Subcommands built here share the global options and describe themselves.

    Structural on purpose: any `commands.add_parser(...)` gets the options that work
    before or after the command, the suggestions of `_Parser` and shell completion.
    """

    def add_parser(self, name: str, **kwargs: Any) -> _Parser:
        parent = argparse.ArgumentParser(add_help=False)
        add_global_options(parent, top_level=False)
        kwargs["parents"] = [parent, *kwargs.get("parents", ())]
        kwargs.setdefault("description", kwargs.get("help"))
        return super().add_parser(name, **kwargs)


def add_global_options(parser: argparse.ArgumentParser, *, top_level: bool) -> None:
    """Options every command accepts, before or after its name.

    Only the top-level parser holds the defaults; in a command's parser they are
    SUPPRESSed, so a command cannot overwrite a value given before its name.
    """
    group = parser.add_argument_group(GLOBAL_HELP)

    def default(value: Any) -> Any:
        return value if top_level else argparse.SUPPRESS

    group.add_argument(
        "--config",
        metavar="FILE",
        default=default(None),
        help="the config file (default: $CASEBOOK_CONFIG or config.toml in the platform's "
        "user config directory)",
    )
    group.add_argument(
        "--data-dir",
        metavar="DIR",
        default=default(None),
        help="where the store lives "
        "(default: $CASEBOOK_DATA_DIR or the platform's user data directory)",
    )


def add_filters(cmd: argparse.ArgumentParser) -> None:
    """The filters `list` and `export` share."""
    cmd.add_argument(
        "--query",
        metavar="Q",
        default="",
        help="the app's query language, e.g. 'tag:kafka is:unread sort:-minutes' "
        "(the same rows in the same order as typing it after / in the app)",
    )
    cmd.add_argument("--tag", help="only articles with this tag (any case)")
    cmd.add_argument(
        "--company", help="only articles from companies whose name starts with these words"
    )
    which = cmd.add_mutually_exclusive_group()
    which.add_argument("--unread", action="store_true", help="only unread articles")
    which.add_argument("--read", action="store_true", help="only read articles")
    cmd.add_argument("--bookmarked", action="store_true", help="only bookmarked articles")


def build_parser() -> _Parser:
    """The whole command line. A command added with `commands.add_parser(name, help=...)`
    gets the global options, suggestions and shell completion by itself (see `_Commands`);
    a new global option belongs in `add_global_options`."""
    parser = _Parser(
        prog="casebook",
        description="A keyboard-driven terminal reader for engineering case studies. "
        "Without a command, opens the reader.",
        epilog="Run 'casebook COMMAND --help' for a command's options.",
    )
    parser.add_argument("--version", action="version", version=f"casebook {__version__}")
    commands = parser.add_subparsers(
        title="commands",
        dest="command",
        parser_class=_Parser,
        action=_Commands,
        metavar="COMMAND",
        prog=parser.prog,  # else argparse formats a usage line for it, importing rich (90 ms)
    )
    add_global_options(parser, top_level=True)

    imp = commands.add_parser("import", help="import documents (all files or none)")
    imp.add_argument(
        "files",
        nargs="+",
        type=Path,
        metavar="FILE",
        help="document files; '-' reads a document from standard input",
    )

    lst = commands.add_parser(
        "list",
        help="list articles, in the app's order",
        description="List articles, in the app's order.\n\n"
        "--tag matches a whole tag, ignoring case (Kafka finds kafka, not kafka-streams). "
        "--company matches names that start with the given whole words, ignoring case: "
        "'zalando' finds 'Zalando SE', 'zal' does not.\n\n"
        "A value that matches no tag or company says so on stderr, with the closest name, "
        "and the list is empty (exit 0).",
    )
    add_filters(lst)
    lst.add_argument("--json", action="store_true", help="print a JSON array instead of a table")

    exp = commands.add_parser(
        "export",
        help="export articles as Markdown, JSON, CSV or a casebook document",
        description="Export the articles 'casebook list' would show (same filters) as a "
        "Markdown reading list, the JSON of 'list --json', CSV, or casebook's own document "
        "format, which 'casebook import' reads back to the same articles.",
    )
    add_filters(exp)
    exp.add_argument("--format", required=True, choices=FORMATS, help="what to write")
    exp.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        type=Path,
        help="write to FILE atomically (default: standard output)",
    )

    commands.add_parser("config", help="print the effective config and where each value came from")
    stats = commands.add_parser("stats", help="reading stats per tag, company and week")
    stats.add_argument("--json", action="store_true", help="print JSON instead of tables")

    mark = commands.add_parser(
        "mark",
        help="mark articles read/unread or (un)bookmark them",
        description="Mark articles read or unread, or add or remove their bookmark: the "
        "given ids, or every article a query selects (--query, as after / in the app). "
        "All ids must match, or nothing is changed; one durable write either way.",
    )
    mark.add_argument(
        "ids",
        nargs="*",
        metavar="ID",
        help=f"article ids as 'casebook list' shows them, or unique prefixes of at least "
        f"{MIN_PREFIX} characters",
    )
    mark.add_argument(
        "--query", metavar="Q", help="every article this query selects (e.g. 'tag:kafka')"
    )
    action = mark.add_mutually_exclusive_group(required=True)
    for flag, text in (
        ("read", "mark them read"),
        ("unread", "mark them unread (they show under Unread again)"),
        ("bookmark", "bookmark them"),
        ("unbookmark", "remove their bookmark"),
    ):
        action.add_argument(f"--{flag}", dest="action", action="store_const", const=flag, help=text)

    tag = commands.add_parser(
        "tag",
        help="add or remove your own tags on an article",
        description="Add (+name, or a bare name) and remove (-name) your own tags on one "
        "article. Your tags are yours: never in the catalogue, kept across re-imports. "
        "Without changes, prints the article's tags.",
    )
    tag.add_argument("id", metavar="ID", help="an article id or a unique prefix")
    tag.add_argument("changes", nargs="*", metavar="+TAG/-TAG", help="e.g. +scaling -todo")

    note = commands.add_parser(
        "note",
        help="write, edit, show or clear your note on an article",
        description="Without TEXT, prints the note. TEXT replaces it; '-' reads it from "
        "standard input.",
    )
    note.add_argument("id", metavar="ID", help="an article id or a unique prefix")
    how = note.add_mutually_exclusive_group()
    how.add_argument("text", nargs="?", metavar="TEXT", help="the new note")
    how.add_argument("--edit", action="store_true", help="edit the note in $VISUAL / $EDITOR")
    how.add_argument("--clear", action="store_true", help="remove the note")

    saved = commands.add_parser(
        "saved",
        help="saved searches: add, list, remove",
        description="A saved search is a query under a name; the app lists it at the top "
        "of the sidebar with its unread/total counts.",
    )
    saved_actions = saved.add_subparsers(
        dest="saved_command", metavar="ACTION", required=True, action=type(commands),
        prog=saved.prog,
    )  # fmt: skip
    saved_add = saved_actions.add_parser("add", help="save QUERY under NAME (replaces one)")
    saved_add.add_argument("name", metavar="NAME")
    saved_add.add_argument("query", metavar="QUERY", help="e.g. 'tag:kafka is:unread'")
    saved_list = saved_actions.add_parser("list", help="every saved search, with counts")
    saved_list.add_argument("--json", action="store_true", help="print a JSON array")
    saved_remove = saved_actions.add_parser("remove", help="forget a saved search")
    saved_remove.add_argument("name", metavar="NAME")

    completion = commands.add_parser(
        "completion",
        help="print a shell completion script",
        description="Print a completion script for your shell, generated from casebook's "
        "own options (so it knows every command). See the README for where to put it.",
    )
    completion.add_argument("shell", choices=SHELLS, metavar="SHELL", help="bash, zsh or fish")
    FEED_HANDLERS.update(add_feed_commands(commands))
    return parser


# `casebook tag ID -todo`: argparse would take `-todo` for an option. Tokens after `tag`
# that are tag removals are hidden behind this mark while parsing, then unmasked.
_REMOVAL = re.compile(r"-[a-z0-9][a-z0-9+#._/-]*")
_MASK = "\x00"


def _mask_tag_removals(parser: _Parser, argv: Sequence[str]) -> list[str]:
    strings = list(argv)
    if "tag" not in strings:
        return strings
    start = strings.index("tag") + 1
    keep = set(parser.commands()["tag"].options())
    return strings[:start] + [
        _MASK + s if _REMOVAL.fullmatch(s) and s not in keep else s for s in strings[start:]
    ]


def _attach_queries(parser: _Parser, strings: list[str]) -> list[str]:
    """`casebook list --query -tag:x`: argparse would take the query for an option (a
    negated term starts with `-`), so a value after ``--query`` that is no option of
    casebook's is attached to it (``--query=-tag:x``)."""
    if "--query" not in strings:  # every start goes through here: most have no query
        return strings
    known = set(parser.options()).union(*(c.options() for c in parser.commands().values()))
    out: list[str] = []
    for string in strings:
        if out and out[-1] == "--query" and string.startswith("-") and string not in known:
            out[-1] = f"--query={string}"
        else:
            out.append(string)
    return out


def parse(parser: _Parser, argv: Sequence[str] | None) -> argparse.Namespace:
    """parse_args, but an unknown argument is reported by the command it was given to."""
    strings = _mask_tag_removals(parser, sys.argv[1:] if argv is None else argv)
    strings = _attach_queries(parser, strings)
    args, extras = parser.parse_known_args(strings)
    if args.command == "tag":
        args.changes = [c.removeprefix(_MASK) for c in args.changes]
    if extras:
        target = parser.commands().get(args.command, parser)
        name = extras[0].split("=", 1)[0]
        if target is not parser and name in parser.options():  # --version after a command
            hint = f"{name} goes before the command: '{parser.prog} {name}'"
            raise target.fail(hint, see=parser.prog)
        raise target.unknown_argument(extras[0])
    return args


def open_store(args: argparse.Namespace) -> Store:
    store = Store.open(data_dir(args.data_dir))
    ensure_seeded(store)
    for notice in store.notices:
        print(f"casebook: {notice}", file=sys.stderr)
    return store


def selected_rows(store: Store, args: argparse.Namespace) -> list[int]:
    """The app's view of ``--query`` (its rows, its order), narrowed by the other flags."""
    view = View(store, text=args.query)
    for warning in view.query.warnings:
        print(f"casebook: query: {warning}", file=sys.stderr)
    cat = store.catalog
    rows = view.rows
    if args.tag is not None:
        tags = tag_matches(args.tag, cat.rows_by_tag)
        wanted = {r for tag in tags for r in cat.rows_by_tag[tag]}  # from the index
        mine = store.library.rows_by_tag()
        for tag in tag_matches(args.tag, mine):  # your own tags match like any tag
            wanted.update(cat.row_of[i] for i in mine[tag] if i in cat.row_of)
        rows = [r for r in rows if r in wanted]  # the view's order
        if not wanted:
            near = closest(args.tag, {**cat.rows_by_tag, **dict.fromkeys(mine)})
            say_no_match("tag", args.tag, near)
    if args.company is not None:
        companies = company_matches(args.company, cat.rows_by_company)
        wanted = {r for company in companies for r in cat.rows_by_company[company]}
        rows = [r for r in rows if r in wanted]
        if not companies:
            near = closest(args.company, cat.rows_by_company, leading_words=True)
            say_no_match("company", args.company, near)
    if args.unread:
        rows = [r for r in rows if cat.ids[r] not in store.read]
    if args.read:
        rows = [r for r in rows if cat.ids[r] in store.read]
    if args.bookmarked:
        rows = [r for r in rows if cat.ids[r] in store.bookmarked]
    return rows


def say_no_match(what: str, given: str, near: str | None) -> None:
    """A filter value that exists nowhere is a likely typo: say so, but it is not an error."""
    hint = f"; did you mean {near!r}?" if near else ""
    print(f"casebook: no {what} {given!r}{hint}", file=sys.stderr)


def cmd_list(args: argparse.Namespace) -> int:
    store = open_store(args)
    rows = selected_rows(store, args)
    if args.json:
        items = [article_json(store, r) for r in rows]
        text = json.dumps(items, ensure_ascii=False, indent=2)
        if not encodable(text, sys.stdout):  # e.g. PYTHONIOENCODING=ascii or LANG=C
            text = json.dumps(items, ensure_ascii=True, indent=2)  # the same JSON, escaped
        sys.stdout.write(text + "\n")
        return EXIT_OK
    from rich.table import Table
    from rich.text import Text

    from tui.console import Console

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
        tags = " ".join([*cat.tags[r], *(f"+{t}" for t in store.my_tags_of(article_id))])
        cells = (article_id, marks, cat.titles[r], cat.companies[r], tags)
        table.add_row(*(Text(c) for c in cells), str(cat.minutes[r]))
    console = Console()
    console.print(table)
    noun = "article" if len(rows) == 1 else "articles"
    console.print(f"{len(rows)} {noun} (● unread, ★ bookmarked, +your tags)", style="dim")
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
        if len(key) < MIN_PREFIX:
            raise UsageError(
                f"casebook mark: id prefix {raw!r} is too short: use at least {MIN_PREFIX} "
                "characters; nothing was changed"
            )
        matches = [i for i in ids if i.startswith(key)]
        if len(matches) != 1:
            why = "matches several articles" if matches else "matches no article"
            raise UsageError(f"casebook mark: id {raw!r} {why}; nothing was changed")
        resolved.append(matches[0])
    return resolved


def cmd_mark(args: argparse.Namespace) -> int:
    if bool(args.ids) == (args.query is not None):
        raise UsageError(
            "casebook mark: give article ids or --query, not both or neither "
            "(see 'casebook mark --help')"
        )
    store = open_store(args)
    if args.query is not None:
        view = View(store, text=args.query)
        for warning in view.query.warnings:
            print(f"casebook: query: {warning}", file=sys.stderr)
        ids = [store.catalog.ids[r] for r in view.rows]
    else:
        ids = resolve_ids(store, args.ids)
    if args.action in ("read", "unread"):
        store.set_read(ids, args.action == "read")
    else:
        store.set_bookmarked(ids, args.action == "bookmark")
    print(f"{args.action}: {len(ids)} article{'s' if len(ids) != 1 else ''}")
    return EXIT_OK


def resolve_one(store: Store, given: str, command: str) -> str:
    try:
        return resolve_ids(store, [given])[0]
    except UsageError as exc:
        raise UsageError(str(exc).replace("casebook mark:", f"casebook {command}:")) from None


def cmd_tag(args: argparse.Namespace) -> int:
    store = open_store(args)
    article_id = resolve_one(store, args.id, "tag")
    if args.changes:
        try:
            change = parse_tag_changes(args.changes)
            tags = store.change_my_tags(article_id, change)
        except LibraryInputError as exc:
            raise UsageError(f"casebook tag: {exc}; nothing was changed") from None
    else:
        tags = store.my_tags_of(article_id)
    print(" ".join(tags) if tags else "(no tags of yours)")
    return EXIT_OK


def cmd_note(args: argparse.Namespace) -> int:
    store = open_store(args)
    article_id = resolve_one(store, args.id, "note")
    if args.text is None and not args.edit and not args.clear:
        note = store.note_of(article_id)
        if note:
            print(note)
        return EXIT_OK
    if args.clear:
        text = ""
    elif args.edit:
        text = edit_in_editor(store.note_of(article_id))
    elif args.text == "-":
        text = sys.stdin.read() if sys.stdin is not None else ""
    else:
        text = args.text
    try:
        stored = store.set_note(article_id, text)
    except LibraryInputError as exc:
        raise UsageError(f"casebook note: {exc}; nothing was changed") from None
    print("note saved" if stored else "note removed")
    return EXIT_OK


def edit_in_editor(text: str) -> str:
    """$VISUAL / $EDITOR on a temp file, as git does; a failing editor changes nothing."""
    import os
    import shlex
    import subprocess
    import tempfile

    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    with tempfile.TemporaryDirectory(prefix="casebook-note-") as tmp:
        path = Path(tmp) / "NOTE.md"
        path.write_text(text, encoding="utf-8")
        try:
            status = subprocess.call([*shlex.split(editor), str(path)])
        except OSError as exc:
            msg = f"casebook note: cannot run editor {editor!r}: {exc.strerror}"
            raise UsageError(msg) from None
        if status != 0:
            raise UsageError(f"casebook note: {editor} exited with {status}; nothing was changed")
        return path.read_text(encoding="utf-8", errors="replace")


def read_documents(paths: Sequence[Path], progress: ParseProgress | None = None) -> list[Article]:
    """parse_files, where '-' is a document on standard input (errors say `<stdin>:LINE`)."""
    if sum(str(p) == "-" for p in paths) > 1:
        raise UsageError("casebook import: '-' (standard input) can be given only once")
    articles: list[Article] = []
    for n, path in enumerate(paths):
        report = progress and file_progress(progress, len(articles), n, len(paths))
        if str(path) != "-":
            articles.extend(parse_files([path], report))
        elif sys.stdin is None:
            raise DocumentError("<stdin>", None, "standard input is closed")
        else:
            if sys.stdin.isatty():  # a person at a terminal, not a pipe: say what we wait for
                print(
                    "casebook: reading a document from the terminal; end it with Ctrl-D",
                    file=sys.stderr,
                )
            stream = getattr(sys.stdin, "buffer", None)  # a text-only stand-in has none
            if stream is None:
                stream = io.BytesIO(sys.stdin.read(MAX_DOCUMENT_BYTES + 1).encode())
            data = read_capped(stream, "<stdin>")
            articles.extend(parse_bytes(data, "<stdin>", report))
    return articles


def cmd_import(args: argparse.Namespace) -> int:
    typed_in = "-" in map(str, args.files) and sys.stdin is not None and sys.stdin.isatty()
    # A bar on stderr only when it is a terminal, and not over a document being typed.
    with import_progress(show=not typed_in) as progress:
        articles = read_documents(args.files, progress.on_parse)
        progress.storing(len(articles))
        store = open_store(args)
        result = store.import_articles(articles)
        progress.stored()
    print(f"added {result.added}, updated {result.updated}, unchanged {result.unchanged}")
    return EXIT_OK


def cmd_config(args: argparse.Namespace) -> int:
    from tui.ui.app_config import config_lines, load_app_config

    config = load_app_config(args.config)
    print("\n".join(config_lines(config, open_store(args))))
    return EXIT_OK


def cmd_stats(args: argparse.Namespace) -> int:
    from tui.console import Console
    from tui.core.stats import compute
    from tui.ui.stats_view import print_stats

    stats = compute(open_store(args))
    if args.json:
        sys.stdout.write(json.dumps(stats.to_json(), ensure_ascii=False, indent=2) + "\n")
    else:
        print_stats(stats, Console())
    return EXIT_OK


def cmd_app(args: argparse.Namespace) -> int:
    from tui.ui.app_config import load_app_config

    config = load_app_config(args.config)  # a bad config stops here, before any screen
    store = open_store(args)
    from tui.ui.app import CasebookApp

    app = CasebookApp(store, config=config)
    app.run()
    return app.return_code or EXIT_OK


def encodable(text: str, stream: TextIO) -> bool:
    try:
        text.encode(getattr(stream, "encoding", None) or "utf-8")
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def tolerant_output() -> None:
    """An output encoding that cannot show a character (``PYTHONIOENCODING=ascii``, a C
    locale) gets ``?`` on stdout and an escape on stderr, never a traceback."""
    for stream, errors in ((sys.stdout, "replace"), (sys.stderr, "backslashreplace")):
        if isinstance(stream, io.TextIOWrapper) and stream.errors == "strict":
            stream.reconfigure(errors=errors)


def cmd_completion(args: argparse.Namespace) -> int:
    """Generated by shtab from the same parser, so new commands and options complete too.

    By convention a metavar names what completes: DIR a directory, FILE a file. shtab is
    imported only here (it costs ~35 ms, which every other command would pay).
    """
    import shtab

    parser = build_parser()
    for name, text in parser.command_help().items():  # shtab shows a command's description
        parser.commands()[name].description = text
    kinds = {"DIR": shtab.DIRECTORY, "FILE": shtab.FILE}
    for each in (parser, *parser.commands().values()):
        for action in each._actions:
            if isinstance(action.metavar, str) and action.metavar in kinds:
                action.complete = kinds[action.metavar]  # type: ignore[attr-defined]
    sys.stdout.write(shtab.complete(parser, args.shell))
    return EXIT_OK


def cmd_saved(args: argparse.Namespace) -> int:
    store = open_store(args)
    if args.saved_command == "add":
        try:
            entry = store.save_search(args.name, args.query)
        except LibraryInputError as exc:
            raise UsageError(f"casebook saved add: {exc}; nothing was changed") from None
        for warning in View(store, text=entry.query).query.warnings:
            print(f"casebook: query: {warning}", file=sys.stderr)
        print(f"saved {entry.name!r}: {entry.query}")
        return EXIT_OK
    if args.saved_command == "remove":
        if not store.remove_search(args.name):
            names = ", ".join(repr(s.name) for s in store.saved) or "none"
            raise UsageError(f"casebook saved remove: no saved search {args.name!r} ({names})")
        print(f"removed {args.name!r}")
        return EXIT_OK
    items = []
    for entry in store.saved:
        rows = View(store, text=entry.query).rows
        unread = sum(1 for r in rows if store.catalog.ids[r] not in store.read)
        items.append({"name": entry.name, "query": entry.query, "unread": unread,
                      "total": len(rows)})  # fmt: skip
    if args.json:
        sys.stdout.write(json.dumps(items, ensure_ascii=False, indent=2) + "\n")
    for item in [] if args.json else items:
        print(f"{item['name']}\t{item['unread']}/{item['total']}\t{item['query']}")
    return EXIT_OK


def run(argv: Sequence[str] | None) -> int:
    args = parse(build_parser(), argv)
    handler = {
        "import": cmd_import,
        "list": cmd_list,
        "mark": cmd_mark,
        "tag": cmd_tag,
        "note": cmd_note,
        "saved": cmd_saved,
        "export": cmd_export,
        "config": cmd_config,
        "stats": cmd_stats,
        "completion": cmd_completion,
        **FEED_HANDLERS,
    }.get(args.command, cmd_app)
    return handler(args)


def main(argv: Sequence[str] | None = None) -> int:
    tolerant_output()
    try:
        return run(argv)
    except (UsageError, DocumentError, DataDirError, ConfigError) as exc:
        print(exc if isinstance(exc, UsageError) else f"casebook: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except StoreError as exc:
        print(f"casebook: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `casebook list | head`: the reader has all it wanted
        from tui.console import silence_stdout

        silence_stdout()
        return EXIT_OK
    except OSError as exc:  # trouble the store did not name itself: still one line
        where = f"{exc.filename}: " if isinstance(exc.filename, str | Path) else ""
        print(f"casebook: {where}{exc.strerror or exc}", file=sys.stderr)
        return EXIT_ERROR
