"""A catalogue another process wrote, prepared off the UI thread and adopted (tui.core.reload),
without Textual: what is adopted equals what a plain load builds, a stale prepare is not
adopted, a toggle made meanwhile survives, and damage falls back to the usual load."""

from __future__ import annotations

import gc
import os
import weakref
from pathlib import Path

import pytest

from tui.core.catalog import Catalog
from tui.core.counts import Counts
from tui.core.gc_pause import paused_gc
from tui.core.models import Article
from tui.core.reload import NeedsLoad, PreparedCatalog, prepare_catalog, release
from tui.core.store import Store

COMPANIES = ("Acme", "ACME", "acme labs", "Zürich Re", "Globex", "Äpfel AG", "initech", "Globex")


def articles(n: int, start: int = 0) -> list[Article]:
    """Companies equal but for case (their order is the first seen), shared and own tags."""
    return [
        Article.create(
            COMPANIES[i % len(COMPANIES)] if i % 5 else f"Own Co {i}",
            f"Title {i} about {('kafka', 'Postgres', 'edge caches')[i % 3]}",
            f"Summary {i}: a paragraph of words, über and naïve.",
            (f"tag-{i % 7}", f"own-{i}") if i % 2 else ("general",),
            1 + i % 30,
        )
        for i in range(start, start + n)
    ]


def fresh_catalog(store: Store) -> Catalog:
    """What a plain load of the file builds (the reference)."""
    return Catalog.from_columns(store.catalog_file.table_columns("articles")[1])


def open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


@pytest.fixture
def stores(tmp_path: Path) -> tuple[Store, Store]:
    """The app's store and another process's, on one directory holding 600 articles."""
    other = Store.open(tmp_path)
    other.import_articles(articles(600))
    app_store = Store.open(tmp_path)
    app_store.set_read([a.id for a in articles(600)[::3]], True)
    app_store.set_bookmarked([articles(600)[5].id], True)
    return app_store, other


def test_adopt_hands_the_replaced_file_to_the_caller_to_close(
    stores: tuple[Store, Store],
) -> None:
    """Closing the last handle of a replaced catalogue frees its pages (~12 ms at 100k):
    the app does that in a worker, so adopt gives the descriptor away instead."""
    store, other = stores
    held = os.fstat(store.catalog_file._held or -1)
    other.import_articles(articles(50, start=600))
    prepared = prepare_catalog(store)
    handed: list[int] = []
    assert store.adopt_catalog(prepared, handed.append)
    [fd] = handed
    st = os.fstat(fd)  # still open, and the file read before
    assert (st.st_dev, st.st_ino) == (held.st_dev, held.st_ino)
    os.close(fd)
    before = open_fds()
    other.import_articles(articles(10, start=700))
    assert store.adopt_catalog(prepare_catalog(store))  # by default: closed right there
    assert open_fds() == before


def test_prepared_catalogue_equals_a_plain_load(stores: tuple[Store, Store]) -> None:
    store, other = stores
    other.import_articles(articles(50, start=600))
    assert store.catalog_changed()
    prepared = prepare_catalog(store)
    assert len(store.catalog) == 600  # nothing changes before the adopt
    assert store.adopt_catalog(prepared)
    assert not store.catalog_changed()
    got, want = store.catalog, fresh_catalog(store)
    assert len(got) == 650 and got.ids == want.ids and got.titles == want.titles
    for name in ("row_of", "rows_by_tag", "rows_by_company"):
        assert list(getattr(got, name).items()) == list(getattr(want, name).items()), name
    for name in ("haystack", "title_rank", "company_rank"):
        assert getattr(got, name) == getattr(want, name), name
    for key in ("title", "company", "minutes"):
        assert vars(got)["_orders"][key, False] == want.sort_order(key, descending=False)
    counts, expected = store.counts, Counts.build(want, store.read, store.bookmarked)
    assert (counts.read, counts.bookmarked) == (expected.read, expected.bookmarked)
    assert counts.read_by_tag == expected.read_by_tag
    assert counts.read_by_company == expected.read_by_company
    # the store writes on as ever: an import through it keeps the other process's articles
    store.import_articles(articles(1, start=700))
    assert len(Store.open(store.data_dir).catalog) == 651


