"""Pilot tests of the app taking in another process's catalogue (tui/ui/store_watch.py).

The catalogues here are small, so each test lowers the size up to which the app
reads a changed catalogue on the UI thread to 0: every change goes through the
worker's prepare and the adopt, as a 100k-article catalogue does.
"""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

from tests.ui_support import make_app, screen_text, seeded_store, wait_until
from tui.core.models import Article
from tui.core.reload import PreparedCatalog, prepare_catalog
from tui.core.store import Store
from tui.ui.app import CasebookApp
from tui.ui.widgets.article_list import ArticleList
from tui.ui.widgets.sidebar import Sidebar

POLL = 0.05


def watched_app(data_dir: Path) -> CasebookApp:
    app = make_app(data_dir, poll_seconds=POLL)
    app.store_watcher.sync_bytes = 0
    return app


def current_id(app: CasebookApp) -> str:
    row = app.query_one("#articles", ArticleList).current_row
    assert row is not None
    return app.store.catalog.ids[row]


def sidebar_names(app: CasebookApp) -> list[str]:
    entries = app.query_one("#sidebar", Sidebar).entries
    return [entries[i].value for i in range(len(entries))]


def outside(company: str, title: str) -> Article:
    return Article.create(company, title, "Written by another process.", ("outside",), 4)


class Gate:
    """Wraps the watch's prepare: the prepare runs, then waits until the test opens the
    gate, so the test can act while a prepared catalogue is on its way."""

    def __init__(self, app: CasebookApp) -> None:
        self.prepared = threading.Event()
        self.open = threading.Event()
        self.calls = 0
        app.store_watcher.prepare = self

    def __call__(self, store: Store) -> PreparedCatalog:
        self.calls += 1
        result = prepare_catalog(store)
        if self.calls == 1:
            self.prepared.set()
            assert self.open.wait(20)
        return result


async def test_an_outside_import_shows_up_and_the_cursor_keeps_its_article(
    tmp_path: Path,
) -> None:
    app = watched_app(tmp_path)
    async with app.run_test(size=(120, 35)) as pilot:
        for _ in range(3):
            await pilot.press("j")
        kept = current_id(app)
        seeded_store(tmp_path).import_articles([outside("Outside Labs", "Arrived From Outside")])
        await wait_until(pilot, lambda: "Arrived From Outside" in screen_text(app))
        assert app.store_watcher.adopted == 1
        assert len(app.store.catalog) == 10
        await wait_until(pilot, lambda: "10 articles · 10 unread" in screen_text(app))  # header
        assert "Outside Labs" in sidebar_names(app) and "outside" in sidebar_names(app)
        assert current_id(app) == kept
        assert app.store.catalog.row_of[kept] == app.store.catalog.ids.index(kept)


async def test_the_cursor_follows_its_article_when_rows_move(tmp_path: Path) -> None:
    """Another process rewrites the catalogue in another order: same article, new row."""
    app = watched_app(tmp_path)
    async with app.run_test(size=(120, 35)) as pilot:
        for _ in range(2):
            await pilot.press("j")
        kept = current_id(app)
        title = app.store.catalog.titles[app.store.catalog.row_of[kept]]
        other = seeded_store(tmp_path)
        reordered = [other.catalog.article(r) for r in reversed(range(len(other.catalog)))]
        (tmp_path / "catalog.json").unlink()  # a fresh file, written in the reverse order
        (tmp_path / "catalog.json.bak").unlink()
        fresh = Store.open(tmp_path)
        fresh.import_articles(reordered)
        await wait_until(pilot, lambda: app.store.catalog.ids[0] == reordered[0].id)
        await pilot.pause()
        assert current_id(app) == kept
        assert app.store.catalog.row_of[kept] != 2
        assert title in screen_text(app)


