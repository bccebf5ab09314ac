"""The document parser: the seed, every accepted layout, every error, fuzzing and round-trips.

The README promises a plain-text format that tolerates editor habits (CRLF, BOM, blank
lines or none) and reports every mistake as one `path:LINE: message` line. These tests
hold the parser to each of those promises.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

from tui.core.document import (
    LIKE_A_TIME,
    READING_TIME,
    SEPARATOR,
    TAG_WORD,
    DocumentError,
    ends_with_a_time,
    format_articles,
    is_tags_line,
    parse_bytes,
    parse_file,
    parse_files,
    parse_text,
)
from tui.core.models import Article, article_id
from tui.core.paths import seed_files

FUZZ = settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# A small, hand-checked document used as the base of most format tests.
ONE = "Acme\n\nWidgets at Scale\n\nWe built widgets.\n\nkafka ml-systems\n5 min\n"
ONE_ARTICLE = Article.create(
    "Acme", "Widgets at Scale", "We built widgets.", ("kafka", "ml-systems"), 5
)
TWO = ONE + "Globex\n\nGizmos Everywhere\n\nGizmos, everywhere.\n\nobservability\n12 min\n"
TWO_ARTICLES = [
    ONE_ARTICLE,
    Article.create("Globex", "Gizmos Everywhere", "Gizmos, everywhere.", ("observability",), 12),
]


def lost_time(found: str, tags_line: int) -> str:
    """The message for a record whose reading time went missing before the next record."""
    shown = found if len(found) <= 60 else found[:57] + "..."  # long lines are cut short
    return (
        f"expected a reading time like '5 min', found {shown!r} (line {tags_line} reads as a "
        "tags line; if it is part of the summary, join it to the next line)"
    )


def error_of(call: Callable[[], object]) -> DocumentError:
    """Runs a parse that must fail and checks the promised one-line message shape."""
    with pytest.raises(DocumentError) as info:
        call()
    err = info.value
    text = str(err)
    assert "\n" not in text and "\r" not in text
    where = f"{err.path}:{err.line}" if err.line is not None else err.path
    assert text == f"{where}: {err.message}"
    return err


def assert_error(
    call: Callable[[], object], path: str, line: int | None, message: str | re.Pattern[str]
) -> DocumentError:
    err = error_of(call)
    assert err.path == path
    assert err.line == line, str(err)
    if isinstance(message, str):
        assert err.message == message, str(err)
    else:
        assert message.fullmatch(err.message), str(err)
    return err


# ---------------------------------------------------------------- the bundled seed

SEED_TAGS = [
    ("ml-systems", "microservices"),
    ("microservices", "general"),
    ("microservices", "distributed-systems"),
    ("microservices", "load-balancing"),
    ("microservices", "observability"),
    ("distributed-systems", "microservices"),
    ("ml-systems", "microservices"),
    ("distributed-systems", "real-time-systems"),
    ("ml-systems", "real-time-systems"),
]


@pytest.fixture(scope="module")
def seed() -> list[Article]:
    paths = [p for p in seed_files() if p.name == "netflix.txt"]
    assert len(paths) == 1, seed_files()
    return parse_file(paths[0])


def test_seed_parses_to_nine_netflix_articles(seed: list[Article]) -> None:
    assert len(seed) == 9
    assert {a.company for a in seed} == {"Netflix"}
    assert seed[0].title == (
        "Democratizing Machine Learning at Netflix: Building the Model Lifecycle Graph"
    )
    assert seed[-1].title == "Optimizing Recommendation Systems with JDK\u2019s Vector API"
    assert [a.tags for a in seed] == SEED_TAGS
    assert all(isinstance(a.tags, tuple) for a in seed)
    assert [a.read_minutes for a in seed] == [5] * 9


def test_seed_keeps_typography_and_full_summaries(seed: list[Article]) -> None:
    """The curly apostrophe is kept as written, never normalised to ASCII."""
    assert "JDK\u2019s" in seed[-1].title
    assert "JDK's" not in seed[-1].title
    assert seed[-1].summary == (
        "Netflix's Ranker service had a video serendipity scoring feature (computing how "
        "different a title is from a user's watch history) consuming ~7.5% of total CPU per "
        "node, creating a significant performance bottleneck at their enormous scale."
    )
    # Every summary is the whole summary line of its record, not a prefix or a snippet.
    raw = [line.strip() for line in seed_files()[0].read_text("utf-8").splitlines()]
    for a in seed:
        assert a.summary in raw
        assert raw.index(a.summary) == raw.index(a.title) + 2


def test_seed_ids_are_stable_and_case_insensitive(seed: list[Article]) -> None:
    """Ids key the user's read/bookmark state, so they must never change between releases."""
    assert seed[0].id == "91c437808aaa"
    assert seed[-1].id == "bc08528cede5"
    assert len({a.id for a in seed}) == 9
    for a in seed:
        assert a.id == article_id(a.company, a.title)
        assert a.id == article_id(a.company.upper(), a.title.lower())
        assert a.id == article_id(a.company.swapcase(), a.title.swapcase())
    assert article_id("Netflix", "A") != article_id("Netflix", "B")
    assert article_id("Netflix", "AB") != article_id("NetflixA", "B")


def test_seed_ids_do_not_depend_on_layout() -> None:
    """Re-importing an edited (re-wrapped) seed must update, not duplicate."""
    text = seed_files()[0].read_text("utf-8")
    relaid = "\r\n".join(line for line in text.splitlines() if line.strip())
    assert [a.id for a in parse_text(relaid)] == [a.id for a in parse_text(text)]


# ---------------------------------------------------------------- accepted layouts


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(ONE, id="plain"),
        pytest.param(ONE.replace("\n", "\r\n"), id="crlf"),
        pytest.param(ONE.rstrip("\n"), id="no-final-newline"),
        pytest.param(ONE.replace("\n", "\r\n").rstrip("\r\n"), id="crlf-no-final-newline"),
        pytest.param(ONE.replace("\n", "  \t\n"), id="trailing-whitespace"),
        pytest.param(
            "  Acme\n\tWidgets at Scale \nWe built widgets.\n kafka ml-systems\n5 min", id="indent"
        ),
        pytest.param(ONE.replace("\n\n", "\n"), id="no-blanks"),
        pytest.param("\n\n\n" + ONE + "\n\n\n", id="surrounding-blanks"),
        pytest.param(ONE.replace("\n\n", "\n \t \n\n"), id="whitespace-blank-lines"),
        pytest.param(
            ONE.replace("kafka ml-systems", "kafka  ml-systems kafka ml-systems"), id="dup-tags"
        ),
        pytest.param(ONE.replace("5 min", "5min"), id="no-space-min"),
    ],
)
def test_accepted_layouts(text: str) -> None:
    assert parse_text(text) == [ONE_ARTICLE]
    assert parse_bytes(text.encode("utf-8")) == [ONE_ARTICLE]


