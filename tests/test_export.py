"""`casebook export`: every format, the filters, the doc round trip and the atomic `-o`."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.store_cleanup import close_stores  # noqa: F401 - an autouse fixture
from tests.test_cli import (  # noqa: F401  (_isolated_env, cb: fixtures)
    CLI,
    _isolated_env,
    cb,
    one_line,
    record,
    write_doc,
)
from tui.core import storage
from tui.core.document import DocumentError, format_articles, parse_bytes, parse_text
from tui.core.export import csv_cell, doc_text, format_of, md_escape, to_doc
from tui.core.models import Article
from tui.core.store import Store

# Strings a document can carry that try to break each output format.
HOSTILE = [
    record("=HYPERLINK(\"http://evil\")", "+cmd|' /C calc'!A0", "-2+3 is a formula. @SUM(A1)"),
    record("Acme, \"Inc\"", "[click](javascript:alert(1)) <b>bold</b> *star* _u_ `code`",
           "Line one, with \"quotes\"; and a comma.\n\nSecond paragraph: \\ back | pipe & amp"),
    record("שלום עולם", "‮Right-to-left override‬ and emoji 🚀🔥", "עברית and 日本語 mixed 👩‍💻."),
    record("lowercase co", "lowercase title here", "Starts lower but has, a comma.",
           tags="c++ ci/cd a.b x_y"),
    record("Tabs\tInside", "Title with    inner   spaces", "Summary\twith a tab.", minutes=9999),
]  # fmt: skip


@pytest.fixture
def hostile(cb: CLI, tmp_path: Path) -> CLI:
    cb.ok("import", str(write_doc(tmp_path / "hostile.txt", *HOSTILE)))
    items = cb.articles()
    cb.ok("mark", items[0]["id"], "--read")
    cb.ok("mark", items[1]["id"], items[-1]["id"], "--bookmark")
    return cb


def test_json_is_what_list_json_prints(hostile: CLI) -> None:
    assert json.loads(hostile.ok("export", "--format", "json")) == hostile.articles()
    # Byte for byte, even though export uses orjson and list the standard library.
    assert hostile.ok("export", "--format", "json") == hostile.ok("list", "--json")
    assert hostile.ok("export", "--format", "json", "--read", "--bookmarked") == "[]\n"
    marked = json.loads(hostile.ok("export", "--format", "json", "--bookmarked"))
    assert marked == hostile.articles("--bookmarked") and len(marked) == 2


@pytest.mark.parametrize(
    "filters",
    [(), ("--bookmarked",), ("--unread",), ("--read",), ("--tag", "c++"), ("--company", "NETFLIX"),
     ("--unread", "--bookmarked")],
)  # fmt: skip
def test_every_format_takes_the_list_filters(hostile: CLI, filters: tuple[str, ...]) -> None:
    expected = hostile.articles(*filters)
    assert expected or filters == ("--company", "NETFLIX")
    doc = hostile.ok("export", "--format", "doc", *filters)
    parsed = parse_text(doc) if expected else []
    assert [a.id for a in parsed] == [a["id"] for a in expected]
    rows = list(csv.DictReader(io.StringIO(hostile.ok("export", "--format", "csv", *filters))))
    assert [r["\ufeffid"] for r in rows] == [a["id"] for a in expected]
    md = hostile.ok("export", "--format", "md", *filters)
    assert md.count("\n- [") == len(expected)


def test_markdown_reading_list(hostile: CLI) -> None:
    md = hostile.ok("export", "--format", "md")
    lines = md.splitlines()
    assert lines[0] == "# casebook reading list"
    assert lines[2].startswith(f"{len(hostile.articles())} articles, exported ")
    items = [line for line in lines if line.startswith("- [")]
    by_id = {a["id"]: a for a in hostile.articles()}
    assert len(items) == len(by_id)
    assert items[0].startswith("- [x] ")  # read
    assert sum(line.endswith(" ★") for line in items) == 2  # bookmarked
    assert items[1] == (
        "- [ ] **Scaling ArchUnit with Nebula ArchRules** · Netflix · `microservices` `general`"
        " · 5 min ★"
    )
    assert items[2].startswith("- [ ] **Scaling Camera File Processing at Netflix** · Netflix")
    assert not items[2].endswith("★")
    hostile_line = next(i for i in items if "click" in i)
    assert "\\[click\\](javascript:alert(1)) \\<b\\>bold\\</b\\> \\*star\\* \\_u\\_ \\`code\\`" in (
        hostile_line
    )
    assert "`c++` `ci/cd` `a.b` `x_y`" in md
    assert "9999 min" in md


def test_markdown_escape_leaves_no_live_markup() -> None:
    assert md_escape("a [b](c) <x> *y* `z` \\") == "a \\[b\\](c) \\<x\\> \\*y\\* \\`z\\` \\\\"
    assert md_escape("multi\nline") == "multi line"


def test_csv_opens_in_a_spreadsheet_and_neutralises_formulas(hostile: CLI) -> None:
    out = hostile.ok("export", "--format", "csv")
    assert out.startswith(
        "\ufeffid,company,title,summary,tags,read_minutes,read,bookmarked,my_tags,note\r\n"
    )
    rows = list(csv.reader(io.StringIO(out.removeprefix("\ufeff"))))
    header, body = rows[0], rows[1:]
    assert len(body) == len(hostile.articles())
    for row in body:
        assert len(row) == len(header)
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@")), cell
    evil = next(row for row in body if "HYPERLINK" in row[1])
    assert evil[1] == '\'=HYPERLINK("http://evil")'
    assert evil[2] == "'+cmd|' /C calc'!A0"
    assert evil[3] == "'-2+3 is a formula. @SUM(A1)"
    assert evil[6:] == ["false", "false", "", ""]
    assert body[0][6:8] == ["true", "false"] and body[1][6:8] == ["false", "true"]
    quoted = next(row for row in body if row[1].startswith("Acme"))
    assert quoted[1] == 'Acme, "Inc"'  # commas and quotes survive the quoting
    assert "\n\n" in quoted[3]
    assert csv_cell("\tx") == "'\tx" and csv_cell("ok=1") == "ok=1"


def test_doc_export_imports_back_to_exactly_the_same_articles(hostile: CLI, tmp_path: Path) -> None:
    out = tmp_path / "export.txt"
    assert hostile.ok("export", "--format", "doc", "-o", str(out)).startswith("exported 14 ")
    fresh = tmp_path / "fresh"
    # Into the store it came from: nothing changes (same ids, same fields).
    assert hostile.ok("import", str(out)) == "added 0, updated 0, unchanged 14\n"
    # Into a fresh store (seeded with the 9 bundled articles): the 5 others are added.
    assert hostile.ok("import", str(out), data_dir=fresh) == "added 5, updated 0, unchanged 9\n"
    assert hostile.articles(data_dir=fresh) != hostile.articles()  # state is not exported...
    strip = ("read", "bookmarked")

    def content(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [{k: v for k, v in a.items() if k not in strip} for a in items]

    assert content(hostile.articles(data_dir=fresh)) == content(hostile.articles())
    # ...and into a store without the seeds, the export is the whole catalogue, in order.
    store = Store.open(tmp_path / "empty")
    store.import_articles(parse_text(out.read_text(encoding="utf-8")))
    original = Store.open(hostile.data_dir)
    assert list(store.articles()) == list(original.articles())


_text = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\u2028\u2029\x85"),
    min_size=1,
    max_size=40,
)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    st.lists(
        st.tuples(_text, _text, st.lists(_text, min_size=1, max_size=3),
                  st.lists(st.from_regex(r"[a-z0-9][a-z0-9+#._/-]{0,8}", fullmatch=True),
                           min_size=1, max_size=4),
                  st.integers(0, 9999)),
        min_size=1, max_size=4,
    )
)  # fmt: skip
def test_any_importable_article_exports_to_itself(records: list[Any]) -> None:
    """Whatever a document gave the store, its doc export (as bytes, the way `casebook
    import` reads a file) parses back to the same articles."""
    text = "\n".join(
        record(c, t, "\n\n".join(s), " ".join(tags), m) for c, t, s, tags, m in records
    )
    try:
        # What the store can hold: it only stores parsed articles. Parsed as text, not
        # bytes, so a U+FEFF starting a company survives to test the writer with.
        articles = parse_text(text)
    except DocumentError:
        return
    assert parse_bytes(doc_text(articles).encode("utf-8")) == articles


def test_a_company_starting_with_a_bom_character_comes_back_without_it(tmp_path: Path) -> None:
    """The parser drops U+FEFF everywhere (files joined with `cat` keep one at each file's
    start), so an older store's invisible-BOM company comes back as the company it shows."""
    article = Article.create("\ufeffAcme", "Title", "Summary.", ("x",), 2)
    plain = Article.create("Acme", "Title", "Summary.", ("x",), 2)
    assert parse_bytes(doc_text([article]).encode("utf-8")) == [plain]
    assert parse_bytes(format_articles([article]).encode("utf-8")) == [plain]


