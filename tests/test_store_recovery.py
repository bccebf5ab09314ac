"""Damaged files, newer files and failing disks: README "Your data", promises 3 and 4.

* A damaged file with a good ``.bak`` is moved aside byte for byte as
  ``NAME.corrupt-<timestamp>``, the backup is restored and the user is told in one line.
* Without a good backup nothing in the directory changes and the error names the
  file and how to start it afresh.
* A file from a newer casebook is refused, not modified.
* A failed write (disk full, permission denied) leaves the disk and the memory as
  they were, and the next write works.
"""

from __future__ import annotations

import errno
import json
import os
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

import tui.core.files
import tui.core.recovery
import tui.core.storage
import tui.core.store
from tests.test_store import ABC, A, B, C, D, art, assert_counts, assert_files_consistent
from tests.test_store import dir_snapshot as snapshot
from tui.core.errors import NewerSchemaError, StoreError, StoreWriteError, UnrecoverableError
from tui.core.models import Article
from tui.core.storage import SCHEMA
from tui.core.store import CATALOG_FILE, STATE_FILE, Store

FILES = (CATALOG_FILE, STATE_FILE)
OTHER = {CATALOG_FILE: STATE_FILE, STATE_FILE: CATALOG_FILE}
TABLE = {CATALOG_FILE: "articles", STATE_FILE: "state"}

GOOD_READ = {A.id}
GOOD_MARKED = {B.id, C.id}
ABC_IDS = [A.id, B.id, C.id]


@dataclass
class Good:
    """A store directory whose files and backups all hold the same, known, good data."""

    dir: Path
    bytes: dict[str, bytes]


@pytest.fixture
def good(tmp_path: Path) -> Good:
    store = Store.open(tmp_path)
    store.import_articles(ABC)
    store.set_read([A.id, B.id], True)
    store.set_bookmarked([B.id, C.id], True)
    store.set_read([B.id], False)
    store.close()
    assert_files_consistent(tmp_path)
    return Good(tmp_path, {name: (tmp_path / name).read_bytes() for name in FILES})


def assert_good_data(store: Store) -> None:
    assert list(store.articles()) == ABC
    assert store.read == GOOD_READ
    assert store.bookmarked == GOOD_MARKED
    assert_counts(store, ABC, GOOD_READ, GOOD_MARKED)


# -- ways a file can be damaged --------
def _edit(data: bytes, change: Callable[[dict[str, Any]], None]) -> bytes:
    payload = json.loads(data)
    change(payload)
    return json.dumps(payload).encode()


def _table(payload: dict[str, Any]) -> dict[str, Any]:
    tables: dict[str, Any] = payload["tables"]
    return next(iter(t for n, t in tables.items() if n in ("articles", "state")))


def _ids_as_strings(payload: dict[str, Any]) -> None:
    table = _table(payload)
    table["ids"] = [str(i) for i in table["ids"]]


def _docs_form_with_bad_keys(payload: dict[str, Any]) -> None:
    table = _table(payload)
    keys = list(table["columns"])
    rows = zip(*table["columns"].values(), strict=True)
    table.clear()
    table["docs"] = {f"row{n}": dict(zip(keys, row, strict=True)) for n, row in enumerate(rows)}


def _short_column(payload: dict[str, Any]) -> None:
    column = next(iter(_table(payload)["columns"]))
    _table(payload)["columns"][column].pop()


def _set_column(name: str, value: Callable[[int], Any]) -> Callable[[dict[str, Any]], None]:
    def change(payload: dict[str, Any]) -> None:
        columns = _table(payload)["columns"]
        columns[name] = [value(n) for n in range(len(columns[name]))]

    return change


def _drop_column(name: str) -> Callable[[dict[str, Any]], None]:
    def change(payload: dict[str, Any]) -> None:
        del _table(payload)["columns"][name]

    return change


Damage = Callable[[bytes, bytes], bytes]  # (this file's good bytes, the other file's) -> damaged

