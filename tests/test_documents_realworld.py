"""Documents as different people write them, through `casebook import`, `list` and `export`.

tests/test_document.py holds the parser to the format's rules; this file writes documents
the way people and their editors do (wrapped at 60/72/80 columns, indented continuation
lines, tabs, CRLF or a lone CR, a BOM, UTF-16 from Windows "Unicode", 1 to 5 blank lines,
no final newline, markdown inside summaries, reading times spelt `5 mins` or `~5 min`)
and checks that what the store holds is what the author meant, that every bad file is one
line naming the file (and line) with exit 2 and the store's bytes untouched, and that
`casebook export --format doc` gives back the same articles.
"""

from __future__ import annotations

import hashlib
import json
import os
import textwrap
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui import cli
from tui.core.document import (
    READING_TIME,
    DocumentError,
    format_articles,
    parse_bytes,
    parse_text,
)
from tui.core.models import Article, article_id

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

PROSE = (
    "Stripe needed to migrate billions of rows from a sharded MySQL cluster to a new "
    "document store without downtime, so the team built a dual-write pipeline, verified "
    "every record with checksums, and cut traffic over one shard at a time over six months."
)
FIELDS = ("company", "title", "summary", "tags", "read_minutes", "url")


# -- helpers -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Result:
    code: int
    out: str
    err: str


class CLI:
    """`casebook --data-dir DIR ...` in-process, with what it printed."""

    def __init__(self, capsys: pytest.CaptureFixture[str], data_dir: Path) -> None:
        self.capsys = capsys
        self.data_dir = data_dir

    def __call__(self, *args: str, data_dir: Path | None = None) -> Result:
        self.capsys.readouterr()
        code = cli.main(["--data-dir", str(data_dir or self.data_dir), *args])
        captured = self.capsys.readouterr()
        return Result(code, captured.out, captured.err)

    def imported(self, *paths: Path, data_dir: Path | None = None) -> list[dict[str, Any]]:
        """Imports into the store and gives back the non-seed articles as `list --json`."""
        result = self("import", *map(str, paths), data_dir=data_dir)
        assert (result.code, result.err) == (0, ""), result
        return self.articles(data_dir)

    def articles(self, data_dir: Path | None = None) -> list[dict[str, Any]]:
        result = self("list", "--json", data_dir=data_dir)
        assert result.code == 0, result
        items: list[dict[str, Any]] = json.loads(result.out)
        return [a for a in items if a["company"] != "Netflix"]

    def refused(self, path: Path | str, where: str) -> str:
        """The import fails with exit 2 and one line `casebook: WHERE: message`; returns it."""
        before = store_bytes(self.data_dir)
        result = self("import", str(path))
        assert result.code == 2, result
        assert result.out == ""
        assert "Traceback" not in result.err
        assert result.err.endswith("\n") and result.err.count("\n") == 1, repr(result.err)
        line = result.err[:-1]
        assert line.startswith(f"casebook: {where}: "), line
        assert len(line) < 400, line
        assert store_bytes(self.data_dir) == before  # nothing stored, nothing rewritten
        return line[len(f"casebook: {where}: ") :]


def store_bytes(data_dir: Path) -> dict[str, str]:
    """Every file of the store, by name, as a digest of its bytes."""
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(data_dir.iterdir())
        if p.is_file()
    }


@pytest.fixture(autouse=True)
def _isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CASEBOOK_DATA_DIR", str(tmp_path / "env-default"))


@pytest.fixture
def cb(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> CLI:
    runner = CLI(capsys, tmp_path / "data")
    assert runner("list", "--json").code == 0  # the store exists (seeded) before any import
    return runner


def meant(
    company: str,
    title: str,
    summary: str,
    tags: tuple[str, ...],
    minutes: int,
    url: str | None = None,
) -> dict[str, Any]:
    """What the author meant, as `list --json` shows it."""
    return {
        "id": article_id(company, title),
        "company": company,
        "title": title,
        "summary": summary,
        "tags": list(tags),
        "read_minutes": minutes,
        "url": url,
    }


def shown(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: a.get(k) for k in ("id", *FIELDS)} for a in items]


def record(
    company: str, title: str, summary: str, tags: str = "databases", time: str = "7 min"
) -> str:
    return f"{company}\n\n{title}\n\n{summary}\n\n{tags}\n{time}\n"


