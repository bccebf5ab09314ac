"""Export a set of articles as Markdown, JSON, CSV or casebook's own document format.

Every format is rendered to bytes in memory and then written in one go (``write_export``
uses the store's atomic write: temp file, fsync, rename), so an export is never half a
file. ``doc`` goes through the parser's own writer, so importing it gives back exactly
the same articles (and ids). The ``json`` objects are the ones ``casebook list --json``
prints.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

import orjson

from tui.core.document import format_articles
from tui.core.files import atomic_write
from tui.core.models import Article
from tui.core.store import Store

Format = Literal["md", "json", "csv", "doc"]
FORMATS: tuple[Format, ...] = ("md", "json", "csv", "doc")
# What a file name's suffix says about the format it wants (the app's "Export view…").
SUFFIXES: dict[str, Format] = {
    ".md": "md",
    ".markdown": "md",
    ".json": "json",
    ".csv": "csv",
    ".txt": "doc",
    ".casebook": "doc",
}
CSV_COLUMNS = (
    "id", "company", "title", "summary", "tags", "read_minutes", "read", "bookmarked",
    "my_tags", "note",
)  # fmt: skip
# A spreadsheet runs a cell starting with one of these as a formula (CSV injection); tab and
# CR are on OWASP's list too, since some spreadsheets strip them and read what follows.
_FORMULA_START = frozenset("=+-@\t\r")
# Characters that mean something to Markdown (CommonMark lets any ASCII punctuation be
# backslash-escaped); escaping them keeps a hostile title from becoming a link or HTML.
_MD_TABLE = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|~&"} | {"\n": " ", "\r": " "})


def article_json(store: Store, row: int) -> dict[str, Any]:
    """One article as ``casebook list --json`` prints it."""
    a = store.catalog.article(row)
    return {
        "id": a.id,
        "company": a.company,
        "title": a.title,
        "summary": a.summary,
        "tags": list(a.tags),
        "read_minutes": a.read_minutes,
        "read": a.id in store.read,
        "bookmarked": a.id in store.bookmarked,
        "my_tags": list(store.my_tags_of(a.id)),
        "note": store.note_of(a.id) or None,
        "url": a.url,
        "published": iso_utc(a.published),
    }


def iso_utc(timestamp: float | None) -> str | None:
    """ISO 8601 in UTC with a Z (``2026-11-26T06:15:00Z``), or None."""
    if timestamp is None:
        return None
    return datetime.fromtimestamp(timestamp, UTC).isoformat().replace("+00:00", "Z")


def format_of(path: str) -> Format | None:
    """The format a file name asks for by its suffix, or None if it does not say."""
    return SUFFIXES.get(Path(path).suffix.lower())


def md_escape(text: str) -> str:
    return text.translate(_MD_TABLE)


def _url_of(store: Store, row: int) -> str | None:
    """Only http(s) links are ever written (the store keeps no others, checked again)."""
    url = store.catalog.urls[row]
    if not url or not url.lower().startswith(("http://", "https://")):
        return None
    # Angle brackets let a url hold spaces and parentheses; these three cannot appear in it.
    return url.replace("<", "%3C").replace(">", "%3E").replace("\n", "%0A")


def to_markdown(store: Store, rows: Sequence[int], now: datetime | None = None) -> str:
    """A reading list: a task-list line per article (checked when read, ★ when bookmarked),
    your tags after the document's, your note quoted under it."""
    cat = store.catalog
    when = (now or datetime.now(UTC)).strftime("%Y-%m-%d")
    noun = "article" if len(rows) == 1 else "articles"
    head = f"# casebook reading list\n\n{len(rows)} {noun}, exported {when}.\n\n"
    read, marked = store.read, store.bookmarked
    my_tags, notes = store.library.tags, store.library.notes
    companies: dict[str, str] = {}  # a few hundred companies: escape each once
    lines = []
    for row in rows:
        article_id = cat.ids[row]
        title = cat.titles[row].translate(_MD_TABLE)
        url = _url_of(store, row)
        if url:
            title = f"[{title}](<{url}>)"
        company = cat.companies[row]
        shown = companies.get(company)
        if shown is None:
            shown = companies[company] = company.translate(_MD_TABLE)
        tags = " ".join(f"`{t}`" for t in cat.tags[row])
        mine = my_tags.get(article_id)
        if mine:
            tags += f"{' · ' if tags else ''}yours: {' '.join(f'`{t}`' for t in mine)}"
        lines.append(
            f"- [{'x' if article_id in read else ' '}] **{title}** · {shown}"
            f"{' · ' + tags if tags else ''} · {cat.minutes[row]} min"
            f"{' ★' if article_id in marked else ''}\n"
        )
        note = notes.get(article_id)
        if note:  # a blockquote inside the list item, line by line
            lines.extend(f"  > {line.translate(_MD_TABLE)}\n" for line in note.splitlines())
    return head + "".join(lines)


