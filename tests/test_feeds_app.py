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
