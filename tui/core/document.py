"""The case-study document format: parsing (with line-accurate errors) and writing.

A record is: company line, title line, one or more summary lines (blank lines
separate paragraphs), a tags line, and an ``N min`` line. The tags line is the
first line after the summary whose words are all lowercase tag words; the line
after it must be the reading time, otherwise the record is reported as broken
instead of being merged into the next one.

Hand-written: the format is our own, and no parsing library would give the
``path:LINE:`` errors we promise.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from tui.core.clean import safe_url
from tui.core.models import Article

# ASCII: with Unicode \d, a summary split as '５' / 'MIN' would be written back as a reading time.
READING_TIME = re.compile(r"(\d{1,4}) ?min", re.IGNORECASE | re.ASCII)
# The optional link line right after the title: one http(s) URL and nothing else.
LINK_LINE = re.compile(r"https?://\S+", re.IGNORECASE)
TAG_WORD = re.compile(r"[a-z0-9][a-z0-9+#._/-]*")
MAX_TAGS = 64
# Unicode category Cc (C0, DEL, C1) except tab and newline; and lone surrogates, which only a
# str handed to parse_text can hold and which could not be stored.
BAD_CHAR = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


class DocumentError(Exception):
    """Bad input; ``str()`` is the one-line message shown to the user."""

    def __init__(self, path: str, line: int | None, message: str) -> None:
        self.path = path
        self.line = line
        self.message = message
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True, slots=True)
class _Line:
    number: int
    text: str


def _show(text: str) -> str:
    shown = text if len(text) <= 60 else text[:57] + "..."
    return repr(shown)


def is_tags_line(text: str) -> bool:
    words = text.split()
    return 0 < len(words) <= MAX_TAGS and all(TAG_WORD.fullmatch(w) for w in words)


def decode(data: bytes, path: str) -> str:
    """UTF-8 with or without a BOM; anything else is not a document."""
    if not data.strip():
        raise DocumentError(path, None, "the file is empty")
    if b"\x00" in data:
        raise DocumentError(path, None, "not a text file (it contains NUL bytes)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        # utf-8-sig reports positions after the BOM it skipped.
        start = exc.start + (3 if data.startswith(b"\xef\xbb\xbf") else 0)
        line = universal_newlines(data[:start].decode("utf-8", "replace")).count("\n") + 1
        raise DocumentError(
            path, line, f"not UTF-8 text (byte 0x{data[start]:02x} cannot be decoded)"
        ) from None


def universal_newlines(text: str) -> str:
    """CRLF and a lone CR end a line, as in Python's text mode."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _lines(text: str, path: str) -> list[_Line]:
    text = universal_newlines(text)
    bad = BAD_CHAR.search(text)  # one C-level scan: per-character checks cost 4 s at 100k records
    if bad is not None:
        number = text.count("\n", 0, bad.start()) + 1
        code = ord(bad.group())
        what = "an unpaired surrogate" if 0xD800 <= code <= 0xDFFF else "control character"
        raise DocumentError(path, number, f"expected text, found {what} U+{code:04X}")
    raws = text.split("\n")
    if len(raws) > 1 and not raws[-1]:
        raws.pop()  # a final newline ends the last line; it does not start another one
    return [_Line(number, raw.strip()) for number, raw in enumerate(raws, start=1)]


class _Cursor:
    """Walks the lines of one document; all error positions come from here."""

    def __init__(self, lines: list[_Line], path: str) -> None:
        self.lines = lines
        self.path = path
        self.pos = 0

    def skip_blank(self) -> None:
        while self.pos < len(self.lines) and not self.lines[self.pos].text:
            self.pos += 1

    def at_end(self) -> bool:
        return self.pos >= len(self.lines)

    def peek(self) -> _Line | None:
        return None if self.at_end() else self.lines[self.pos]

    def take(self) -> _Line:
        line = self.lines[self.pos]
        self.pos += 1
        return line

    def end_line(self) -> int:
        return len(self.lines)

    def fail(self, line: int, message: str) -> DocumentError:
        return DocumentError(self.path, line, message)