def write(tmp_path: Path, name: str, data: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


# -- how people write summaries --------------------------------------------------------------


@pytest.mark.parametrize("width", [60, 72, 80])
def test_summaries_hard_wrapped_at_common_widths(cb: CLI, tmp_path: Path, width: int) -> None:
    lines = textwrap.wrap(PROSE, width)
    assert len(lines) >= 3 and any(line[0].islower() for line in lines[1:])
    path = write(tmp_path, "w.txt", record("Stripe", "Online Migrations", "\n".join(lines)))
    assert shown(cb.imported(path)) == [
        meant("Stripe", "Online Migrations", PROSE, ("databases",), 7)
    ]


def test_a_very_long_single_line_summary(cb: CLI, tmp_path: Path) -> None:
    summary = " ".join([PROSE] * 60)  # ~14k characters on one line
    path = write(tmp_path, "long.txt", record("Stripe", "Long", summary))
    [a] = cb.imported(path)
    assert a["summary"] == summary


def test_paragraphs_and_indented_continuation_lines(cb: CLI, tmp_path: Path) -> None:
    """Indented (spaces or a tab) continuation lines join their paragraph, indent dropped."""
    first = "\n".join(textwrap.wrap(PROSE, 72))
    second = "\n".join("    " + line for line in textwrap.wrap(PROSE, 60))
    third = "\n".join("\t" + line for line in textwrap.wrap("It worked. Mostly.", 10))
    summary = f"{first}\n\n{second}\n\n\n{third}"
    path = write(tmp_path, "p.txt", record("Stripe", "Paragraphs", summary))
    [a] = cb.imported(path)
    assert a["summary"] == f"{PROSE}\n\n{PROSE}\n\nIt worked. Mostly."


def test_trailing_spaces_tabs_and_indented_fields(cb: CLI, tmp_path: Path) -> None:
    text = (
        "Acme   \n\tMoving the Monolith\t\n  First line of the summary,  \n"
        "\tsecond line.\t \n microservices\tmigration \n 9 min  \n"
    )
    assert shown(cb.imported(write(tmp_path, "ws.txt", text))) == [
        meant(
            "Acme",
            "Moving the Monolith",
            "First line of the summary, second line.",
            ("microservices", "migration"),
            9,
        )
    ]


def test_markdown_in_a_summary_is_text_and_lines_of_a_paragraph_join(
    cb: CLI, tmp_path: Path
) -> None:
    """README: markdown is not interpreted. Lines of one paragraph join with spaces, so a
    list keeps its items apart only with blank lines between them (each is a paragraph)."""
    summary = (
        "# Background\nThe team had a problem.\n\n- split the service\n- added caching\n\n"
        "* measured latency\n\n1. shipped it"
    )
    [a] = cb.imported(write(tmp_path, "md.txt", record("Acme", "Markdown", summary, "ml")))
    assert a["summary"] == (
        "# Background The team had a problem.\n\n- split the service - added caching\n\n"
        "* measured latency\n\n1. shipped it"
    )
    assert a["tags"] == ["ml"]


def test_summary_lines_that_look_like_tags_or_a_url_stay_summary(cb: CLI, tmp_path: Path) -> None:
    summary = (
        "The migration ran\nevery night and\nhttps://status.example.com/migrations\n"
        "showed the progress\nof each shard."
    )
    [a] = cb.imported(write(tmp_path, "look.txt", record("Acme", "Lookalikes", summary, "a b")))
    assert a["summary"] == " ".join(summary.split("\n"))
    assert (a["tags"], a["url"]) == (["a", "b"], None)


def test_a_summary_line_that_is_a_reading_time_ends_the_record_and_is_reported(
    cb: CLI, tmp_path: Path
) -> None:
    """Records are anchored on the reading time, so `5 min` alone on a line cannot be prose:
    the error names that line (the fix: join it to the line above)."""
    summary = "The migration took\n5 min\nper shard."
    path = write(tmp_path, "t.txt", record("Acme", "Lookalike", summary, "a b"))
    assert cb.refused(path, f"{path}:6") == "expected a tags line, found a reading time '5 min'"
    fixed = write(tmp_path, "t2.txt", record("Acme", "Lookalike", summary.replace("\n5", " 5")))
    [a] = cb.imported(fixed)
    assert a["summary"] == "The migration took 5 min per shard."


def test_a_url_right_after_the_title_is_the_link_and_elsewhere_summary(
    cb: CLI, tmp_path: Path
) -> None:
    text = (
        "Acme\nWith a link\nhttps://acme.example/blog/post?id=1&x=%20\n\nThe summary.\n\nops\n"
        "4 min\n\nAcme\nLink after a blank line\n\nhttp://acme.example/2\nS.\nops\n4 min\n"
        "Acme\nNo link\nS https://acme.example/3 inline.\nops\n4 min\n"
    )
    items = cb.imported(write(tmp_path, "link.txt", text))
    assert [(a["title"], a["url"], a["summary"]) for a in items] == [
        ("With a link", "https://acme.example/blog/post?id=1&x=%20", "The summary."),
        ("Link after a blank line", "http://acme.example/2", "S."),
        ("No link", None, "S https://acme.example/3 inline."),
    ]


# -- names and titles ------------------------------------------------------------------------

NAMES = [
    ("Acme", "Part 2: The Return | Ops \"Quoted\" 'single' <b>"),
    ("Acme", "🚀 Launching fast 🚀 — and “safely”"),
    ("字节跳动", "大规模分布式训练：经验"),
    ("eBay", "How eBay scales search"),
    ("37signals", "Leaving the cloud"),
    ("dropbox", "lowercase company, lowercase title"),
    ("Acme [Labs]", "[b]not markup[/b] $PATH `rm -rf` \\n"),
    ("שלום בע״מ", "نظام التوصيات"),
]


def test_titles_and_companies_as_people_name_them(cb: CLI, tmp_path: Path) -> None:
    text = "".join(record(c, t, "What happened.", "x") for c, t in NAMES)
    items = cb.imported(write(tmp_path, "names.txt", text))
    assert [(a["company"], a["title"]) for a in items] == NAMES
    assert [a["id"] for a in items] == [article_id(c, t) for c, t in NAMES]


# -- line endings, encodings, blank lines -------------------------------------------------

ONE = record("Acme", "Endings", "line one\nline two", "a b")
ONE_MEANT = [meant("Acme", "Endings", "line one line two", ("a", "b"), 7)]


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(ONE.replace("\n", "\r\n").encode(), id="crlf"),
        pytest.param(ONE.replace("\n", "\r").encode(), id="lone-cr"),
        pytest.param(ONE.replace("\n", "\r\n", 3).replace("two\n", "two\r").encode(), id="mixed"),
        pytest.param(ONE.rstrip("\n").encode(), id="no-final-newline"),
        pytest.param(b"\xef\xbb\xbf" + ONE.replace("\n", "\r\n").encode(), id="utf8-bom-crlf"),
        pytest.param(ONE.encode("utf-16"), id="utf16-bom"),
        pytest.param(b"\xff\xfe" + ONE.replace("\n", "\r\n").encode("utf-16-le"), id="utf16le"),
        pytest.param(b"\xfe\xff" + ONE.encode("utf-16-be"), id="utf16be"),
        pytest.param(ONE.encode("utf-32"), id="utf32-bom"),
    ],
)
def test_line_endings_and_unicode_encodings(cb: CLI, tmp_path: Path, data: bytes) -> None:
    assert shown(cb.imported(write(tmp_path, "e.txt", data))) == ONE_MEANT


