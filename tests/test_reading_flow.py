"""The reading flow (issue 12): the reading view, scrolling keys, n / p, getting back."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ui_support import article, count_layouts, make_app, screen_text, wait_until
from tui.core.models import Article
from tui.core.store import Store
from tui.core.views import ALL, Filter
from tui.ui.app import CasebookApp
from tui.ui.reading_screen import ReadingScreen
from tui.ui.widgets.article_list import ArticleList
from tui.ui.widgets.detail import DetailPane

LONG = "\n\n".join(f"Paragraph {i} of a long write-up about queues and caches." for i in range(80))


def lst(app: CasebookApp) -> ArticleList:
    return app.query_one("#articles", ArticleList)


def footer_line(app: CasebookApp) -> str:
    return screen_text(app).splitlines()[-1]


def count_bells(app: CasebookApp) -> list[int]:
    bells: list[int] = []
    app.bell = lambda: bells.append(1)  # type: ignore[method-assign]
    return bells


@pytest.mark.parametrize("back", ["q", "escape", "h", "left", "backspace"])
async def test_enter_reads_full_width_and_back_keeps_the_cursor(tmp_path: Path, back: str) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 35)) as pilot:
        await pilot.press("j", "j", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ReadingScreen))
        third = app.store.catalog.ids[2]
        assert third in Store.open(tmp_path).read  # opened = read, durably
        text = screen_text(app)
        assert "Scaling Camera File Processing at Netflix" in text
        assert "3 of 9" in text
        pane = app.screen.query_one(DetailPane)
        assert pane.region.width >= 100  # the article gets the screen, not a 38% column
        assert "q Back" in footer_line(app) and "Search" not in footer_line(app)
        await pilot.press(back)
        await wait_until(pilot, lambda: not isinstance(app.screen, ReadingScreen))
        assert not app._exit  # q went back, it did not quit
        assert lst(app).cursor == 2
        assert isinstance(app.focused, ArticleList)


async def test_reading_view_scrolls_with_reader_keys(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    app.store.import_articles([Article.create("Acme", "Long read", LONG, ("general",), 30)])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("G", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ReadingScreen))
        pane = app.screen.query_one(DetailPane)
        await pilot.pause()
        assert pane.max_scroll_y > 20
        await pilot.press("j", "j", "j")
        await wait_until(pilot, lambda: pane.scroll_y == 3)
        await pilot.press("k")
        await wait_until(pilot, lambda: pane.scroll_y == 2)
        await pilot.press("space")
        await wait_until(pilot, lambda: pane.scroll_y > 10)
        await pilot.press("G")
        await wait_until(pilot, lambda: pane.scroll_y == pane.max_scroll_y)
        assert "Paragraph 79" in screen_text(app)
        await pilot.press("g")
        await wait_until(pilot, lambda: pane.scroll_y == 0)
        await pilot.press("pagedown")
        await wait_until(pilot, lambda: pane.scroll_y > 10)
        await pilot.press("pageup")
        await wait_until(pilot, lambda: pane.scroll_y == 0)


async def test_detail_pane_scrolls_with_j_k_when_focused(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    app.store.import_articles([Article.create("Acme", "Long read", LONG, ("general",), 30)])
    async with app.run_test(size=(120, 35)) as pilot:
        await pilot.press("G", "tab")
        detail = app.query_one("#detail", DetailPane)
        assert app.focused is detail
        await pilot.press("j", "j")
        await wait_until(pilot, lambda: detail.scroll_y == 2)
        await pilot.press("G")
        await wait_until(pilot, lambda: detail.scroll_y == detail.max_scroll_y > 0)
        assert lst(app).cursor == 9  # the list did not move


async def test_detail_scrollbar_follows_each_article_without_a_screen_layout(
    tmp_path: Path,
) -> None:
    """The pane's height is set quietly on each cursor move (quiet_size.py): the scrollbar
    still comes for a long article and goes for a short one, and a move between two
    short articles of different heights lays out no widget."""
    app = make_app(tmp_path)
    app.store.import_articles([Article.create("Acme", "Long read", LONG, ("general",), 30)])
    async with app.run_test(size=(120, 35)) as pilot:
        detail = app.query_one("#detail", DetailPane)
        await pilot.press("G")  # the long read is last
        await wait_until(pilot, lambda: "Long read" in screen_text(app))
        await wait_until(pilot, lambda: detail.show_vertical_scrollbar)
        await pilot.press("k")
        await wait_until(pilot, lambda: not detail.show_vertical_scrollbar)
        await pilot.press("g")
        await pilot.pause()
        heights = set()
        layouts = count_layouts(app)
        for _ in range(4):  # the seed articles' panes differ in height
            await pilot.press("j")
            await pilot.pause()
            heights.add(detail.virtual_size.height)
        assert len(heights) > 1 and not layouts


async def test_n_and_p_jump_between_unread_and_wrap_with_a_bell(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    ids = app.store.catalog.ids
    app.store.set_read([ids[1], ids[2], ids[5], ids[6], ids[7], ids[8]], True)
    async with app.run_test(size=(120, 35)) as pilot:
        bells = count_bells(app)
        await pilot.press("n")
        assert lst(app).cursor == 3 and not bells
        await pilot.press("n")
        assert lst(app).cursor == 4
        await pilot.press("n")  # past the end: back to the first unread, with a bell
        assert lst(app).cursor == 0 and bells == [1]
        await pilot.press("p")  # before the start: the last unread, with a bell
        assert lst(app).cursor == 4 and bells == [1, 1]
        await pilot.press("p")
        assert lst(app).cursor == 3
        assert app.store.read == {ids[1], ids[2], ids[5], ids[6], ids[7], ids[8]}  # only moved


async def test_n_without_other_unread_rings_and_says_so(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    app.store.set_read(app.store.catalog.ids, True)
    async with app.run_test(size=(120, 35), notifications=True) as pilot:
        bells = count_bells(app)
        await pilot.press("n")
        assert bells == [1] and lst(app).cursor == 0
        await wait_until(pilot, lambda: "No other unread article" in screen_text(app))


async def test_n_in_the_reading_view_opens_the_next_unread(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    ids = app.store.catalog.ids
    app.store.set_read([ids[1]], True)
    async with app.run_test(size=(120, 35)) as pilot:
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ReadingScreen))
        await pilot.press("n")  # skips the read second article
        await wait_until(pilot, lambda: "3 of 9" in screen_text(app))
        assert "Scaling Camera File Processing at Netflix" in screen_text(app)
        assert ids[2] in Store.open(tmp_path).read
        await pilot.press("p")  # back to the first (now read): p finds no unread before it
        await pilot.press("q")
        await wait_until(pilot, lambda: not isinstance(app.screen, ReadingScreen))
        assert lst(app).cursor in (2, 8)


async def test_escape_clears_search_then_leaves_the_filter(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 35)) as pilot:
        await pilot.pause()
        assert "esc" not in footer_line(app)  # nothing to go back from
        app.action_show_filter("tag:microservices")
        await pilot.pause()
        assert "esc All articles" in footer_line(app)
        await pilot.press("slash", *"temporal", "enter")
        await wait_until(pilot, lambda: len(lst(app).rows) == 1)
        assert "esc Clear search" in footer_line(app)
        await pilot.press("escape")
        await wait_until(pilot, lambda: len(lst(app).rows) == 7)
        assert app.filter == Filter("tag", "microservices")
        assert "esc All articles" in footer_line(app)
        await pilot.press("escape")
        await wait_until(pilot, lambda: len(lst(app).rows) == 9)
        assert app.filter == ALL
        assert "esc" not in footer_line(app)
        await pilot.press("escape")  # nothing left to leave: nothing happens
        assert not app._exit and app.filter == ALL


async def test_unread_view_counts_agree_with_the_header(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 35)) as pilot:
        app.action_show_filter("unread")
        await pilot.pause()
        assert "Unread · 9" in screen_text(app)
        await pilot.press("r", "j", "r")
        await wait_until(pilot, lambda: "Unread · 7 (+2 read)" in screen_text(app))
        assert "7 unread" in screen_text(app)  # the header agrees
        assert len(lst(app).rows) == 9  # the rows stay under the cursor
        app.action_show_filter("bookmarked")
        await pilot.pause()
        app.action_show_filter("unread")
        await wait_until(pilot, lambda: "Unread · 7" in screen_text(app))
        assert "(+" not in screen_text(app)


async def test_bookmarked_view_counts_unbookmarked_rows_apart(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    app.store.import_articles([article("Acme", "One")])
    app.store.set_bookmarked(app.store.catalog.ids[:2], True)
    async with app.run_test(size=(120, 35)) as pilot:
        app.action_show_filter("bookmarked")
        await pilot.pause()
        await pilot.press("b")
        await wait_until(pilot, lambda: "Bookmarked · 1 (+1 unbookmarked)" in screen_text(app))
