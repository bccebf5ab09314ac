"""The query language in the app (`/`, `S`, the borders); `casebook list --query` agrees."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual import events
from textual.widgets import Input

from tests.ui_support import NEVER, list_titles, make_app, screen_text, seeded_store, wait_until
from tui import cli
from tui.core.document import parse_file
from tui.core.store import Store
from tui.core.view import View
from tui.core.views import Filter
from tui.ui.app import CasebookApp
from tui.ui.widgets.article_list import ArticleList

EXTRA = """\
Acme Pay
Kafka lag at Acme
How Acme cut consumer lag on the payments ledger.
kafka payments
12 min

Globex
Search at Globex
Rebuilding search for a Kafka-free future.
search
25 min

Stripe
Idempotency keys
Retries without double charges [/b] at Stripe.
payments api-design
2 min
"""


@pytest.fixture
def store(tmp_path: Path) -> Store:
    """Seeds (Netflix, 5 min each) plus three articles of other companies and lengths."""
    data = tmp_path / "data"
    doc = tmp_path / "extra.txt"
    doc.write_text(EXTRA, encoding="utf-8")
    store = seeded_store(data)
    store.import_articles(parse_file(doc))
    ids = store.catalog.ids
    store.set_read([ids[0], ids[9]], True)  # a seed and "Kafka lag at Acme"
    store.set_bookmarked([ids[1], ids[11]], True)
    return store


def lst(app: CasebookApp) -> ArticleList:
    return app.query_one("#articles", ArticleList)


async def type_query(pilot: object, app: CasebookApp, text: str) -> None:
    box = app.query_one("#search", Input)
    if box.display:  # escape clears the search (with none, it would leave the filter)
        await pilot.press("escape")  # type: ignore[attr-defined]
    await pilot.press("slash", *text)  # type: ignore[attr-defined]
    assert box.value == text


async def paste_query(pilot: object, app: CasebookApp, text: str) -> None:
    """A query pasted into the box (one event, not one 40 ms pilot press per character)."""
    box = app.query_one("#search", Input)
    if box.display:
        await pilot.press("escape")  # type: ignore[attr-defined]
    await pilot.press("slash")  # type: ignore[attr-defined]
    box.post_message(events.Paste(text))
    await pilot.pause()  # type: ignore[attr-defined]
    assert box.value == text


async def test_fields_or_and_negation_from_the_slash_box(store: Store) -> None:
    app = CasebookApp(store, poll_seconds=NEVER)
    async with app.run_test(size=(120, 35)) as pilot:
        await type_query(pilot, app, "tag:payments")
        assert list_titles(app) == ["Kafka lag at Acme", "Idempotency keys"]
        assert "All · 2" in screen_text(app)
        assert "tag:payments" in str(lst(app).border_subtitle)

        await type_query(pilot, app, "tag:payments -is:read")
        assert list_titles(app) == ["Idempotency keys"]

        await type_query(pilot, app, "company:globex OR min:>10")
        assert list_titles(app) == ["Kafka lag at Acme", "Search at Globex"]
        assert "company:globex OR min:>=11" in screen_text(app)

        await type_query(pilot, app, "kafka -#kafka")  # text matches, the tag excluded
        assert list_titles(app) == ["Search at Globex"]

        await type_query(pilot, app, "is:bookmarked (stripe OR netflix)")
        assert len(list_titles(app)) == 2

        await type_query(pilot, app, "foo:bar")
        assert list_titles(app) == []
        assert 'unknown field "foo:" searched as text' in screen_text(app)
        await type_query(pilot, app, "lag")
        assert "unknown field" not in screen_text(app)


async def test_query_narrows_the_sidebar_filter(store: Store) -> None:
    app = CasebookApp(store, poll_seconds=NEVER)
    async with app.run_test(size=(120, 35)) as pilot:
        app.action_show_filter("unread")
        await type_query(pilot, app, "tag:payments OR company:stripe")
        assert list_titles(app) == ["Idempotency keys"]
        assert "Unread · 1" in screen_text(app)


async def test_markup_typed_in_the_box_is_shown_as_typed(store: Store) -> None:
    app = CasebookApp(store, poll_seconds=NEVER)
    async with app.run_test(size=(120, 35)) as pilot:
        await type_query(pilot, app, "[/b] [bold]x")
        assert "[/b] [bold]x ─" in screen_text(app)  # shown as typed, not read as markup
        await type_query(pilot, app, "[/b]")
        assert list_titles(app) == ["Idempotency keys"]


async def test_S_cycles_the_sort_and_keeps_the_cursor_article(store: Store) -> None:
    app = CasebookApp(store, poll_seconds=NEVER)
    cat = store.catalog
    async with app.run_test(size=(120, 35)) as pilot:
        await pilot.press("G")  # "Idempotency keys", the last in document order
        await pilot.press("S")  # newest: no dates yet, so document order
        box = app.query_one("#search", Input)
        assert box.value == "sort:newest"
        assert lst(app).rows == list(range(len(cat)))
        assert "sort:newest" in screen_text(app)
        await pilot.press("S")
        assert box.value == "sort:title"
        assert list_titles(app) == sorted(cat.titles, key=str.casefold)
        assert list_titles(app)[lst(app).cursor] == "Idempotency keys"  # cursor kept
        await pilot.press("S")
        companies = [cat.companies[r] for r in lst(app).rows]
        assert companies == sorted(companies, key=str.casefold)
        await pilot.press("S")
        assert box.value == "sort:minutes"
        assert [cat.minutes[r] for r in lst(app).rows][:2] == [2, 5]
        assert list_titles(app)[-1] == "Search at Globex"  # 25 min
        assert "sort:minutes" in str(lst(app).border_subtitle)
        await pilot.press("S")
        assert box.value == ""
        assert lst(app).rows == list(range(len(cat)))


async def test_S_edits_the_sort_term_of_a_typed_query(store: Store) -> None:
    app = CasebookApp(store, poll_seconds=NEVER)
    async with app.run_test(size=(120, 35)) as pilot:
        await type_query(pilot, app, "tag:payments sort:-minutes")
        assert list_titles(app) == ["Kafka lag at Acme", "Idempotency keys"]
        await pilot.press("enter", "S")  # back in the list; reading time → document order
        box = app.query_one("#search", Input)
        assert box.value == "tag:payments"
        await pilot.press("S")
        assert box.value == "tag:payments sort:newest"
        await pilot.press("S")
        assert box.value == "tag:payments sort:title"
        assert list_titles(app) == ["Idempotency keys", "Kafka lag at Acme"]
        await pilot.press("escape")
        assert box.value == "" and len(lst(app).rows) == len(store.catalog)


QUERIES = [
    "",
    "tag:kafka is:unread sort:-minutes",
    "tag:payments OR company:netflix sort:title",
    "-is:read sort:company",
    "kafka -#kafka",
    '"consumer lag" OR min:<=2',
    "is:bookmarked sort:-title",
    "(netflix OR globex) -min:5 sort:minutes",
    "model title:serving",
    "added:7d",
    "foo:bar",
]


FLAG_SETS = [(), ("--unread",), ("--company", "netflix", "--bookmarked")]


async def test_cli_query_gives_the_apps_rows_in_the_apps_order(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    app = CasebookApp(store, poll_seconds=NEVER)
    app_ids: dict[str, list[str]] = {}
    async with app.run_test(size=(120, 35)) as pilot:
        for query in QUERIES:
            await paste_query(pilot, app, query)
            app_ids[query] = [store.catalog.ids[r] for r in lst(app).rows]
    fresh = Store.open(store.data_dir)
    for flags, query in ((f, q) for f in FLAG_SETS for q in QUERIES):
        capsys.readouterr()
        code = cli.main(["--data-dir", str(store.data_dir), "list", "--query", query,
                         *flags, "--json"])  # fmt: skip
        out = capsys.readouterr().out
        assert code == 0
        got = [a["id"] for a in json.loads(out)]
        expected = app_ids[query]
        if flags:  # the flags narrow the app's rows, keeping their order
            keep = {
                i
                for i in expected
                if (flags[0] != "--unread" or i not in fresh.read)
                and (flags[0] != "--company" or (
                    fresh.catalog.companies[fresh.catalog.row_of[i]] == "Netflix"
                    and i in fresh.bookmarked))
            }  # fmt: skip
            expected = [i for i in expected if i in keep]
        assert got == expected, (flags, query)
    fresh.close()
    assert any(app_ids.values()) and len({tuple(v) for v in app_ids.values()}) > 5


def test_cli_reports_query_warnings_on_stderr(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    code = cli.main(["--data-dir", str(store.data_dir), "list", "--query", "foo:bar", "--json"])
    captured = capsys.readouterr()
    assert code == 0
    assert json.loads(captured.out) == []
    assert captured.err == 'casebook: query: unknown field "foo:" searched as text\n'


def test_view_without_the_app(store: Store) -> None:
    view = View(store, Filter("tag", "payments"), "sort:-minutes")
    cat = store.catalog
    assert [cat.titles[r] for r in view.rows] == ["Kafka lag at Acme", "Idempotency keys"]
    assert view.title == "tag: payments · 2" and view.subtitle == "sort:-minutes"
    view.set_query("is:unread")
    assert [cat.titles[r] for r in view.rows] == ["Idempotency keys"]
    store.set_read([cat.ids[11]], True)
    view.state_changed()
    assert [cat.titles[r] for r in view.rows] == ["Idempotency keys"]  # rows do not jump
    view.set_query("is:unread ")
    assert view.rows == [] and "No articles match “is:unread”" in view.empty_message
    view.set_query(view.text_with_next_sort())
    assert view.text == "is:unread sort:newest"


async def test_tag_terms_match_your_own_tags_as_you_add_them(store: Store) -> None:
    from tests.ui_support import wait_until
    from tui.ui.tag_prompt import TagPrompt

    app = CasebookApp(store, poll_seconds=NEVER)
    first = store.catalog.titles[0]
    async with app.run_test(size=(120, 35)) as pilot:
        await type_query(pilot, app, "#todo")  # remembered as matching nothing
        assert list_titles(app) == []
        await pilot.press("escape", "g", "t", *"+todo", "enter")  # your tag on the first article
        await wait_until(pilot, lambda: not isinstance(app.screen, TagPrompt))
        assert store.my_tags_of(store.catalog.ids[0]) == ("todo",)
        await type_query(pilot, app, "#todo")
        assert list_titles(app) == [first]
        await type_query(pilot, app, "tag:todo OR tag:search")
        assert list_titles(app) == [first, "Search at Globex"]


async def test_config_sort_is_the_default_order(tmp_path: Path) -> None:
    from tui.core.config import Config

    app = make_app(tmp_path)
    config = Config()
    config.values["sort"] = "title"
    app.config = config
    async with app.run_test(size=(120, 35)) as pilot:
        await pilot.pause()
        titles = [app.store.catalog.titles[r] for r in app.view.rows]
        assert titles == sorted(titles)
        await pilot.press("slash", *"sort:minutes", "enter")  # the query's own sort wins
        await wait_until(pilot, lambda: app.view.sort.key == "minutes")