def test_doc_export_of_a_store_is_the_parser_writer(tmp_path: Path) -> None:
    store = Store.open(tmp_path)
    article = Article.create("Acme", "A title", "One.\n\nTwo.", ("x", "y"), 4)
    store.import_articles([article])
    assert to_doc(store, [0]) == format_articles([article])
    assert parse_text(to_doc(store, [0])) == [article]


def test_output_file_is_written_whole_and_matches_stdout(hostile: CLI, tmp_path: Path) -> None:
    for fmt in ("md", "json", "csv", "doc"):
        out = tmp_path / f"x.{fmt}"
        hostile.ok("export", "--format", fmt, "-o", str(out))
        stdout = hostile.ok("export", "--format", fmt)
        if fmt == "md":  # the date line may differ only if midnight passed between the runs
            assert out.read_text(encoding="utf-8").splitlines()[4:] == stdout.splitlines()[4:]
        else:
            assert out.read_bytes() == stdout.encode("utf-8")
        assert [p.name for p in tmp_path.glob(".*.tmp")] == []


def test_a_failed_write_leaves_the_old_file_untouched(
    hostile: CLI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "keep.md"
    out.write_text("my old reading list\n", encoding="utf-8")
    os.chmod(out, 0o640)

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(storage.os, "fsync", disk_full)
    result = hostile("export", "--format", "md", "-o", str(out))
    assert result.code == 1
    assert one_line(result.err) == f"casebook: cannot write {out} (No space left on device)"
    assert out.read_text(encoding="utf-8") == "my old reading list\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
    monkeypatch.undo()
    hostile.ok("export", "--format", "md", "-o", str(out))
    assert out.read_text(encoding="utf-8").startswith("# casebook reading list")
    assert out.stat().st_mode & 0o777 == 0o640  # an existing file keeps its permissions


def test_missing_directory_is_one_line_exit_1(cb: CLI, tmp_path: Path) -> None:
    target = tmp_path / "no" / "such" / "dir.md"
    result = cb("export", "--format", "md", "-o", str(target))
    assert result.code == 1 and result.out == ""
    assert one_line(result.err) == f"casebook: cannot write {target} (No such file or directory)"


def test_format_is_required_and_checked(cb: CLI) -> None:
    assert "--format" in cb.usage_error("export")
    assert "format cannot be 'xml'; choose from md, json, csv, doc" in cb.usage_error(
        "export", "--format", "xml"
    )
    assert "not allowed with" in cb.usage_error("export", "--format", "md", "--read", "--unread")


def test_suffix_names_the_format() -> None:
    assert [format_of(p) for p in ("a.md", "b.JSON", "c.csv", "d.txt", "e", "f.pdf")] == [
        "md", "json", "csv", "doc", None, None,
    ]  # fmt: skip


def test_your_tags_and_note_are_exported(hostile: CLI) -> None:
    first = hostile.articles()[2]["id"]
    hostile.ok("tag", first, "+mine", "+later")
    hostile.ok("note", first, "=SUM(A1) is no formula\n[x](javascript:y) stays text")
    md = hostile.ok("export", "--format", "md")
    line = next(x for x in md.splitlines() if "Scaling Camera File Processing" in x)
    assert line.endswith("`microservices` `distributed-systems` · yours: `mine` `later` · 5 min")
    quoted = md.splitlines()[md.splitlines().index(line) + 1 :][:2]
    assert quoted == ["  > =SUM(A1) is no formula", "  > \\[x\\](javascript:y) stays text"]
    rows = list(csv.reader(io.StringIO(hostile.ok("export", "--format", "csv").lstrip("\ufeff"))))
    assert rows[0][-2:] == ["my_tags", "note"]
    row = next(r for r in rows if r[0] == first)
    assert row[-2:] == ["mine later", "'=SUM(A1) is no formula\n[x](javascript:y) stays text"]
    item = next(i for i in json.loads(hostile.ok("export", "--format", "json")) if i["id"] == first)
    assert item["my_tags"] == ["mine", "later"] and item["note"].startswith("=SUM")


def test_a_url_makes_the_title_a_link_and_survives_the_doc_round_trip(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "a")
    linked = Article.create(
        "Acme", "A [linked] title", "Has a link.", ("x",), 3, url="https://example.com/a_(b)?q=1"
    )
    plain = Article.create("Acme", "No link", "None here.", ("x",), 2)
    store.import_articles([linked, plain])
    md = to_markdown_lines(store)
    assert md[0] == (
        "- [ ] **[A \\[linked\\] title](<https://example.com/a_(b)?q=1>)** · Acme · `x` · 3 min"
    )
    assert md[1] == "- [ ] **No link** · Acme · `x` · 2 min"
    again = Store.open(tmp_path / "b")
    again.import_articles(parse_bytes(to_doc(store, [0, 1]).encode("utf-8")))
    assert list(again.articles()) == [linked, plain]


def to_markdown_lines(store: Store) -> list[str]:
    from tui.core.export import to_markdown

    return [x for x in to_markdown(store, list(range(len(store.catalog)))).splitlines()
            if x.startswith("- [")]  # fmt: skip


def test_export_takes_the_query_language_like_list(hostile: CLI) -> None:
    query = ("--query", "tag:x_y OR company:netflix sort:-minutes")
    expected = [a["id"] for a in hostile.articles(*query)]
    assert expected and len(expected) < len(hostile.articles())
    assert [a["id"] for a in json.loads(hostile.ok("export", "--format", "json", *query))] == (
        expected
    )
    assert [a.id for a in parse_text(hostile.ok("export", "--format", "doc", *query))] == expected