COMMON: dict[str, Damage] = {
    "truncated": lambda data, _: data[: len(data) // 2],
    "garbage": lambda data, _: bytes((n * 151 + 7) % 256 for n in range(len(data))),
    "nul-padded": lambda data, _: data[: len(data) // 3] + b"\0" * 4096,
    "nul-tail": lambda data, _: data + b"\0" * 512,  # a valid file, then a torn block
    "all-nuls": lambda data, _: b"\0" * len(data),
    "zero-bytes": lambda data, _: b"",
    "json-not-casebook": lambda data, _: b'{"_default": {"1": {"title": "x"}}}',
    "json-array": lambda data, _: b"[1, 2, 3]",
    "other-kind": lambda _, other: other,
    "no-schema": lambda data, _: _edit(data, lambda p: p["casebook"].pop("schema")),
    "ids-not-ints": lambda data, _: _edit(data, _ids_as_strings),
    "doc-keys-not-ints": lambda data, _: _edit(data, _docs_form_with_bad_keys),
    "short-column": lambda data, _: _edit(data, _short_column),
}
BY_FILE: dict[str, dict[str, Damage]] = {
    CATALOG_FILE: {
        "tags-numbers": lambda data, _: _edit(data, _set_column("tags", lambda n: n)),
        "tags-lists-of-numbers": lambda d, _: _edit(d, _set_column("tags", lambda n: [n])),
        "minutes-strings": lambda data, _: _edit(data, _set_column("minutes", lambda n: "5")),
        "title-missing": lambda data, _: _edit(data, _drop_column("title")),
    },
    STATE_FILE: {
        "id-numbers": lambda data, _: _edit(data, _set_column("id", lambda n: n)),
        "read-strings": lambda data, _: _edit(data, _set_column("read", lambda n: "yes")),
        "bookmarked-numbers": lambda d, _: _edit(d, _set_column("bookmarked", lambda n: 1)),
    },
}
CASES = [
    pytest.param(name, damage, id=f"{name}-{label}")
    for name in FILES
    for label, damage in {**COMMON, **BY_FILE[name]}.items()
]


def damaged_bytes(good: Good, name: str, damage: Damage) -> bytes:
    data = damage(good.bytes[name], good.bytes[OTHER[name]])
    assert data != good.bytes[name]
    return data


def corrupt_copies(directory: Path, name: str) -> list[Path]:
    pattern = re.compile(rf"{re.escape(name)}\.corrupt-\d{{8}}-\d{{6}}(-\d+)?")
    return sorted(p for p in directory.iterdir() if pattern.fullmatch(p.name))


# -- restored from the backup --------
@pytest.mark.parametrize(("name", "damage"), CASES)
def test_a_damaged_file_is_restored_from_its_backup(good: Good, name: str, damage: Damage) -> None:
    bad = damaged_bytes(good, name, damage)
    (good.dir / name).write_bytes(bad)

    store = Store.open(good.dir)

    assert len(store.notices) == 1
    notice = store.notices[0]
    assert "\n" not in notice and name in notice and ".bak" in notice
    aside = corrupt_copies(good.dir, name)
    assert len(aside) == 1 and aside[0].name in notice
    assert aside[0].read_bytes() == bad
    assert (good.dir / name).read_bytes() == good.bytes[name]
    assert (good.dir / OTHER[name]).read_bytes() == good.bytes[OTHER[name]]
    assert corrupt_copies(good.dir, OTHER[name]) == []
    assert_good_data(store)

    store.set_read([C.id], True)  # the restored store is writable as usual
    store.import_articles([D])
    assert_files_consistent(good.dir)
    assert Store.open(good.dir).read == GOOD_READ | {C.id}


def test_both_files_damaged_are_both_restored_with_a_notice_each(good: Good) -> None:
    for name in FILES:
        (good.dir / name).write_bytes(b"\0" * 100)
    store = Store.open(good.dir)
    assert len(store.notices) == 2
    assert [n for n in FILES if any(n in notice for notice in store.notices)] == list(FILES)
    assert_good_data(store)


def test_damage_twice_keeps_both_damaged_copies(good: Good) -> None:
    for fill in (b"\0", b"\1"):
        (good.dir / CATALOG_FILE).write_bytes(fill * 50)
        assert_good_data(Store.open(good.dir))
    kept = {p.read_bytes() for p in corrupt_copies(good.dir, CATALOG_FILE)}
    assert kept == {b"\0" * 50, b"\1" * 50}


# -- no good backup: refuse, change nothing --------
@pytest.mark.parametrize("backup", ["missing", "damaged-too", "other-kind"])
@pytest.mark.parametrize(("name", "damage"), CASES)
def test_a_damaged_file_without_a_good_backup_changes_nothing(
    good: Good, name: str, damage: Damage, backup: str
) -> None:
    bad = damaged_bytes(good, name, damage)
    path, bak = good.dir / name, good.dir / f"{name}.bak"
    path.write_bytes(bad)
    if backup == "missing":
        bak.unlink()
    elif backup == "damaged-too":
        bak.write_bytes(bad)
    else:
        bak.write_bytes(good.bytes[OTHER[name]])
    before = snapshot(good.dir)

    with pytest.raises(UnrecoverableError) as raised:
        Store.open(good.dir)

    message = str(raised.value)
    assert "\n" not in message
    assert str(path) in message and "no good backup" in message and "mv " in message
    assert snapshot(good.dir) == before


def test_a_copied_library_without_backups_or_locks_is_left_alone(tmp_path: Path) -> None:
    """README: copy catalog.json and state.json to move a library; a damaged copy is refused."""
    (tmp_path / CATALOG_FILE).write_bytes(b'{"casebook": {"kind": "catalog", "sch')
    before = snapshot(tmp_path)
    with pytest.raises(UnrecoverableError, match=r"catalog\.json"):
        Store.open(tmp_path)
    # Lock files are the only addition the README allows ("safe to delete").
    assert snapshot(tmp_path, locks=False) == before


# -- written by a newer casebook --------
def newer(data: bytes) -> bytes:
    return _edit(data, lambda p: p["casebook"].update(schema=SCHEMA + 1))


@pytest.mark.parametrize("name", FILES)
def test_a_newer_schema_file_is_refused_and_not_modified(good: Good, name: str) -> None:
    (good.dir / name).write_bytes(newer(good.bytes[name]))  # its .bak is an older good copy
    before = snapshot(good.dir)
    with pytest.raises(NewerSchemaError) as raised:
        Store.open(good.dir)
    assert "\n" not in str(raised.value) and name in str(raised.value)
    assert snapshot(good.dir) == before


@pytest.mark.parametrize("name", FILES)
def test_a_damaged_file_whose_backup_is_newer_is_refused(good: Good, name: str) -> None:
    (good.dir / name).write_bytes(b"")
    (good.dir / f"{name}.bak").write_bytes(newer(good.bytes[name]))
    before = snapshot(good.dir)
    with pytest.raises(StoreError):
        Store.open(good.dir)
    assert snapshot(good.dir) == before


def replace_on_disk(path: Path, data: bytes) -> None:
    """What another process's atomic write looks like to us: a new file under the old name."""
    tmp = path.with_name(f"other-{path.name}")
    tmp.write_bytes(data)
    os.replace(tmp, path)


@pytest.mark.parametrize("name", FILES)
def test_a_running_store_refuses_a_file_a_newer_casebook_wrote(good: Good, name: str) -> None:
    store = Store.open(good.dir)
    replace_on_disk(good.dir / name, newer(good.bytes[name]))
    before = snapshot(good.dir)
    with pytest.raises(NewerSchemaError):
        store.set_read([C.id], True) if name == STATE_FILE else store.import_articles([D])
    with pytest.raises(NewerSchemaError):
        store.refresh()
    assert snapshot(good.dir) == before
    assert_good_data(store)


# -- damage found while running --------
@pytest.fixture
def short_lock_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    """A lock that is never released must fail fast here, not after the real 15 s."""
    monkeypatch.setattr(tui.core.store, "LOCK_TIMEOUT", 1.0)


@pytest.mark.usefixtures("short_lock_timeout")
@pytest.mark.parametrize("name", FILES)
def test_damage_found_by_a_write_is_restored_and_the_write_goes_ahead(
    good: Good, name: str
) -> None:
    store = Store.open(good.dir)
    replace_on_disk(good.dir / name, b"\0" * 64)
    if name == STATE_FILE:
        store.set_read([C.id], True)
        expected_read, expected_articles = GOOD_READ | {C.id}, ABC
    else:
        store.import_articles([D])
        expected_read, expected_articles = GOOD_READ, [*ABC, D]
    assert len(store.notices) == 1 and name in store.notices[0]
    assert [p.read_bytes() for p in corrupt_copies(good.dir, name)] == [b"\0" * 64]
    again = Store.open(good.dir)
    assert list(again.articles()) == expected_articles
    assert again.read == expected_read
    assert_files_consistent(good.dir)


@pytest.mark.usefixtures("short_lock_timeout")
@pytest.mark.parametrize("name", FILES)
def test_damage_found_by_refresh_is_restored_with_a_notice(good: Good, name: str) -> None:
    store = Store.open(good.dir)
    replace_on_disk(good.dir / name, b"garbage")
    store.refresh()
    assert len(store.notices) == 1 and name in store.notices[0]
    assert (good.dir / name).read_bytes() == good.bytes[name]
    assert_good_data(store)


def test_a_failed_restore_leaves_the_damaged_file_in_place(
    good: Good, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Disk full while restoring: an error, and the store file must not go missing.

    A missing catalog.json would open as an empty store whose first write replaces
    the good backup.
    """
    path = good.dir / CATALOG_FILE
    path.write_bytes(b"\0" * 10)
    real = tui.core.recovery.atomic_write

    def full_for_the_store_file(target: Path, data: bytes) -> None:
        if target == path:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real(target, data)

    monkeypatch.setattr(tui.core.recovery, "atomic_write", full_for_the_store_file)
    with pytest.raises(StoreError) as raised:
        Store.open(good.dir)
    assert "\n" not in str(raised.value)
    assert path.read_bytes() == b"\0" * 10
    assert (good.dir / f"{CATALOG_FILE}.bak").read_bytes() == good.bytes[CATALOG_FILE]
    monkeypatch.undo()
    assert_good_data(Store.open(good.dir))


# -- disk trouble while writing --------
def fail_with(code: int) -> Callable[..., Any]:
    def fail(*args: Any, **kwargs: Any) -> Any:
        raise OSError(code, os.strerror(code))

    return fail


FAULTS: dict[str, Callable[[pytest.MonkeyPatch], None]] = {
    "ENOSPC-fsync": lambda mp: mp.setattr(tui.core.storage.os, "fsync", fail_with(errno.ENOSPC)),
    "EIO-replace": lambda mp: mp.setattr(tui.core.storage.os, "replace", fail_with(errno.EIO)),
    "EACCES-create": lambda mp: mp.setattr(
        tui.core.files, "create_temp", fail_with(errno.EACCES)
    ),
    "ENOSPC-write": lambda mp: mp.setattr(
        tui.core.storage, "atomic_write", fail_with(errno.ENOSPC)
    ),
}

EDITED_B = art("Uber", "Bravo", summary="Edited.", tags=("go",), minutes=9)
OPS: dict[str, tuple[Callable[[Store], object], list[Article], set[str], set[str]]] = {
    # name: (the write, then the articles, read and bookmarked it leads to)
    "set_read": (lambda s: s.set_read([C.id], True), ABC, {A.id, C.id}, GOOD_MARKED),
    "set_bookmarked": (
        lambda s: s.set_bookmarked([A.id, D.id], True),
        ABC,
        GOOD_READ,
        GOOD_MARKED | {A.id, D.id},
    ),
    "toggle_read": (lambda s: s.toggle_read(A.id), ABC, set(), GOOD_MARKED),
    "toggle_bookmarked": (lambda s: s.toggle_bookmarked(B.id), ABC, GOOD_READ, {C.id}),
    "set_flags": (
        lambda s: s.set_flags([B.id, C.id], "read", True),
        ABC,
        set(ABC_IDS),
        GOOD_MARKED,
    ),
    "restore_flags": (
        lambda s: s.restore_flags("read", [A.id], [False], {A.id: s.flag_stamp(A.id, "read") or 0}),
        ABC,
        set(),
        GOOD_MARKED,
    ),
    "import-new": (lambda s: s.import_articles([D]), [*ABC, D], GOOD_READ, GOOD_MARKED),
    "import-edit": (
        lambda s: s.import_articles([EDITED_B]),
        [A, EDITED_B, C],
        GOOD_READ,
        GOOD_MARKED,
    ),
}


def memory(store: Store) -> tuple[object, ...]:
    counts = store.counts
    return (
        list(store.articles()),
        set(store.read),
        set(store.bookmarked),
        (counts.total, counts.unread, counts.bookmarked),
        {t: counts.tag_unread(t) for t in store.catalog.rows_by_tag},
        {c: counts.company_unread(c) for c in store.catalog.rows_by_company},
    )


@pytest.mark.parametrize("fault", list(FAULTS))
@pytest.mark.parametrize("op", list(OPS))
def test_a_failed_write_changes_nothing_and_the_next_write_works(
    good: Good, monkeypatch: pytest.MonkeyPatch, op: str, fault: str
) -> None:
    write, articles, read, marked = OPS[op]
    store = Store.open(good.dir)
    before_memory, before_disk = memory(store), snapshot(good.dir)

    FAULTS[fault](monkeypatch)
    with pytest.raises(StoreWriteError) as raised:
        write(store)
    monkeypatch.undo()

    message = str(raised.value)
    assert "\n" not in message
    assert "could not save" in message and "nothing was changed" in message
    assert snapshot(good.dir) == before_disk
    assert memory(store) == before_memory
    store.refresh()  # re-reads the file the failed write left alone: still the same
    assert memory(store) == before_memory

    write(store)
    assert_files_consistent(good.dir)
    assert_counts(store, articles, read, marked)
    again = Store.open(good.dir)
    assert list(again.articles()) == articles
    assert (again.read, again.bookmarked) == (read, marked)


def test_a_failed_backup_write_is_caught_up_by_the_next_write(
    good: Good, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The store file is safe once replaced; a backup that failed is rewritten next time."""
    real = tui.core.storage.atomic_write

    def no_backup(target: Path, data: bytes) -> None:
        if target.name.endswith(".bak"):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real(target, data)

    store = Store.open(good.dir)
    monkeypatch.setattr(tui.core.storage, "atomic_write", no_backup)
    store.set_read([C.id], True)
    monkeypatch.undo()
    assert Store.open(good.dir).read == GOOD_READ | {C.id}
    store.set_bookmarked([A.id], True)
    assert_files_consistent(good.dir)


def test_a_read_only_data_dir_fails_the_write_and_keeps_state(
    good: Good, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store.open(good.dir)
    before_memory, before_disk = memory(store), snapshot(good.dir)
    good.dir.chmod(0o500)
    try:
        if _can_create_in(good.dir):
            # Running as root: the mode bits do not stop writes, so make creating the
            # temp file fail the way it would for a normal user.
            monkeypatch.setattr(tui.core.files, "create_temp", fail_with(errno.EACCES))
        with pytest.raises(StoreWriteError, match="Permission denied"):
            store.toggle_read(C.id)
        with pytest.raises(StoreWriteError, match="Permission denied"):
            store.import_articles([D])
    finally:
        good.dir.chmod(0o700)
        monkeypatch.undo()
    assert snapshot(good.dir) == before_disk
    assert memory(store) == before_memory
    store.toggle_read(C.id)
    assert Store.open(good.dir).read == GOOD_READ | {C.id}


def _can_create_in(directory: Path) -> bool:
    try:
        fd, name = tempfile.mkstemp(dir=directory)
    except PermissionError:
        return False
    os.close(fd)
    os.unlink(name)
    return True