def test_utf16_typography_and_emoji_survive(cb: CLI, tmp_path: Path) -> None:
    text = record("Acme", "JDK’s “smart” quotes 🚀", "Café — naïve.", "text")
    [a] = cb.imported(write(tmp_path, "u16.txt", text.encode("utf-16")))
    assert (a["title"], a["summary"]) == ("JDK’s “smart” quotes 🚀", "Café — naïve.")


@pytest.mark.parametrize(
    ("data", "line", "byte"),
    [
        pytest.param(record("Café Corp", "T", "S.").encode("latin-1"), 1, "0xe9", id="latin-1"),
        pytest.param(
            record("Acme", "It’s “quoted”", "S.").encode("cp1252"), 3, "0x92", id="cp1252"
        ),
        pytest.param(
            (ONE + "Globex\n\nCrème\n\nS.\n\nx\n1 min\n").encode("cp1252"), 12, "0xe8", id="later"
        ),
    ],
)
def test_latin1_and_windows_1252_are_refused_at_their_line(
    cb: CLI, tmp_path: Path, data: bytes, line: int, byte: str
) -> None:
    """Not guessed: a wrong guess stores mojibake under a wrong id (README)."""
    path = write(tmp_path, "l1.txt", data)
    message = cb.refused(path, f"{path}:{line}")
    assert message == f"not UTF-8 text (byte {byte} cannot be decoded)"


def test_broken_utf16_names_its_line(cb: CLI, tmp_path: Path) -> None:
    data = "Acme\nT\n".encode("utf-16") + b"\x00\xd8" + "S.\nx\n1 min\n".encode("utf-16-le")
    path = write(tmp_path, "bad16.txt", data)
    assert cb.refused(path, f"{path}:3").startswith("not UTF-16 text (illegal UTF-16 surrogate")
    odd = write(tmp_path, "odd16.txt", ONE.encode("utf-16") + b"x")
    assert cb.refused(odd, f"{odd}:10").startswith("not UTF-16 text (truncated data")


def test_utf16_with_only_a_bom_or_blank_lines_is_empty(cb: CLI, tmp_path: Path) -> None:
    for name, data in (("bom.txt", b"\xff\xfe"), ("blank.txt", "\n \r\n\t".encode("utf-16"))):
        path = write(tmp_path, name, data)
        assert cb.refused(path, str(path)) == "the file is empty"


