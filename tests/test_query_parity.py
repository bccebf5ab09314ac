"""One query, one answer: the app's list, `casebook list --query`, the saved searches and
the word index all give the reference's rows (tests/query_reference.py) for tricky queries.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from textual import events
from textual.widgets import Input

from tests.query_corpus import ARTICLES, READER
from tests.query_reference import Reader, reference_rows
from tests.ui_support import NEVER, seeded_store, wait_until
from tui import cli
from tui.core.library import parse_tag_changes
from tui.core.models import Article
from tui.core.query import Sort, parse
from tui.core.store import Store
from tui.core.view import View
from tui.ui.app import CasebookApp
from tui.ui.widgets.article_list import ArticleList

# Queries nobody typed in the other tests; one line each (the app's box takes one line).
TRICKY = [
    "", "kafka", "KAFKA lag", "straße", "STRASSE", "ß", "i\u0307", "İstanbul", "cafe\u0301",
    "😀", "🇺🇸", "שלום", "ς", "σ", '"the p"', '"payments ledger"', "x_y", "c++", "ci/cd",
    "a) OR b", "kafka) OR 😀", "(kafka OR (lag", '"unclosed phrase', "-- kafka", "-# kafka",
    "---kafka", "--kafka", "kafka -", "OR kafka OR", "kafka OR OR lag", "-OR", "or", "NOT kafka",
    "tag:", "tag:kafka,redis", "#todo", "tag:todo -is:read", "#", "##kafka", "tag:,kafka,",
    "company:", 'company:" stripe "', "company:ACME", "company:σίσυφος", "title:(kafka OR lag)",
    "is:un", "is:foo", "is:READ OR is:bookmarked", "min:<", "min:>=5", "min:abc", "min:..",
    "min:10..5", "min:" + "9" * 40, "min:<" + "9" * 40, "min:٣", "min:>=999999999",
    "added:7d", "added:99999d", "added:123456d", "added:2026-02-30", "added:..",
    "added:2026-01-01..2026-02-28", "added:<1970-01-03", "added:٢٠٢٦-٠١-٠١", "note:queue",
    "queue depth", "note:", "foo:bar", "Foo:", "a:b:c", "tags:kafka", "sort:", "sort:colour",
    "sort:title sort:colour", "sort:title kafka sort:-minutes", "kafka sort:newest OR lag",
    "-sort:title", "--sort:title", "-(sort:company)", "sort:-document", "sort:tit",
    "(kafka sort:company) OR payments", "sort:TITLE", "sort:-newest", "ka\x00fka",
    "kaf\u202eka", "\x1b[31mkafka", "\ud800kafka", "kafka\tlag", "(" * 300 + "kafka",
    "-" * 300 + "kafka", "-(" * 100 + "kafka", "kafka " * 400, "🇺🇸" * 500,
    # ORs of several bare words: the index joins the masks of the exact ones (search.py)
    "kafka OR lag OR straße OR note OR depth", "filler OR ß OR pay OR \"the p\" OR tag:todo",
    " OR ".join(["body", "kafka", "zzz", "revisit", "1", "ss", "cafe\u0301"] * 30),
    "-(kafka OR lag OR body) OR stripe OR 😀",
]  # fmt: skip
# The CLI may get what the box cannot hold: line breaks.
MULTI_LINE = ['"stripe\nstripe"', "kafka\nlag", 'text:"multi\nline"', "kafka\r\nlag\u2028"]
VALID_MY_TAGS = {i: t for i, t in READER.my_tags.items() if all(x.isascii() for x in t)}


def make_store(data: Path, filler: int = 0) -> Store:
    """The bundled seeds, the tricky corpus and ``filler`` plain articles, with flags, your
    tags and notes."""
    store = seeded_store(data)
    extra = [Article.create(f"Filler {i % 40}", f"Filler article {i}", f"body {i} kafka" * (i % 2),
                            ("filler",), i % 50) for i in range(filler)]  # fmt: skip
    store.import_articles([*ARTICLES, *extra])
    store.set_read(sorted(READER.read), True)
    store.set_bookmarked(sorted(READER.bookmarked), True)
    for article_id, tags in VALID_MY_TAGS.items():
        store.change_my_tags(article_id, parse_tag_changes(tags))
    for article_id, note in READER.notes.items():
        store.set_note(article_id, note)
    return store


def reference(store: Store, text: str) -> list[str]:
    cat = store.catalog
    articles = [cat.article(r) for r in range(len(cat))]
    reader = Reader(
        set(store.read), set(store.bookmarked),
        {i: store.my_tags_of(i) for i in cat.ids}, {i: store.note_of(i) for i in cat.ids},
    )  # fmt: skip
    rows, _ = reference_rows(text, articles, reader, time.time())
    return [cat.ids[r] for r in rows]


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return make_store(tmp_path / "data")


def cli_ids(store: Store, capsys: pytest.CaptureFixture[str], *args: str) -> list[str]:
    capsys.readouterr()
    code = cli.main(["--data-dir", str(store.data_dir), *args, "--json"])
    out = capsys.readouterr().out
    assert code == 0, args
    return [a["id"] for a in json.loads(out)]


async def test_app_and_cli_show_the_references_rows(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    app = CasebookApp(store, poll_seconds=NEVER)
    shown: dict[str, list[str]] = {}
    async with app.run_test(size=(120, 35)) as pilot:
        box = app.query_one("#search", Input)
        articles = app.query_one("#articles", ArticleList)
        await pilot.press("slash")
        for text in TRICKY:
            box.clear()  # as select-all would, without a key press (40 ms each in a pilot)
            await wait_until(pilot, lambda: app.view.text == "")
            box.post_message(events.Paste(text or " "))
            await wait_until(pilot, lambda t=text: app.view.text == (t or " "))  # type: ignore[misc]
            assert box.value == (text or " ")
            shown[text] = [store.catalog.ids[r] for r in articles.rows]
    for text in TRICKY:
        expected = reference(store, text)
        assert shown[text] == expected, text
        assert cli_ids(store, capsys, "list", "--query", text) == expected, text
    for text in MULTI_LINE:
        assert cli_ids(store, capsys, "list", "--query", text) == reference(store, text), text
    assert len({tuple(v) for v in shown.values()}) > 30  # the queries tell rows apart


def test_the_word_index_gives_the_plain_scans_rows(tmp_path: Path) -> None:
    """Over 2000 rows the search answers text terms from the word index once it is
    built; before that it scans. Both equal the reference, for every tricky query."""
    store = make_store(tmp_path / "data", filler=2100)
    cat = store.catalog
    assert not cat.has_word_index
    before = {text: View(store, text=text).rows for text in TRICKY + MULTI_LINE}
    cat.word_index  # noqa: B018 - built, as the app's worker does after the first frame
    assert cat.has_word_index
    view = View(store)  # one view typed into, reusing its remembered results
    for text in TRICKY + MULTI_LINE:
        view.set_query(text)
        expected = [cat.row_of[i] for i in reference(store, text)]
        assert before[text] == expected, text
        assert View(store, text=text).rows == expected, text
        assert view.rows == expected, text


ODD_NAMES = ["😀 inbox", "שלום עולם", "[b]bold[/b]", "a:b", "saved:x", "x" * 60, " padded ",
             "Straße", "STRASSE", "tab\there", "İ", "-", "#kafka", "OR"]  # fmt: skip
ODD_QUERIES = ['"unclosed', "a) OR b", "-- kafka", "sort:title sort:colour", "min:<" + "9" * 30,
               "kafka\tlag", "(" * 200 + "kafka", "ka\x00fka", "😀", "tag:todo OR #kafka",
               "is:un", "foo:bar", "ß sort:-title", "-#", "kafka " * 300]  # fmt: skip


async def test_saved_searches_with_odd_names_and_queries(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each saved search lists its query's unread/total and, chosen in the sidebar, shows
    the query's rows; the same odd names in another case replace, not add."""
    saved = dict(zip(ODD_NAMES, ODD_QUERIES, strict=False))
    for name, query in saved.items():
        capsys.readouterr()
        args = ["saved", "add", "--", name, query]  # `--`: a name or query may start with -
        assert cli.main(["--data-dir", str(store.data_dir), *args]) == 0, (name, query)
    assert cli.main(["--data-dir", str(store.data_dir), "saved", "add", "strasse", "lag"]) == 0
    saved.pop("STRASSE")
    saved["Straße"] = "lag"  # `STRASSE`, then `strasse`, fold to one name with `Straße`
    capsys.readouterr()
    assert cli.main(["--data-dir", str(store.data_dir), "saved", "list", "--json"]) == 0
    listed = {item["name"]: item for item in json.loads(capsys.readouterr().out)}
    assert len(listed) == len(saved)
    fresh = Store.open(store.data_dir)
    for item in listed.values():
        ids = reference(fresh, item["query"])
        unread = [i for i in ids if i not in fresh.read]
        assert (item["total"], item["unread"]) == (len(ids), len(unread)), item
    app = CasebookApp(fresh, poll_seconds=NEVER)
    async with app.run_test(size=(120, 35)) as pilot:
        for item in listed.values():
            app.apply_saved(item["name"])
            await wait_until(pilot, lambda q=item["query"]: app.view.text == q)  # type: ignore[misc]
            rows = app.query_one("#articles", ArticleList).rows
            assert [fresh.catalog.ids[r] for r in rows] == reference(fresh, item["query"])
    fresh.close()


