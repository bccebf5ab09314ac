"""Snapshots of the stats screen and the export dialog (separate file: the screens are new).

Update after an intended change with:
    pytest tests/test_library_snapshots.py --snapshot-update
"""

from __future__ import annotations

from datetime import UTC
from pathlib import Path
from typing import Any

import pytest

from tests.store_cleanup import close_stores  # noqa: F401 - an autouse fixture
from tests.test_stats import NOW, build
from tests.ui_support import NEVER, make_app
from tui.core.stats import compute
from tui.ui.app import CasebookApp
from tui.ui.stats_screen import StatsScreen


def stats_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CasebookApp:
    return CasebookApp(build(tmp_path, monkeypatch), poll_seconds=NEVER)


async def open_stats(pilot: Any) -> None:
    """The `i` screen, with the figures as of a fixed day so the weeks do not move."""
    app = pilot.app
    await app.push_screen(StatsScreen(compute(app.store, now=NOW, tz=UTC)))
    await pilot.pause()


def test_stats_screen_120x35(
    snap_compare: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = stats_app(tmp_path, monkeypatch)
    assert snap_compare(app, terminal_size=(120, 35), run_before=open_stats)


def test_stats_screen_60x20(
    snap_compare: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = stats_app(tmp_path, monkeypatch)
    assert snap_compare(app, terminal_size=(60, 20), run_before=open_stats)


def test_export_dialog(snap_compare: Any, tmp_path: Path) -> None:
    async def open_export(pilot: Any) -> None:
        pilot.app.action_export_view()
        await pilot.pause()

    assert snap_compare(make_app(tmp_path), terminal_size=(100, 30), run_before=open_export)


def test_export_dialog_error(snap_compare: Any, tmp_path: Path) -> None:
    async def bad_suffix(pilot: Any) -> None:
        pilot.app.action_export_view()
        await pilot.pause()
        await pilot.press("ctrl+u", *"list.pdf", "enter")
        await pilot.pause()

    assert snap_compare(make_app(tmp_path), terminal_size=(80, 24), run_before=bad_suffix)