def test_one_to_five_blank_lines_between_records_and_none(cb: CLI, tmp_path: Path) -> None:
    records = [record(f"Co{i}", f"Title {i}", f"Summary {i}.", "tag") for i in range(7)]
    text = records[0]
    for i, rec in enumerate(records[1:], start=0):
        text += "\n" * i + rec  # 0 (next company right after `N min`) to 5 blank lines
    items = cb.imported(write(tmp_path, "b.txt", text.rstrip("\n") + "   "))
    assert [a["title"] for a in items] == [f"Title {i}" for i in range(7)]
    assert all(a["summary"].startswith("Summary ") for a in items)


def test_bidi_overrides_are_dropped_and_marks_kept(cb: CLI, tmp_path: Path) -> None:
    text = record("Acme", "Evil \u202etitle\u202c \u2067x\u2069", "RTL \u200fmark kept.")
    [a] = cb.imported(write(tmp_path, "bidi.txt", text))
    assert (a["title"], a["summary"]) == ("Evil title x", "RTL \u200fmark kept.")


# -- repeats ----------------------------------------------------------------------------------


def test_a_record_repeated_in_one_file_is_refused(cb: CLI, tmp_path: Path) -> None:
    text = record("Acme", "Same", "First.") + "\n\n" + record("ACME", "same", "Second.")
    path = write(tmp_path, "dup.txt", text)
    assert cb.refused(path, f"{path}:11") == (
        "expected a new article, found a repeat of the record at line 1 (same company and title)"
    )


def test_the_same_record_in_two_files_is_one_article_from_the_later_file(
    cb: CLI, tmp_path: Path
) -> None:
    first = write(tmp_path, "a.txt", record("Acme", "Same", "First.", "ml", "5 min"))
    second = write(tmp_path, "b.txt", record("ACME", "same", "Second.", "ops", "7 min"))
    assert shown(cb.imported(first, second)) == [meant("ACME", "same", "Second.", ("ops",), 7)]


# -- reading times ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "minutes"),
    [
        ("5 min", 5),
        ("5min", 5),
        ("5 Min", 5),
        ("5 MIN", 5),
        ("5  min", 5),
        ("5\tmin", 5),
        ("5 mins", 5),
        ("5mins", 5),
        ("1 minute", 1),
        ("5 minutes", 5),
        ("5 Minutes", 5),
        ("~5 min", 5),
        ("~ 5 min", 5),
        ("5 min read", 5),
        ("~12 min read", 12),
        ("5-min read", 5),
        ("5-minute read", 5),
        ("Reading time: 5 min", 5),
        ("read time 7 minutes", 7),
        ("5\u00a0min", 5),  # no-break spaces, as a copy from a web page brings them
        ("7\u202fmin\u00a0read", 7),
        ("05 min", 5),
        ("0 min", 0),
        ("9999 min", 9999),
    ],
)
def test_reading_times_as_people_write_them(
    cb: CLI, tmp_path: Path, written: str, minutes: int
) -> None:
    """Each spelling imports, also with another record after it (no merge)."""
    text = record("Acme", "First", "S.", "a", written) + record("Globex", "Second", "S.", "b")
    items = cb.imported(write(tmp_path, "t.txt", text))
    assert [(a["title"], a["read_minutes"]) for a in items] == [("First", minutes), ("Second", 7)]


@pytest.mark.parametrize(
    "written",
    [
        "1 hour",
        "5m",
        "5 m",
        "1h",
        "5 min.",
        "5.5 min",
        "five min",
        "five minutes",
        "10000 min",
        "Reading time: 1 hour",
        "about 5 minutes",
        "5-10 min",
        "5\u201310 minutes",
    ],
)
@pytest.mark.parametrize("followed", [False, True], ids=["last-record", "another-record-after"])
def test_misspelt_reading_times_are_named_at_their_line(
    cb: CLI, tmp_path: Path, written: str, followed: bool
) -> None:
    text = record("Acme", "First", "Some summary.", "ml infra", written)
    if followed:
        text += "\n" + record("Globex", "Second", "S.", "b")
    path = write(tmp_path, "t.txt", text)
    assert cb.refused(path, f"{path}:8") == (
        f"expected a reading time like '5 min', found {written!r} (a whole number of "
        "minutes, 0 to 9999, then 'min')"
    )


def test_five_minutes_without_a_space_is_a_tag_not_a_reading_time() -> None:
    """`5minutes` alone is not a reading time, so a one-tag line like `0minute` stays tags."""
    [a] = parse_text("Acme\nT\nS.\n0minute\n3 min\n")
    assert a.tags == ("0minute",)


