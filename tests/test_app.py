"""Pilot tests: every key in the README's table, asserting on the screen and on the store."""

from __future__ import annotations

import time
from pathlib import Path

from textual.widgets import Input

from tests.ui_support import make_app, screen_text, seeded_store, wait_until
from tui.core.store import Store
from tui.ui.app import POLL_SECONDS, CasebookApp
from tui.ui.help_screen import HelpScreen
from tui.ui.widgets.article_list import ArticleList
from tui.ui.widgets.detail import DetailPane
from tui.ui.widgets.sidebar import Sidebar

FIRST = "Democratizing Machine Learning at Netflix: Building the Model Lifecycle Graph"
LAST = "Optimizing Recommendation Systems with JDK’s Vector API"


def lst(app: CasebookApp) -> ArticleList:
    return app.query_one("#articles", ArticleList)


def reopened(app: CasebookApp) -> Store:
    """What a fresh process would read from disk."""
    return Store.open(app.store.data_dir)


def current_title(app: CasebookApp) -> str:
    row = lst(app).current_row
    assert row is not None
    return app.store.catalog.titles[row]


async def test_start_shows_counts_list_and_focus(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 35)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "9 articles · 9 unread · 0 bookmarked" in text
        assert "Democratizing Machine" in text
        assert "microservices" in text and "7/7" in text  # sidebar tag with unread/total
        assert isinstance(app.focused, ArticleList)
        assert lst(app).rows == list(range(9))  # document order


async def test_j_k_and_arrows_move_without_marking_read(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 35)) as pilot:
        await pilot.press("j", "j")
        assert lst(app).cursor == 2
        await pilot.press("k")
        assert lst(app).cursor == 1
        await pilot.press("down", "down", "up")
        assert lst(app).cursor == 2
        detail = screen_text(app)
        assert "Scaling Camera File Processing" in detail
        assert app.store.read == set()
        assert reopened(app).read == set()


async def test_g_G_home_end(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 35)) as pilot:
        await pilot.press("G")
        assert current_title(app) == LAST
        await pilot.press("g")
        assert current_title(app) == FIRST
        await pilot.press("end")
        assert lst(app).cursor == 8
        await pilot.press("home")
        assert lst(app).cursor == 0


async def test_page_down_and_up(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        page = lst(app).scrollable_content_region.height - 1
        await pilot.press("pagedown")
        assert lst(app).cursor == min(8, page)
        await pilot.press("pagedown", "pagedown")
        assert lst(app).cursor == 8
        await pilot.press("pageup")
        assert lst(app).cursor == max(0, 8 - page)


async def test_tab_cycles_sidebar_list_detail(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 35)) as pilot:
        await pilot.press("tab")
        assert isinstance(app.focused, DetailPane)
        await pilot.press("tab")
        assert isinstance(app.focused, Sidebar)
        await pilot.press("tab")
        assert isinstance(app.focused, ArticleList)
        await pilot.press("shift+tab")
        assert isinstance(app.focused, Sidebar)


async def test_enter_opens_and_marks_read_durably(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 35)) as pilot:
        await pilot.press("j", "enter")
        article_id = app.store.catalog.ids[1]
        assert article_id in app.store.read
        assert article_id in reopened(app).read
        text = screen_text(app)
        assert "9 articles · 8 unread" in text
        assert "✓ read" in text


async def test_r_toggles_read_and_updates_counts(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 35)) as pilot:
        await pilot.press("r")
        first = app.store.catalog.ids[0]
        assert first in reopened(app).read
        text = screen_text(app)
        assert "8 unread" in text
        assert "6/7" in text  # microservices: one fewer unread
        assert "✓ read" in text  # the detail pane shows the cursor's article
        await pilot.press("r")
        assert first not in reopened(app).read
        assert "9 unread" in screen_text(app)