def test_utf8_bom_is_accepted_and_not_part_of_the_company() -> None:
    data = b"\xef\xbb\xbf" + ONE.encode("utf-8")
    assert parse_bytes(data) == [ONE_ARTICLE]
    assert parse_bytes(b"\xef\xbb\xbf" + ONE.replace("\n", "\r\n").encode("utf-8")) == [ONE_ARTICLE]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(TWO, id="blank-separated"),
        pytest.param(TWO.replace("\n\n", "\n"), id="no-blank-lines-at-all"),
        pytest.param(TWO.replace("\n", "\r\n").rstrip(), id="crlf"),
        pytest.param(TWO.replace("5 min\n", "5 min\n\n\n\n"), id="many-blanks-between"),
    ],
)
def test_next_record_may_start_right_after_reading_time(text: str) -> None:
    assert parse_text(text) == TWO_ARTICLES


def test_duplicate_tags_collapse_in_first_seen_order() -> None:
    text = "Acme\nT\nS.\nsre kafka sre ml kafka sre\n1 min\n"
    assert parse_text(text)[0].tags == ("sre", "kafka", "ml")


def test_multi_paragraph_summary() -> None:
    """Lines within a paragraph join with a space; paragraphs join with a blank line."""
    text = (
        "Acme\n"
        "Title\n"
        "First line of\n"
        "   the first paragraph, really.  \n"
        "\n"
        " \t \n"
        "Second paragraph.\n"
        "\n"
        "Third, and\n"
        "the end!\n"
        "\n"
        "sre\n"
        "7 min\n"
    )
    for variant in (text, text.replace("\n", "\r\n"), "\ufeff" + text):
        [a] = parse_bytes(variant.encode("utf-8"))
        assert a.summary == (
            "First line of the first paragraph, really.\n\nSecond paragraph.\n\nThird, and the end!"
        )
        assert a.read_minutes == 7


def test_issue_example_wrapped_summary_with_a_lowercase_line_imports() -> None:
    """The issue's document: the wrapped summary's second line is all lowercase tag words."""
    text = (
        "Acme\n"
        "\n"
        "Moving the Monolith\n"
        "\n"
        "Acme split its Rails monolith into services while keeping the site online,\n"
        "and learned how to stage the migration one domain at a time.\n"
        "\n"
        "microservices migration\n"
        "9 min\n"
    )
    [a] = parse_text(text)
    assert a.summary == (
        "Acme split its Rails monolith into services while keeping the site online, "
        "and learned how to stage the migration one domain at a time."
    )
    assert a.tags == ("microservices", "migration")
    assert a.read_minutes == 9


@pytest.mark.parametrize(
    ("summary", "expected"),
    [
        pytest.param("Intro.\nall lowercase words", "Intro. all lowercase words", id="at-the-end"),
        pytest.param(
            "Intro\nall lowercase words.\nMore.", "Intro all lowercase words. More.", id="middle"
        ),
        pytest.param(
            "all lowercase words\nThen more.", "all lowercase words Then more.", id="first"
        ),
        pytest.param(
            "Intro.\n\nall lowercase words", "Intro.\n\nall lowercase words", id="own-paragraph"
        ),
        pytest.param("kafka sre\n\nkafka sre.", "kafka sre\n\nkafka sre.", id="only-lowercase"),
        pytest.param(
            "We moved to\nkubernetes and\nPostgres in a week.",
            "We moved to kubernetes and Postgres in a week.",
            id="name-after-lowercase-without-room-for-a-record",
        ),
        pytest.param(
            "It worked at a time.\nThe team\nthen wrote\nit up.",
            "It worked at a time. The team then wrote it up.",
            id="sentence-ends-on-a-lowercase-line",
        ),
    ],
)
def test_lowercase_summary_lines_are_summary_when_a_tags_line_follows(
    summary: str, expected: str
) -> None:
    """The tags line is the last line before `N min`; every line above it is summary."""
    for blank in ("", "\n"):
        text = f"Acme\nTitle\n{blank}{summary}\n{blank}sre\n3 min\n"
        [a] = parse_text(text)
        assert (a.summary, a.tags, a.read_minutes) == (expected, ("sre",), 3)


