"""Snapshot tests of every screen (pytest-textual-snapshot; Textual is pinned so they are stable).

Update after an intended change with: pytest tests/test_snapshots.py --snapshot-update
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.ui_support import make_app


def test_main_screen_120x35(snap_compare: Any, tmp_path: Path) -> None:
    assert snap_compare(make_app(tmp_path), terminal_size=(120, 35), press=["j", "b", "j"])


def test_main_screen_80x24(snap_compare: Any, tmp_path: Path) -> None:
    assert snap_compare(make_app(tmp_path), terminal_size=(80, 24), press=["r", "j"])


def test_narrow_60x20_with_sidebar(snap_compare: Any, tmp_path: Path) -> None:
    assert snap_compare(make_app(tmp_path), terminal_size=(60, 20), press=["s"])


def test_help_screen(snap_compare: Any, tmp_path: Path) -> None:
    assert snap_compare(make_app(tmp_path), terminal_size=(120, 35), press=["question_mark"])


def test_empty_search(snap_compare: Any, tmp_path: Path) -> None:
    press = ["slash", *"no such thing", "enter"]
    assert snap_compare(make_app(tmp_path), terminal_size=(120, 35), press=press)


def test_search_results(snap_compare: Any, tmp_path: Path) -> None:
    press = ["slash", *"scaling"]
    assert snap_compare(make_app(tmp_path), terminal_size=(120, 35), press=press)


def test_main_screen_60x20(snap_compare: Any, tmp_path: Path) -> None:
    assert snap_compare(make_app(tmp_path), terminal_size=(60, 20), press=["j"])


def test_help_scrolled_to_the_end_60x20(snap_compare: Any, tmp_path: Path) -> None:
    press = ["question_mark", "G"]
    assert snap_compare(make_app(tmp_path), terminal_size=(60, 20), press=press)


def test_reading_view_60x20(snap_compare: Any, tmp_path: Path) -> None:
    assert snap_compare(make_app(tmp_path), terminal_size=(60, 20), press=["j", "enter"])


def test_reading_view_120x35(snap_compare: Any, tmp_path: Path) -> None:
    assert snap_compare(make_app(tmp_path), terminal_size=(120, 35), press=["enter"])


def test_empty_search_60x20(snap_compare: Any, tmp_path: Path) -> None:
    press = ["slash", *"no such thing", "enter"]
    assert snap_compare(make_app(tmp_path), terminal_size=(60, 20), press=press)


def test_tag_prompt(snap_compare: Any, tmp_path: Path) -> None:
    press = ["t", *"+todo +mi"]
    assert snap_compare(make_app(tmp_path), terminal_size=(120, 35), press=press)


def test_note_editor(snap_compare: Any, tmp_path: Path) -> None:
    press = ["e", *"Re-read before the design review: the [b]graph[/b] part."]
    assert snap_compare(make_app(tmp_path), terminal_size=(80, 24), press=press)