# -- tags -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "suggested"),
    [
        ("Kafka Streaming", "kafka streaming"),
        ("ml, microservices", "ml microservices"),
        ("#ml #infra", "ml infra"),
        ("Tags: ml infra", "ml infra"),
        ("ML", "ml"),
    ],
)
def test_tags_in_another_style_are_refused_with_the_tags_line_to_write(
    cb: CLI, tmp_path: Path, written: str, suggested: str
) -> None:
    text = record("Acme", "T", "Some summary.", written, "5 min") + record("Beta", "T2", "S.")
    path = write(tmp_path, "tags.txt", text)
    assert cb.refused(path, f"{path}:8") == (
        "expected a tags line, found a reading time '5 min' (line 7 is not a tags line: tags "
        f"are lowercase words separated by spaces, like {suggested!r})"
    )


def test_tabs_and_repeats_in_a_tags_line(cb: CLI, tmp_path: Path) -> None:
    text = record("Acme", "T", "S.", "ml\tc++  c#   ml node.js ci/cd")
    [a] = cb.imported(write(tmp_path, "t.txt", text))
    assert a["tags"] == ["ml", "c++", "c#", "node.js", "ci/cd"]


# -- bad files: one line, exit 2, the store's bytes untouched --------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param(b"", "the file is empty", id="empty"),
        pytest.param(b" \n\t\r\n  \r", "the file is empty", id="whitespace"),
        pytest.param(b"\xef\xbb\xbf\n \n", "no records found", id="bom-and-blanks"),
        pytest.param(b"\x7fELF\x02\x01\x01\x00\x00\x00" * 300, "not a text file", id="binary"),
        pytest.param(bytes(range(256)) * 4, "not a text file", id="every-byte"),
    ],
)
def test_files_that_are_not_documents(cb: CLI, tmp_path: Path, data: bytes, message: str) -> None:
    path = write(tmp_path, "bad.bin", data)
    assert cb.refused(path, str(path)).startswith(message)


def test_binary_garbage_without_nul_bytes_names_a_line(cb: CLI, tmp_path: Path) -> None:
    garbage = bytes(b for b in os.urandom(4000) if b) + b"\xff"  # no NUL, not UTF-8
    path = write(tmp_path, "garbage.dat", b"Acme\nTitle\n" + garbage)
    message = cb.refused(path, f"{path}:" + cb_line_of(path))
    assert message.startswith("not UTF-8 text") or message.startswith("expected text, found")


def cb_line_of(path: Path) -> str:
    """The line the parser reports for ``path`` (checked to be a line of the file)."""
    try:
        parse_bytes(path.read_bytes(), str(path))
    except DocumentError as err:
        assert err.line is not None and 1 <= err.line <= path.read_bytes().count(b"\n") + 1
        return str(err.line)
    raise AssertionError("parsed")


def test_a_50_mb_single_line(cb: CLI, tmp_path: Path) -> None:
    path = write(tmp_path, "big.txt", b"x" * 50_000_000)
    assert cb.refused(path, f"{path}:1") == "expected a title line, found the end of the file"


def test_a_50_mb_document_broken_in_its_last_record_stores_nothing(cb: CLI, tmp_path: Path) -> None:
    rec = "Acme {i}\nTitle {i}\n" + "A summary long enough to be a real one. " * 8 + "\nml\n5 min\n"
    count = 50_000_000 // len(rec.format(i=100_000))
    body = "".join(rec.format(i=i) for i in range(count))
    path = write(tmp_path, "big.txt", body + "Broken\nNo summary\n")
    assert path.stat().st_size > 49_000_000
    lines = body.count("\n") + 2
    assert cb.refused(path, f"{path}:{lines}") == "expected a summary, found the end of the file"