# -- sort: unknown keys, repeated, anywhere; the configured default ----------------------
@pytest.mark.parametrize(
    ("text", "sort"),
    [
        ("sort:colour", Sort()),
        ("sort:title sort:colour", Sort("title")),  # an unknown sort changes nothing
        ("sort:title sort:tit", Sort("title")),  # nor one still being typed
        ("sort:title kafka sort:-minutes", Sort("minutes", True)),  # the last one wins
        ("kafka sort:company OR lag", Sort("company")),  # anywhere, even inside an OR
        ("(lag -(sort:-title))", Sort("title", True)),  # `-` outside a group: no effect
        ("-sort:title", Sort("title", True)),
        ("--sort:title", Sort("title")),
        ("sort:--title", Sort("title", True)),  # any dashes in the value: reversed
        ("sort:-newest", Sort("added")),
        ("sort:-document", Sort()),
        ('"sort:title"', Sort()),  # a phrase, not a term
    ],
)
def test_sort_terms_anywhere(store: Store, text: str, sort: Sort) -> None:
    query = parse(text)
    assert query.sort == sort
    view = View(store, text=text)
    assert view.sort == sort
    assert [store.catalog.ids[r] for r in view.rows] == reference(store, text)


def test_a_typed_sort_document_beats_the_configured_default(store: Store) -> None:
    """README: the query's own `sort:` (or `S`) wins over `sort` in config.toml, even
    when it asks for document order; `S` reaches document order too."""
    view = View(store)
    view.set_default_sort("newest")
    assert view.sort == Sort("added", True)
    view.set_query("kafka sort:document")
    assert view.sort == Sort()
    assert [store.catalog.ids[r] for r in view.rows] == reference(store, "kafka")
    view.set_query("kafka")
    seen = []
    for _ in range(5):
        view.set_query(view.text_with_next_sort())
        seen.append((view.text, view.sort))
    assert seen == [
        ("kafka sort:title", Sort("title")),
        ("kafka sort:company", Sort("company")),
        ("kafka sort:minutes", Sort("minutes")),
        ("kafka sort:document", Sort()),
        ("kafka sort:newest", Sort("added", True)),
    ]


