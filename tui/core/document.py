"""The case-study document format: parsing (with line-accurate errors) and writing.

A record is: company line, title line, one or more summary lines (blank lines
separate paragraphs), a tags line, and an ``N min`` line. Records are anchored on
the reading time: the tags line is the last non-blank line before ``N min`` and
everything between the title and it is summary, so wrapped prose may hold lines
that look like tags. A summary that looks like a record which lost its reading
time is reported (see ``_check_no_lost_reading_time``) instead of being merged.

Hand-written: the format is our own, and no parsing library would give the
``path:LINE:`` errors we promise.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import BinaryIO, NoReturn

from tui.core.clean import safe_url
from tui.core.models import Article

# ASCII: with Unicode \d, a summary split as '５' / 'MIN' would be written back as a reading time.
# How people write it: `5 min`, `5min`, `5\tmin`, `5 mins`, `5 minutes`, `~5 min`, `5 min read`,
# `5-minute read`, `Reading time: 5 min`. `5minutes` is not one: with no space or hyphen only
# `min`/`mins`, so fewer tags (`0minute`) read as one. Spaces: also the no-break ones a copy
# from a web page brings.
_SP = "[ \t\u00a0\u202f]"
READING_TIME = re.compile(
    rf"(?:read(?:ing)?{_SP}+time{_SP}*:?{_SP}*)?~?{_SP}*(\d{{1,4}})(?:{_SP}*-?{_SP}*mins?|(?:{_SP}+|{_SP}*-{_SP}*)minutes?)(?:{_SP}+read)?",
    re.IGNORECASE | re.ASCII,
)
TIME_AT_END = re.compile(rf"(.*\S){_SP}+{READING_TIME.pattern}", re.IGNORECASE | re.ASCII)
# A line meant as a reading time that is not one (`1 hour`, `5m`, `5 min.`, `five min`,
# `10000 min`, `5-10 min`, `Reading time: 1 hour`): only used to word an error, never to split.
_UNIT = r"(?:mins?|minutes?|hours?)"
LIKE_A_TIME = re.compile(
    r"(?:~|about|approx\.?|(?:estimated\s+)?read(?:ing)?\s+time:?)?\s*"
    rf"(?:\d+(?:[.,]\d+)?(?:\s*[-\u2013\u2014/]\s*\d+)?\s*-?\s*(?:m|mn|h|hrs?|{_UNIT}\.?)"
    rf"|(?:one|two|three|four|five|six|seven|eight|nine|ten|fifteen|twenty|thirty)\s*-?\s*{_UNIT})"
    r"\.?(?:\s+read)?\.?",
    re.IGNORECASE,
)
# A rule between records (`---`, `* * *`, `___`, `===`): where a company line is expected it
# is skipped, as a blank line would be; anywhere else it is text.
SEPARATOR = re.compile(r"([-*_=~#+])(?:[ \t]*\1){2,}")
# The optional link line right after the title: one http(s) URL and nothing else.
LINK_LINE = re.compile(r"https?://\S+", re.IGNORECASE)
TAG_WORD = re.compile(r"[a-z0-9][a-z0-9+#._/-]*")
TAGS_LINE = re.compile(rf"{TAG_WORD.pattern}(?:\s+{TAG_WORD.pattern})*")  # one C-level match
MAX_TAGS = 64
TAGS_LABEL = re.compile(r"tags?\s*:\s*", re.IGNORECASE)
MAX_DOCUMENT_BYTES = 256 << 20  # ~400k articles; a 100k-article document is ~60 MB
PROGRESS_EVERY = 2000  # records between progress reports: often enough for a bar, cheap

# Unicode category Cc (C0, DEL, C1) except tab and newline; and lone surrogates, which only a
# str handed to parse_text can hold and which could not be stored.
BAD_CHAR = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
# Dropped: bidi embeddings, overrides and isolates (pasted RTL text brings them, and they could
# reorder what a terminal shows; marks like U+200F stay), and U+FEFF, which files joined with
# `cat` keep at the start of each one's first line (an invisible, different company).
DROPPED = re.compile("[\u202a-\u202e\u2066-\u2069\ufeff]")
ODD_CHAR = re.compile(f"{BAD_CHAR.pattern[:-1]}{DROPPED.pattern[1:]}")  # either kind

ParseProgress = Callable[[int, float], None]
"""Told (records parsed so far, fraction of the input read) now and then while parsing."""


class DocumentError(Exception):
    """Bad input; ``str()`` is the one-line message shown to the user."""

    def __init__(self, path: str, line: int | None, message: str) -> None:
        self.path = path
        self.line = line
        self.message = message
        shown = shown_path(path)
        where = f"{shown}:{line}" if line is not None else shown
        super().__init__(f"{where}: {message}")


def shown_path(path: str) -> str:
    """A file name as an error line shows it: a newline or an escape sequence in the name
    is written as `\\n` or `\\x1b`, so the message stays one line and cannot drive the terminal."""
    if path.isprintable():
        return path
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in path)


def _show(text: str) -> str:
    shown = text if len(text) <= 60 else text[:57] + "..."
    return repr(shown)


def is_tags_line(text: str) -> bool:
    """Tag words separated by whitespace, at most MAX_TAGS of them (``text`` is stripped)."""
    return TAGS_LINE.fullmatch(text) is not None and len(text.split()) <= MAX_TAGS


def as_tags(text: str) -> str | None:
    """The tags line ``text`` was meant to be when it is tags in another style (``Kafka
    Streaming``, ``ml, infra``, ``#ml #infra``, ``Tags: ml``), else None. Words only."""
    label = TAGS_LABEL.match(text)
    raw = text[label.end() :] if label else text
    words = [w.lstrip("#") for w in raw.replace(",", " ").replace(";", " ").split()]
    words = [w for w in words if w]
    fixed = " ".join(words).lower()
    if not words or text.endswith((".", "!", "?")) or not is_tags_line(fixed):
        return None
    cases = {w[0].isupper() for w in words}
    styled = label or "#" in raw or cases == {True} or ("," in raw and len(cases) == 1)
    return fixed if styled else None


def ends_with_a_time(text: str) -> bool:
    """A tags line with the reading time written on it (``ml infra 5 min``)."""
    found = TIME_AT_END.fullmatch(text)
    return found is not None and is_tags_line(found.group(1))


def starts_like_a_name(text: str) -> bool:
    """A capital (or a letter of a script without case): how a company line usually starts."""
    first = text[:1]
    return first.isalpha() and not first.islower()


# UTF-32 first: its little-endian BOM starts with UTF-16's.
UNICODE_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode(data: bytes, path: str) -> str:
    """UTF-8 with or without a BOM, or UTF-16/32 with a BOM (Windows editors' "Unicode");
    anything else is not a document. Latin-1 and Windows-1252 are refused, not guessed:
    a wrong guess would store mojibake under a wrong id."""
    if not data.strip():
        raise DocumentError(path, None, "the file is empty")
    for bom, codec in UNICODE_BOMS:
        if data.startswith(bom):
            return _decode_wide(data, codec, path)
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


def _decode_wide(data: bytes, codec: str, path: str) -> str:
    try:
        text = data.decode(codec)  # the codec reads and drops the BOM
    except UnicodeDecodeError as exc:
        head = data[: exc.start].decode(codec, "replace")
        line = universal_newlines(head).count("\n") + 1
        name = codec.upper()
        raise DocumentError(
            path, line, f"not {name} text ({exc.reason} at byte {exc.start})"
        ) from None
    if not text.strip():
        raise DocumentError(path, None, "the file is empty")
    return text


def universal_newlines(text: str) -> str:
    """CRLF and a lone CR end a line, as in Python's text mode; so does CR CR LF, what a
    CRLF file becomes when it is converted to CRLF once more (else every line of it would
    be followed by a blank one, and each summary line would be a paragraph)."""
    if "\r" not in text:
        return text
    return text.replace("\r\r\n", "\n").replace("\r\n", "\n").replace("\r", "\n")


def _lines(text: str, path: str) -> list[str]:
    """The document's lines, stripped; line N of the file is item N - 1."""
    text = universal_newlines(text)
    # One C-level scan for both in the usual case: per-character checks cost 4 s at 100k records.
    odd = ODD_CHAR.search(text)
    if odd is not None and DROPPED.fullmatch(odd.group()):
        text = DROPPED.sub("", text)  # dropped first: line numbers do not change
        odd = BAD_CHAR.search(text, odd.start())
    if odd is not None:
        number = text.count("\n", 0, odd.start()) + 1
        code = ord(odd.group())
        what = "an unpaired surrogate" if 0xD800 <= code <= 0xDFFF else "control character"
        raise DocumentError(path, number, f"expected text, found {what} U+{code:04X}")
    raws = text.split("\n")
    if len(raws) > 1 and not raws[-1]:
        raws.pop()  # a final newline ends the last line; it does not start another one
    return [raw.strip() for raw in raws]


class _Cursor:
    """Walks the lines of one document; all error positions come from here.

    Lines are addressed by index (line number - 1); plain strings rather than one
    object per line keep a 100k-record import fast.
    """

    def __init__(self, lines: list[str], path: str) -> None:
        self.lines = lines
        self.path = path
        self.pos = 0

    def skip_blank(self) -> None:
        lines, pos = self.lines, self.pos
        while pos < len(lines) and not lines[pos]:
            pos += 1
        self.pos = pos

    def at_end(self) -> bool:
        return self.pos >= len(self.lines)

    def last_index(self) -> int:
        return len(self.lines) - 1

    def fail(self, index: int, message: str) -> DocumentError:
        return DocumentError(self.path, index + 1, message)


@dataclass(slots=True)
class _Body:
    """What follows the title: the non-blank lines up to the record's reading time."""

    lines: list[int]  # indexes of the non-blank lines: the summary, then the tags line
    minutes: int | None  # None: the file ended before a reading time
    at: int  # index of the reading-time line (or of the file's last line)


def _field(cur: _Cursor, what: str) -> str:
    cur.skip_blank()
    if cur.at_end():
        raise cur.fail(cur.last_index(), f"expected {what}, found the end of the file")
    text = cur.lines[cur.pos]
    if READING_TIME.fullmatch(text):
        raise cur.fail(cur.pos, f"expected {what}, found a reading time {_show(text)}")
    cur.pos += 1
    return text


def _body(cur: _Cursor) -> _Body:
    """Reads up to and including the next reading-time line: records are anchored on it."""
    lines, fullmatch = cur.lines, READING_TIME.fullmatch
    found: list[int] = []
    for i in range(cur.pos, len(lines)):
        text = lines[i]
        if not text:
            continue
        match = fullmatch(text)
        if match is not None:
            cur.pos = i + 1
            return _Body(found, int(match.group(1)), i)
        found.append(i)
    cur.pos = len(lines)
    return _Body(found, None, cur.last_index())


def _check_no_lost_reading_time(cur: _Cursor, body: _Body) -> None:
    """Refuses to merge a record that lost its reading time into the next one.

    Such a record shows up as a summary holding a tags-like line, then a line that
    starts like a name (the next company), then room for a title and a summary
    before the tags line. Prose can take that shape too (a wrapped line of lowercase
    words, then a proper noun); a line ending with '.' ends a sentence, so it is
    prose. What is left is truly ambiguous, and an error beats a silent merge.
    """
    lines, at = cur.lines, body.lines
    like_a_time, last_time = LIKE_A_TIME.fullmatch, len(at) - 5
    for j in range(len(at) - 4):  # leaves company, title, summary and tags after the candidate
        following = lines[at[j + 1]]
        # A misspelt reading time needs a whole record after it (inlined: one C call a line).
        if like_a_time(following) and j + 1 <= last_time and _misspelt_time(lines, at, j + 1):
            raise _not_a_time(cur, at[j + 1])
        # The next record's company, or a rule (`---`) before it and a whole record after.
        if not starts_like_a_name(following) and not (
            j + 1 <= last_time and SEPARATOR.fullmatch(following)
        ):
            continue
        candidate = lines[at[j]]
        if candidate.endswith(".") or not is_tags_line(candidate):
            continue
        why = (
            "ends with a reading time: put it on a line of its own"
            if ends_with_a_time(candidate)
            else "reads as a tags line; if it is part of the summary, join it to the next line"
        )
        raise cur.fail(
            at[j + 1],
            f"expected a reading time like '5 min', found {_show(following)} (line "
            f"{at[j] + 1} {why})",
        )


def _misspelt_time(lines: list[str], at: list[int], k: int) -> bool:
    """Line ``at[k]`` reads as a reading time written another way (``1 hour``, ``5 min.``)
    right after a tags-like line that has a summary above it: the record's end, misspelt."""
    return (
        k >= 2
        and is_tags_line(lines[at[k - 1]])
        and LIKE_A_TIME.fullmatch(lines[at[k]]) is not None
    )


def _not_a_time(cur: _Cursor, index: int) -> DocumentError:
    return cur.fail(
        index,
        f"expected a reading time like '5 min', found {_show(cur.lines[index])} (a whole "
        "number of minutes, 0 to 9999, then 'min')",
    )


def _split_body(cur: _Cursor, body: _Body) -> tuple[list[int], str, int]:
    """The summary's line indexes, the tags line (the last before the time), the minutes."""
    lines, at = cur.lines, body.lines
    if body.minutes is None:
        _fail_at_end_of_file(cur, body)
    if not at:
        raise cur.fail(body.at, f"expected a summary, found a reading time {_show(lines[body.at])}")
    tags = lines[at[-1]]
    if not is_tags_line(tags):
        meant = as_tags(tags)
        hint = (
            ""
            if meant is None
            else (
                f" (line {at[-1] + 1} is not a tags line: tags are lowercase words separated by "
                f"spaces, like {_show(meant)})"
            )
        )
        raise cur.fail(
            body.at, f"expected a tags line, found a reading time {_show(lines[body.at])}{hint}"
        )
    if len(at) == 1:
        raise cur.fail(at[0], f"expected a summary, found a tags line {_show(tags)}")
    return at[:-1], tags, body.minutes


def _fail_at_end_of_file(cur: _Cursor, body: _Body) -> NoReturn:
    """The file ended before the record's reading time: say where that time belongs."""
    lines, at = cur.lines, body.lines
    if not at:
        raise cur.fail(body.at, "expected a summary, found the end of the file")
    if _misspelt_time(lines, at, len(at) - 1):
        raise _not_a_time(cur, at[-1])
    # The likely tags line is the last tags-like one with some summary above it.
    tags = next((k for k in range(len(at) - 1, 0, -1) if is_tags_line(lines[at[k]])), None)
    if tags is None:
        if len(at) == 1 and is_tags_line(lines[at[0]]):
            raise cur.fail(at[0], f"expected a summary, found a tags line {_show(lines[at[0]])}")
        raise cur.fail(body.at, "expected a tags line, found the end of the file")
    if tags == len(at) - 1:
        last = lines[at[-1]]
        if ends_with_a_time(last):
            raise cur.fail(
                body.at,
                f"expected a reading time like '5 min' on a line of its own, found {_show(last)}",
            )
        raise cur.fail(body.at, "expected a reading time like '5 min', found the end of the file")
    after = at[tags + 1]
    raise cur.fail(after, f"expected a reading time like '5 min', found {_show(lines[after])}")


def _summary(lines: list[str], at: list[int]) -> str:
    """Lines of a paragraph join with a space; a blank line between two starts a new one."""
    parts = [lines[at[0]]]
    for prev, i in pairwise(at):
        parts.append("\n\n" if i - prev > 1 else " ")
        parts.append(lines[i])
    return "".join(parts)


def _record(cur: _Cursor) -> Article:
    company = _field(cur, "a company line")
    title = _field(cur, "a title line")
    url = _link(cur)
    link_line = cur.pos  # 1-based number of the link line, when there is one
    body = _body(cur)
    _check_no_lost_reading_time(cur, body)
    try:
        summary_at, tags_line, minutes = _split_body(cur, body)
    except DocumentError as err:
        if url is None or not err.message.startswith("expected a summary"):
            raise
        # A summary that is only a URL reads as the link line: say so.
        why = f"{err.message} (line {link_line}, a URL right after the title, is the link)"
        raise DocumentError(err.path, err.line, why) from None
    tags = tuple(dict.fromkeys(tags_line.split()))
    summary = _summary(cur.lines, summary_at)
    return Article.create(company, title, summary, tags, minutes, url)


def _link(cur: _Cursor) -> str | None:
    """The optional link line after the title (blank lines before it are optional too)."""
    cur.skip_blank()
    if cur.at_end():
        return None
    text = cur.lines[cur.pos]
    if not LINK_LINE.fullmatch(text) or safe_url(text) is None:
        return None
    cur.pos += 1
    return text


def parse_text(
    text: str, path: str = "<text>", progress: ParseProgress | None = None
) -> list[Article]:
    cur = _Cursor(_lines(text, path), path)
    articles: list[Article] = []
    first_line: dict[str, int] = {}
    while True:
        cur.skip_blank()
        while not cur.at_end() and SEPARATOR.fullmatch(cur.lines[cur.pos]):
            cur.pos += 1
            cur.skip_blank()
        if cur.at_end():
            break
        start = cur.pos
        article = _record(cur)
        if article.id in first_line:
            raise cur.fail(
                start,
                "expected a new article, found a repeat of the record at line "
                f"{first_line[article.id]} (same company and title)",
            )
        first_line[article.id] = start + 1
        articles.append(article)
        if progress is not None and len(articles) % PROGRESS_EVERY == 0:
            progress(len(articles), cur.pos / len(cur.lines))
    if not articles:
        raise DocumentError(path, None, "no records found")
    if progress is not None:
        progress(len(articles), 1.0)
    return articles


def parse_bytes(
    data: bytes, path: str = "<bytes>", progress: ParseProgress | None = None
) -> list[Article]:
    return parse_text(decode(data, path), path, progress)


def read_capped(stream: BinaryIO, name: str) -> bytes:
    """At most MAX_DOCUMENT_BYTES: `import /dev/zero` or an endless pipe is refused once
    it passes the cap, instead of growing until the machine runs out of memory. Pipes and
    process substitution (`import <(zcat docs.gz)`) still work: only the size is checked."""
    data = stream.read(MAX_DOCUMENT_BYTES + 1)
    if len(data) > MAX_DOCUMENT_BYTES:
        raise DocumentError(
            name, None,
            f"larger than {MAX_DOCUMENT_BYTES >> 20} MiB: split it into several documents",
        )
    return data


def parse_file(path: Path, progress: ParseProgress | None = None) -> list[Article]:
    try:
        with path.open("rb") as f:
            data = read_capped(f, str(path))
    except OSError as exc:
        raise DocumentError(str(path), None, f"cannot read the file ({exc.strerror})") from None
    return parse_bytes(data, str(path), progress)


def parse_files(paths: Sequence[Path], progress: ParseProgress | None = None) -> list[Article]:
    """All files parse or none do: the import promise is all-or-nothing.

    ``progress`` counts records over all files; the fraction weighs each file equally.
    """
    articles: list[Article] = []
    for n, path in enumerate(paths):
        report = None if progress is None else file_progress(progress, len(articles), n, len(paths))
        articles.extend(parse_file(path, report))
    return articles


def file_progress(progress: ParseProgress, before: int, n: int, files: int) -> ParseProgress:
    """Turns one file's (records, fraction) into the whole import's."""

    def report(records: int, fraction: float) -> None:
        progress(before + records, (n + fraction) / files)

    return report


# A feed article may have no tags (no categories) or no summary; the format needs both, so
# the writer fills them in rather than write a document that `casebook import` refuses.
NO_TAGS = "untagged"
NO_SUMMARY = "(no summary)"


def _summary_text(summary: str) -> str:
    if not summary or summary.isspace():
        return NO_SUMMARY
    if "\n\n" not in summary and summary[0] not in "~0123456789":  # the usual case, cheap
        return summary
    paragraphs = summary.split("\n\n")
    if not any(map(READING_TIME.fullmatch, paragraphs)):
        return summary
    return "\n\n".join(map(_unlike_a_time, paragraphs))


def _unlike_a_time(paragraph: str) -> str:
    """A paragraph that reads as a reading time (parsed from `5` / `min` on two lines) is
    written on two lines again, neither a reading time: they join back with a space."""
    if not READING_TIME.fullmatch(paragraph):
        return paragraph
    words = paragraph.split(" ")
    for i in range(1, len(words)):
        head, tail = " ".join(words[:i]), " ".join(words[i:])
        if not READING_TIME.fullmatch(head) and not READING_TIME.fullmatch(tail):
            return f"{head}\n{tail}"
    return "\n".join(words)


def format_articles(articles: Iterable[Article]) -> str:
    """Writes articles in the document format; parsing the result gives them back
    (an article without tags or summary comes back with NO_TAGS or NO_SUMMARY)."""
    out = []
    for a in articles:
        link = f"{a.url}\n" if a.url else ""
        summary = _summary_text(a.summary)
        tags = " ".join(a.tags) or NO_TAGS
        out.append(f"{a.company}\n\n{a.title}\n{link}\n{summary}\n\n{tags}\n{a.read_minutes} min\n")
    return "\n".join(out)
