"""config.toml: every kind of error with its line, exit 2 before anything is drawn, the keymap,
the sidebar and open settings in the running app, the theme remembered across restarts, and
`casebook config`."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.store_cleanup import close_stores  # noqa: F401 - an autouse fixture
from tests.test_cli import CLI, one_line, run_module
from tests.ui_support import NEVER, screen_text, seeded_store, wait_until
from tui.core.config import Config, key_lines, load_config, parse_config
from tui.ui.app import CasebookApp
from tui.ui.app_config import load_app_config
from tui.ui.help_screen import HelpScreen
from tui.ui.widgets.article_list import ArticleList


@pytest.fixture(autouse=True)
def _isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never read the user's own config or library."""
    monkeypatch.setenv("CASEBOOK_DATA_DIR", str(tmp_path / "env-default"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("CASEBOOK_CONFIG", raising=False)


@pytest.fixture
def cb(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> CLI:
    return CLI(capsys, tmp_path / "data")


def write(tmp_path: Path, text: str, name: str = "config.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# (config text, line of the error, what the message says)
ERRORS = {
    "bad-toml": ('theme = "nord"\nmark_read_on_open = tru\n', 2, "not valid TOML: Invalid value"),
    "bad-toml-unclosed": ('[keys]\nquit = "x\n', 2, "not valid TOML"),
    "duplicate-key": ('sort = "title"\n\nsort = "company"\n', 3, "not valid TOML"),
    "unknown-key": ("# my config\n\ncolour = 1\n", 3, "unknown key 'colour'"),
    "unknown-feeds-key": ("[feeds]\nconcurrency = 2\nretries = 3\n", 3,
                          "unknown key 'feeds.retries' (known: feeds.concurrency, "
                          "feeds.timeout_seconds)"),
    "unknown-table": ("[colours]\nbg = 1\n", 1, "unknown key 'colours'"),
    "bool-as-string": ('sort = "title"\nmark_read_on_open = "yes"\n', 2,
                       "'mark_read_on_open' must be true or false, found a string 'yes'"),
    "sidebar": ('show_sidebar = "sometimes"\n', 1,
                "'show_sidebar' must be true, false or \"auto\", found a string 'sometimes'"),
    "sort": ('\n\n  sort = "random"  # comment\n', 3, "'sort' must be \"document\" or"),
    "theme-type": ("theme = 3\n", 1, "'theme' must be a theme name"),
    "concurrency-zero": ("[feeds]\n\nconcurrency = 0\n", 3, "'feeds.concurrency' must be a whole"),
    "concurrency-bool": ("[feeds]\nconcurrency = true\n", 2, "found a boolean True"),
    "timeout-string": ('[feeds]\ntimeout_seconds = "5"\n', 2, "'feeds.timeout_seconds' must be"),
    "keys-not-table": ('sort = "title"\nkeys = "x"\n', 2, "'keys' must be a table ([keys])"),
    "key-not-string": ("[keys]\ntoggle-read = 5\n", 2, "'keys.toggle-read' must be a key like"),
    "key-empty": ('[keys]\n\ntoggle-read = ""\n', 3, "holds a malformed key ''"),
    "key-space": ('[keys]\ntoggle-read = "ctrl x"\n', 2, "holds a malformed key 'ctrl x'"),
    "unknown-binding": ('[keys]\ntoggle-read = "x"\nfly = "f"\n', 3,
                        "unknown binding id 'fly' (see 'casebook config' for every id)"),
    "unknown-binding-dotted": ('sort = "title"\nkeys.fly = "f"\n', 2, "unknown binding id 'fly'"),
    "unknown-binding-quoted": ('[keys]\n"fly away" = "f"\n', 2, "unknown binding id 'fly away'"),
    "clash-with-default": ('[keys]\n# r is mine\ntoggle-read = "b"\n', 3,
                           "key 'b' of 'toggle-read' is already bound to 'toggle-bookmark'"),
    "clash-two-rebinds": ('[keys]\nhelp = "x"\nstats = "x"\n', 3,
                          "key 'x' of 'stats' is already bound to 'help'"),
    "clash-normalised": ('[keys]\nstats = "question_mark"\n', 2,
                         "key 'question_mark' of 'stats' is already bound to 'help'"),
    "clash-reserved": ('[keys]\ntoggle-read = "ctrl+p"\n', 2,
                       "key 'ctrl+p' of 'toggle-read' is already bound to the command palette"),
    "clash-list-key": ('[keys]\ntoggle-bookmark = "j"\n', 2,
                       "key 'j' of 'toggle-bookmark' is already bound to 'cursor-down'"),
    "clash-inline-table": ('sort = "title"\nkeys = { toggle-read = "b" }\n', 2,
                           "already bound to 'toggle-bookmark'"),
    "clash-stats-screen": ('[keys]\nstats-close = "x,j"\n', 2,
                           "key 'j' of 'stats-close' is already bound to 'scroll-down'"),
    "clash-reading-view": ('[keys]\nreading-back = "n"\n', 2,
                           "key 'n' of 'reading-back' is already bound to"),
    "unknown-theme": ('\ntheme = "no-such-theme"\n', 2, "unknown theme 'no-such-theme'"),
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(ERRORS))
def test_every_error_names_the_file_and_line(
    cb: CLI, tmp_path: Path, case: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    text, line, message = ERRORS[case]
    path = write(tmp_path, text)
    for by_env in (False, True):
        if by_env:
            monkeypatch.setenv("CASEBOOK_CONFIG", str(path))
        result = cb("config") if by_env else cb("--config", str(path), "config")
        assert result.code == 2 and result.out == "", result
        err = one_line(result.err)
        assert err.startswith(f"casebook: {path}:{line}: "), err
        assert message in err, err


def test_not_utf8_names_its_line(cb: CLI, tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b'sort = "title"\ntheme = "caf\xe9"\n')
    err = one_line(cb.raw("--config", str(path), "config").err)
    assert err == f"casebook: {path}:2: not UTF-8 text"


def test_a_named_file_must_exist_the_default_need_not(cb: CLI, tmp_path: Path) -> None:
    missing = tmp_path / "nope.toml"
    result = cb.raw("--config", str(missing), "config")
    assert result.code == 2
    assert one_line(result.err) == f"casebook: {missing}: cannot read the file (No such file or " \
        "directory)"  # fmt: skip
    out = cb.raw("--data-dir", str(tmp_path / "d"), "config")
    assert out.code == 0 and "(not found: defaults in use)" in out.out.splitlines()[0]


def test_config_path_precedence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    default = tmp_path / "xdg" / "casebook" / "config.toml"
    default.parent.mkdir(parents=True)
    default.write_text('sort = "title"\n', encoding="utf-8")
    env = write(tmp_path, 'sort = "company"\n', "env.toml")
    flag = write(tmp_path, 'sort = "minutes"\n', "flag.toml")
    assert load_config().sort == "title" and load_config().path == default
    monkeypatch.setenv("CASEBOOK_CONFIG", str(env))
    assert load_config().sort == "company"
    assert load_config(str(flag)).sort == "minutes"


def test_bad_config_exits_2_before_the_app_or_the_store(
    cb: CLI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def never(*_: object, **__: object) -> None:
        raise AssertionError("the app must not start")

    monkeypatch.setattr(CasebookApp, "run", never)
    path = write(tmp_path, "[keys]\nquit = ['r']\n")
    data = tmp_path / "untouched"
    result = cb.raw("--data-dir", str(data), "--config", str(path))
    assert result.code == 2 and result.out == ""
    assert one_line(result.err).startswith(f"casebook: {path}:2: key 'r' of 'quit'")
    assert not data.exists()  # the store was not even opened


def test_bad_config_in_a_real_process_draws_nothing(tmp_path: Path) -> None:
    path = write(tmp_path, "mark_read_on_open = 1\n")
    proc = run_module("--data-dir", str(tmp_path / "d"), "--config", str(path))
    assert proc.returncode == 2
    assert proc.stdout == ""  # no escape sequence: the screen was never touched
    assert one_line(proc.stderr) == (
        f"casebook: {path}:1: 'mark_read_on_open' must be true or false, found an integer 1"
    )


def test_valid_config_values_and_sources(tmp_path: Path) -> None:
    text = """
theme = "nord"
mark_read_on_open = false
show_sidebar = true
sort = "newest"

[keys]
toggle-read = "x"
cursor-down = ["j", "ctrl+n"]

[feeds]
concurrency = 8
timeout_seconds = 2.5
"""
    config = load_app_config(write(tmp_path, text))
    assert (config.theme, config.mark_read_on_open, config.show_sidebar, config.sort) == (
        "nord", False, True, "newest",
    )  # fmt: skip
    assert config.keys == {"toggle-read": "x", "cursor-down": "j,ctrl+n"}
    assert config.values["feeds.concurrency"] == 8
    assert config.values["feeds.timeout_seconds"] == 2.5
    assert all(config.source[k] == "file" for k in config.values)
    assert Config().source["theme"] == "default" and Config().show_sidebar == "auto"


def test_key_lines_find_tables_dotted_and_quoted_keys() -> None:
    text = 'a = 1\n[keys]\n"q k" = "x"\n  plain = "y"\n[feeds . x]\nb.c = 2\n'
    assert key_lines(text) == {"a": 1, "keys": 2, "keys.q k": 3, "keys.plain": 4, "feeds.x": 5,
                               "feeds.x.b.c": 6}  # fmt: skip


def test_parse_config_keeps_what_it_read(tmp_path: Path) -> None:
    config = parse_config('[keys]\nhelp = "f1"\n', tmp_path / "c.toml")
    assert config.found and config.keys == {"help": "f1"} and config.lines["keys.help"] == 2


def test_casebook_config_prints_values_and_their_sources(cb: CLI, tmp_path: Path) -> None:
    path = write(tmp_path, 'sort = "title"\n[keys]\ntoggle-read = "x"\n[feeds]\nconcurrency = 2\n')
    out = cb("--config", str(path), "config")
    assert out.code == 0, out
    lines = out.out.splitlines()
    assert lines[0] == f"# {path}"

    def line(key: str) -> str:
        return next(x for x in lines if x.startswith(f"{key} = "))

    assert line("sort").startswith('sort = "title"') and line("sort").endswith("# file")
    assert line("theme").startswith('theme = "textual-dark"') and line("theme").endswith("default")
    assert line("toggle-read").endswith("# file") and '"x"' in line("toggle-read")
    assert line("toggle-bookmark").startswith('toggle-bookmark = "b"')
    assert line("concurrency").endswith("# file; not read by refresh yet")
    assert line("timeout_seconds").endswith("# default; not read by refresh yet")
    # The theme chosen in the app comes from the store, unless the file names one.
    seeded_store(cb.data_dir).set_preference("theme", "gruvbox")
    assert line_of(cb("--config", str(path), "config").out, "theme").endswith("# store")
    named = write(tmp_path, 'theme = "nord"\n', "named.toml")
    theme = line_of(cb("--config", str(named), "config").out, "theme")
    assert theme.startswith('theme = "nord"') and theme.endswith("# file")


def line_of(out: str, key: str) -> str:
    return next(x for x in out.splitlines() if x.startswith(f"{key} = "))


# -- in the app -----------------------------------------------------------------------------


def app_with(tmp_path: Path, text: str = "") -> CasebookApp:
    config = load_app_config(write(tmp_path, text)) if text else Config()
    return CasebookApp(seeded_store(tmp_path / "data"), poll_seconds=NEVER, config=config)


async def test_a_rebound_key_works_and_the_old_one_does_not(tmp_path: Path) -> None:
    app = app_with(tmp_path, '[keys]\ntoggle-read = "x"\ncursor-down = "ctrl+n"\n')
    async with app.run_test(size=(120, 35)) as pilot:
        first = app.store.catalog.ids[0]
        await pilot.press("r")
        await pilot.pause()
        assert first not in app.store.read
        await pilot.press("x")
        await pilot.pause()
        assert first in app.store.read
        lst = app.query_one("#articles", ArticleList)
        await pilot.press("j")
        await pilot.pause()
        assert lst.cursor == 0
        await pilot.press("ctrl+n")
        await wait_until(pilot, lambda: lst.cursor == 1)


async def test_help_and_palette_name_the_rebound_keys(tmp_path: Path) -> None:
    app = app_with(tmp_path, '[keys]\ntoggle-read = "x"\ncursor-down = "ctrl+n"\nhelp = "f1"\n')
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f1")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
        text = screen_text(app)
        for keys, action in [("x", "toggle read"), ("ctrl+n / k, ↑", "move down / up"),
                             ("f1 / i", "this help"), ("b", "toggle bookmark")]:  # b: default
            assert re.search(rf"│\s+{re.escape(keys)}\s{{2,}}{action}", text), (keys, text)
        assert not re.search(r"│\s+r\s{2,}toggle read", text)
        await pilot.press("escape")
        await pilot.press("ctrl+p", *"toggle read")
        await wait_until(pilot, lambda: "read or unread (x)" in screen_text(app))
        assert "read or unread (r)" not in screen_text(app)


async def test_mark_read_on_open_false_keeps_enter_from_marking(tmp_path: Path) -> None:
    app = app_with(tmp_path, "mark_read_on_open = false\n")
    async with app.run_test(size=(120, 35)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert app.store.read == set()
    app = app_with(tmp_path / "default")
    async with app.run_test(size=(120, 35)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert app.store.read == {app.store.catalog.ids[0]}


@pytest.mark.parametrize(("setting", "width", "shown"), [
    ("false", 120, False), ("true", 60, True), ('"auto"', 60, False), ('"auto"', 120, True),
])  # fmt: skip
async def test_show_sidebar(tmp_path: Path, setting: str, width: int, shown: bool) -> None:
    app = app_with(tmp_path, f"show_sidebar = {setting}\n")
    async with app.run_test(size=(width, 30)) as pilot:
        await pilot.pause()
        sidebar = app.query_one("#sidebar")
        assert (sidebar.region.width > 0) == shown
        await pilot.press("s")
        await pilot.pause()
        assert (sidebar.region.width > 0) == (not shown)


async def test_theme_chosen_in_the_palette_is_remembered(tmp_path: Path) -> None:
    app = app_with(tmp_path)
    async with app.run_test(size=(120, 35)) as pilot:
        assert app.theme == "textual-dark"
        await pilot.press("ctrl+p")
        await pilot.press(*"theme")
        await wait_until(pilot, lambda: "Change the current theme" in _text(app))
        await pilot.press("enter")
        await pilot.press(*"nord")
        await wait_until(pilot, lambda: "nord" in _text(app))
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.theme == "nord")
    state = json.loads((tmp_path / "data" / "state.json").read_text(encoding="utf-8"))
    prefs = state["tables"]["prefs"]["columns"]
    assert prefs["key"] == ["theme"] and prefs["value"] == ["nord"]
    assert isinstance(prefs["updated"][0], float)  # timestamped, like every user write
    again = app_with(tmp_path)  # a restart: the store remembers
    async with again.run_test(size=(120, 35)):
        assert again.theme == "nord"
    named = app_with(tmp_path, 'theme = "dracula"\n')  # ...unless the config names one
    async with named.run_test(size=(120, 35)):
        assert named.theme == "dracula"
    assert json.loads((tmp_path / "data" / "state.json").read_text(encoding="utf-8"))["tables"][
        "prefs"
    ]["columns"]["value"] == ["nord"]  # starting with the config's theme saved nothing


def _text(app: CasebookApp) -> str:
    from tests.ui_support import screen_text

    return screen_text(app)
