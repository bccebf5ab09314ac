"""Pilot tests for `A` (mark the view read, after asking) and `u` (undo), on screen and on disk."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ui_support import make_app, screen_text, seeded_store, wait_until
from tui.core.store import STATE_FILE, Store
from tui.ui.app import CasebookApp
from tui.ui.confirm_screen import ConfirmScreen
from tui.ui.widgets.article_list import ArticleList
from tui.ui.widgets.footer import shown_keys


def reopened(app: CasebookApp) -> Store:
    """What a fresh process would read from disk."""
    return Store.open(app.store.data_dir)


def shown_rows(app: CasebookApp) -> list[int]:
    return list(app.query_one("#articles", ArticleList).rows)


def notes(app: CasebookApp) -> list[str]:
    return [n.message for n in app._notifications]


def count_bells(app: CasebookApp, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    rung: list[int] = []
    monkeypatch.setattr(app, "bell", lambda: rung.append(1))
    return rung


async def test_A_asks_with_the_count_and_y_marks_the_view_read_durably(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 35), notifications=True) as pilot:
        await pilot.press("r")  # one already read: still counted in the view
        await pilot.press("A")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        text = screen_text(app)
        assert "Mark 9 articles read?" in text
        assert "8 of them unread now." in text
        # The footer shows only the dialog's keys.
        actions = {action for _key, _desc, action, _on in shown_keys(app.screen)}
        assert actions == {"answer(True)", "answer(False)"}
        footer = text.splitlines()[-1]
        assert footer.split() == ["y/⏎", "Yes", "n/esc", "No"]
        await pilot.press("y")
        await wait_until(pilot, lambda: not isinstance(app.screen, ConfirmScreen))
        assert app.store.read == set(app.store.catalog.ids)
        assert reopened(app).read == set(app.store.catalog.ids)
        text = screen_text(app)
        assert "9 articles · 0 unread" in text
        assert "0/7" in text  # the sidebar's microservices count
        assert "Marked 9 articles read · u undoes it" in notes(app)


async def test_enter_confirms_too(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 35)) as pilot:
        await pilot.press("A")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("enter")
        await wait_until(pilot, lambda: "0 unread" in screen_text(app))
        assert reopened(app).read == set(app.store.catalog.ids)


@pytest.mark.parametrize("key", ["n", "escape"])
async def test_n_and_escape_cancel_and_write_nothing(tmp_path: Path, key: str) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 35)) as pilot:
        await pilot.pause()
        before = (tmp_path / STATE_FILE).read_bytes() if (tmp_path / STATE_FILE).exists() else b""
        await pilot.press("A")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("r", "b", "q", key)  # other keys do nothing while it asks
        await wait_until(pilot, lambda: not isinstance(app.screen, ConfirmScreen))
        assert not app._exit
        assert app.store.read == set() and app.store.bookmarked == set()
        after = (tmp_path / STATE_FILE).read_bytes() if (tmp_path / STATE_FILE).exists() else b""
        assert after == before
        assert "9 unread" in screen_text(app)
        assert len(app.history) == 0


async def test_A_marks_only_the_rows_in_view(tmp_path: Path) -> None:
    """A tag filter narrowed by a search: exactly the rows the list shows."""
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 35)) as pilot:
        app.action_show_filter("tag:microservices")
        await pilot.press("slash", *"scaling", "enter")
        await pilot.pause()
        rows = shown_rows(app)
        assert 0 < len(rows) < 7
        await pilot.press("A")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert f"Mark {len(rows)} article" in screen_text(app)
        await pilot.press("y")
        await wait_until(pilot, lambda: not isinstance(app.screen, ConfirmScreen))
        expected = {app.store.catalog.ids[r] for r in rows}
        assert app.store.read == expected
        assert reopened(app).read == expected


async def test_u_walks_back_toggle_bulk_toggle_to_the_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 35), notifications=True) as pilot:
        rung = count_bells(app, monkeypatch)
        cat = app.store.catalog
        await pilot.press("r")  # first article read
        await pilot.press("A")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await wait_until(pilot, lambda: not isinstance(app.screen, ConfirmScreen))
        await pilot.press("j", "b")  # second article bookmarked
        assert reopened(app).bookmarked == {cat.ids[1]}

        await pilot.press("u")
        assert f"Undid: bookmarked “{cat.titles[1]}”" in notes(app)
        assert reopened(app).bookmarked == set()
        assert reopened(app).read == set(cat.ids)

        await pilot.press("u")
        assert "Undid: marked 9 articles read" in notes(app)
        assert reopened(app).read == {cat.ids[0]}  # exactly as before A, not "all unread"
        assert "8 unread" in screen_text(app)

        await pilot.press("u")
        assert f"Undid: marked “{cat.titles[0]}” read" in notes(app)
        assert reopened(app).read == set()
        assert "9 unread · 0 bookmarked" in screen_text(app)
        assert rung == []

        await pilot.press("u")  # nothing left
        assert rung == [1]
        assert "Nothing to undo in this session." in notes(app)
        assert reopened(app).read == set()


async def test_enter_is_undone_too(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 35), notifications=True) as pilot:
        await pilot.press("enter")
        assert reopened(app).read == {app.store.catalog.ids[0]}
        await pilot.press("u")
        assert reopened(app).read == set()
        assert "9 unread" in screen_text(app)


async def test_undo_skips_and_reports_what_another_process_changed_since(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 35), notifications=True) as pilot:
        ids = list(app.store.catalog.ids)
        await pilot.press("A")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await wait_until(pilot, lambda: "0 unread" in screen_text(app))
        other = seeded_store(tmp_path)  # another process on the same data
        other.set_read([ids[0]], False)  # changed back elsewhere
        other.set_read([ids[1]], True)  # written again elsewhere (same value)
        other.set_bookmarked([ids[2]], True)  # another flag: no conflict
        other.close()
        await pilot.press("u")
        assert any(
            "Undid: marked 9 articles read" in n and "2 skipped: changed elsewhere since" in n
            for n in notes(app)
        )
        on_disk = reopened(app)
        assert on_disk.read == {ids[1]}
        assert on_disk.bookmarked == {ids[2]}
        assert "8 unread · 1 bookmarked" in screen_text(app)


async def test_A_on_an_empty_view_rings_and_asks_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 35), notifications=True) as pilot:
        rung = count_bells(app, monkeypatch)
        await pilot.press("slash", *"no such thing", "enter")
        await pilot.pause()
        await pilot.press("A")
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmScreen)
        assert rung == [1]
        assert "Nothing to mark: the view is empty." in notes(app)


async def test_a_failed_bulk_write_is_reported_and_changes_nothing(tmp_path: Path) -> None:
    from tui.core import storage

    app = make_app(tmp_path)
    async with app.run_test(size=(120, 35), notifications=True) as pilot:
        await pilot.press("A")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))

        def broken(path: Path, data: bytes) -> None:
            raise OSError(28, "No space left on device")

        mp = pytest.MonkeyPatch()
        mp.setattr(storage, "atomic_write", broken)
        try:
            await pilot.press("y")
            await pilot.pause()
        finally:
            mp.undo()
        assert app.store.read == set() and reopened(app).read == set()
        assert "9 unread" in screen_text(app)
        assert any("No space left on device" in n for n in notes(app))
        assert len(app.history) == 0


async def test_palette_offers_mark_all_and_undo(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 35)):
        titles = {c.title for c in app.casebook_commands()}
    assert {"Mark all read", "Undo"} <= titles


async def test_u_in_the_reading_view_undoes_what_enter_and_n_marked_read(tmp_path: Path) -> None:
    from tui.ui.reading_screen import ReadingScreen

    app = make_app(tmp_path)
    async with app.run_test(size=(120, 35), notifications=True) as pilot:
        ids = app.store.catalog.ids
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ReadingScreen))
        await pilot.press("n")
        await wait_until(pilot, lambda: reopened(app).read == {ids[0], ids[1]})
        await pilot.press("u")
        assert reopened(app).read == {ids[0]}
        await pilot.press("u")
        assert reopened(app).read == set()
        assert isinstance(app.screen, ReadingScreen)
        assert "● unread" in screen_text(app)
