"""Your own tags and notes: durable, locked, never lost to a crash or a second process."""

from __future__ import annotations

import random
import signal
import time
from pathlib import Path

import pytest

from tests.workers.harness import Lines, cleanup, worker
from tui.core.errors import StoreError
from tui.core.library import (
    LIBRARY_FILE,
    LibraryInputError,
    TagChange,
    apply_tag_change,
    clean_note,
    parse_tag_changes,
)
from tui.core.models import Article
from tui.core.storage import backup_path
from tui.core.store import STATE_FILE, Store

START_TIMEOUT = 60.0


def seeded(data: Path, n: int = 20) -> Store:
    store = Store.open(data)
    store.import_articles(
        Article.create("Acme", f"Case {i}", f"Summary {i}.", ("infra",), 3) for i in range(n)
    )
    return store


def test_tag_changes_parse_plus_minus_and_bare_words() -> None:
    change = parse_tag_changes(["+scaling", "-todo", "Later,#ops"])
    assert change == TagChange(("scaling", "later", "ops"), ("todo",))
    assert apply_tag_change(("todo", "x"), change) == ("x", "scaling", "later", "ops")
    assert parse_tag_changes(["+Two Words"]) == TagChange(("two", "words"), ())
    for bad in ("+[b]", "-", "+é", "+bell\x07", "+[@click=app.quit]x"):
        with pytest.raises(LibraryInputError):
            parse_tag_changes([bad])


def test_notes_are_cleaned_and_capped() -> None:
    assert clean_note("  a\tb\x1b[2J\u202eevil\r\nline\x00 ") == "a b[2Jevil\nline"
    with pytest.raises(LibraryInputError):
        clean_note("x" * 70_000)


def test_tags_and_notes_are_durable_and_kept_apart(tmp_path: Path) -> None:
    store = seeded(tmp_path)
    first, second = store.catalog.ids[:2]
    state_before = (tmp_path / STATE_FILE).stat().st_ino if (tmp_path / STATE_FILE).exists() else 0
    assert store.change_my_tags(first, parse_tag_changes(["+scaling", "+todo"])) == (
        "scaling", "todo",
    )
    store.change_my_tags(first, parse_tag_changes(["-todo"]))
    store.set_note(second, "Read again before the design review.\nSecond line.")
    again = Store.open(tmp_path)
    assert again.my_tags_of(first) == ("scaling",)
    assert again.note_of(second) == "Read again before the design review.\nSecond line."
    assert again.library.rows_by_tag() == {"scaling": [first]}
    # Neither the catalogue nor the state file was rewritten for them.
    now = (tmp_path / STATE_FILE).stat().st_ino if (tmp_path / STATE_FILE).exists() else 0
    assert now == state_before
    store.set_note(second, "   ")  # an empty note removes it
    assert Store.open(tmp_path).note_of(second) == ""


def test_read_toggle_does_not_rewrite_the_library(tmp_path: Path) -> None:
    store = seeded(tmp_path)
    store.set_note(store.catalog.ids[0], "n" * 2048)
    inode = (tmp_path / LIBRARY_FILE).stat().st_ino
    store.toggle_read(store.catalog.ids[1])
    assert (tmp_path / LIBRARY_FILE).stat().st_ino == inode


def test_tags_survive_reimport_of_edited_articles(tmp_path: Path) -> None:
    store = seeded(tmp_path, 2)
    article_id = store.catalog.ids[0]
    store.change_my_tags(article_id, parse_tag_changes(["+keep"]))
    store.import_articles([Article.create("Acme", "Case 0", "Edited summary.", ("infra",), 9)])
    assert Store.open(tmp_path).my_tags_of(article_id) == ("keep",)


def test_another_process_sees_changes_through_refresh(tmp_path: Path) -> None:
    store = seeded(tmp_path)
    other = Store.open(tmp_path)
    article_id = store.catalog.ids[3]
    other.change_my_tags(article_id, parse_tag_changes(["+from-elsewhere"]))
    changed = store.refresh()
    assert changed.library and not changed.state
    assert store.my_tags_of(article_id) == ("from-elsewhere",)
    # Both add to the same article: neither change is lost (each starts from the disk).
    store.change_my_tags(article_id, parse_tag_changes(["+mine"]))
    other.change_my_tags(article_id, parse_tag_changes(["+theirs"]))
    assert Store.open(tmp_path).my_tags_of(article_id) == ("from-elsewhere", "mine", "theirs")