def test_lost_reading_time_shape_is_an_error_not_a_merge() -> None:
    """A tags-like line, then a capitalised line and room for a whole record: ambiguous."""
    summary = "We moved to\nkubernetes and\nPostgres in a week.\nIt took\nmonths."
    text = f"Acme\nTitle\n{summary}\nsre\n3 min\n"
    assert_error(lambda: parse_text(text, "w.txt"), "w.txt", 5, lost_time("Postgres in a week.", 4))
    # Joined to the next line as the message suggests, it imports.
    fixed = text.replace("kubernetes and\nPostgres", "kubernetes and Postgres")
    assert parse_text(fixed)[0].summary == (
        "We moved to kubernetes and Postgres in a week. It took months."
    )


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        pytest.param(
            "Acme\nT\nS.\nsre\nGlobex\nT2\nS2.\nsre\n5 min\n",
            5,
            "expected a reading time like '5 min', found 'Globex' (line 4 reads as a tags line; "
            "if it is part of the summary, join it to the next line)",
            id="tags-then-capitalised-line",
        ),
        pytest.param(
            "Acme\nT\nS.\nsre\n\u05e9\u05dc\u05d5\u05dd\nT2\nS2.\nsre\n5 min\n",
            5,
            re.compile(
                r"expected a reading time like '5 min', found '\u05e9\u05dc\u05d5\u05dd' .*"
            ),
            id="tags-then-uncased-script",
        ),
        pytest.param(
            "Acme\nT\nS.\nsre\n\n",
            5,
            "expected a reading time like '5 min', found the end of the file",
            id="tags-no-time-at-end",
        ),
        pytest.param(
            "Acme\nT\nS.\nsre\nMore text\n",
            5,
            "expected a reading time like '5 min', found 'More text'",
            id="tags-then-text-at-end",
        ),
        pytest.param(
            "Acme\nT\nSummary, then\n5 min\n",
            4,
            "expected a tags line, found a reading time '5 min'",
            id="time-no-tags",
        ),
        pytest.param(
            "Acme\nT\nall lowercase words\n5 min\n",
            3,
            "expected a summary, found a tags line 'all lowercase words'",
            id="lowercase-summary-then-time",
        ),
    ],
)
def test_readme_ambiguous_shapes_that_are_errors(
    text: str, line: int, message: str | re.Pattern[str]
) -> None:
    """Each error the README's "What each ambiguous shape gives" list promises."""
    assert_error(lambda: parse_text(text, "a.txt"), "a.txt", line, message)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Acme\nT\nS.\nsre.\nGlobex\nT2\nS2.\nsre\n5 min\n",
            ("Acme", "T", "S. sre. Globex T2 S2.", ("sre",)),
            id="tags-ending-with-a-full-stop",
        ),
        pytest.param(
            "Acme\nT\nS.\nsre\neBay\nT2\nS2.\nsre\n5 min\n",
            ("Acme", "T", "S. sre eBay T2 S2.", ("sre",)),
            id="next-company-lowercase",
        ),
        pytest.param(
            "Acme\nT\nS.\nsre\n37signals\nT2\nS2.\nsre\n5 min\n",
            ("Acme", "T", "S. sre 37signals T2 S2.", ("sre",)),
            id="next-company-digit",
        ),
        pytest.param(
            "Acme\nT\nFirst line\nall lowercase words\n5 min\n",
            ("Acme", "T", "First line", ("all", "lowercase", "words")),
            id="time-no-tags-longer-summary",
        ),
        pytest.param(
            "T\nFirst line\nSecond line\nsre\n5 min\n",
            ("T", "First line", "Second line", ("sre",)),
            id="company-lost-longer-summary",
        ),
    ],
)
def test_readme_shapes_that_cannot_be_told_from_a_record(
    text: str, expected: tuple[str, str, str, tuple[str, ...]]
) -> None:
    """The README names these as undetectable; they import exactly as it says."""
    [a] = parse_text(text)
    assert (a.company, a.title, a.summary, a.tags) == expected


def test_rtl_emoji_and_typography_are_kept() -> None:
    company = "שלום בע\u05f4מ"
    title = "نظام التوصيات 🚀 — “quoted” café\u0301"
    summary = "مرحبا بالعالم. 👩\u200d💻 done ✓ — ½ ﬁ"
    text = f"{company}\n{title}\n{summary}\nml-systems\n4 min\n"
    [a] = parse_bytes(text.encode("utf-8"))
    assert (a.company, a.title, a.summary) == (company, title, summary)
    assert a.id == article_id(company, title)


def test_huge_lines_parse_and_errors_stay_short() -> None:
    big = "x" * 100_000
    text = f"Acme\nT{big}\nS{big}.\nsre\n5 min\n"
    [a] = parse_text(text)
    assert len(a.title) == 100_001 and len(a.summary) == 100_002
    broken = f"Acme\nTitle\nSummary.\nsre\nA{big}\n"
    err = assert_error(
        lambda: parse_text(broken, "big.txt"),
        "big.txt",
        5,
        re.compile(r"expected a reading time like '5 min', found 'Ax+\.\.\.'"),
    )
    assert len(str(err)) < 200


def test_tab_inside_a_line_is_text_not_a_control_character() -> None:
    [a] = parse_text("Acme\nA\ttitle\nS.\nsre\n5 min\n")
    assert a.title == "A\ttitle"


# ---------------------------------------------------------------- errors


def test_missing_reading_time_is_reported_at_the_next_record_readme_example() -> None:
    """The README's own example: record 1 lost its `N min`, record 2 starts at line 5."""
    text = "Acme\nTitle one\nSummary one.\nsre\nAcme\nTitle two\nSummary two.\nsre\n5 min\n"
    assert_error(lambda: parse_text(text, "notes.txt"), "notes.txt", 5, lost_time("Acme", 4))


def test_seed_with_one_reading_time_removed_is_never_merged(tmp_path: Path) -> None:
    """Dropping record 1's `5 min` (line 8) must fail at record 2's company line."""
    lines = seed_files()[0].read_text("utf-8").split("\n")
    assert lines[7] == "5 min" and lines[8] == "Netflix"
    del lines[7]
    path = tmp_path / "broken.txt"
    path.write_text("\n".join(lines), "utf-8")
    assert_error(lambda: parse_file(path), str(path), 8, lost_time("Netflix", 7))


def test_every_reading_time_removed_from_the_seed_is_an_error() -> None:
    lines = seed_files()[0].read_text("utf-8").split("\n")
    minute_lines = [i for i, line in enumerate(lines) if line == "5 min"]
    assert len(minute_lines) == 9
    for i in minute_lines:
        broken = lines[:i] + lines[i + 1 :]
        last = i == minute_lines[-1]
        err = error_of(lambda b=broken: parse_text("\n".join(b), "s.txt"))
        # Line i + 1 (1-based) is now whatever followed the reading time.
        if last:
            assert err.message == "expected a reading time like '5 min', found the end of the file"
            assert err.line == i  # the tags line, the last line of the file
        else:
            assert err.line == i + 1
            assert err.message == lost_time("Netflix", i)


def test_reading_time_after_tags_separated_by_blank_lines_still_required() -> None:
    text = "Acme\nTitle\nS.\nsre\n\n\nGlobex\nT2\nS2.\nsre\n5 min\n"
    assert_error(lambda: parse_text(text, "p"), "p", 7, lost_time("Globex", 4))


def test_missing_summary() -> None:
    assert_error(
        lambda: parse_text("Acme\n\nTitle\n\nsre kafka\n5 min\n", "p"),
        "p",
        5,
        "expected a summary, found a tags line 'sre kafka'",
    )


def test_missing_tags_line() -> None:
    assert_error(
        lambda: parse_text("Acme\nTitle\nSummary.\n5 min\nGlobex\n", "p"),
        "p",
        4,
        "expected a tags line, found a reading time '5 min'",
    )


def test_missing_title() -> None:
    """Without a title the summary is taken as the title, so the summary is what is missing."""
    assert_error(
        lambda: parse_text("Acme\nSummary.\nsre\n5 min\n", "p"),
        "p",
        3,
        "expected a summary, found a tags line 'sre'",
    )