def test_a_prepare_is_stale_when_the_file_changed_again(stores: tuple[Store, Store]) -> None:
    store, other = stores
    other.import_articles(articles(10, start=600))
    before = open_fds()
    prepared = prepare_catalog(store)
    other.import_articles(articles(10, start=610))  # written again while it was prepared
    assert not store.adopt_catalog(prepared)
    assert len(store.catalog) == 600 and store.catalog_changed()
    assert open_fds() == before  # the file it held is closed again
    again = prepare_catalog(store)
    assert store.adopt_catalog(again)
    assert len(store.catalog) == 620


def test_a_prepare_is_stale_when_the_store_changed_its_copy(stores: tuple[Store, Store]) -> None:
    store, other = stores
    other.import_articles(articles(10, start=600))
    prepared = prepare_catalog(store)
    store.import_articles(articles(1, start=900))  # this store read and wrote it meanwhile
    assert not store.adopt_catalog(prepared)
    assert len(store.catalog) == 611
    assert not store.catalog_changed()


def test_a_toggle_made_while_it_is_prepared_is_kept(stores: tuple[Store, Store]) -> None:
    store, other = stores
    other.import_articles(articles(10, start=600))
    prepared = prepare_catalog(store)
    unread = next(i for i in store.catalog.ids if i not in store.read)
    assert store.toggle_read(unread)  # on the UI thread, while the worker's result waits
    assert store.adopt_catalog(prepared)
    assert unread in store.read
    expected = Counts.build(fresh_catalog(store), store.read, store.bookmarked)
    assert store.counts.read == expected.read == len(store.read)
    assert store.counts.read_by_tag == expected.read_by_tag
    assert unread in Store.open(store.data_dir).read  # and on disk


def test_damage_falls_back_to_the_usual_load(stores: tuple[Store, Store]) -> None:
    store, other = stores
    other.import_articles(articles(10, start=600))  # a good backup of 610 articles
    (store.data_dir / "catalog.json").write_bytes(b'{"casebook": {"kind": "catalog", "sch')
    with pytest.raises(NeedsLoad):
        prepare_catalog(store)
    assert len(store.catalog) == 600  # untouched until the usual load runs
    assert store.refresh().catalog  # restores the backup and says so, as it always has
    assert len(store.catalog) == 610
    assert any("restored" in notice for notice in store.notices)


def test_a_missing_catalogue_falls_back_too(stores: tuple[Store, Store]) -> None:
    store, _ = stores
    (store.data_dir / "catalog.json").unlink()
    with pytest.raises(NeedsLoad):
        prepare_catalog(store)


class Column(list):  # type: ignore[type-arg]
    """A list that can be watched with a weak reference."""


def test_release_takes_apart_only_what_nobody_else_holds() -> None:
    n = 10_000
    columns = {
        "id": Column(f"{i:012x}" for i in range(n)),
        "company": Column(["Acme"] * n),
        "title": Column(f"T{i}" for i in range(n)),
        "summary": Column(["s"] * n),
        "tags": Column(["a", "b"] for _ in range(n)),
        "minutes": Column([1] * n),
    }
    catalog = Catalog.from_columns(columns)
    titles = columns.pop("title")  # still used elsewhere: must survive untouched
    watched = {name: weakref.ref(column) for name, column in columns.items()}
    leftovers: list[object] = [catalog]
    del catalog, columns
    release(leftovers)
    assert leftovers == []
    assert all(ref() is None for ref in watched.values())  # freed, in slices
    assert len(titles) == n and titles[-1] == f"T{n - 1}"


def test_paused_gc_nests_and_restores() -> None:
    assert gc.isenabled()
    with paused_gc():
        assert not gc.isenabled()
        with paused_gc():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_discard_closes_the_file(stores: tuple[Store, Store]) -> None:
    store, other = stores
    other.import_articles(articles(3, start=600))
    before = open_fds()
    prepared: PreparedCatalog = prepare_catalog(store)
    assert open_fds() == before + 1
    prepared.discard()
    prepared.discard()  # twice is harmless
    assert open_fds() == before
