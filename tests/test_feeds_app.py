"""Feed text in the app: markup injected by a feed is shown as literal text, never run."""

from __future__ import annotations

import asyncio
from pathlib import Path

from pytest_httpserver import HTTPServer

from tests.feed_support import http, item_xml, refresh, rss, server, subscribe
from tests.ui_support import list_titles, make_app, screen_text, wait_until

__all__ = ["http", "server"]  # fixtures

MARKUP = "[@click=app.quit]x[/] [/] [link=file:///etc/passwd]y[/link] [bold red]z"


async def test_feed_markup_is_shown_not_executed(http: HTTPServer, tmp_path: Path) -> None:
    body = rss(item_xml("g1", f"Zzz {MARKUP}", description=f"<p>Sum {MARKUP}</p>"),
               title="Evil [@click=app.quit]Co[/]")
    http.expect_request("/evil").respond_with_data(body)
    subscribe(tmp_path, http.url_for("/evil"))
    [result] = await asyncio.to_thread(refresh, tmp_path)  # as the app will: off its loop
    assert result.ok
    app = make_app(tmp_path)
    async with app.run_test(size=(160, 40)) as pilot:
        row = list_titles(app).index(f"Zzz {MARKUP}")
        await pilot.press(*["j"] * row)
        # The detail pane shows the title, company and summary as written, markup and all.
        await wait_until(pilot, lambda: "Zzz [@click=app.quit]x[/] [/]" in screen_text(app))
        text = screen_text(app)
        assert "Zzz [@click=app.quit]x[/] [/] [link=file:" in text  # the list row
        assert "Evil [@click=app.quit]Co[/]" in text
        assert "Sum [@click=app.quit]x[/] [/]" in text
        # Clicking the row must not reach an injected action (app.quit).
        await pilot.click("#articles", offset=(10, row + 1))
        await pilot.pause()
        assert app.is_running


async def test_R_refreshes_in_the_background_and_keeps_the_cursor(
    http: HTTPServer, tmp_path: Path
) -> None:
    http.expect_request("/good").respond_with_data(
        rss(item_xml("g1", "Fresh post", description="<p>New <b>words</b>.</p>"))
    )
    http.expect_request("/gone").respond_with_data("nope", status=404)
    app = make_app(tmp_path)
    subscribe(tmp_path, http.url_for("/good"), http.url_for("/gone"))
    shown: list[str] = []
    async with app.run_test(size=(120, 35), notifications=True) as pilot:
        real = app._show_activity

        def spy(text: str) -> None:
            shown.append(text)
            real(text)

        app._show_activity = spy  # type: ignore[method-assign]
        await pilot.press("j", "j")
        reading = app.store.catalog.ids[2]
        await pilot.press("R")
        await wait_until(pilot, lambda: "Fresh post" in list_titles(app), timeout=30)
        await wait_until(pilot, lambda: "Feed failed" in screen_text(app))
        assert "404" in screen_text(app)
        assert "2 feeds: 1 new, 0 updated, 1 failed" in screen_text(app)
        row = app.query_one("#articles").current_row  # type: ignore[attr-defined]
        assert app.store.catalog.ids[row] == reading  # the cursor did not move off it
        assert "feeds 2/2" in shown and shown[-1] == ""  # progress in the header, then gone
        assert "10 articles" in screen_text(app)


async def test_R_without_feeds_says_how_to_add_one(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 35), notifications=True) as pilot:
        await pilot.press("R")
        await wait_until(pilot, lambda: "casebook feeds add URL" in screen_text(app))


async def test_o_opens_only_http_links(http: HTTPServer, tmp_path: Path) -> None:
    http.expect_request("/f").respond_with_data(
        rss(item_xml("g1", "Linked", link="https://blog.example/p/[b]1"),
            item_xml("g2", "Sneaky", link="javascript:alert(1)"))
    )
    app = make_app(tmp_path)  # the bundled articles first, then the feed's
    subscribe(tmp_path, http.url_for("/f"))
    await asyncio.to_thread(refresh, tmp_path)
    app.store.refresh()
    opened: list[str] = []
    app.open_url = lambda url, **_kw: opened.append(url)  # type: ignore[method-assign]
    async with app.run_test(size=(120, 35), notifications=True) as pilot:
        await pilot.press("o")  # a bundled article: no link
        await wait_until(pilot, lambda: "has no http(s) link" in screen_text(app))
        assert opened == []
        titles = list_titles(app)
        await pilot.press(*["j"] * titles.index("Linked"), "o")
        assert opened == ["https://blog.example/p/[b]1"]
        await wait_until(pilot, lambda: "Opening https://blog.example" in screen_text(app))
        assert "[b]1" in screen_text(app)  # the link as written (a toast may wrap it)
        await pilot.press("g", *["j"] * titles.index("Sneaky"), "o")
        assert opened == ["https://blog.example/p/[b]1"]  # the javascript: link was dropped
        await pilot.press("g", *["j"] * titles.index("Linked"), "enter", "o")  # reading view
        assert opened[-1] == "https://blog.example/p/[b]1" and len(opened) == 2


async def test_sidebar_lists_feeds_with_counts_and_marks_a_failed_one(
    http: HTTPServer, tmp_path: Path
) -> None:
    http.expect_request("/ok").respond_with_data(
        rss(item_xml("a", "First post"), item_xml("b", "Second post"))
    )
    http.expect_request("/broken").respond_with_data("nope", status=500)
    app = make_app(tmp_path)
    subscribe(tmp_path, http.url_for("/ok"), name="Good Blog")
    subscribe(tmp_path, http.url_for("/broken"), name="Bad Blog")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.press("R")
        await wait_until(pilot, lambda: "Good Blog" in screen_text(app), timeout=30)
        await wait_until(pilot, lambda: "⚠ Bad Blog" in screen_text(app))
        assert "Feeds" in screen_text(app)
        line = next(ln for ln in screen_text(app).splitlines() if "Good Blog" in ln)
        assert "2/2" in line
        index = app.sidebar.get_option_index(f"feed:{http.url_for('/ok')}")
        app.sidebar.highlighted = index
        app.sidebar.focus()
        await pilot.press("enter")
        await wait_until(pilot, lambda: sorted(list_titles(app)) == ["First post", "Second post"])
        assert "feed: Good Blog · 2" in screen_text(app)
        await pilot.press("r")  # one read: the feed's count follows
        await wait_until(pilot, lambda: any(
            "Good Blog" in ln and "1/2" in ln for ln in screen_text(app).splitlines()
        ))


async def test_R_with_many_feeds_finishes(http: HTTPServer, tmp_path: Path) -> None:
    """At 12 feeds and more the CLI parses in worker processes; the app must still finish
    (processes started from inside the running app never came back)."""
    for n in range(14):
        http.expect_request(f"/many/{n}").respond_with_data(rss(item_xml(f"m{n}", f"Post {n}")))
    app = make_app(tmp_path)
    subscribe(tmp_path, *(http.url_for(f"/many/{n}") for n in range(14)))
    async with app.run_test(size=(120, 35), notifications=True) as pilot:
        await pilot.press("R")
        await wait_until(pilot, lambda: "14 feeds: 14 new" in screen_text(app), timeout=60)
        assert len(app.store.catalog) == 9 + 14
