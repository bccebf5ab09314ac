"""Small screens (issue 12): every promise holds at 60x20; choices survive resizes."""

from __future__ import annotations

from pathlib import Path

from tests.ui_support import make_app, screen_text, wait_until
from tui.ui.app import CasebookApp
from tui.ui.help_screen import HelpScreen


def footer_line(app: CasebookApp) -> str:
    return screen_text(app).splitlines()[-1]


def header_line(app: CasebookApp) -> str:
    return screen_text(app).splitlines()[0]


async def test_help_scrolls_to_its_last_line_at_60x20(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        assert "Press escape to close" not in screen_text(app)  # it does not fit
        await pilot.press("G")
        await wait_until(pilot, lambda: "Press escape to close" in screen_text(app))
        await pilot.press("g")
        await wait_until(pilot, lambda: "casebook keys" in screen_text(app)
                         and "move down / up" in screen_text(app))
        for _ in range(80):
            await pilot.press("j")
        await wait_until(pilot, lambda: "Press escape to close" in screen_text(app))
        await pilot.press(*["pageup"] * 12)
        await wait_until(pilot, lambda: "move down / up" in screen_text(app))
        await pilot.press(*["space"] * 12)
        await wait_until(pilot, lambda: "Press escape to close" in screen_text(app))


async def test_help_footer_shows_only_its_own_keys(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 35)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        footer = footer_line(app)
        assert "Close" in footer
        for main_only in ("Read", "Bookmark", "Search", "Sidebar"):
            assert main_only not in footer
        await pilot.press("r")  # not a key of the help screen: nothing is marked read
        assert app.store.read == set()
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)
        assert "Read" in footer_line(app)


async def test_footer_keeps_quit_and_help_at_60x20_and_40x12(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        assert "q Quit" in footer_line(app)
        assert "? Help" in footer_line(app)
        await pilot.resize_terminal(40, 12)
        await wait_until(pilot, lambda: "q Quit" in footer_line(app) and "?" in footer_line(app))


async def test_header_drops_the_name_before_cutting_the_counts(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 35)) as pilot:
        await pilot.pause()
        assert "casebook — 9 articles · 9 unread · 0 bookmarked" in header_line(app)
        await pilot.resize_terminal(60, 20)
        await wait_until(pilot, lambda: "casebook" not in header_line(app))
        assert "9 articles · 9 unread · 0 bookmarked" in header_line(app)
        assert "…" not in header_line(app)
        await pilot.resize_terminal(50, 12)
        await wait_until(pilot, lambda: "9 unread · 0 ★ · 9 total" in header_line(app))
        await pilot.resize_terminal(40, 12)
        await wait_until(pilot, lambda: header_line(app).strip().endswith("9 unread"))
        await pilot.resize_terminal(120, 35)
        await wait_until(pilot, lambda: "casebook — 9 articles" in header_line(app))


async def test_sidebar_choice_survives_resizes(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        assert not app.sidebar.display  # the narrow default
        await pilot.press("s")
        await wait_until(pilot, lambda: app.sidebar.display and "Bookmarked" in screen_text(app))
        await pilot.resize_terminal(120, 35)
        await pilot.pause()
        await pilot.resize_terminal(60, 20)
        await wait_until(pilot, lambda: "Bookmarked" in screen_text(app))
        assert app.sidebar.display
        await pilot.press("s")  # hidden by choice, now at every width
        await pilot.resize_terminal(120, 35)
        await pilot.pause()
        await pilot.pause()
        assert not app.sidebar.display
        assert "Unread" not in screen_text(app)


async def test_empty_view_message_wraps_at_60x20(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press("slash", *"nothing matches this", "enter")
        await wait_until(pilot, lambda: "escape to clear." in screen_text(app))
        assert "esc Clear search" in footer_line(app)  # the way back, even at 60 columns
        text = " ".join(line.strip("│ ") for line in screen_text(app).splitlines())
        assert "Press escape to clear." in text  # whole, not `Press escape to clea`


async def test_sidebar_choice_survives_a_restart(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 35)) as pilot:
        await pilot.pause()
        assert app.sidebar.display
        await pilot.press("s")  # hidden, by choice
        await pilot.pause()
        assert not app.sidebar.display
    again = make_app(tmp_path)
    async with again.run_test(size=(120, 35)) as pilot:
        await pilot.pause()
        assert not again.sidebar.display  # the choice came back from the store
        await pilot.press("s")
    third = make_app(tmp_path)
    async with third.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        assert third.sidebar.display  # shown by choice, even where the default hides it