def test_reading_time_where_company_or_title_belongs() -> None:
    assert_error(
        lambda: parse_text(ONE + "\n5 min\n", "p"),
        "p",
        10,
        "expected a company line, found a reading time '5 min'",
    )
    assert_error(
        lambda: parse_text("Acme\n\n3 min\n", "p"),
        "p",
        3,
        "expected a title line, found a reading time '3 min'",
    )
    assert_error(
        lambda: parse_text("Acme\nTitle\n\n3 min\n", "p"),
        "p",
        4,
        "expected a summary, found a reading time '3 min'",
    )


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
@pytest.mark.parametrize("final_newline", [True, False])
@pytest.mark.parametrize(
    ("text", "line", "expected"),
    [
        ("Acme\n", 1, "a title line"),
        ("Acme\n\n", 2, "a title line"),
        ("Acme\nTitle\n", 2, "a summary"),
        ("Acme\nTitle\nSummary.\n", 3, "a tags line"),
        ("Acme\nTitle\nSummary.\n\nMore.\n", 5, "a tags line"),
        ("Acme\nTitle\nSummary.\nsre\n", 4, "a reading time like '5 min'"),
        ("Acme\nTitle\nSummary.\nsre\n\n\n", 6, "a reading time like '5 min'"),
        (ONE + "Globex\n", 9, "a title line"),
    ],
)
def test_end_of_file_mid_record(
    text: str, line: int, expected: str, newline: str, final_newline: bool
) -> None:
    """The line is the file's last line, with or without a final newline (both are fine)."""
    body = text.replace("\n", newline)
    if not final_newline:
        body = body.removesuffix(newline)
        if text.endswith("\n\n"):
            line -= 1
    assert_error(
        lambda: parse_bytes(body.encode("utf-8"), "eof.txt"),
        "eof.txt",
        line,
        f"expected {expected}, found the end of the file",
    )


@pytest.mark.parametrize(
    ("data", "line", "byte"),
    [
        (b"\xff" + ONE.encode(), 1, 0xFF),
        (ONE.encode() + b"Acme\n\xc3(\n", 10, 0xC3),
        (ONE.encode("latin-1").replace(b"Widgets", b"Widg\xe9ts"), 3, 0xE9),
        (b"\xef\xbb\xbf" + ONE.encode() + b"\n\n\x80", 11, 0x80),
        (b"\xef\xbb\xbf\xfe", 1, 0xFE),
        (ONE.encode().replace(b"\n", b"\r\n") + b"Acme\r\n\xed\xa0\x80\r\n", 10, 0xED),
    ],
)
def test_not_utf8_reports_the_line_and_byte(data: bytes, line: int, byte: int) -> None:
    assert_error(
        lambda: parse_bytes(data, "bad.txt"),
        "bad.txt",
        line,
        f"not UTF-8 text (byte 0x{byte:02x} cannot be decoded)",
    )


@pytest.mark.parametrize("data", [b"", b"\n", b"   \n\t\r\n  ", b"\r\n" * 50])
def test_empty_and_whitespace_only_files(data: bytes) -> None:
    assert_error(lambda: parse_bytes(data, "e.txt"), "e.txt", None, "the file is empty")


@pytest.mark.parametrize(
    "data", [b"\xef\xbb\xbf", b"\xef\xbb\xbf\r\n\n", "\u3000\n\u00a0".encode()]
)
def test_bom_or_unicode_space_only_files_have_no_records(data: bytes) -> None:
    assert_error(lambda: parse_bytes(data, "e.txt"), "e.txt", None, "no records found")


@pytest.mark.parametrize("text", ["", "\n\n", " \t ", "\r\n\r\n"])
def test_parse_text_with_nothing_in_it(text: str) -> None:
    assert_error(lambda: parse_text(text, "t"), "t", None, "no records found")


# UTF-16 without a BOM is NUL bytes; with one it is decoded (test_documents_realworld.py).
@pytest.mark.parametrize("data", [b"\x00", ONE.encode() + b"\x00", ONE.encode("utf-16-le")])
def test_nul_bytes(data: bytes) -> None:
    assert_error(
        lambda: parse_bytes(data, "n.bin"),
        "n.bin",
        None,
        "not a text file (it contains NUL bytes)",
    )


@pytest.mark.parametrize(
    ("char", "line"),
    [
        ("\x01", 3),
        ("\x07", 1),
        ("\x0b", 5),
        ("\x0c", 7),
        ("\x1b", 8),
        ("\x7f", 3),
        ("\x85", 5),
        ("\x9f", 7),
    ],
)
def test_control_characters_report_their_line(char: str, line: int) -> None:
    lines = ONE.split("\n")
    lines[line - 1] = lines[line - 1][:2] + char + lines[line - 1][2:]
    text = "\n".join(lines)
    expected = f"expected text, found control character U+{ord(char):04X}"
    assert_error(lambda: parse_text(text, "c.txt"), "c.txt", line, expected)
    assert_error(lambda: parse_bytes(text.encode(), "c.txt"), "c.txt", line, expected)


def test_control_character_on_a_blank_looking_line_and_in_crlf() -> None:
    text = ONE.replace("\n", "\r\n") + "\r\n\x1b\r\n"
    assert_error(
        lambda: parse_text(text, "c"), "c", 10, "expected text, found control character U+001B"
    )


def test_unpaired_surrogate_in_text_is_a_document_error() -> None:
    """parse_text takes any str; a lone surrogate cannot be stored, so it is bad input."""
    assert_error(
        lambda: parse_text("Acme\nTi\ud800tle\nS.\nsre\n5 min\n", "s"),
        "s",
        2,
        re.compile(r"expected text, found .*U\+D800"),
    )


@pytest.mark.parametrize(
    ("second", "line"),
    [
        pytest.param(ONE, 9, id="identical"),
        pytest.param(ONE.replace("Acme", "ACME").replace("Widgets at", "widgets AT"), 9, id="case"),
        pytest.param(
            "Acme\nWidgets at Scale\nA different summary.\nsre\n9 min\n", 9, id="other-fields"
        ),
    ],
)
def test_a_record_repeated_in_one_file(second: str, line: int) -> None:
    text = ONE + second
    assert_error(
        lambda: parse_text(text, "r.txt"),
        "r.txt",
        line,
        "expected a new article, found a repeat of the record at line 1 (same company and title)",
    )


def test_repeat_points_at_the_first_occurrence() -> None:
    text = "\n\n" + TWO + "\n" + ONE.replace("\n\n", "\n")
    assert_error(
        lambda: parse_text(text, "r"),
        "r",
        20,
        "expected a new article, found a repeat of the record at line 3 (same company and title)",
    )


