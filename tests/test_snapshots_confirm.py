"""Snapshot of the `A` confirmation (its own module, so its snapshots sit apart).

Update after an intended change with:
pytest tests/test_snapshots_confirm.py --snapshot-update
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.ui_support import make_app


def test_mark_all_read_confirmation(snap_compare: Any, tmp_path: Path) -> None:
    assert snap_compare(make_app(tmp_path), terminal_size=(120, 35), press=["r", "j", "A"])


def test_mark_all_read_confirmation_80x24(snap_compare: Any, tmp_path: Path) -> None:
    assert snap_compare(make_app(tmp_path), terminal_size=(80, 24), press=["A"])
