"""The screen survives: resizes on every screen, hostile content, every key on odd stores."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

from tests.ui_support import screen_text
from tui.core.models import Article
from tui.core.seeds import ensure_seeded
from tui.core.store import Store
from tui.ui.app import CasebookApp
from tui.ui.help_screen import HelpScreen
from tui.ui.widgets.article_list import ArticleList

SIZES = [(120, 35), (100, 30), (80, 24), (70, 20), (60, 20), (50, 15), (40, 12), (120, 35)]

LONG_TITLE = "A very long title " * 40 + "END"
HOSTILE = [
    Article.create("Acme", LONG_TITLE, "Summary. " * 2000, ("general",), 7),
    Article.create(
        "شركة المثال", "عنوان باللغة العربية", "نص عربي من اليمين إلى اليسار.", ("rtl",), 3
    ),
    Article.create("עברית בע״מ", "כותרת בעברית", "טקסט מימין לשמאל.", ("rtl",), 2),
    Article.create("Emoji 🚀 Inc", "Shipping 🚢 at scale 🔥🔥", "Fast ⚡ 漢字.", ("emoji",), 1),
    Article.create(
        "Tagful", "Twenty tags", "Has many tags.", tuple(f"tag-number-{i}" for i in range(20)), 30
    ),
    Article.create("Zero width", "Comb\u0301ining and zero\u200bwidth", "Text\u200d.", ("odd",), 4),
]


def hostile_app(data_dir: Path) -> CasebookApp:
    store = Store.open(data_dir)
    ensure_seeded(store)
    store.import_articles(HOSTILE)
    return CasebookApp(store, poll_seconds=3600)


async def resize_through(pilot: object, app: CasebookApp) -> None:
    for width, height in SIZES:
        await pilot.resize_terminal(width, height)  # type: ignore[attr-defined]
        await pilot.pause()  # type: ignore[attr-defined]
        text = screen_text(app)
        assert text.strip(), f"blank screen at {width}x{height}"
        assert len(text.splitlines()) == height


@pytest.mark.parametrize("screen", ["main", "search", "help", "sidebar-toggled", "palette"])
async def test_resize_on_every_screen(tmp_path: Path, screen: str) -> None:
    app = hostile_app(tmp_path)
    async with app.run_test(size=(120, 35)) as pilot:
        if screen == "search":
            await pilot.press("slash", *"scal")
        elif screen == "help":
            await pilot.press("question_mark")
        elif screen == "sidebar-toggled":
            await pilot.press("s")
        elif screen == "palette":
            await pilot.press("ctrl+p")
        await resize_through(pilot, app)
        if screen == "help":
            assert isinstance(app.screen, HelpScreen)
            assert "casebook keys" in screen_text(app)
        elif screen == "search":
            assert app.query_one("#search", Input).value == "scal"
            assert "Scaling" in screen_text(app)
        elif screen == "main":
            assert "casebook" in screen_text(app)


async def test_hostile_articles_render_in_list_and_detail(tmp_path: Path) -> None:
    app = hostile_app(tmp_path)
    async with app.run_test(size=(120, 35)) as pilot:
        lst = app.query_one("#articles", ArticleList)
        await pilot.press("G")  # the last of the hostile ones
        seen = []
        for _ in range(len(HOSTILE)):
            row = lst.current_row
            assert row is not None
            seen.append(app.store.catalog.titles[row])
            await pilot.pause()
            text = screen_text(app)
            assert app.store.catalog.companies[row][:5] in text
            await pilot.press("k")
        assert set(seen) == {a.title for a in HOSTILE}
        await pilot.press("G", "k")  # the twenty-tag article: every tag in the detail pane
        await pilot.pause()
        text = screen_text(app)
        assert "#tag-number-0" in text and "#tag-number-19" in text
        await pilot.press("g")
        for _ in range(9 + 2):
            await pilot.press("j")
        await pilot.pause()
        assert "END" not in screen_text(app)  # the long title is cropped in the list...
        assert "…" in screen_text(app)
        await pilot.press("tab")
        for _ in range(60):  # ...and scrolls in full in the detail pane
            await pilot.press("pagedown")
        await pilot.pause()
        await resize_through(pilot, app)


async def test_every_key_with_hostile_content_at_tiny_size(tmp_path: Path) -> None:
    app = hostile_app(tmp_path)
    async with app.run_test(size=(40, 12)) as pilot:
        for key in ("j", "k", "G", "g", "end", "home", "pagedown", "pageup", "enter", "r", "b",
                    "s", "tab", "j", "enter", "tab", "tab", "slash", "e", "m", "o", "enter",
                    "escape", "question_mark", "escape", "s", "r", "b"):  # fmt: skip
            await pilot.press(key)
        await pilot.pause()
        assert screen_text(app).strip()
        reopened = Store.open(tmp_path)
        assert reopened.read == app.store.read
        assert reopened.bookmarked == app.store.bookmarked