def test_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "nope.txt"
    assert_error(
        lambda: parse_file(missing),
        str(missing),
        None,
        "cannot read the file (No such file or directory)",
    )


def test_directory_instead_of_file(tmp_path: Path) -> None:
    assert_error(
        lambda: parse_file(tmp_path),
        str(tmp_path),
        None,
        re.compile(r"cannot read the file \(.+\)"),
    )


def test_parse_file_names_the_path_in_errors(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes(b"Acme\r\nTitle\r\n")
    assert str(error_of(lambda: parse_file(path))) == (
        f"{path}:2: expected a summary, found the end of the file"
    )


def test_parse_files_is_all_or_nothing(tmp_path: Path) -> None:
    good1 = tmp_path / "a.txt"
    good1.write_text(ONE, "utf-8")
    good2 = tmp_path / "c.txt"
    good2.write_text(TWO.split("Globex", 1)[0].replace("Acme", "Initech"), "utf-8")
    bad = tmp_path / "b.txt"
    bad.write_text("Globex\nTitle\nSummary.\nsre\nNot a time\n", "utf-8")
    assert len(parse_files([good1, good2])) == 2
    for order in ([bad, good1, good2], [good1, bad, good2], [good1, good2, bad]):
        assert_error(
            lambda o=order: parse_files(o),
            str(bad),
            5,
            "expected a reading time like '5 min', found 'Not a time'",
        )
    assert_error(
        lambda: parse_files([good1, tmp_path / "gone.txt"]),
        str(tmp_path / "gone.txt"),
        None,
        "cannot read the file (No such file or directory)",
    )


# ---------------------------------------------------------------- strategies

# Round-trip constraints, each because the format cannot say otherwise:
# - company and title: one non-empty line with no leading or trailing whitespace (lines are
#   stripped), no control characters except an inner tab (they are errors), no bidi
#   embeddings, overrides or isolates and no U+FEFF (they are dropped), no unpaired
#   surrogates (not encodable), not a reading time like `5 min` (that ends a record), and the
#   company is not a rule like `---` (skipped where a record starts).
# - summary: paragraphs that are each one such line, joined with "\n\n" (blank lines separate
#   paragraphs, and a paragraph's lines are joined with a space, so newlines inside one cannot
#   survive); no paragraph may be a reading time (it ends the record). A paragraph may look
#   like tags: with at most three paragraphs the ambiguous shape (README) cannot occur.
# - tags: 1..64 distinct tag words (a line of more than MAX_TAGS words is not a tags line; an
#   empty tags line is a blank line), and not a reading time (one tag `5min`).
# - read_minutes: 0..9999 (`N min` takes one to four digits).
# - company+title distinct per document after case folding (a repeat is an error).
FIELD_CHARS = st.characters(
    exclude_categories=("Cc", "Cs"),
    include_characters="\t",
    exclude_characters="\n\r\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff",
)
TEXTY = st.sampled_from(
    [
        "Acme",
        "Netflix",
        "JDK\u2019s",
        "שלום",
        "مرحبا",
        "🚀",
        "👩\u200d💻",
        "5",
        "min",
        "sre",
        " ",
        "—",
    ]
)


def _clean_line(s: str) -> bool:
    return bool(s) and s == s.strip() and READING_TIME.fullmatch(s) is None


line_text = (
    st.lists(
        st.one_of(st.text(FIELD_CHARS, min_size=1, max_size=12), TEXTY), min_size=1, max_size=6
    )
    .map(" ".join)
    .map(str.strip)
    .filter(_clean_line)
)
name_text = line_text.filter(lambda s: SEPARATOR.fullmatch(s) is None)
paragraph_text = line_text
TAG_HEAD = "abcdefghijklmnopqrstuvwxyz0123456789"
tag_word = st.builds(
    str.__add__, st.sampled_from(TAG_HEAD), st.text(TAG_HEAD + "+#._/-", max_size=12)
)


def tag_lists(most: int) -> st.SearchStrategy[list[str]]:
    """Tags whose line is not a reading time (a lone `5min` tag would end the record)."""
    return st.lists(tag_word, min_size=1, max_size=most, unique=True).filter(
        lambda tags: READING_TIME.fullmatch(" ".join(tags)) is None
    )


@st.composite
def articles(draw: st.DrawFn) -> Article:
    company = draw(name_text)
    title = draw(st.one_of(name_text, st.sampled_from(["kafka", "sre ml", "Title"])))
    summary = "\n\n".join(draw(st.lists(paragraph_text, min_size=1, max_size=3)))
    tags = tuple(draw(tag_lists(64)))
    minutes = draw(st.integers(min_value=0, max_value=9999))
    return Article.create(company, title, summary, tags, minutes)


documents = st.lists(articles(), min_size=1, max_size=5, unique_by=lambda a: a.id)


def check_valid_parse(result: list[Article]) -> None:
    """What any successful parse must look like, and it must survive format + parse."""
    assert result
    assert len({a.id for a in result}) == len(result)
    for a in result:
        assert a.id == article_id(a.company, a.title)
        assert a.company and a.title and a.summary
        assert "\n" not in a.company and "\n" not in a.title
        assert a.tags and len(set(a.tags)) == len(a.tags)
        assert all(TAG_WORD.fullmatch(t) for t in a.tags)
        assert 0 <= a.read_minutes <= 9999
        for paragraph in a.summary.split("\n\n"):
            assert paragraph and paragraph == paragraph.strip()
    assert parse_text(format_articles(result)) == result


def line_count(text: str) -> int:
    """Lines as the parser counts them: universal newlines (CRLF, LF and a lone CR)."""
    return len(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))


def check_error(err: DocumentError, path: str, n_lines: int) -> None:
    assert err.path == path
    assert "\n" not in str(err)
    if err.line is not None:
        assert 1 <= err.line <= max(n_lines, 1), (err.line, n_lines, str(err))


# ---------------------------------------------------------------- round-trip


@FUZZ
@given(documents)
def test_format_then_parse_round_trips(docs: list[Article]) -> None:
    text = format_articles(docs)
    assert parse_text(text) == docs
    data = text.encode("utf-8")
    assert parse_bytes(data) == docs
    assert parse_bytes(b"\xef\xbb\xbf" + data.replace(b"\n", b"\r\n")) == docs


