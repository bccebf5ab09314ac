"""The store's everyday promises: state survives, imports are idempotent, files stay consistent.

Each test reopens the store (``Store.open`` on the same directory) or reads the
files directly, so what is checked is what a later process would see.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from tui.core.document import format_articles, parse_files
from tui.core.models import Article, article_id
from tui.core.paths import seed_files
from tui.core.seeds import SEED_DIGEST, ensure_seeded
from tui.core.storage import SCHEMA
from tui.core.store import CATALOG_FILE, STATE_FILE, ImportResult, Refreshed, Store

REPO = Path(__file__).resolve().parent.parent


def art(
    company: str,
    title: str,
    summary: str | None = None,
    tags: tuple[str, ...] = ("general",),
    minutes: int = 3,
) -> Article:
    return Article.create(company, title, summary or f"{title} summary.", tags, minutes)


A = art("Netflix", "Alpha", tags=("kafka", "ml"))
B = art("Uber", "Bravo", tags=("kafka",), minutes=7)
C = art("Netflix", "Charlie", tags=("ml", "storage"))
D = art("Airbnb", "Delta", tags=("storage",))
ABC = [A, B, C]


def dir_snapshot(directory: Path, *, locks: bool = True) -> dict[str, bytes]:
    """Every file name and its bytes: 'nothing changed' means this is equal before and after."""
    return {
        p.name: p.read_bytes()
        for p in sorted(directory.iterdir())
        if p.is_file() and (locks or not p.name.endswith(".lock"))
    }


def assert_files_consistent(directory: Path) -> None:
    """After any write: NAME.bak is a real copy of NAME, and no temp file is left behind."""
    for name in (CATALOG_FILE, STATE_FILE):
        path = directory / name
        if path.exists():
            assert (directory / f"{name}.bak").read_bytes() == path.read_bytes(), name
    leftovers = [p.name for p in directory.iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []


def assert_counts(
    store: Store, articles: Iterable[Article], read: set[str], marked: set[str]
) -> None:
    """Counts recomputed by hand from the expected articles and state, not from the store."""
    articles = list(articles)
    counts = store.counts
    ids = {a.id for a in articles}
    assert counts.total == len(articles)
    assert counts.unread == sum(1 for a in articles if a.id not in read)
    assert counts.bookmarked == len(marked & ids)
    tags = {t for a in articles for t in a.tags}
    for tag in tags:
        expected = sum(1 for a in articles if tag in a.tags and a.id not in read)
        assert counts.tag_unread(tag) == expected, tag
    for company in {a.company for a in articles}:
        expected = sum(1 for a in articles if a.company == company and a.id not in read)
        assert counts.company_unread(company) == expected, company


def reopened(directory: Path) -> Store:
    return Store.open(directory)


# -- state survives --------
def test_read_and_bookmark_state_survive_reopening(tmp_path: Path) -> None:
    store = Store.open(tmp_path)
    store.import_articles(ABC)
    store.set_read([A.id, C.id], True)
    store.set_bookmarked([B.id], True)
    assert store.toggle_read(C.id) is False
    assert store.toggle_bookmarked(A.id) is True
    store.close()

    again = reopened(tmp_path)
    assert again.read == {A.id}
    assert again.bookmarked == {A.id, B.id}
    assert (again.state_of(A.id).read, again.state_of(A.id).bookmarked) == (True, True)
    assert (again.state_of(C.id).read, again.state_of(C.id).bookmarked) == (False, False)
    assert list(again.articles()) == ABC


# -- importing --------
def test_importing_the_same_articles_twice_adds_nothing(tmp_path: Path) -> None:
    store = Store.open(tmp_path)
    assert store.import_articles(ABC) == ImportResult(added=3, updated=0, unchanged=0)
    before = dir_snapshot(tmp_path)
    assert store.import_articles(ABC) == ImportResult(added=0, updated=0, unchanged=3)
    assert dir_snapshot(tmp_path) == before  # nothing to write, so nothing written
    assert list(reopened(tmp_path).articles()) == ABC


def test_a_batch_with_a_record_twice_keeps_the_later_copy(tmp_path: Path) -> None:
    store = Store.open(tmp_path)
    newer_a = art("Netflix", "Alpha", summary="Second copy.")
    assert store.import_articles([A, B, newer_a]) == ImportResult(2, 0, 0)
    assert list(reopened(tmp_path).articles()) == [newer_a, B]


def test_reimporting_an_edited_record_updates_it_in_place_and_keeps_state(tmp_path: Path) -> None:
    store = Store.open(tmp_path)
    store.import_articles(ABC)
    store.set_read([B.id], True)
    store.set_bookmarked([B.id], True)
    edited = art("Uber", "Bravo", summary="Rewritten summary.", tags=("new-tag",), minutes=12)
    assert edited.id == B.id

    assert store.import_articles([edited, A]) == ImportResult(added=0, updated=1, unchanged=1)
    assert list(store.articles()) == [A, edited, C]
    assert store.catalog.row_of[B.id] == 1
    store.close()

    again = reopened(tmp_path)
    assert list(again.articles()) == [A, edited, C]
    assert again.read == {B.id} and again.bookmarked == {B.id}
    assert_counts(again, [A, edited, C], {B.id}, {B.id})


def test_a_retyped_company_and_title_is_the_same_article(tmp_path: Path) -> None:
    """Ids fold case, so fixing capitalisation updates the record and keeps its state."""
    store = Store.open(tmp_path)
    store.import_articles(ABC)
    store.set_read([A.id], True)
    retyped = art("NETFLIX", "alpha", summary="Same story.", tags=("kafka", "ml"))
    assert retyped.id == A.id
    assert store.import_articles([retyped]) == ImportResult(0, 1, 0)
    again = reopened(tmp_path)
    assert list(again.articles()) == [retyped, B, C]
    assert again.read == {A.id}


def test_document_order_is_kept_across_imports_and_reopening(tmp_path: Path) -> None:
    first = [art("Zed", "Zulu"), art("Acme", "Mike"), art("Mid", "Alpha")]
    second = [art("Beta", "Yankee"), first[1], art("Aaa", "Aaa")]
    store = Store.open(tmp_path)
    store.import_articles(first)
    store.import_articles(second)
    expected = [*first, second[0], second[2]]  # new records appended in document order
    assert list(store.articles()) == expected
    assert list(reopened(tmp_path).articles()) == expected


# -- seeds --------
def test_ensure_seeded_imports_the_bundled_seeds_once(tmp_path: Path) -> None:
    seeds = parse_files(seed_files())
    assert seeds, "the checkout ships seed documents"
    store = Store.open(tmp_path)
    result = ensure_seeded(store)
    assert result == ImportResult(added=len(seeds), updated=0, unchanged=0)
    assert list(store.articles()) == seeds
    before = dir_snapshot(tmp_path)

    again = reopened(tmp_path)
    assert ensure_seeded(again) is None
    assert dir_snapshot(tmp_path) == before
    assert list(again.articles()) == seeds


def test_changed_seed_files_add_and_update_without_touching_state(tmp_path: Path) -> None:
    data, seeds_dir = tmp_path / "data", tmp_path / "seeds"
    seeds_dir.mkdir()
    seed = seeds_dir / "acme.txt"
    seed.write_text(format_articles(ABC), encoding="utf-8")
    store = Store.open(data)
    assert ensure_seeded(store, [seed]) == ImportResult(3, 0, 0)
    store.set_read([A.id, B.id], True)
    store.set_bookmarked([C.id], True)
    state_before = (data / STATE_FILE).read_bytes()
    assert ensure_seeded(store, [seed]) is None

    edited_b = art("Uber", "Bravo", summary="A new release edited this.", tags=("kafka", "go"))
    seed.write_text(format_articles([A, edited_b, C, D]), encoding="utf-8")
    store.close()
    store = reopened(data)
    assert ensure_seeded(store, [seed]) == ImportResult(added=1, updated=1, unchanged=2)
    assert (data / STATE_FILE).read_bytes() == state_before
    assert_files_consistent(data)
    store.close()

    again = reopened(data)
    assert list(again.articles()) == [A, edited_b, C, D]
    assert again.read == {A.id, B.id} and again.bookmarked == {C.id}
    assert ensure_seeded(again, [seed]) is None
    assert again.meta(SEED_DIGEST) is not None


# -- what each write touches --------
def test_a_toggle_rewrites_only_the_state_file(tmp_path: Path) -> None:
    store = Store.open(tmp_path)
    store.import_articles(ABC)
    store.toggle_read(C.id)
    catalog, state = tmp_path / CATALOG_FILE, tmp_path / STATE_FILE
    st, data = catalog.stat(), catalog.read_bytes()
    bak = (tmp_path / "catalog.json.bak").read_bytes()
    state_before = state.read_bytes()

    store.toggle_read(A.id)
    store.toggle_bookmarked(B.id)
    store.set_read([B.id, C.id], True)

    after = catalog.stat()
    assert (after.st_ino, after.st_mtime_ns) == (st.st_ino, st.st_mtime_ns)
    assert catalog.read_bytes() == data
    assert (tmp_path / "catalog.json.bak").read_bytes() == bak
    assert state.read_bytes() != state_before  # the toggles did go to disk, in the state file
    assert reopened(tmp_path).read == {A.id, B.id, C.id}


def test_every_write_leaves_a_matching_backup_and_no_temp_files(tmp_path: Path) -> None:
    store = Store.open(tmp_path)
    writes = [
        lambda: store.import_articles(ABC),
        lambda: store.set_read([A.id], True),
        lambda: store.toggle_bookmarked(B.id),
        lambda: store.import_articles([art("Uber", "Bravo", summary="Edited."), D]),
        lambda: store.set_read([A.id, D.id], False),
        lambda: store.toggle_read(C.id),
        lambda: ensure_seeded(store),
    ]
    for write in writes:
        write()
        assert_files_consistent(tmp_path)
    assert {p.name for p in tmp_path.iterdir()} >= {
        "catalog.json",
        "catalog.json.bak",
        "state.json",
        "state.json.bak",
    }


def test_the_catalog_file_is_column_wise_with_a_schema_version(tmp_path: Path) -> None:
    store = Store.open(tmp_path)
    store.import_articles(ABC)
    payload = json.loads((tmp_path / CATALOG_FILE).read_bytes())
    assert payload["casebook"] == {"kind": "catalog", "schema": SCHEMA}
    articles = payload["tables"]["articles"]
    assert set(articles) == {"ids", "columns"}
    assert len(articles["ids"]) == 3 and all(type(i) is int for i in articles["ids"])
    columns = articles["columns"]
    assert columns["title"] == ["Alpha", "Bravo", "Charlie"]
    assert columns["company"] == ["Netflix", "Uber", "Netflix"]
    assert columns["tags"] == [["kafka", "ml"], ["kafka"], ["ml", "storage"]]
    assert columns["minutes"] == [3, 7, 3]
    store.set_read([A.id], True)
    state = json.loads((tmp_path / STATE_FILE).read_bytes())
    assert state["casebook"] == {"kind": "state", "schema": SCHEMA}


# -- counts --------
def test_counts_follow_toggles_imports_and_refresh(tmp_path: Path) -> None:
    store = Store.open(tmp_path)
    store.import_articles(ABC)
    articles, read, marked = list(ABC), set[str](), set[str]()
    assert_counts(store, articles, read, marked)

    store.set_read([A.id, B.id], True)
    read |= {A.id, B.id}
    assert_counts(store, articles, read, marked)
    store.toggle_read(A.id)
    read.discard(A.id)
    store.toggle_bookmarked(C.id)
    marked.add(C.id)
    store.set_read([B.id], True)  # already read: counts must not move twice
    assert_counts(store, articles, read, marked)

    edited_b = art("Uber", "Bravo", tags=("storage", "go"), minutes=1)
    store.import_articles([edited_b, D])
    articles = [A, edited_b, C, D]
    assert_counts(store, articles, read, marked)  # B's read state moved to its new tags
    store.set_read([D.id], True)
    read.add(D.id)
    assert_counts(store, articles, read, marked)

    other = reopened(tmp_path)
    other.set_read([C.id], True)
    other.set_bookmarked([C.id, D.id], False)
    e = art("Uber", "Echo", tags=("kafka",))
    other.import_articles([e])
    read.add(C.id)
    marked -= {C.id, D.id}
    articles.append(e)
    assert store.refresh()
    assert_counts(store, articles, read, marked)


def test_counts_ignore_state_for_articles_not_in_the_catalogue(tmp_path: Path) -> None:
    """State may name an id the catalogue lacks (yet); counts only count catalogue rows."""
    store = Store.open(tmp_path)
    store.import_articles([A, B])
    store.set_read([C.id, A.id], True)
    store.set_bookmarked([C.id], True)
    assert_counts(store, [A, B], {A.id, C.id}, {C.id})
    store.import_articles([C])  # arrives later: its saved state applies
    assert_counts(store, [A, B, C], {A.id, C.id}, {C.id})
    assert reopened(tmp_path).state_of(C.id).bookmarked


# -- several writers --------
def test_refresh_picks_up_another_stores_changes_and_says_which_files(tmp_path: Path) -> None:
    mine = Store.open(tmp_path)
    mine.import_articles(ABC)
    theirs = Store.open(tmp_path)
    assert mine.refresh() == Refreshed(catalog=False, state=False)
    assert not mine.refresh()

    theirs.set_read([B.id], True)
    assert mine.refresh() == Refreshed(catalog=False, state=True)
    assert mine.read == {B.id}

    theirs.import_articles([D])
    assert mine.refresh() == Refreshed(catalog=True, state=False)
    assert list(mine.articles()) == [A, B, C, D]

    theirs.set_bookmarked([D.id], True)
    theirs.import_articles([art("Uber", "Bravo", summary="Edited elsewhere.")])
    assert mine.refresh() == Refreshed(catalog=True, state=True)
    assert mine.bookmarked == {D.id}
    assert mine.catalog.summaries[1] == "Edited elsewhere."
    assert not mine.refresh()


def test_two_stores_writing_in_turn_never_lose_each_others_updates(tmp_path: Path) -> None:
    """Neither store refreshes: every write must start from the disk, not its memory."""
    first = Store.open(tmp_path)
    first.import_articles(ABC)
    second = Store.open(tmp_path)
    first.set_read([A.id], True)
    second.set_read([B.id], True)
    first.toggle_bookmarked(C.id)
    second.set_bookmarked([A.id], True)
    first.toggle_read(C.id)
    second.set_read([A.id], False)
    e, f = art("Uber", "Echo"), art("Lyft", "Foxtrot")
    first.import_articles([e])
    second.import_articles([f, art("Uber", "Bravo", summary="Second edits B.")])
    first.import_articles([art("Netflix", "Charlie", summary="First edits C.")])

    again = reopened(tmp_path)
    assert again.read == {B.id, C.id}
    assert again.bookmarked == {A.id, C.id}
    assert [a.id for a in again.articles()] == [A.id, B.id, C.id, e.id, f.id]
    assert again.catalog.summaries[1:3] == ["Second edits B.", "First edits C."]
    # its last state write started from disk, so it saw B (second's) but not A's unread
    assert first.read == {A.id, B.id, C.id}
    assert first.refresh().state
    assert first.read == {B.id, C.id}


def test_a_writer_in_another_process_is_seen_and_not_lost(tmp_path: Path) -> None:
    """A real second process (its own file locks and caches) writing between our writes."""
    store = Store.open(tmp_path)
    store.import_articles(ABC)
    store.set_read([A.id], True)
    script = textwrap.dedent(
        f"""
        from pathlib import Path
        from tui.core.models import Article
        from tui.core.store import Store
        s = Store.open(Path({str(tmp_path)!r}))
        s.set_read([{B.id!r}], True)
        s.set_bookmarked([{A.id!r}], True)
        s.import_articles([Article.create("Airbnb", "Delta", "Delta summary.", ("storage",), 3)])
        """
    )
    subprocess.run([sys.executable, "-c", script], cwd=REPO, check=True, timeout=60)
    store.set_read([C.id], True)  # stale memory: must merge with the other process's write
    assert store.refresh().catalog
    assert store.read == {A.id, B.id, C.id}
    assert store.bookmarked == {A.id}
    assert [a.id for a in store.articles()] == [A.id, B.id, C.id, D.id]
    assert_counts(store, [A, B, C, D], {A.id, B.id, C.id}, {A.id})


# -- older state files --------
def write_legacy_state(directory: Path, rows: dict[str, tuple[bool, bool]]) -> None:
    """A state file from before rows carried their ``id`` (the doc id is the hex id)."""
    ids = [int(i, 16) for i in rows]
    payload = {
        "casebook": {"kind": "state", "schema": 1},
        "tables": {
            "state": {
                "ids": ids,
                "columns": {
                    "read": [r for r, _ in rows.values()],
                    "bookmarked": [b for _, b in rows.values()],
                    "updated": [1.0] * len(ids),
                },
            }
        },
    }
    data = json.dumps(payload).encode()
    for name in (STATE_FILE, STATE_FILE + ".bak"):
        (directory / name).write_bytes(data)


def test_state_rows_without_an_id_column_still_load_and_mix_with_new_rows(tmp_path: Path) -> None:
    """Old rows lack "id", new rows have it: the mixed table must load after a reopen."""
    Store.open(tmp_path).import_articles(ABC)
    write_legacy_state(tmp_path, {A.id: (True, False), B.id: (False, True)})
    store = reopened(tmp_path)
    assert store.read == {A.id} and store.bookmarked == {B.id}

    store.set_read([C.id], True)  # a new row, with an id, next to the old ones
    store.set_bookmarked([A.id], True)  # an old row updated in place
    store.close()
    again = reopened(tmp_path)
    assert again.read == {A.id, C.id}
    assert again.bookmarked == {A.id, B.id}
    assert_counts(again, ABC, {A.id, C.id}, {A.id, B.id})
    again.toggle_read(A.id)
    assert reopened(tmp_path).read == {C.id}


def test_article_ids_are_stable() -> None:
    """State is keyed by id: the id of a record must not change between releases."""
    assert article_id("Netflix", "Alpha") == "9a2aa292522f"
    assert article_id("netflix", "ALPHA") == "9a2aa292522f"


def test_open_removes_temp_files_of_killed_writers_but_not_of_a_running_one(
    tmp_path: Path,
) -> None:
    from filelock import FileLock

    store = Store.open(tmp_path)
    store.import_articles(ABC)
    store.set_read([A.id], True)
    store.close()
    stale = [tmp_path / ".catalog.json.abc123.tmp", tmp_path / ".state.json.bak.x1.tmp"]
    busy = tmp_path / ".state.json.q9.tmp"
    for path in (*stale, busy):
        path.write_bytes(b"half a write")
    # Another process is writing state.json right now: its temp file must survive.
    with FileLock(str(tmp_path / STATE_FILE) + ".lock"):
        Store.open(tmp_path).close()
        assert not stale[0].exists()  # the catalogue's lock was free
        assert stale[1].exists() and busy.exists()
    reopened = Store.open(tmp_path)
    assert not any(p.exists() for p in (*stale, busy))
    assert reopened.read == {A.id}
    assert [a.id for a in reopened.articles()] == [A.id, B.id, C.id]


def test_prepare_writes_never_reads_the_disk_behind_refresh(tmp_path: Path) -> None:
    """The app runs it in a worker: it must not swallow another process's change."""
    store = Store.open(tmp_path)
    store.import_articles(ABC)
    store.set_read([A.id], True)
    other = Store.open(tmp_path)
    other.set_bookmarked([B.id], True)  # another process, after we loaded
    store.prepare_writes()
    assert store.refresh().state  # still seen as a change...
    assert store.bookmarked == {B.id}  # ...and picked up
    store.toggle_read(C.id)
    assert Store.open(tmp_path).read == {A.id, C.id}
    assert Store.open(tmp_path).bookmarked == {B.id}


def test_prepare_writes_drops_rows_that_went_stale_while_it_built_them(
    tmp_path: Path, monkeypatch: Any
) -> None:
    import tui.core.storage as storage

    store = Store.open(tmp_path)
    store.import_articles(ABC)
    store.set_read([A.id], True)
    store.close()
    store = Store.open(tmp_path)
    real = storage._decode_tables

    def slow_decode(payload: Any) -> Any:
        if threading_marker:  # the worker's decode: a toggle lands meanwhile
            threading_marker.clear()
            store.toggle_bookmarked(B.id)
        return real(payload)

    threading_marker = [True]
    monkeypatch.setattr(storage, "_decode_tables", slow_decode)
    store.prepare_writes()
    store.toggle_read(C.id)  # must start from the toggle, not from the stale rows
    reopened = Store.open(tmp_path)
    assert reopened.read == {A.id, C.id}
    assert reopened.bookmarked == {B.id}