def test_a_directory(cb: CLI, tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    path = tmp_path / "docs"
    assert cb.refused(path, str(path)) == "cannot read the file (Is a directory)"


def test_a_path_that_does_not_exist(cb: CLI, tmp_path: Path) -> None:
    path = tmp_path / "nope" / "gone.txt"
    assert cb.refused(path, str(path)) == "cannot read the file (No such file or directory)"


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_permission_denied(cb: CLI, tmp_path: Path) -> None:
    path = write(tmp_path, "secret.txt", ONE)
    path.chmod(0)
    assert cb.refused(path, str(path)) == "cannot read the file (Permission denied)"


def test_permission_denied_as_the_os_reports_it(
    cb: CLI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same as above when the tests run as root: the open itself fails with EACCES."""
    path = write(tmp_path, "secret.txt", ONE)
    real_open = Path.open

    def denying_open(self: Path, *args: Any, **kwargs: Any) -> Any:
        if self == path:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", denying_open)
    assert cb.refused(path, str(path)) == "cannot read the file (Permission denied)"


def _fifo(tmp_path: Path, data: bytes) -> tuple[Path, threading.Thread]:
    path = tmp_path / "pipe"
    os.mkfifo(path)

    def feed() -> None:
        with path.open("wb") as f:  # blocks until the import opens the other end
            f.write(data)

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    return path, writer


def test_a_fifo_is_read_like_a_file(cb: CLI, tmp_path: Path) -> None:
    path, writer = _fifo(tmp_path, ONE.replace("\n", "\r\n").encode("utf-16"))
    assert shown(cb.imported(path)) == ONE_MEANT
    writer.join(10)
    assert not writer.is_alive()


def test_a_fifo_with_a_bad_document(cb: CLI, tmp_path: Path) -> None:
    path, writer = _fifo(tmp_path, b"Acme\nTitle\nSummary.\nml\nGlobex\nT\nS.\nx\n5 min\n")
    assert cb.refused(path, f"{path}:5").startswith("expected a reading time like '5 min'")
    writer.join(10)


def test_a_good_file_with_a_bad_one_stores_nothing(cb: CLI, tmp_path: Path) -> None:
    good = write(tmp_path, "good.txt", ONE)
    bad = write(tmp_path, "bad.txt", record("Acme", "T", "S.", "Kafka", "5 min"))
    before = store_bytes(cb.data_dir)
    result = cb("import", str(good), str(bad))
    assert result.code == 2 and result.err.startswith(f"casebook: {bad}:8: ")
    assert store_bytes(cb.data_dir) == before


# -- round trip through `casebook export --format doc` ----------------------------------------

VARIANTS = [
    "\n".join(textwrap.wrap(PROSE, 60)),
    "\n".join("  " + line for line in textwrap.wrap(PROSE, 72)),
    PROSE + " " + PROSE,
    "# Heading\n- item one\n- item two\n\n1. step",
    "The migration ran\nevery night and\nhttps://status.example.com/x\nshowed progress.",
    "Café — naïve “quotes” 🚀 中文 שלום.",
    "Para one.\n\n\n\nPara two,\nstill two.",
]


def _variant_document() -> bytes:
    times = ["5 min", "5mins", "~7 min read", "12 Minutes", "0 min", "9999\tmin"]
    parts = []
    for i, summary in enumerate(VARIANTS):
        company, title = NAMES[i % len(NAMES)]
        link = f"https://example.com/{i}?q=a|b\n" if i % 2 else ""
        parts.append(
            f"{company}\t\n{title} #{i}  \n{link}\n{summary}\n\nml\tops c++\n"
            f"{times[i % len(times)]}\n" + "\n" * (i % 6)
        )
    return "".join(parts).replace("\n", "\r\n").encode("utf-16")


def test_export_doc_of_every_variant_imports_to_the_same_articles(cb: CLI, tmp_path: Path) -> None:
    items = cb.imported(write(tmp_path, "variants.txt", _variant_document()))
    assert len(items) == len(VARIANTS)
    out = tmp_path / "export.txt"
    result = cb("export", "--format", "doc", "-o", str(out))
    assert result.code == 0, result
    fresh = tmp_path / "fresh"
    again = cb.imported(out, data_dir=fresh)
    assert shown(again) == shown(items)
    # And once more: the export of the re-import is the same bytes.
    out2 = tmp_path / "export2.txt"
    assert cb("export", "--format", "doc", "-o", str(out2), data_dir=fresh).code == 0
    assert out2.read_bytes() == out.read_bytes()


# -- a property: any article, written any way people write, imports as meant -----------------

WORDS = st.sampled_from(
    [
        "The", "Team", "moved,", "Kafka,", "50%", "(really)", "JDK’s", "café", "—", "中文",
        "shards.", "We", "naïve", "p99:", "Latency", "über", "half;", "“quoted”", "🚀", "Postgres",
    ]
)  # fmt: skip
# No word is a plain lowercase tag word, so no summary line reads as a tags line: the README's
# ambiguous shapes are tests/test_document.py's business; this property is about the writing.
COMPANIES = st.sampled_from([c for c, _ in NAMES] + ["Acme", "Globex Inc.", "3M", "x.ai"])
TITLES = st.sampled_from([t for _, t in NAMES] + ["Scaling: Part 1", "Why | How", "A/B"])
TAGS = st.lists(
    st.sampled_from(["ml", "ops", "c++", "c#", "node.js", "ci/cd", "real-time", "k8s", "0min2"]),
    min_size=1,
    max_size=5,
    unique=True,
)
SPELLINGS = ["{} min", "{}min", "{} mins", "{} minutes", "~{} min", "{} min read", "{}\tMIN"]


@st.composite
def people_articles(draw: st.DrawFn) -> list[Article]:
    n = draw(st.integers(1, 4))
    out: list[Article] = []
    for i in range(n):
        paragraphs = draw(
            st.lists(st.lists(WORDS, min_size=1, max_size=40).map(" ".join), min_size=1, max_size=3)
        )
        url = draw(st.sampled_from([None, f"https://example.com/a/{i}", f"http://x.org/{i}#f"]))
        out.append(
            Article.create(
                draw(COMPANIES),
                f"{draw(TITLES)} {i}",
                "\n\n".join(paragraphs),
                tuple(draw(TAGS)),
                draw(st.integers(0, 9999)),
                url,
            )
        )
    return out


def write_like_a_person(articles: list[Article], data: st.DataObject) -> bytes:
    draw = data.draw
    lines: list[str] = []
    pad = st.sampled_from(["", " ", "  ", "\t", " \t"])
    for a in articles:
        blanks = st.integers(0, 2)
        lines += [""] * draw(st.integers(0, 5)) + [a.company + draw(pad)]
        lines += [""] * draw(blanks) + [draw(pad) + a.title + draw(pad)]
        if a.url:
            lines += [""] * draw(blanks) + [a.url + draw(pad)]
        lines += [""] * draw(blanks)
        width = draw(st.sampled_from([20, 40, 60, 72, 80, 10**6]))
        indent = draw(st.sampled_from(["", "    ", "\t"]))
        for k, paragraph in enumerate(a.summary.split("\n\n")):
            if k:
                lines += [""] * draw(st.integers(1, 3))
            wrapped = textwrap.wrap(paragraph, width, break_long_words=False)
            lines += [wrapped[0] + draw(pad)] + [indent + w + draw(pad) for w in wrapped[1:]]
        lines += [""] * draw(blanks) + [draw(st.sampled_from(["\t", " "])).join(a.tags)]
        lines += [""] * draw(blanks)
        lines.append(draw(st.sampled_from(SPELLINGS)).format(a.read_minutes) + draw(pad))
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    text = newline.join(lines) + draw(st.sampled_from(["", newline, newline * 3]))
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-be-bom", "utf-32"]))
    if encoding == "utf-16-be-bom":
        return b"\xfe\xff" + text.encode("utf-16-be")
    return text.encode(encoding)


@FUZZ
@given(people_articles().filter(lambda d: len({a.id for a in d}) == len(d)), st.data())
def test_any_article_written_any_way_people_write_imports_as_meant(
    docs: list[Article], data: st.DataObject
) -> None:
    assert all(READING_TIME.fullmatch(" ".join(a.tags)) is None for a in docs)
    written = write_like_a_person(docs, data)
    assert parse_bytes(written, "p.txt") == docs
    assert parse_text(format_articles(docs)) == docs  # and the export writes them back


def test_export_doc_of_feed_articles_without_tags_or_summary_imports(
    cb: CLI, tmp_path: Path
) -> None:
    """A feed item without categories has no tags, one without a description no summary;
    the format needs both, so the writer fills them in (README Export) instead of writing
    a document that import refuses."""
    from tui.core.models import feed_article_id
    from tui.core.store import Store

    feed = "https://blog.example/feed.xml"
    stored = [
        Article(feed_article_id(feed, "1"), "Some Blog", "No categories", "S.", (), 3, None, 1.7e9),
        Article(feed_article_id(feed, "2"), "Some Blog", "No description", "", ("ml",), 1),
    ]
    store = Store(cb.data_dir)
    store.import_articles(stored)
    out = tmp_path / "feeds.txt"
    assert cb("export", "--format", "doc", "-o", str(out)).code == 0
    again = cb.imported(out, data_dir=tmp_path / "fresh")
    assert [(a["title"], a["summary"], a["tags"]) for a in again] == [
        ("No categories", "S.", ["untagged"]),
        ("No description", "(no summary)", ["ml"]),
    ]


@pytest.mark.parametrize(
    "lines",
    [["5", "min"], ["~", "5", "min"], ["~5", "min", "read"], ["12", "minutes"], ["0", "MIN"]],
)
def test_a_paragraph_joined_into_a_reading_time_exports_and_comes_back(lines: list[str]) -> None:
    """`5` / `min` on two lines is a paragraph `5 min`; the writer must not write it as a
    line that ends the record (it splits it again)."""
    text = "Acme\nT\nIntro.\n\n" + "\n".join(lines) + "\n\nOutro.\nml\n3 min\n"
    [a] = parse_text(text)
    assert a.summary == f"Intro.\n\n{' '.join(lines)}\n\nOutro."
    assert parse_text(format_articles([a])) == [a]


# -- rules between records, files joined with cat --------------------------------------------


@pytest.mark.parametrize("rule", ["---", "* * *", "***", "___", "=====", "- - -", "~~~", "+++"])
def test_a_rule_between_records_is_skipped(cb: CLI, tmp_path: Path, rule: str) -> None:
    """Before, `* * *` became the next record's company and its company the title."""
    first = record("Acme", "First", "S.", "a")
    second = record("Beta", "Second", "Intro.\n\n---\n\nAfter a rule in the summary.", "b")
    text = f"{rule}\n{first}\n{rule}\n\n{second}{rule}\n"
    items = cb.imported(write(tmp_path, "rules.txt", text))
    assert [(a["company"], a["title"], a["summary"]) for a in items] == [
        ("Acme", "First", "S."),
        ("Beta", "Second", "Intro.\n\n---\n\nAfter a rule in the summary."),
    ]


def test_files_joined_with_cat_keep_no_invisible_bom(cb: CLI, tmp_path: Path) -> None:
    """Each UTF-8-with-BOM file's U+FEFF lands at a line start of the joined file: before,
    the second company was '\\ufeffBeta', a different article from 'Beta'."""
    a = b"\xef\xbb\xbf" + record("Acme", "First", "S.").encode()
    b = b"\xef\xbb\xbf" + record("Beta", "Second", "S.").encode()
    items = cb.imported(write(tmp_path, "joined.txt", a + b))
    assert [x["company"] for x in items] == ["Acme", "Beta"]
    assert cb.imported(write(tmp_path, "beta.txt", b))[1]["id"] == items[1]["id"]
    twice = write(tmp_path, "twice.txt", b + b)  # the same file twice: a repeat, not two
    assert cb.refused(twice, f"{twice}:9").startswith("expected a new article, found a repeat")


# -- errors that say what the author did -------------------------------------------------------


@pytest.mark.parametrize("followed", [False, True], ids=["last-record", "another-record-after"])
def test_a_reading_time_written_on_the_tags_line(cb: CLI, tmp_path: Path, followed: bool) -> None:
    text = "Acme\nTitle\nSummary.\nml infra 5 min\n"
    if followed:
        text += "\nBeta\nT2\nS2.\nops\n3 min\n"
    path = write(tmp_path, "t.txt", text)
    if followed:
        assert cb.refused(path, f"{path}:6") == (
            "expected a reading time like '5 min', found 'Beta' (line 4 ends with a reading "
            "time: put it on a line of its own)"
        )
    else:
        assert cb.refused(path, f"{path}:4") == (
            "expected a reading time like '5 min' on a line of its own, found 'ml infra 5 min'"
        )


def test_a_summary_that_is_only_a_url_is_taken_for_the_link_and_the_error_says_so(
    cb: CLI, tmp_path: Path
) -> None:
    path = write(tmp_path, "u.txt", "Acme\nTitle\n\nhttps://acme.example/post\n\nml\n5 min\n")
    assert cb.refused(path, f"{path}:6") == (
        "expected a summary, found a tags line 'ml' (line 4, a URL right after the title, "
        "is the link)"
    )


@pytest.mark.parametrize(
    "name", ["two\nlines.txt", "red\x1b[31m.txt", "evil\u202etxt.exe", "cr\r.txt"]
)
def test_a_file_name_with_a_newline_or_escape_stays_one_harmless_line(
    cb: CLI, tmp_path: Path, name: str
) -> None:
    """Before, `casebook: two` / `lines.txt:2: ...` came out on two lines, and an escape
    sequence in a file name reached the terminal."""
    shown = str(tmp_path / name.encode("unicode_escape").decode("ascii"))
    assert cb.refused(tmp_path / name, shown) == (
        "cannot read the file (No such file or directory)"
    )
    path = write(tmp_path, name, "Acme\nTitle\n")
    assert cb.refused(path, f"{shown}:2") == "expected a summary, found the end of the file"


def test_a_crlf_file_converted_to_crlf_again(cb: CLI, tmp_path: Path) -> None:
    """CR CR LF ends one line: before, every line was followed by a blank one, so each
    summary line became a paragraph of its own."""
    path = write(tmp_path, "twice.txt", ONE.replace("\n", "\r\r\n").encode())
    assert shown(cb.imported(path)) == ONE_MEANT
    bad = write(tmp_path, "bad.txt", b"Acme\r\r\nTitle\r\r\nS.\r\r\nml\r\r\n")
    assert cb.refused(bad, f"{bad}:4").startswith("expected a reading time like '5 min'")


def test_a_record_that_lost_its_reading_time_before_a_rule_is_not_merged(
    cb: CLI, tmp_path: Path
) -> None:
    path = write(tmp_path, "r.txt", "Acme\nT1\nS1.\nml\n\n---\n\nBeta\nT2\nS2.\nops\n3 min\n")
    assert cb.refused(path, f"{path}:6") == (
        "expected a reading time like '5 min', found '---' (line 4 reads as a tags line; if it "
        "is part of the summary, join it to the next line)"
    )
