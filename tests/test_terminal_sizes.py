"""Tiny to very wide terminals, and resizes in the middle of whatever is open.

Every screen line must be exactly as wide as the terminal (nothing runs past a border),
the list's cursor must stay on its article, and wide, zero-width and right-to-left text
must keep the list's and the sidebar's columns where they belong.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.cells import cell_len

from tests.test_hostile_text import cells, layout_articles
from tests.ui_support import screen_text, seeded_store, wait_until
from tui.core.models import Article
from tui.ui.app import CasebookApp
from tui.ui.help_screen import HelpScreen
from tui.ui.reading_screen import ReadingScreen
from tui.ui.stats_screen import StatsScreen
from tui.ui.tag_prompt import TagPrompt
from tui.ui.widgets.article_list import ArticleList
from tui.ui.widgets.detail import DetailPane
from tui.ui.widgets.sidebar import Sidebar

RESIZES = [(20, 6), (300, 80), (30, 10), (60, 20), (120, 35)]


def sized_app(data_dir: Path) -> CasebookApp:
    store = seeded_store(data_dir)
    extra = [
        Article.create(
            "Long Co", "Long article", "A sentence of the long article. " * 3000, ("long",), 60
        ),
        *layout_articles(),
        *(Article.create(f"Scale Co {i}", f"Scaling part {i}", "scal " * 20, ("scale",), 2)
          for i in range(150)),
    ]  # fmt: skip
    store.import_articles(extra)
    return CasebookApp(store, poll_seconds=3600)


def assert_screen_fits(app: CasebookApp, where: str) -> None:
    assert app._exception is None, where
    width, height = app.size
    strips = app.screen._compositor.render_strips()
    assert len(strips) == height, where
    for strip in strips:
        assert strip.cell_length == width, where
        assert not any(c in strip.text for c in "\t\x1b\u200d\u202e"), where


async def resize_through(pilot: object, app: CasebookApp, screen: type, where: str) -> None:
    row = app.articles.current_row
    for width, height in RESIZES:
        await pilot.resize_terminal(width, height)  # type: ignore[attr-defined]
        await pilot.pause()  # type: ignore[attr-defined]
        assert isinstance(app.screen, screen), (where, width)
        assert_screen_fits(app, f"{where} at {width}x{height}")
        assert app.articles.current_row == row, (where, width)  # the cursor kept its article


@pytest.mark.parametrize(
    "where", ["reading", "tag dialog", "help", "search", "detail end", "stats"]
)
async def test_resizing_in_the_middle_of_everything(tmp_path: Path, where: str) -> None:
    app = sized_app(tmp_path)
    async with app.run_test(size=(120, 35)) as pilot:
        screen: type = type(app.screen)
        if where == "search":
            await pilot.press("slash", *"scal", "enter")
            await wait_until(pilot, lambda: len(app.articles.rows) >= 150)
            await pilot.press(*["j"] * 40)
        elif where in ("reading", "detail end"):
            app.articles.cursor = app.articles.rows.index(app.store.catalog.titles.index(
                "Long article"))  # fmt: skip
            await pilot.pause()
            if where == "reading":
                await pilot.press("enter")
                screen = ReadingScreen
            else:
                await pilot.press("tab")  # the detail pane (below the list at 120 columns)
                assert isinstance(app.focused, DetailPane)
            await pilot.press("G")
            await pilot.pause()
            pane = app.screen.query_one(DetailPane)
            assert pane.scroll_y == pane.max_scroll_y > 0
        elif where == "stats":  # its tag and company names had ZWJ and bidi controls raw
            await pilot.press("i")
            screen = StatsScreen
        elif where == "help":
            await pilot.press("question_mark", "G")
            screen = HelpScreen
        elif where == "tag dialog":
            await pilot.press("t", *"+wide")
            screen = TagPrompt
        await pilot.pause()
        await resize_through(pilot, app, screen, where)
        if where == "detail end" or where == "reading":
            pane = app.screen.query_one(DetailPane)
            await pilot.press("G")  # the end is still reachable after the resizes
            assert pane.scroll_y == pane.max_scroll_y
            assert "A sentence of the long article." in screen_text(app)
        if where == "tag dialog":
            await pilot.press("enter")
            assert "wide" in app.store.my_tags_of(app.store.catalog.ids[app.articles.current_row])


@pytest.mark.parametrize("size", [(30, 10), (60, 20), (300, 80)])
async def test_wide_text_keeps_list_and_sidebar_columns(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    app = sized_app(tmp_path)
    async with app.run_test(size=size) as pilot:
        if not app.query_one(Sidebar).display:
            await pilot.press("s")
        await pilot.press("G", *["k"] * 4)  # the wide titles are near the end
        await pilot.pause()
        lines = [cells(strip.text) for strip in app.screen._compositor.render_strips()]
        for widget in (app.query_one(ArticleList), app.query_one(Sidebar)):
            region = widget.region
            if not region.width:
                continue
            for y in range(region.y + 1, region.bottom - 1):
                row = lines[y]
                assert row[region.x] == "│" and row[region.right - 1] == "│", "".join(row)
        sidebar = app.query_one(Sidebar).region
        # Counts are right-aligned: every entry with a count ends one cell before the border.
        ends = set()
        for y in range(sidebar.y + 1, sidebar.bottom - 1):
            inside = "".join(lines[y][sidebar.x + 1 : sidebar.right - 1])
            if inside.rstrip()[-1:].isdigit():
                ends.add(cell_len(inside.rstrip()))
        assert len(ends) == 1, ends
        assert_screen_fits(app, str(size))