def _field(cur: _Cursor, what: str) -> _Line:
    cur.skip_blank()
    line = cur.peek()
    if line is None:
        raise cur.fail(cur.end_line(), f"expected {what}, found the end of the file")
    if READING_TIME.fullmatch(line.text):
        raise cur.fail(line.number, f"expected {what}, found a reading time {_show(line.text)}")
    return cur.take()


def _record(cur: _Cursor) -> Article:
    company = _field(cur, "a company line")
    title = _field(cur, "a title line")
    url = _link(cur)
    paragraphs: list[list[str]] = [[]]
    while True:
        line = cur.peek()
        if line is None:
            what = "a summary" if not paragraphs[0] else "a tags line"
            raise cur.fail(cur.end_line(), f"expected {what}, found the end of the file")
        if not line.text:
            cur.take()
            if paragraphs[-1]:
                paragraphs.append([])
            continue
        if READING_TIME.fullmatch(line.text):
            what = "a summary" if not paragraphs[0] else "a tags line"
            raise cur.fail(line.number, f"expected {what}, found a reading time {_show(line.text)}")
        if is_tags_line(line.text):
            if not paragraphs[0]:
                raise cur.fail(
                    line.number, f"expected a summary, found a tags line {_show(line.text)}"
                )
            break
        paragraphs[-1].append(cur.take().text)
    tags_line = cur.take()
    cur.skip_blank()
    minutes_line = cur.peek()
    if minutes_line is None:
        raise cur.fail(
            cur.end_line(), "expected a reading time like '5 min', found the end of the file"
        )
    match = READING_TIME.fullmatch(minutes_line.text)
    if match is None:
        raise cur.fail(
            minutes_line.number,
            f"expected a reading time like '5 min', found {_show(minutes_line.text)}",
        )
    cur.take()
    tags = tuple(dict.fromkeys(tags_line.text.split()))
    summary = "\n\n".join(" ".join(p) for p in paragraphs if p)
    return Article.create(company.text, title.text, summary, tags, int(match.group(1)), url)


def _link(cur: _Cursor) -> str | None:
    """The optional link line after the title (blank lines before it are optional too)."""
    cur.skip_blank()
    line = cur.peek()
    if line is None or not LINK_LINE.fullmatch(line.text) or safe_url(line.text) is None:
        return None
    cur.take()
    return line.text


def parse_text(text: str, path: str = "<text>") -> list[Article]:
    cur = _Cursor(_lines(text, path), path)
    articles: list[Article] = []
    first_line: dict[str, int] = {}
    while True:
        cur.skip_blank()
        start = cur.peek()
        if start is None:
            break
        article = _record(cur)
        if article.id in first_line:
            raise cur.fail(
                start.number,
                "expected a new article, found a repeat of the record at line "
                f"{first_line[article.id]} (same company and title)",
            )
        first_line[article.id] = start.number
        articles.append(article)
    if not articles:
        raise DocumentError(path, None, "no records found")
    return articles


def parse_bytes(data: bytes, path: str = "<bytes>") -> list[Article]:
    return parse_text(decode(data, path), path)


def parse_file(path: Path) -> list[Article]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DocumentError(str(path), None, f"cannot read the file ({exc.strerror})") from None
    return parse_bytes(data, str(path))


def parse_files(paths: Sequence[Path]) -> list[Article]:
    """All files parse or none do: the import promise is all-or-nothing."""
    articles: list[Article] = []
    for path in paths:
        articles.extend(parse_file(path))
    return articles


def format_articles(articles: Iterable[Article]) -> str:
    """Writes articles in the document format; parsing the result gives them back."""
    out = []
    for a in articles:
        link = f"{a.url}\n" if a.url else ""
        out.append(
            f"{a.company}\n\n{a.title}\n{link}\n{a.summary}\n\n"
            f"{' '.join(a.tags)}\n{a.read_minutes} min\n"
        )
    return "\n".join(out)