async def test_b_toggles_bookmark(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 35)) as pilot:
        await pilot.press("j", "b")
        second = app.store.catalog.ids[1]
        assert second in reopened(app).bookmarked
        text = screen_text(app)
        assert "1 bookmarked" in text
        assert "★  Scaling ArchUnit" in text  # bookmark, note mark (none), title
        await pilot.press("b")
        assert second not in reopened(app).bookmarked
        assert "0 bookmarked" in screen_text(app)


async def test_enter_on_sidebar_filters(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 35)) as pilot:
        sidebar = app.query_one("#sidebar", Sidebar)
        sidebar.focus()
        sidebar.highlighted = sidebar.get_option_index("tag:ml-systems")
        await pilot.press("enter")
        assert len(lst(app).rows) == 3
        assert isinstance(app.focused, ArticleList)
        assert "tag: ml-systems · 3" in screen_text(app)
        # j/k move in the sidebar too
        sidebar.focus()
        sidebar.highlighted = 0
        await pilot.press("j", "enter")  # Unread
        assert app.filter.kind == "unread"
        assert len(lst(app).rows) == 9


async def test_bookmarked_filter_and_empty_message(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 35)) as pilot:
        app.action_show_filter("bookmarked")
        await pilot.pause()
        assert lst(app).rows == []
        assert "No bookmarks yet" in screen_text(app)


async def test_search_narrows_and_escape_clears(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 35)) as pilot:
        await pilot.press("slash")
        assert isinstance(app.focused, Input)
        await pilot.press(*"vector")
        assert [app.store.catalog.titles[r] for r in lst(app).rows] == [LAST]
        await pilot.press("escape")
        assert len(lst(app).rows) == 9
        assert isinstance(app.focused, ArticleList)
        assert app.query_one("#search", Input).value == ""


async def test_keys_typed_in_one_burst_after_slash_reach_the_search(tmp_path: Path) -> None:
    """A fast typist (or tmux send-keys) delivers `/kafka` before any repaint."""
    from textual import events

    app = make_app(tmp_path)
    async with app.run_test(size=(120, 35)) as pilot:
        await pilot.press("j")
        for char in "/vector":
            app.post_message(events.Key("slash" if char == "/" else char, char))
        await pilot.pause()
        assert app.query_one("#search", Input).value == "vector"
        assert lst(app).rows == [8]
        assert app.store.read == set()  # nothing typed reached the list


async def test_slash_types_into_the_search_and_the_palette(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 35)) as pilot:
        await pilot.press("slash", *"ci/cd")  # `/` is a tag character
        assert app.query_one("#search", Input).value == "ci/cd"
        await pilot.press("escape", "question_mark", "slash")
        assert isinstance(app.screen, HelpScreen)  # no search opened behind the help
        await pilot.press("escape")
        assert not app.query_one("#search", Input).display


async def test_search_matches_summary_company_and_tags_within_filter(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 35)) as pilot:
        await pilot.press("slash", *"observability", "enter")
        assert len(lst(app).rows) == 1  # a tag
        assert isinstance(app.focused, ArticleList)  # enter returns to the list, search kept
        await pilot.press("escape")
        app.action_show_filter("tag:ml-systems")
        await pilot.press("slash", *"netflix")  # company: every ml-systems article
        assert len(lst(app).rows) == 3
        await pilot.press(*" polyrepo")  # summary words of an article outside the tag
        assert lst(app).rows == []
        assert "No articles match" in screen_text(app)


async def test_help_screen_lists_every_key(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 35)) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        for key in ("j / k", "g / G", "pgup / pgdn", "tab / shift+tab", "enter", "r", "b",
                    "/", "escape", "?", "q", "ctrl+p"):  # fmt: skip
            assert key in text
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_q_quits(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 35)) as pilot:
        await pilot.press("q")
        assert app._exit


async def test_command_palette_offers_every_action(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 35)):
        titles = {c.title for c in app.casebook_commands()}
        titles |= {c.title for c in app.get_system_commands(app.screen)}
    for wanted in ("Toggle read", "Toggle bookmark", "Open article", "Search", "Clear search",
                   "First article", "Last article", "Show unread", "Show bookmarked",
                   "Focus sidebar", "Help", "Quit"):  # fmt: skip
        assert wanted in titles


