"""The palette's "Export view…": writes exactly the rows on show, reports where, and keeps
the dialog open with a message when the name or the write is wrong."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from textual import events
from textual.widgets import Input

from tests.store_cleanup import close_stores  # noqa: F401 - an autouse fixture
from tests.ui_support import make_app, screen_text, wait_until
from tui.core.document import parse_text
from tui.ui.app import CasebookApp
from tui.ui.export_screen import ExportScreen


async def open_dialog(pilot: Any, app: CasebookApp) -> None:
    await pilot.press("ctrl+p", *"export view")
    await wait_until(pilot, lambda: "Write the articles on show" in screen_text(app))
    await pilot.press("enter")
    await wait_until(pilot, lambda: isinstance(app.screen, ExportScreen))


async def type_path(pilot: Any, path: str) -> None:
    """Clears the name and pastes ``path`` (one event: a pilot press costs ~40 ms a key)."""
    await pilot.press("ctrl+u")
    pilot.app.screen.query_one(Input).post_message(events.Paste(path))
    await pilot.pause()
    assert pilot.app.screen.query_one(Input).value == path
    await pilot.press("enter")
    await pilot.pause()


def messages(app: CasebookApp) -> list[str]:
    return [n.message for n in app._notifications]


async def test_exports_the_filtered_view_and_says_where(tmp_path: Path) -> None:
    app = make_app(tmp_path / "data")
    async with app.run_test(size=(120, 35), notifications=True) as pilot:
        await pilot.press("b", "j", "j", "b")
        app.action_show_filter("bookmarked")
        await pilot.pause()
        await open_dialog(pilot, app)
        assert "Export the 2 articles in this view to:" in screen_text(app)
        target = tmp_path / "[b]marks[i] \\[x].json"  # markup characters in a name are just text
        await type_path(pilot, str(target))
        await wait_until(pilot, lambda: not isinstance(app.screen, ExportScreen))
        await wait_until(pilot, lambda: bool(messages(app)))
        assert messages(app) == [f"2 articles written to {target}"]
        await wait_until(pilot, lambda: "Exported" in screen_text(app))
        assert "[b]marks[i]" in screen_text(app)  # shown as typed, not eaten as markup
        items = json.loads(target.read_text(encoding="utf-8"))
        ids = app.store.catalog.ids
        assert [i["id"] for i in items] == [ids[0], ids[2]]
        assert all(i["bookmarked"] for i in items)


async def test_exports_the_search_result_as_a_document(tmp_path: Path) -> None:
    app = make_app(tmp_path / "data")
    async with app.run_test(size=(120, 35)) as pilot:
        await pilot.press("slash", *"scaling", "enter")
        await pilot.pause()
        shown = [app.store.catalog.article(r) for r in app.articles.rows]
        assert 0 < len(shown) < 9
        await open_dialog(pilot, app)
        await type_path(pilot, str(tmp_path / "scaling.txt"))
        await wait_until(pilot, lambda: (tmp_path / "scaling.txt").exists())
        assert parse_text((tmp_path / "scaling.txt").read_text(encoding="utf-8")) == shown


async def test_a_relative_name_lands_in_the_working_directory(
    tmp_path: Path, monkeypatch: Any
) -> None:
    monkeypatch.chdir(tmp_path)
    app = make_app(tmp_path / "data")
    async with app.run_test(size=(120, 35)) as pilot:
        await open_dialog(pilot, app)
        await pilot.press("enter")  # the suggested name
        await wait_until(pilot, lambda: (tmp_path / "casebook-export.md").exists())
        text = (tmp_path / "casebook-export.md").read_text(encoding="utf-8")
        assert text.startswith("# casebook reading list\n\n9 articles")


async def test_wrong_names_keep_the_dialog_open_with_a_reason(tmp_path: Path) -> None:
    app = make_app(tmp_path / "data")
    async with app.run_test(size=(120, 35)) as pilot:
        await open_dialog(pilot, app)
        cases = [
            (str(tmp_path / "list.pdf"), "Unknown suffix '.pdf'"),
            (str(tmp_path / "nowhere" / "list.md"), "No such file or directory"),
            ("   ", "Type a file name"),
        ]
        (tmp_path / "dir.md").mkdir()
        cases.append((str(tmp_path / "dir.md"), "is a directory"))
        for path, reason in cases:
            await type_path(pilot, path)
            await wait_until(pilot, lambda reason=reason: reason in screen_text(app))
            assert isinstance(app.screen, ExportScreen)
        await pilot.press("escape")
        await wait_until(pilot, lambda: not isinstance(app.screen, ExportScreen))
        assert messages(app) == []
        assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "dir.md"]


async def test_an_empty_view_is_not_exported(tmp_path: Path) -> None:
    app = make_app(tmp_path / "data")
    async with app.run_test(size=(120, 35)) as pilot:
        app.action_show_filter("bookmarked")  # no bookmarks yet
        await pilot.pause()
        app.action_export_view()
        await pilot.pause()
        assert not isinstance(app.screen, ExportScreen)
        assert messages(app) == ["The view is empty: nothing to export."]
