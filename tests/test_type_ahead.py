"""Keys typed ahead: a burst a terminal delivers at once, before the screen it opens exists.

Each case was found by tests/test_key_fuzz.py and crashed the app (or opened a screen in
the wrong place) before its fix; the keys are sent the way a terminal's driver sends them,
all before the app handles the first.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.command import CommandList, CommandPalette

from tests.test_key_fuzz import key_event
from tests.ui_support import make_app, wait_until
from tui.ui.app import CasebookApp
from tui.ui.export_screen import ExportScreen
from tui.ui.help_screen import HelpScreen
from tui.ui.reading_screen import ReadingScreen


async def burst(app: CasebookApp, keys: list[str]) -> None:
    driver = app._driver
    assert driver is not None
    for key in keys:
        driver.send_message(key_event(key))


def searched(app: CasebookApp, opened: list[type]) -> bool:
    """The palette on top, its search done, and the command that opens ``opened`` first."""
    palette = app.screen
    if not isinstance(palette, CommandPalette):
        return False
    commands = palette.query(CommandList)
    if not commands or not commands.first().option_count:
        return False
    first = str(commands.first().get_option_at_index(0).prompt).casefold()
    return opened[0].__name__.removesuffix("Screen").casefold() in first


def stack(app: CasebookApp) -> list[type]:
    return [type(screen) for screen in app.screen_stack[1:]]


@pytest.mark.parametrize(
    ("keys", "opened"),
    [
        # The second enter reached the palette after it had closed: it dismissed again,
        # popping the main screen (ScreenStackError) or the dialog its command opened.
        (["ctrl+p", *"help", "enter", "enter"], [HelpScreen]),
        (["ctrl+p", *"export view", "enter", "enter"], [ExportScreen]),
        # The palette's search worker went on after it closed (NoMatches: CommandList).
        (["e", *"draft", "escape", "z", "ctrl+p", *"export view", "enter"], None),
    ],
)
async def test_palette_survives_keys_typed_ahead(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, keys: list[str], opened: list[type] | None
) -> None:
    monkeypatch.chdir(tmp_path)
    app = make_app(tmp_path / "data")
    async with app.run_test(size=(120, 35)) as pilot:
        shown: list[object] = []
        app.screen_change_signal.subscribe(app, shown.append)
        if opened is not None:
            # Which command the first `enter` picks depends on how far the palette's search
            # got (a loaded machine picks from an older list): wait for the search, then
            # send the two enters in one burst, which is what crashed.
            typed = keys.index("enter")
            await burst(app, keys[:typed])
            await wait_until(pilot, lambda: searched(app, opened))
            keys = keys[typed:]
        await burst(app, keys)
        await wait_until(
            pilot,
            lambda: any(isinstance(s, CommandPalette) for s in shown)
            and not isinstance(app.screen, CommandPalette)
            and (opened is None or stack(app) == opened),
        )
        await pilot.pause(0.3)  # the palette's search worker would fail in this time
        assert app._exception is None
        if opened is not None:
            assert stack(app) == opened
        assert app.screen_stack[0].is_attached
    assert app._exception is None


async def test_enter_then_help_shows_help_not_a_reading_view_over_it(tmp_path: Path) -> None:
    # `enter` reaches the app as a message, after the keys behind it: `?` had opened help,
    # and the reading view then opened on top of it.
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 35)) as pilot:
        await burst(app, ["enter", "escape", "question_mark"])
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
        await pilot.pause(0.2)
        assert stack(app) == [HelpScreen]
        assert str(app.focused.id) == "help"  # type: ignore[union-attr]
        await pilot.press("escape")
        assert stack(app) == []
        await pilot.press("enter")  # enter on its own still opens the reading view
        assert stack(app) == [ReadingScreen]


@pytest.mark.parametrize(
    "keys", [["q", "question_mark"], ["q", "i"], ["q", "enter"], ["q", "t", "x"]]
)
async def test_keys_behind_quit_open_nothing_and_the_app_exits_cleanly(
    tmp_path: Path, keys: list[str]
) -> None:
    # A screen pushed while the app quit was never composed: its on_mount query raised
    # (NoMatches: #help) as the app shut down.
    app = make_app(tmp_path)
    async with app.run_test(size=(20, 6)) as pilot:
        await burst(app, keys)
        await wait_until(pilot, lambda: not app.is_running or app._exit)
        await pilot.pause(0.2)
    assert app._exception is None
    assert app.return_code == 0


@pytest.mark.parametrize("keys", [["ctrl+p", "pagedown"], ["ctrl+p", "K", "3", "pageup"]])
async def test_palette_page_keys_before_its_list_is_laid_out(
    tmp_path: Path, keys: list[str]
) -> None:
    # The list had no lines yet: OptionList looked up line 0 (KeyError) and the app died.
    app = make_app(tmp_path)
    async with app.run_test(size=(20, 6)) as pilot:
        await burst(app, keys)
        await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette))
        await pilot.pause(0.2)
        assert app._exception is None
        await pilot.press("escape")
        assert stack(app) == []
    assert app._exception is None


async def test_enter_then_back_typed_at_once_opens_and_leaves_the_reading_view(
    tmp_path: Path,
) -> None:
    # Keys behind `enter` were handled on the list before the reading view opened: `q` then
    # quit the app instead of going back, `escape` was lost and the view stayed open.
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 35)) as pilot:
        await burst(app, ["enter", "escape"])
        await pilot.pause(0.3)
        assert stack(app) == [] and app.is_running
        await burst(app, ["j", "enter", "q", "j", "enter"])
        await wait_until(pilot, lambda: stack(app) == [ReadingScreen])
        await pilot.pause(0.2)
        assert app.is_running and stack(app) == [ReadingScreen]
        assert app.articles.cursor == 2  # opened, back, moved down, opened again
        assert len(app.store.read) == 3


async def test_a_key_left_over_once_every_screen_is_gone_is_dropped(tmp_path: Path) -> None:
    # Keys typed behind a palette command that quits can still be queued when the app has
    # taken its screens down; Textual looked for a screen to route them to and raised
    # ScreenStackError on the way out (seen under load in the palette cases above).
    app = make_app(tmp_path)
    async with app.run_test(size=(40, 12)) as pilot:
        screens = app._screen_stack
        kept = screens[:]
        screens.clear()
        try:
            for key in ("enter", "q", "escape"):
                await app.on_event(key_event(key))
        finally:
            screens.extend(kept)
        await pilot.pause()
        assert app._exception is None
        assert app.screen_stack == kept  # and the app goes on as before
