"""Every built-in Textual theme draws casebook's screens without an error or overflow.

(The real app under TERM=xterm-256color, screen-256color, linux and dumb, NO_COLOR=1,
COLORTERM=truecolor or unset and LANG=C, C.UTF-8 or unset was checked by hand in tmux:
see the README's Terminals section.)
"""

from __future__ import annotations

from pathlib import Path

from tests.test_terminal_sizes import assert_screen_fits
from tests.ui_support import make_app


async def test_every_builtin_theme_draws_every_screen(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        themes = sorted(app.available_themes)
        assert len(themes) > 10
        screens = [([], []), (["question_mark"], ["escape"]), (["enter"], ["q"]),
                   (["i"], ["escape"]), (["t"], ["escape"]), (["A"], ["n"])]  # fmt: skip
        for i, theme in enumerate(themes):  # each theme on one screen, every screen in turn
            opener, closer = screens[i % len(screens)]
            app.theme = theme
            await pilot.press(*opener)
            assert_screen_fits(app, f"{theme} {opener}")
            await pilot.press(*closer)
            assert len(app.screen_stack) == 1
    assert app._exception is None