def test_S_closes_an_open_phrase_before_its_sort_term(store: Store) -> None:
    view = View(store, text='"payments ledger')
    rows = view.rows
    view.set_query(view.text_with_next_sort())
    assert view.text == '"payments ledger" sort:newest'
    assert view.sort == Sort("added", True) and sorted(view.rows) == sorted(rows)


def test_a_query_starting_with_a_dash_is_a_value_not_an_option(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    """README's `-tag:postmortem` as a whole query: argparse took it for an option."""
    expected = reference(store, "-tag:kafka")
    assert 0 < len(expected) < len(store.catalog)
    assert cli_ids(store, capsys, "list", "--query", "-tag:kafka") == expected
    assert cli_ids(store, capsys, "list", "--query=-tag:kafka") == expected
    assert cli_ids(store, capsys, "list", "--query", "--- kafka") == reference(store, "kafka")
    # an option after --query is still an option: the missing query is named
    assert cli.main(["--data-dir", str(store.data_dir), "list", "--query", "--json"]) == 2
    assert "--query: expected one argument" in capsys.readouterr().err
    unread = reference(store, "-is:read kafka")
    assert unread
    code = cli.main(["--data-dir", str(store.data_dir), "mark", "--query", "-is:read kafka",
                     "--read"])  # fmt: skip
    assert code == 0 and f"{len(unread)}" in capsys.readouterr().out
    fresh = Store.open(store.data_dir)
    assert set(unread) <= fresh.read
    fresh.close()