def test_damaged_library_is_restored_from_its_backup(tmp_path: Path) -> None:
    store = seeded(tmp_path)
    article_id = store.catalog.ids[0]
    store.set_note(article_id, "kept")
    path = tmp_path / LIBRARY_FILE
    assert backup_path(path).read_bytes() == path.read_bytes()
    path.write_bytes(path.read_bytes()[:40])
    again = Store.open(tmp_path)
    assert again.note_of(article_id) == "kept"
    assert any(LIBRARY_FILE in n for n in again.notices)


@pytest.mark.parametrize(
    "payload",
    [
        b'{"casebook": {"kind": "library", "schema": 1}, "tables": {"library": '
        b'{"ids": [1], "columns": {"id": ["x"], "tags": ["notalist"], "note": [""], '
        b'"updated": [1.0]}}}}',
        b'{"casebook": {"kind": "library", "schema": 1}, "tables": {"library": '
        b'{"ids": [1], "columns": {"id": ["x"], "tags": [["[/]"]], "note": [""], '
        b'"updated": [1.0]}}}}',
        b'{"casebook": {"kind": "state", "schema": 1}, "tables": {}}',
    ],
)
def test_wrongly_typed_library_without_backup_is_refused(tmp_path: Path, payload: bytes) -> None:
    seeded(tmp_path).close()
    (tmp_path / LIBRARY_FILE).write_bytes(payload)
    with pytest.raises(StoreError, match=LIBRARY_FILE):
        Store.open(tmp_path)
    assert (tmp_path / LIBRARY_FILE).read_bytes() == payload  # never overwritten


def acknowledged(lines: list[str]) -> tuple[dict[str, set[str]], dict[str, str]]:
    tags: dict[str, set[str]] = {}
    notes: dict[str, str] = {}
    for line in lines:
        kind, article_id, rest = line.split(" ", 2)
        if kind == "tag":
            tags.setdefault(article_id, set()).add(rest)
        elif kind == "note":
            notes[article_id] = rest
    return tags, notes


def test_two_processes_annotating_at_once_lose_nothing(tmp_path: Path) -> None:
    seeded(tmp_path, 50).close()
    with cleanup([]) as procs:
        workers = [worker("annotator.py", str(tmp_path), name, "150") for name in ("aa", "bb")]
        procs.extend(workers)
        outs = [Lines(w) for w in workers]
        for out in outs:
            out.wait_for(1, START_TIMEOUT)
        for w in workers:
            assert w.stdin is not None
            w.stdin.write(b"go\n")
            w.stdin.flush()
        for out in outs:
            out.wait_for(151, 120)
    store = Store.open(tmp_path)
    for out in outs:
        tags, _ = acknowledged(out.lines[1:])
        for article_id, wanted in tags.items():
            assert wanted <= set(store.my_tags_of(article_id))
    assert sum(len(t) for t in store.library.tags.values()) == 150


def test_killed_annotator_loses_no_acknowledged_write(tmp_path: Path) -> None:
    seeded(tmp_path, 30).close()
    rng = random.Random(7)
    expected_tags: dict[str, set[str]] = {}
    for round_ in range(12):
        with cleanup([]) as procs:
            proc = worker("annotator.py", str(tmp_path), f"r{round_}", "100000")
            procs.append(proc)
            out = Lines(proc)
            out.wait_for(1, START_TIMEOUT)
            assert proc.stdin is not None
            proc.stdin.write(b"go\n")
            proc.stdin.flush()
            out.wait_for(1 + rng.randint(1, 40), 60)
            time.sleep(rng.random() * 0.01)  # land the kill at a random point of a write
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=30)
            lines = out.drain()
        tags, notes = acknowledged(lines[1:])
        for article_id, wanted in tags.items():
            expected_tags.setdefault(article_id, set()).update(wanted)
        store = Store.open(tmp_path)  # opens after any kill
        for article_id, wanted in expected_tags.items():
            assert wanted <= set(store.my_tags_of(article_id))
        for article_id, note in notes.items():
            # the acknowledged note, or a later one (in flight when the kill landed)
            name, number = store.note_of(article_id).split(" ")
            assert name == f"r{round_}" and int(number) >= int(note.split(" ")[1])
        store.close()
