"""Articles with a link and a date: the document's link line, the catalogue's new columns,
`list --json`, and stores written by casebook 0.1.0 (schema 1) opening and upgrading."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tui import cli
from tui.core.clean import clean_line, clean_text, safe_url
from tui.core.document import DocumentError, format_articles, parse_text
from tui.core.models import Article
from tui.core.storage import SCHEMA
from tui.core.store import Store

FIXTURE = Path(__file__).parent / "fixtures" / "store-0.1.0"


def test_a_link_line_after_the_title_becomes_the_url() -> None:
    doc = (
        "Acme\nScaling Widgets\nhttps://acme.example/blog/widgets?x=1#top\n"
        "How we did it.\nsre\n5 min\n"
    )
    [article] = parse_text(doc)
    assert article.url == "https://acme.example/blog/widgets?x=1#top"
    assert article.summary == "How we did it."
    # blank lines around it are optional, like between every field
    [again] = parse_text("Acme\n\nScaling Widgets\n\nhttps://acme.example/blog/widgets?x=1#top\n\n"
                         "How we did it.\n\nsre\n5 min\n")
    assert again == article


def test_documents_without_a_link_line_stay_valid() -> None:
    [article] = parse_text("Acme\nT\nSummary.\nsre\n5 min\n")
    assert article.url is None and article.published is None


@pytest.mark.parametrize(
    "line",
    ["javascript:alert(1)", "file:///etc/passwd", "data:text/html,x", "ftp://acme.example/x",
     "https://acme.example/a b", "see https://acme.example/"],
)
def test_anything_but_a_lone_http_url_is_summary_text(line: str) -> None:
    [article] = parse_text(f"Acme\nT\n{line}\nMore.\nsre\n5 min\n")
    assert article.url is None
    assert article.summary == f"{line} More."


def test_the_writer_writes_the_link_line_and_reads_it_back() -> None:
    articles = [
        Article.create("Acme", "With link", "One.\n\nTwo.", ("sre",), 3, "http://acme.example/1"),
        Article.create("Acme", "Without", "Three.", ("sre",), 2),
    ]
    text = format_articles(articles)
    assert "With link\nhttp://acme.example/1\n" in text
    assert parse_text(text) == articles


def test_a_link_line_is_not_a_summary() -> None:
    with pytest.raises(DocumentError, match=":4: expected a summary"):
        parse_text("Acme\nT\nhttps://acme.example/\nsre\n5 min\n")


@pytest.mark.parametrize(
    ("url", "kept"),
    [
        ("https://acme.example/x", True),
        ("HTTP://ACME.EXAMPLE", True),
        ("javascript:alert(1)", False),
        ("JavaScript:alert(1)", False),
        ("file:///etc/passwd", False),
        ("data:text/html;base64,PHNjcmlwdD4=", False),
        ("/relative/path", False),
        ("http://", False),
        ("http://[::1", False),
        ("https://acme.example/\x1b[2J", False),
        ("", False),
        (None, False),
    ],
)
def test_only_http_links_are_kept(url: str | None, kept: bool) -> None:
    assert safe_url(url) == (url.strip() if kept and url else None)
    assert Article.create("A", "T", "S", (), 1, url).url == (url if kept else None)


def test_cleaning_removes_escapes_controls_and_bidi_overrides() -> None:
    hostile = (
        "a\x1b]8;;http://x\x07link\x1b]8;;\x07 b\x1b[2J c\x9b31m d\u202eevil\u2066e\x00\x7f\x85f"
    )
    assert clean_text(hostile) == "alink b c devilef"
    assert clean_line("  one\n\ttwo\r\nthree  ") == "one two three"
    assert clean_text("keeps\nnewlines") == "keeps\nnewlines"
    assert clean_line("[@click=app.quit]x[/]") == "[@click=app.quit]x[/]"  # markup is data


def _copy_fixture(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)
    return data


def test_a_store_written_by_0_1_0_opens_with_its_articles_and_state(tmp_path: Path) -> None:
    data = _copy_fixture(tmp_path)
    before = (data / "catalog.json").read_bytes()
    store = Store.open(data)
    titles = {a.title: a for a in store.articles()}
    assert len(titles) == 11
    alpha, bravo = titles["Old Alpha"], titles["Old Bravo"]
    assert (alpha.url, alpha.published) == (None, None)
    assert alpha.tags == ("legacy", "kafka") and bravo.read_minutes == 9
    assert store.state_of(alpha.id).read and store.state_of(bravo.id).bookmarked
    assert (data / "catalog.json").read_bytes() == before  # reading never rewrites
    store.close()


def test_the_first_write_upgrades_the_catalogue_column_wise(tmp_path: Path) -> None:
    data = _copy_fixture(tmp_path)
    store = Store.open(data)
    new = Article("0123456789ab", "Feed Co", "Fresh", "New.", ("feeds",), 2,
                  "https://feed.example/fresh", 1_700_000_000.0)
    result = store.import_articles([new])
    assert (result.added, result.updated) == (1, 0)
    store.close()
    payload = json.loads((data / "catalog.json").read_bytes())
    assert payload["casebook"] == {"kind": "catalog", "schema": SCHEMA}
    table = payload["tables"]["articles"]
    assert "columns" in table  # every row has the same keys, so the table stays column-wise
    assert table["columns"]["url"].count(None) == 11
    assert table["columns"]["url"][-1] == "https://feed.example/fresh"
    reopened = Store.open(data)
    assert {a.id: a for a in reopened.articles()}[new.id] == new
    assert reopened.state_of(next(a.id for a in reopened.articles() if a.title == "Old Alpha")).read


def test_list_json_adds_url_and_published_and_keeps_the_old_keys(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = _copy_fixture(tmp_path)
    store = Store.open(data)
    store.import_articles([Article("0123456789ab", "Feed Co", "Fresh", "New.", ("feeds",), 2,
                                   "https://feed.example/fresh", 1_764_137_700.5)])
    store.close()
    assert cli.main(["--data-dir", str(data), "list", "--json"]) == 0
    items = {a["title"]: a for a in json.loads(capsys.readouterr().out)}
    old = items["Old Alpha"]
    assert set(old) >= {"id", "company", "title", "summary", "tags", "read_minutes", "read",
                        "bookmarked", "url", "published"}
    assert (old["url"], old["published"], old["read"]) == (None, None, True)
    assert items["Fresh"]["url"] == "https://feed.example/fresh"
    assert items["Fresh"]["published"] == "2025-11-26T06:15:00.500000Z"


def test_a_catalogue_with_a_wrongly_typed_url_column_is_damage(tmp_path: Path) -> None:
    data = _copy_fixture(tmp_path)
    store = Store.open(data)
    store.import_articles([Article.create("A", "T", "S", ("x",), 1, "https://a.example/")])
    store.close()
    path = data / "catalog.json"
    payload = json.loads(path.read_bytes())
    payload["tables"]["articles"]["columns"]["url"][0] = 42
    path.write_text(json.dumps(payload))
    reopened = Store.open(data)  # restored from the backup, with a notice
    assert reopened.notices and "damaged" in reopened.notices[0]
    assert len(list(reopened.articles())) == 12
