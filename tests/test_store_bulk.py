"""Bulk flag writes and restores: one durable atomic write each, per-flag stamps, old files.

What is checked is what a later process reads (``Store.open`` again, or the file).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import tui.core.storage
import tui.core.store
from tests.test_store import ABC, A, B, C, D, assert_counts, assert_files_consistent
from tui.core.errors import StoreError
from tui.core.flags import next_stamp
from tui.core.store import STATE_FILE, Store, check_state


def state_payload(directory: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((directory / STATE_FILE).read_text())
    return data


def count_writes(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Records every atomic file write (the main file and its backup each count)."""
    real = tui.core.storage.atomic_write
    written: list[Path] = []

    def spy(path: Path, data: bytes) -> None:
        written.append(path)
        real(path, data)

    monkeypatch.setattr(tui.core.storage, "atomic_write", spy)
    return written


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store.open(tmp_path)
    s.import_articles([*ABC, D])
    s.set_read([A.id], True)
    return s


def test_set_flags_writes_only_what_differs_in_one_atomic_write(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stamp_a = store.flag_stamp(A.id, "read")
    written = count_writes(monkeypatch)
    change = store.set_flags([A.id, B.id, C.id, B.id], "read", True)
    assert written == [tmp_path / STATE_FILE, tmp_path / (STATE_FILE + ".bak")]
    assert dict(change.before) == {B.id: False, C.id: False}
    assert dict(change.after) == {B.id: True, C.id: True}
    assert change.changed() == [B.id, C.id]
    assert change.skipped == ()
    assert store.flag_stamp(A.id, "read") == stamp_a  # already read: not rewritten
    for i in (B.id, C.id):
        assert store.flag_stamp(i, "read") == change.stamps[i]
    assert_counts(store, [*ABC, D], {A.id, B.id, C.id}, set())
    again = Store.open(tmp_path)
    assert again.read == {A.id, B.id, C.id} and again.bookmarked == set()
    assert_counts(again, [*ABC, D], {A.id, B.id, C.id}, set())
    assert_files_consistent(tmp_path)


def test_set_flags_with_nothing_to_change_writes_nothing(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    written = count_writes(monkeypatch)
    change = store.set_flags([A.id], "read", True)
    assert written == [] and not change.after and change.changed() == []


def test_set_flags_starts_from_the_disk_not_from_a_stale_memory(
    store: Store, tmp_path: Path
) -> None:
    other = Store.open(tmp_path)
    other.set_read([B.id], True)  # we have not refreshed
    change = store.set_flags([A.id, B.id, C.id], "read", True)
    assert change.changed() == [C.id]  # B was read on disk when the lock was taken
    assert Store.open(tmp_path).read == {A.id, B.id, C.id}


def test_every_row_keeps_updated_and_a_stamp_per_flag(store: Store, tmp_path: Path) -> None:
    store.set_flags([B.id], "bookmarked", True)
    columns = state_payload(tmp_path)["tables"]["state"]["columns"]
    keys = list(columns)
    rows = {
        row["id"]: row
        for row in (
            dict(zip(keys, vals, strict=True)) for vals in zip(*columns.values(), strict=True)
        )
    }
    assert set(rows[A.id]) == {"id", "read", "bookmarked", "updated", "read_at", "bookmarked_at"}
    assert rows[A.id]["read_at"] == rows[A.id]["updated"]
    assert rows[A.id]["bookmarked_at"] is None
    assert rows[B.id]["bookmarked_at"] == rows[B.id]["updated"]
    assert rows[B.id]["read_at"] is None


def test_restore_sets_mixed_values_in_one_write(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a = store.set_flags([B.id, C.id], "read", True)
    b = store.set_flags([A.id], "read", False)
    expect = {B.id: a.stamps[B.id], A.id: b.stamps[A.id]}
    written = count_writes(monkeypatch)
    restored = store.restore_flags("read", [B.id, A.id], [False, True], expect)
    assert len(written) == 2  # the file and its backup
    assert dict(restored.after) == {B.id: False, A.id: True}
    assert restored.skipped == ()
    assert store.read == {A.id, C.id}
    assert Store.open(tmp_path).read == {A.id, C.id}
    assert_counts(store, [*ABC, D], {A.id, C.id}, set())


def test_restore_skips_a_flag_another_process_changed_since(store: Store, tmp_path: Path) -> None:
    mine = store.set_flags([B.id, C.id, D.id], "read", True)
    other = Store.open(tmp_path)
    other.set_read([C.id], True)  # same value, but written again: a change since ours
    other.set_read([D.id], False)
    other.set_bookmarked([B.id], True)  # another flag: no conflict
    restored = store.restore_flags("read", mine.ids, mine.old, mine.stamps)
    assert sorted(restored.skipped) == sorted([C.id, D.id])
    assert dict(restored.after) == {B.id: False}
    reopened = Store.open(tmp_path)
    assert reopened.read == {A.id, C.id}
    assert reopened.bookmarked == {B.id}


def test_restore_skips_a_value_an_older_casebook_changed(store: Store, tmp_path: Path) -> None:
    """An older casebook writes the value but not the flag's stamp: the value tells."""
    mine = store.set_flags([B.id], "read", True)
    payload = state_payload(tmp_path)
    table = payload["tables"]["state"]
    index = table["columns"]["id"].index(B.id)
    table["columns"]["read"][index] = False
    # Like every casebook writer, it replaces the file (that is how changes are noticed).
    tui.core.storage.atomic_write(tmp_path / STATE_FILE, json.dumps(payload).encode())
    restored = store.restore_flags("read", [B.id], [False], mine.stamps)
    assert restored.skipped == (B.id,) and not restored.after


def test_stamps_of_one_flag_always_grow_even_within_a_millisecond(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tui.core.store.time, "time", lambda: 1_800_000_000.0)
    first = store.toggle(B.id, "read").stamps[B.id]
    second = store.toggle(B.id, "read").stamps[B.id]
    third = store.set_flags([B.id, C.id], "read", True).stamps
    assert first < second < third[B.id]
    assert third[C.id] == 1_800_000_000.0
    assert next_stamp(None, 5.0) == 5.0 and next_stamp(9.0, 5.0) == 9.001


def test_a_state_file_without_flag_stamps_loads_and_is_completed_on_write(
    tmp_path: Path,
) -> None:
    """State files written before per-flag times: rows have no read_at/bookmarked_at."""
    Store.open(tmp_path).import_articles(ABC)
    ids = [A.id, B.id]
    payload = {
        "casebook": {"kind": "state", "schema": 1},
        "tables": {
            "state": {
                "ids": [int(i, 16) for i in ids],
                "columns": {
                    "id": ids,
                    "read": [True, False],
                    "bookmarked": [False, True],
                    "updated": [1.0, 2.0],
                },
            }
        },
    }
    for name in (STATE_FILE, STATE_FILE + ".bak"):
        (tmp_path / name).write_text(json.dumps(payload))
    store = Store.open(tmp_path)
    assert store.notices == []
    assert store.read == {A.id} and store.bookmarked == {B.id}
    assert store.flag_stamp(A.id, "read") is None
    change = store.set_flags([C.id], "read", True)
    table = state_payload(tmp_path)["tables"]["state"]
    assert "docs" not in table  # still column-wise: old rows got the new keys
    assert table["columns"]["read_at"] == [None, None, change.stamps[C.id]]
    assert table["columns"]["updated"] == [1.0, 2.0, change.stamps[C.id]]
    reopened = Store.open(tmp_path)
    assert reopened.read == {A.id, C.id} and reopened.bookmarked == {B.id}


def test_check_state_rejects_a_stamp_of_the_wrong_type() -> None:
    def payload(stamp: object) -> dict[str, Any]:
        columns = {"id": ["0a"], "read": [True], "bookmarked": [False], "read_at": [stamp]}
        return {"tables": {"state": {"ids": [10], "columns": columns}}}

    for good in (None, 1.5, 2):
        check_state(payload(good))
    for bad in ("yesterday", True, [1.0]):
        with pytest.raises(ValueError, match="read_at"):
            check_state(payload(bad))


def test_a_failed_bulk_write_changes_nothing(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.test_store_recovery import FAULTS, memory

    before_disk = (tmp_path / STATE_FILE).read_bytes()
    before = memory(store)
    for fault in FAULTS.values():
        fault(monkeypatch)
        with pytest.raises(StoreError):
            store.set_flags([B.id, C.id, D.id], "read", True)
        monkeypatch.undo()
        assert memory(store) == before
        assert (tmp_path / STATE_FILE).read_bytes() == before_disk
    assert store.set_flags([B.id], "read", True).changed() == [B.id]
    assert Store.open(tmp_path).read == {A.id, B.id}


def test_restore_and_writes_cope_with_rows_an_older_casebook_added(
    store: Store, tmp_path: Path
) -> None:
    """An older casebook inserts rows without the stamp keys: the table turns "docs"-shaped."""
    mine = store.set_flags([B.id, C.id], "read", True)
    payload = state_payload(tmp_path)
    table = payload["tables"]["state"]
    keys = list(table["columns"])
    docs = {
        str(doc_id): dict(zip(keys, vals, strict=True))
        for doc_id, *vals in zip(table["ids"], *table["columns"].values(), strict=True)
    }
    docs[str(int(D.id, 16))] = {"id": D.id, "read": False, "bookmarked": True, "updated": 1.0}
    payload["tables"]["state"] = {"docs": docs}
    tui.core.storage.atomic_write(tmp_path / STATE_FILE, json.dumps(payload).encode())
    restored = store.restore_flags("read", [B.id, C.id], [False, False], mine.stamps)
    assert restored.skipped == () and store.read == {A.id}
    assert store.bookmarked == {D.id}
    table = state_payload(tmp_path)["tables"]["state"]
    assert "docs" not in table and table["columns"]["read_at"][-1] is None
    assert Store.open(tmp_path).read == {A.id}
