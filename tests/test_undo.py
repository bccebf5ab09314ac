"""The undo history without the app: exact restores, newest first, durable, conflict-aware."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_store import ABC, A, B, C, D, assert_counts
from tui.core.store import Store
from tui.core.undo import UndoHistory, describe

ALL = [*ABC, D]
IDS = [a.id for a in ALL]


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store.open(tmp_path)
    s.import_articles(ALL)
    s.set_read([A.id], True)
    s.set_bookmarked([B.id], True)
    return s


def on_disk(directory: Path) -> tuple[set[str], set[str]]:
    again = Store.open(directory)
    try:
        return set(again.read), set(again.bookmarked)
    finally:
        again.close()


def test_labels_say_what_was_done() -> None:
    assert describe("read", True, 312) == "marked 312 articles read"
    assert describe("read", False, 1, "Alpha") == "marked “Alpha” unread"
    assert describe("bookmarked", True, 1, "Alpha") == "bookmarked “Alpha”"
    assert describe("bookmarked", False, 1, "Alpha") == "removed the bookmark from “Alpha”"
    assert describe("bookmarked", False, 3) == "unbookmarked 3 articles"
    assert describe("read", True, 1) == "marked 1 article read"


def test_undo_restores_exactly_the_previous_flags_of_a_bulk_mark(
    store: Store, tmp_path: Path
) -> None:
    history = UndoHistory(store)
    history.mark(IDS, "read", True)
    assert store.read == set(IDS)
    undone = history.undo()
    assert undone is not None
    assert undone.label == "marked 4 articles read"
    assert (undone.restored, undone.skipped) == (3, 0)
    assert store.read == {A.id}  # A was read before: it stays read, not "all unread"
    assert on_disk(tmp_path) == ({A.id}, {B.id})
    assert_counts(store, ALL, {A.id}, {B.id})
    assert history.undo() is None


def test_undo_walks_back_toggle_bulk_toggle_to_the_start(store: Store, tmp_path: Path) -> None:
    history = UndoHistory(store)
    start = on_disk(tmp_path)
    history.toggle(C.id, "bookmarked")  # bookmark C
    history.mark(IDS, "read", True)
    history.toggle(C.id, "read")  # C unread again
    history.toggle(B.id, "bookmarked")  # remove B's bookmark
    assert on_disk(tmp_path) == (set(IDS) - {C.id}, {C.id})
    labels = []
    while (undone := history.undo()) is not None:
        labels.append(undone.label)
        assert undone.skipped == 0
    assert labels == [
        "removed the bookmark from “Bravo”",
        "marked “Charlie” unread",
        "marked 4 articles read",
        "bookmarked “Charlie”",
    ]
    assert on_disk(tmp_path) == start
    assert_counts(store, ALL, *start)


def test_the_same_article_changed_twice_here_undoes_without_a_false_conflict(
    store: Store, tmp_path: Path
) -> None:
    history = UndoHistory(store)
    history.toggle(C.id, "read")
    history.toggle(C.id, "read")
    history.mark([C.id, D.id], "read", True)
    for _ in range(3):
        undone = history.undo()
        assert undone is not None and undone.skipped == 0
    assert on_disk(tmp_path) == ({A.id}, {B.id})


def test_undo_skips_and_counts_flags_another_process_changed_since(
    store: Store, tmp_path: Path
) -> None:
    history = UndoHistory(store)
    history.mark(IDS, "read", True)  # B, C, D flipped
    other = Store.open(tmp_path)
    other.set_read([C.id], False)  # changed back elsewhere
    other.set_read([D.id], True)  # written again elsewhere, same value
    other.set_bookmarked([B.id], False)  # another flag: no conflict for "read"
    other.close()
    undone = history.undo()
    assert undone is not None
    assert (undone.restored, undone.skipped) == (1, 2)
    assert sorted(undone.change.skipped) == sorted([C.id, D.id])
    assert on_disk(tmp_path) == ({A.id, D.id}, set())
    assert store.read == {A.id, D.id} and store.bookmarked == set()


def test_a_conflict_on_a_later_change_also_protects_earlier_changes(
    store: Store, tmp_path: Path
) -> None:
    history = UndoHistory(store)
    history.toggle(C.id, "read")  # C read
    history.toggle(C.id, "read")  # C unread
    Store.open(tmp_path).set_read([C.id], True)  # someone else reads it
    for _ in range(2):
        undone = history.undo()
        assert undone is not None and undone.skipped == 1
    assert C.id in on_disk(tmp_path)[0]


def test_nothing_changed_records_nothing(store: Store) -> None:
    history = UndoHistory(store)
    history.mark([A.id], "read", True)
    history.mark([], "read", True)
    assert len(history) == 0 and history.undo() is None


def test_an_undo_whose_write_fails_stays_in_the_history(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.test_store_recovery import FAULTS
    from tui.core.errors import StoreWriteError

    history = UndoHistory(store)
    history.mark(IDS, "bookmarked", True)
    FAULTS["ENOSPC-write"](monkeypatch)
    with pytest.raises(StoreWriteError):
        history.undo()
    monkeypatch.undo()
    assert len(history) == 1 and store.bookmarked == set(IDS)
    undone = history.undo()
    assert undone is not None and undone.restored == 3
    assert on_disk(tmp_path) == ({A.id}, {B.id})


def test_ids_outside_the_catalogue_are_marked_and_restored_too(store: Store) -> None:
    """State is kept apart from the catalogue (see test_store_state_machine)."""
    history = UndoHistory(store)
    history.mark(["0123456789ab", C.id], "read", True)
    undone = history.undo()
    assert undone is not None and undone.label == "marked 2 articles read"
    assert store.read == {A.id}