async def test_palette_runs_an_action(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 35)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.press(*"toggle bookmark")
        # The palette searches in a worker: wait until its best match is on screen.
        await wait_until(pilot, lambda: "Bookmark or unbookmark" in screen_text(app))
        await pilot.press("enter")
        await pilot.pause()
        assert app.store.catalog.ids[0] in reopened(app).bookmarked


async def test_s_toggles_sidebar(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 35)) as pilot:
        sidebar = app.query_one("#sidebar", Sidebar)
        assert sidebar.display and sidebar.region.width > 0
        await pilot.press("s")
        await pilot.pause()
        assert sidebar.region.width == 0
        await pilot.press("s")
        await pilot.pause()
        assert sidebar.region.width > 0


async def test_narrow_layouts(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        detail = app.query_one("#detail", DetailPane)
        articles = lst(app)
        assert detail.region.y > articles.region.y  # detail below the list
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        sidebar = app.query_one("#sidebar", Sidebar)
        assert sidebar.region.width == 0  # hidden ...
        await pilot.press("s")
        await pilot.pause()
        assert sidebar.region.width > 0  # ... behind a key
        assert "Democratiz" in screen_text(app)


async def test_mouse_click_selects_article(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 35)) as pilot:
        articles = lst(app)
        await pilot.click(ArticleList, offset=(10, 4))  # border + 3 rows down
        assert articles.cursor == 3
        assert "State of Routing" in screen_text(app)


async def test_toggle_failure_is_reported_and_app_keeps_running(
    tmp_path: Path, monkeypatch: object
) -> None:
    import pytest

    from tui.core import storage

    app = make_app(tmp_path)
    async with app.run_test(size=(120, 35), notifications=True) as pilot:

        def broken(path: Path, data: bytes) -> None:
            raise OSError(28, "No space left on device")

        mp = pytest.MonkeyPatch()
        mp.setattr(storage, "atomic_write", broken)
        try:
            await pilot.press("r")
            await pilot.pause()
        finally:
            mp.undo()
        assert app.store.read == set()
        assert "9 unread" in screen_text(app)
        assert any("No space left on device" in n.message for n in app._notifications)
        await wait_until(pilot, lambda: "Not saved" in screen_text(app))  # toasts mount late
        await pilot.press("r")  # the disk is back: works again
        assert app.store.catalog.ids[0] in reopened(app).read


async def test_app_notices_external_changes_within_two_seconds(tmp_path: Path) -> None:
    app = make_app(tmp_path, poll_seconds=POLL_SECONDS)  # the interval the real app uses
    async with app.run_test(size=(120, 35)) as pilot:
        other = seeded_store(tmp_path)  # another process: a script, a second window
        other.set_read(other.catalog.ids[:3], True)
        other.set_bookmarked([other.catalog.ids[4]], True)
        started = time.monotonic()
        while "6 unread · 1 bookmarked" not in screen_text(app):
            assert time.monotonic() - started < 2.0, screen_text(app)
            await pilot.pause(0.05)
        assert "★  The Human Infrastructure" in screen_text(app)  # bookmark, no note mark


async def test_every_key_on_empty_store(tmp_path: Path) -> None:
    store = Store.open(tmp_path)  # never seeded: no articles at all
    app = CasebookApp(store, poll_seconds=3600)
    async with app.run_test(size=(80, 24)) as pilot:
        assert "No articles" in screen_text(app)
        for key in ("j", "k", "down", "up", "g", "G", "home", "end", "pageup", "pagedown",
                    "enter", "r", "b", "tab", "enter", "shift+tab", "slash", "x", "escape",
                    "s", "s", "question_mark", "escape"):  # fmt: skip
            await pilot.press(key)
        assert "0 articles" in screen_text(app)
        assert store.read == set()