@pytest.mark.parametrize(
    "article",
    [
        Article.create("Acme", "kafka", "Lowercase title is fine.", ("kafka",), 0),
        Article.create("acme", "Title", "X.", ("a", "b"), 9999),
        Article.create("Acme", "12345 min", "Not a time.", ("sre",), 1),
        Article.create("Acme", "Tab\tinside", "Tab\tinside. And  two  spaces.", ("c++", "c#"), 3),
        Article.create("Acme", "T", "One.\n\nTwo!\n\nThree?", ("x",), 3),
        Article.create("Acme", "T", " ".join(["word"] * 65), ("x",), 3),
        Article.create("Acme", "T", "\uff15 MIN", ("x",), 3),
        Article.create("Acme", "T", "\u0665 min", ("x",), 3),
        Article.create("Acme", "\uff15 min", "Fullwidth digit title.", ("x",), 3),
        Article.create("Acme", "T", "Sixty-four tags.", tuple(f"t{i}" for i in range(64)), 3),
    ],
)
def test_edge_articles_round_trip(article: Article) -> None:
    assert parse_text(format_articles([article])) == [article]


def test_split_fullwidth_reading_time_in_summary_round_trips() -> None:
    """A summary parsed from two lines must not turn into a reading time when written back."""
    text = "Acme\nT\n\uff15\nMIN\nsre\n3 min\n"
    check_valid_parse(parse_text(text))


# ---------------------------------------------------------------- hostile input

ALL_CHARS = st.characters(exclude_categories=())  # includes surrogates and controls


@FUZZ
@given(st.text(ALL_CHARS, max_size=300))
def test_random_text_raises_only_document_errors(text: str) -> None:
    try:
        result = parse_text(text, "f.txt")
    except DocumentError as err:
        check_error(err, "f.txt", line_count(text))
    else:
        check_valid_parse(result)


@FUZZ
@given(st.binary(max_size=300))
def test_random_bytes_raise_only_document_errors(data: bytes) -> None:
    try:
        result = parse_bytes(data, "f.bin")
    except DocumentError as err:
        check_error(err, "f.bin", line_count(data.decode("utf-8", "replace")))
    else:
        check_valid_parse(result)


HOSTILE_LINES = st.one_of(
    st.sampled_from(
        [
            "",
            " \t ",
            "5 min",
            "5min",
            "0 MIN",
            "99999 min",
            "sre kafka",
            "kafka. " * 70,
            "all lowercase words.",
            "\u0665 min",
            "\uff15",
            "MIN",
            "\ufeffAcme",
            "שלום עולם",
            "مرحبا بالعالم",
            "🚀 launch 👩\u200d💻",
            "\u202eevil\u202c",
            "x" * 100_000,
            "\x1b[31m",
            "a\x00b",
            "\x85",
            "Ti\ud800tle",
            "\udc80 Lone low surrogate",
            "A\u2028B",
        ]
    ),
    st.text(st.characters(exclude_categories=("Cc",)), min_size=1, max_size=20),
    st.text(ALL_CHARS, min_size=1, max_size=20),
)


HOSTILE_CHARS = st.one_of(
    st.sampled_from(
        list(
            "\ud800\udfff\u202e\u200f\ufeff\u200d\x85\x1b\x00\r\u2028\u0301\uff15\u0665\t\xa0\u3000"
        )
    ),
    ALL_CHARS,
)
tags_line_text = st.lists(tag_word, min_size=1, max_size=5).map(" ".join)
minutes_text = st.integers(0, 9999).map(lambda n: f"{n} min")


@st.composite
def good_document_lines(draw: st.DrawFn) -> list[str]:
    """Well-formed records with random blank lines, so mutations start deep inside records."""
    lines: list[str] = []
    blank = st.lists(st.sampled_from(["", "  ", "\t"]), max_size=2)
    for _ in range(draw(st.integers(1, 4))):
        fields = [draw(name_text), draw(name_text)]
        fields += draw(st.lists(paragraph_text, min_size=1, max_size=3))
        fields += [draw(tags_line_text), draw(minutes_text)]
        for field in fields:
            lines += draw(blank)
            lines.append(field)
    return lines


def _join(lines: list[str], data: st.DataObject) -> str:
    newline = data.draw(st.sampled_from(["\n", "\r\n"]), label="newline")
    return newline.join(lines) + data.draw(st.sampled_from(["", newline]), label="final")


def parse_any(text: str, path: str) -> None:
    """parse_text and parse_bytes: a DocumentError or a valid parse, nothing else."""
    try:
        result = parse_text(text, path)
    except DocumentError as err:
        check_error(err, path, line_count(text))
    else:
        check_valid_parse(result)
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:
        return  # lone surrogates: only reachable through parse_text
    try:
        result = parse_bytes(data, path)
    except DocumentError as err:
        check_error(err, path, line_count(data.decode("utf-8", "replace")))
    else:
        check_valid_parse(result)


@FUZZ
@given(good_document_lines(), st.data())
def test_hostile_lines_give_a_document_error_or_a_valid_parse(
    lines: list[str], data: st.DataObject
) -> None:
    """Huge lines, RTL text, emoji, controls, reading times and tags in the wrong places."""
    for _ in range(data.draw(st.integers(1, 3), label="edits")):
        at = data.draw(st.integers(0, len(lines) - 1), label="at")
        hostile = data.draw(HOSTILE_LINES, label="line")
        if data.draw(st.booleans(), label="replace"):
            lines[at] = hostile
        else:
            lines.insert(at, hostile)
    parse_any(_join(lines, data), "h.txt")


@FUZZ
@given(good_document_lines(), st.data())
def test_one_odd_character_gives_a_document_error_or_a_valid_parse(
    lines: list[str], data: st.DataObject
) -> None:
    """Surrogates, bidi marks, BOMs, NEL, CR and the like inside an otherwise good line."""
    at = data.draw(st.integers(0, len(lines) - 1), label="at")
    k = data.draw(st.integers(0, len(lines[at])), label="offset")
    lines[at] = lines[at][:k] + data.draw(HOSTILE_CHARS, label="char") + lines[at][k:]
    parse_any(_join(lines, data), "c.txt")


def _record_lines(docs: list[Article]) -> list[list[str]]:
    """Each article as its five field lines, with a one-line summary."""
    return [
        [a.company, a.title, a.summary, " ".join(a.tags), f"{a.read_minutes} min"] for a in docs
    ]


