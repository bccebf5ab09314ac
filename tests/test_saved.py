"""Saved searches: in the store, on the command line and in the sidebar."""

from __future__ import annotations

import json
from pathlib import Path

import orjson
import pytest
from textual.widgets import Input

from tests.test_cli import CLI, _isolated_env, cb  # noqa: F401  (fixtures)
from tests.ui_support import make_app, screen_text, seeded_store, wait_until
from tui.core.library import LIBRARY_FILE, LibraryInputError
from tui.core.store import Store
from tui.ui.name_prompt import NamePrompt


def test_saved_searches_are_durable_replaced_by_name_and_removed(tmp_path: Path) -> None:
    store = seeded_store(tmp_path)
    store.save_search("ML", "tag:ml-systems")
    store.save_search("ml", "tag:ml-systems is:unread")  # same name, any case: replaced
    store.save_search("Big", "min:>=5 sort:title")
    again = Store.open(tmp_path)
    assert [(s.name, s.query) for s in again.saved] == [
        ("Big", "min:>=5 sort:title"), ("ml", "tag:ml-systems is:unread"),
    ]
    assert again.remove_search("ML") and not again.remove_search("ML")
    assert [s.name for s in Store.open(tmp_path).saved] == ["Big"]
    for name, query in (("", "x"), ("n", "  "), ("n" * 61, "x")):
        with pytest.raises(LibraryInputError):
            store.save_search(name, query)


def test_a_damaged_entry_is_reported_not_fatal(tmp_path: Path) -> None:
    store = seeded_store(tmp_path)
    store.save_search("Good", "tag:general")
    store.set_note(store.catalog.ids[0], "kept")
    path = tmp_path / LIBRARY_FILE
    payload = orjson.loads(path.read_bytes())
    table = payload["tables"]["saved"]
    table["ids"].append(7)
    for column, value in (("name", 42), ("query", "x"), ("updated", 1.0)):
        table["columns"][column].append(value)
    path.write_bytes(orjson.dumps(payload))
    again = Store.open(tmp_path)
    assert [s.name for s in again.saved] == ["Good"]
    assert again.note_of(again.catalog.ids[0]) == "kept"
    assert any("saved search 2 left out" in n for n in again.notices)


def test_cli_saved_add_list_remove(cb: CLI) -> None:
    assert "saved 'ML'" in cb.ok("saved", "add", "ML", "tag:ml-systems")
    items = json.loads(cb.ok("saved", "list", "--json"))
    assert items == [{"name": "ML", "query": "tag:ml-systems", "unread": 3, "total": 3}]
    assert "ML\t3/3\ttag:ml-systems" in cb.ok("saved", "list")
    assert "no saved search 'nope'" in cb.usage_error("saved", "remove", "nope")
    assert "removed 'ML'" in cb.ok("saved", "remove", "ML")
    assert json.loads(cb.ok("saved", "list", "--json")) == []


async def test_save_from_the_palette_and_apply_from_the_sidebar(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.press("slash", *"tag:microservices is:unread", "enter")
        await wait_until(pilot, lambda: len(app.view.rows) == 7)
        app.action_save_search()
        await wait_until(pilot, lambda: isinstance(app.focused, Input))
        assert isinstance(app.screen, NamePrompt)
        await pilot.press(*"Micro backlog", "enter")
        await wait_until(pilot, lambda: "Saved" in screen_text(app))
        assert [s.name for s in Store.open(tmp_path).saved] == ["Micro backlog"]
        line = next(ln for ln in screen_text(app).splitlines() if "Micro backlog" in ln)
        assert "7/7" in line
        await pilot.press("r")  # live counts: one fewer unread
        await wait_until(pilot, lambda: any(
            "Micro backlog" in ln and "6/7" in ln for ln in screen_text(app).splitlines()
        ))
        await pilot.press("escape", "escape")
        await wait_until(pilot, lambda: len(app.view.rows) == 9)
        app.sidebar.highlighted = app.sidebar.get_option_index("saved:Micro backlog")
        app.sidebar.focus()
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.view.text == "tag:microservices is:unread")
        assert len(app.view.rows) == 6


async def test_save_without_a_query_says_how(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 35), notifications=True) as pilot:
        app.action_save_search()
        await wait_until(pilot, lambda: "Type a query after / first" in screen_text(app))
        assert not isinstance(app.screen, NamePrompt)