async def test_casebook_import_in_another_process_reaches_the_app(tmp_path: Path) -> None:
    app = watched_app(tmp_path)
    doc = tmp_path / "new.txt"
    doc.write_text("Globex\nA Record From The Command Line\nImported by a script.\n"
                   "scripts\n6 min\n", encoding="utf-8")  # fmt: skip
    async with app.run_test(size=(120, 35)) as pilot:
        done = subprocess.run(
            [sys.executable, "-m", "tui", "--data-dir", str(tmp_path), "import", str(doc)],
            capture_output=True, text=True, timeout=60, check=False,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        await wait_until(
            pilot, lambda: "A Record From The Command Line" in screen_text(app), timeout=10
        )
        assert "scripts" in sidebar_names(app)
        assert app.store_watcher.adopted == 1


async def test_a_toggle_made_while_the_catalogue_is_prepared_is_not_lost(tmp_path: Path) -> None:
    app = watched_app(tmp_path)
    gate = Gate(app)
    async with app.run_test(size=(120, 35)) as pilot:
        seeded_store(tmp_path).import_articles([outside("Outside Labs", "Arrived Later")])
        await wait_until(pilot, gate.prepared.is_set)
        first = current_id(app)
        await pilot.press("r")  # written on the UI thread while the worker waits to hand over
        await pilot.press("j", "b")
        second = current_id(app)
        assert first in app.store.read and second in app.store.bookmarked
        gate.open.set()
        await wait_until(pilot, lambda: "Arrived Later" in screen_text(app))
        assert first in app.store.read and second in app.store.bookmarked
        # counted again, not stale (the header repaints a frame after the list)
        await wait_until(pilot, lambda: "9 unread · 1 bookmarked" in screen_text(app))
        assert app.store.counts.read == 1 and app.store.counts.bookmarked == 1
        on_disk = Store.open(tmp_path)
        assert first in on_disk.read and second in on_disk.bookmarked


async def test_a_stale_prepare_is_not_adopted(tmp_path: Path) -> None:
    app = watched_app(tmp_path)
    gate = Gate(app)
    async with app.run_test(size=(120, 35)) as pilot:
        other = seeded_store(tmp_path)
        other.import_articles([outside("Outside Labs", "The First Change")])
        await wait_until(pilot, gate.prepared.is_set)
        other.import_articles([outside("Outside Labs", "The Second Change")])  # meanwhile
        gate.open.set()
        await wait_until(pilot, lambda: "The Second Change" in screen_text(app))
        assert app.store_watcher.stale == 1  # the first prepare was dropped, not shown
        assert app.store_watcher.adopted == 1
        assert gate.calls == 2
        assert len(app.store.catalog) == 11 and "The First Change" in screen_text(app)


async def test_a_damaged_catalogue_is_restored_and_said_once(tmp_path: Path) -> None:
    app = watched_app(tmp_path)
    store = app.store
    polls = 0

    def refresh(**kwargs: Any) -> Any:
        nonlocal polls
        polls += 1
        return type(store).refresh(store, **kwargs)

    store.refresh = refresh  # type: ignore[method-assign]
    async with app.run_test(size=(120, 35), notifications=True) as pilot:
        seeded_store(tmp_path).import_articles([outside("Outside Labs", "Before The Damage")])
        await wait_until(pilot, lambda: "Before The Damage" in screen_text(app))
        damaged = tmp_path / "damaged.tmp"  # garbage over a good backup, as a new file
        damaged.write_bytes(b"\0" * 64)
        damaged.replace(tmp_path / "catalog.json")
        await wait_until(pilot, lambda: any(
            n.title == "Store restored" for n in app._notifications
        ))  # fmt: skip
        seen = polls
        await wait_until(pilot, lambda: polls >= seen + 5)  # several polls more: quiet
        restored = [n for n in app._notifications if n.title == "Store restored"]
        assert len(restored) == 1 and "catalog.json" in restored[0].message
        assert "Before The Damage" in screen_text(app) and app.is_running