# A capital or a letter of a script without case: how a company line starts when the parser
# can tell a lost reading time from a summary (README, "What each shape gives").
NAME_HEADS = st.sampled_from(["A", "N", "Z", "É", "Ω", "Ж", "ש", "ا", "東"])
company_text = st.builds(
    str.__add__, NAME_HEADS, st.one_of(st.just(""), name_text.map(" ".__add__))
)


def _tags_end_a_sentence(a: Article) -> bool:
    """A tags line ending with '.' reads as the end of a sentence (README)."""
    return a.tags[-1].endswith(".")


one_line_documents = st.lists(
    st.builds(
        lambda a, company: Article.create(
            company, a.title, a.summary.split("\n\n")[0], a.tags, a.read_minutes
        ),
        articles().filter(lambda a: not _tags_end_a_sentence(a)),
        company_text,
    ),
    min_size=1,
    max_size=4,
    unique_by=lambda a: a.id,
)


@FUZZ
@given(one_line_documents, st.data())
def test_removing_any_field_line_is_an_error(docs: list[Article], data: st.DataObject) -> None:
    """With one-line summaries every field is needed: losing any line must never parse."""
    lines = [line for record in _record_lines(docs) for line in record]
    i = data.draw(st.integers(0, len(lines) - 1), label="removed")
    removed = lines[:i] + lines[i + 1 :]
    err = error_of(lambda: parse_text("\n".join(removed), "rm"))
    check_error(err, "rm", len(removed))
    if i % 5 == 4:  # a reading time: reported where it was expected, never merged
        assert err.message.startswith("expected a reading time like '5 min', found ")
        assert err.line == min(i + 1, len(removed))


# ---------------------------------------------------------------- wrapped summaries

# Words of prose as editors wrap it: lowercase tag words (some ending with '.'), capitals,
# punctuation, other scripts, numbers. No whitespace inside a word, so wrapping and joining
# with spaces gives the paragraph back.
PROSE_WORDS = st.one_of(
    tag_word,
    tag_word.map(lambda w: w + "."),
    st.sampled_from(
        [
            "Acme",
            "The",
            "Kubernetes",
            "I",
            "JDK\u2019s",
            "online,",
            "(really)",
            "\u2014",
            "caf\u00e9",
        ]
    ),
    st.sampled_from(
        [
            "\u05e9\u05dc\u05d5\u05dd",
            "\u0645\u0631\u062d\u0628\u0627",
            "\U0001f680",
            "300",
            "5",
            "Min",
            "x:",
        ]
    ),
    st.text(FIELD_CHARS, min_size=1, max_size=8).filter(lambda w: not any(c.isspace() for c in w)),
)
wrapped_paragraph = st.lists(PROSE_WORDS, min_size=1, max_size=30).map(" ".join)


@st.composite
def prose_articles(draw: st.DrawFn) -> Article:
    summary = "\n\n".join(draw(st.lists(wrapped_paragraph, min_size=1, max_size=3)))
    tags = tuple(draw(tag_lists(6)))
    return Article.create(
        draw(company_text), draw(name_text), summary, tags, draw(st.integers(0, 9999))
    )


@dataclass
class Row:
    """One line of a generated document and what it belongs to (blank lines have no field)."""

    text: str
    record: int
    field: str | None


def wrapped_rows(docs: list[Article], data: st.DataObject, one_line: int = -1) -> list[Row]:
    """Writes ``docs`` as an editor would: summaries wrapped at a random width, random blanks.

    Record ``one_line`` keeps its (one-paragraph) summary on one line.
    """
    rows: list[Row] = []
    for r, a in enumerate(docs):
        width = data.draw(st.integers(8, 100), label="width") if r != one_line else 10**9
        summary: list[str] = []
        for paragraph in a.summary.split("\n\n"):
            if summary:
                summary.append("")
            summary += textwrap.wrap(
                paragraph, width, break_long_words=False, break_on_hyphens=False
            )
        fields = [
            ("company", [a.company]),
            ("title", [a.title]),
            ("summary", summary),
            ("tags", [" ".join(a.tags)]),
            ("time", [f"{a.read_minutes} min"]),
        ]
        for name, lines in fields:
            for _ in range(data.draw(st.integers(0, 2), label="blanks")):
                rows.append(Row("", r, None))
            rows += [Row(line, r, name if line else None) for line in lines]
    return rows


def ambiguous_line(rows: list[Row]) -> tuple[int, str] | None:
    """The README's ambiguous shapes, checked independently of the parser.

    Within a record's summary: a tags-like line not ending with '.', then a line starting
    with a capital (or an uncased letter), then at least two more lines before the tags
    line (or a rule like `---`, then at least four more); or a tags-like line after some
    summary, then a misspelt reading time (`1 hour`), then at least four more lines.
    Returns (line of the error, its message), 1-based.
    """
    records = max(row.record for row in rows) + 1
    for r in range(records):
        body = [
            (n, row.text)
            for n, row in enumerate(rows, start=1)
            if row.record == r and row.field in ("summary", "tags")
        ]
        for j in range(len(body) - 4):
            (tags_no, candidate), (next_no, following) = body[j], body[j + 1]
            if (
                1 <= j <= len(body) - 6
                and is_tags_line(candidate)
                and LIKE_A_TIME.fullmatch(following)
            ):
                shown = following if len(following) <= 60 else following[:57] + "..."
                return next_no, (
                    f"expected a reading time like '5 min', found {shown!r} (a whole number "
                    "of minutes, 0 to 9999, then 'min')"
                )
            head = following[0]
            rule = j <= len(body) - 6 and SEPARATOR.fullmatch(following) is not None
            if (
                is_tags_line(candidate)
                and not candidate.endswith(".")
                and ((head.isalpha() and not head.islower()) or rule)
            ):
                if ends_with_a_time(candidate):
                    shown = following if len(following) <= 60 else following[:57] + "..."
                    return next_no, (
                        f"expected a reading time like '5 min', found {shown!r} (line {tags_no} "
                        "ends with a reading time: put it on a line of its own)"
                    )
                return next_no, lost_time(following, tags_no)
    return None


def summary_line_is_a_reading_time(rows: list[Row]) -> bool:
    """A summary line like `5 min` ends the record: the format cannot hold one."""
    return any(row.field == "summary" and READING_TIME.fullmatch(row.text) for row in rows)