def to_json(store: Store, rows: Sequence[int]) -> bytes:
    # orjson: the stdlib's indenting encoder is pure Python (about 1 s for 100k articles).
    items = [article_json(store, r) for r in rows]
    return orjson.dumps(items, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)


def csv_cell(text: str) -> str:
    """Neutralises a spreadsheet formula by a leading apostrophe (OWASP's advice)."""
    return "'" + text if text[:1] in _FORMULA_START else text


def _guarded(values: Iterable[str]) -> list[str]:
    start = _FORMULA_START
    return [("'" + v) if v[:1] in start else v for v in values]


def to_csv(store: Store, rows: Sequence[int]) -> str:
    """RFC 4180 (CRLF, quoted as needed), with a BOM so spreadsheets read it as UTF-8."""
    cat = store.catalog
    ids = list(map(cat.ids.__getitem__, rows))  # column by column: comprehensions, not calls
    read, marked = store.read, store.bookmarked
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    writer.writerows(
        zip(
            ids,
            _guarded(map(cat.companies.__getitem__, rows)),
            _guarded(map(cat.titles.__getitem__, rows)),
            _guarded(map(cat.summaries.__getitem__, rows)),
            _guarded(map(" ".join, map(cat.tags.__getitem__, rows))),
            map(cat.minutes.__getitem__, rows),
            ["true" if i in read else "false" for i in ids],
            ["true" if i in marked else "false" for i in ids],
            _guarded(" ".join(store.my_tags_of(i)) for i in ids),
            _guarded(map(store.note_of, ids)),
            strict=True,
        )
    )
    return out.getvalue()


def doc_text(articles: Iterable[Article]) -> str:
    """The document format, as ``casebook import`` will read it back.

    A file's first character U+FEFF is taken for a byte order mark and dropped on import,
    so an export whose first company starts with one begins with a blank line instead.
    """
    text = format_articles(articles)
    return "\n" + text if text.startswith("\ufeff") else text


def to_doc(store: Store, rows: Sequence[int]) -> str:
    article = store.catalog.article
    return doc_text(article(r) for r in rows)


def render(store: Store, rows: Sequence[int], fmt: Format) -> bytes:
    """The export as the bytes that go to the file or stdout (UTF-8)."""
    renderers: dict[Format, Callable[[Store, Sequence[int]], str | bytes]] = {
        "md": to_markdown,
        "json": to_json,
        "csv": to_csv,
        "doc": to_doc,
    }
    out = renderers[fmt](store, rows)
    return out if isinstance(out, bytes) else out.encode("utf-8")


def write_export(path: Path, data: bytes) -> None:
    """Atomic: the file holds the old content or the whole export, never part of it; an
    existing file keeps its owner and mode, a new one follows the umask (the store's own
    ``atomic_write``). Raises OSError (the caller names the path)."""
    atomic_write(path, data)