@FUZZ
@given(st.lists(prose_articles(), min_size=1, max_size=4, unique_by=lambda a: a.id), st.data())
def test_wrapped_summaries_round_trip_exactly(docs: list[Article], data: st.DataObject) -> None:
    """Any wrapping of any summary imports as written, unless it takes the ambiguous shape,
    which is reported at the capitalised line, naming the tags-like line."""
    rows = wrapped_rows(docs, data)
    assume(not summary_line_is_a_reading_time(rows))
    text = _join([row.text for row in rows], data)
    shape = ambiguous_line(rows)
    event("ambiguous shape" if shape else "round trip")
    lines = [row.text for row in rows if row.field == "summary"]
    event(f"tags-like summary lines: {min(sum(map(is_tags_line, lines)), 3)}")
    if shape is None:
        assert parse_text(text, "w.txt") == docs
    else:
        err = error_of(lambda: parse_text(text, "w.txt"))
        assert (err.line, err.message) == shape, str(err)


@FUZZ
@given(st.lists(prose_articles(), min_size=1, max_size=4, unique_by=lambda a: a.id), st.data())
def test_one_field_removed_from_a_wrapped_record_is_an_error_inside_it(
    docs: list[Article], data: st.DataObject
) -> None:
    """Company, title, summary, tags or reading time gone: an error within that record.

    The only field whose loss can pass is the tags line when the summary's last line
    looks like tags (README: that line becomes the tags); the test checks exactly that.
    """
    assume(not any(_tags_end_a_sentence(a) for a in docs))
    k = data.draw(st.integers(0, len(docs) - 1), label="record")
    field = data.draw(st.sampled_from(["company", "title", "summary", "tags", "time"]))
    if field in ("company", "title"):  # with a wrapped summary, its first line takes the place
        a = docs[k]
        one_paragraph = a.summary.replace("\n\n", " ")
        docs[k] = Article.create(a.company, a.title, one_paragraph, a.tags, a.read_minutes)
    rows = wrapped_rows(docs, data, one_line=k if field in ("company", "title") else -1)
    assume(not summary_line_is_a_reading_time(rows) and ambiguous_line(rows) is None)
    kept = [row for row in rows if not (row.record == k and row.field == field)]
    text = "\n".join(row.text for row in kept)
    numbered = list(enumerate(kept, start=1))
    first = min(n for n, row in numbered if row.record == k)
    after = min((n for n, row in numbered if row.record > k and row.field), default=len(kept))
    summary = [row.text for row in kept if row.record == k and row.field == "summary"]
    event(f"removed {field}")
    if field == "tags" and len(summary) > 1 and is_tags_line(summary[-1]):
        event("tags removed, last summary line taken as tags")
        result = parse_text(text, "rm")
        assert len(result) == len(docs)
        assert result[k].tags == tuple(dict.fromkeys(summary[-1].split()))
        return
    err = error_of(lambda: parse_text(text, "rm"))
    assert err.line is not None and first <= err.line <= after, (str(err), first, after)
    if field == "time":
        assert err.message.startswith("expected a reading time like '5 min', found ")


@FUZZ
@given(documents, st.data())
def test_swapped_or_duplicated_fields_give_an_error_or_a_valid_parse(
    docs: list[Article], data: st.DataObject
) -> None:
    lines = format_articles(docs).split("\n")
    for _ in range(data.draw(st.integers(1, 3), label="edits")):
        if not lines:
            break
        i = data.draw(st.integers(0, len(lines) - 1), label="at")
        j = data.draw(st.integers(0, len(lines) - 1), label="other")
        edit = data.draw(st.sampled_from(["swap", "duplicate", "remove", "move"]), label="edit")
        if edit == "swap":
            lines[i], lines[j] = lines[j], lines[i]
        elif edit == "duplicate":
            lines.insert(j, lines[i])
        elif edit == "remove":
            del lines[i]
        else:
            lines.insert(j, lines.pop(i))
    text = "\n".join(lines)
    try:
        result = parse_text(text, "ed")
    except DocumentError as err:
        check_error(err, "ed", len(lines))
    else:
        check_valid_parse(result)


def test_every_truncation_of_the_seed_fails_cleanly_or_is_a_prefix() -> None:
    """Cut anywhere (mid-record, mid-character): an error, or exactly the first N articles."""
    data = seed_files()[0].read_bytes()
    whole = parse_bytes(data)
    parsed = 0
    for cut in range(len(data) + 1):
        try:
            result = parse_bytes(data[:cut], "cut")
        except DocumentError as err:
            check_error(err, "cut", line_count(data[:cut].decode("utf-8", "replace")))
        else:
            check_valid_parse(result)
            assert result == whole[: len(result)]
            parsed += 1
    assert parsed == 9 + 8  # after each `5 min`, and after the newline that ends it


def test_a_lone_carriage_return_ends_a_line_like_open_does() -> None:
    """Old Mac line endings and a stray CR read as line breaks, as Python's universal newlines."""
    assert parse_text(ONE.replace("\n", "\r")) == parse_text(ONE)
    assert parse_text(ONE + "\r") == parse_text(ONE)


def test_bad_utf8_line_counts_lone_carriage_returns() -> None:
    data = b"Acme\rTitle\r\nSummary \xff here.\n"
    expected = "not UTF-8 text (byte 0xff cannot be decoded)"
    assert_error(lambda: parse_bytes(data, "u.txt"), "u.txt", 3, expected)


def test_progress_counts_records_and_reaches_the_whole_input(tmp_path: Path) -> None:
    """What `casebook import`'s bar is fed: records so far and the fraction read, rising."""
    from tui.core.document import PROGRESS_EVERY

    big = tmp_path / "big.txt"
    n = PROGRESS_EVERY * 2 + 7
    big.write_text(
        format_articles(Article.create("Acme", f"T{i}", "S.", ("x",), 1) for i in range(n))
    )
    small = tmp_path / "small.txt"
    small.write_text(ONE)
    calls: list[tuple[int, float]] = []
    articles = parse_files([big, small], lambda records, done: calls.append((records, done)))
    assert len(articles) == n + 1
    first, second = PROGRESS_EVERY / n / 2, PROGRESS_EVERY / n  # the big file is half the work
    assert calls[:2] == [
        (PROGRESS_EVERY, pytest.approx(first, rel=0.01)),
        (2 * PROGRESS_EVERY, pytest.approx(second, rel=0.01)),
    ]
    assert calls[2:] == [(n, 0.5), (n + 1, 1.0)]
    assert parse_file(small, lambda r, d: calls.append((r, d))) == [ONE_ARTICLE]
    assert calls[-1] == (1, 1.0)
