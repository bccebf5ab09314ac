"""Regression guards for the parts that keep casebook fast at 100k articles.

No wall-clock asserts (they flake on a busy machine): each test counts the work
done, so an accidental O(catalogue) step on a hot path fails deterministically.
The figures themselves come from ``tests/bench/run.py``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, SupportsIndex

import pytest

from tests.bench.corpus import generate
from tui.core.catalog import Catalog
from tui.core.store import Store
from tui.core.views import Filter, filter_rows, search_rows
from tui.ui.app import CasebookApp
from tui.ui.widgets.article_list import ArticleList

N = 100_000


class Counting(list[Any]):
    """A column that counts reads, so a test can tell a scan from an index lookup."""

    reads = 0

    def __getitem__(self, index: SupportsIndex | slice) -> Any:  # type: ignore[override]
        Counting.reads += 1
        return super().__getitem__(index)

    def __iter__(self) -> Iterator[Any]:
        Counting.reads += len(self)
        return super().__iter__()


@pytest.fixture(scope="module")
def big_catalog() -> Catalog:
    arts = generate(N, seed=7)
    return Catalog(
        ids=[a.id for a in arts],
        companies=[a.company for a in arts],
        titles=[a.title for a in arts],
        summaries=[a.summary for a in arts],
        tags=[list(a.tags) for a in arts],
        minutes=[a.read_minutes for a in arts],
    )


def counted(catalog: Catalog) -> Catalog:
    """The same catalogue with indexes built, whose row columns now count every read."""
    _ = catalog.rows_by_tag, catalog.rows_by_company, catalog.row_of, catalog.haystack
    clone = Catalog.__new__(Catalog)
    clone.__dict__.update(catalog.__dict__)
    for name in ("ids", "companies", "titles", "summaries", "tags", "minutes"):
        setattr(clone, name, Counting(getattr(catalog, name)))
    clone.__dict__["haystack"] = Counting(catalog.haystack)
    return clone


def test_tag_and_company_filters_read_no_rows(big_catalog: Catalog) -> None:
    cat = counted(big_catalog)
    rare_tag = min(cat.rows_by_tag, key=lambda t: len(cat.rows_by_tag[t]))
    Counting.reads = 0
    rows = filter_rows(cat, set(), set(), Filter("tag", rare_tag))
    company = next(iter(cat.rows_by_company))
    rows_c = filter_rows(cat, set(), set(), Filter("company", company))
    assert Counting.reads == 0  # straight from the prebuilt indexes
    assert rows and all(rare_tag in big_catalog.tags[r] for r in rows)
    assert rows_c and all(big_catalog.companies[r] == company for r in rows_c)


def test_bookmarked_filter_is_proportional_to_bookmarks(big_catalog: Catalog) -> None:
    cat = counted(big_catalog)
    marked = {big_catalog.ids[i] for i in (5, 50_000, 99_999)}
    Counting.reads = 0
    assert filter_rows(cat, set(), marked, Filter("bookmarked")) == [5, 50_000, 99_999]
    assert Counting.reads == 0


def test_search_narrowing_reads_only_the_rows_it_narrows(big_catalog: Catalog) -> None:
    cat = counted(big_catalog)
    rows = cat.rows_by_tag["kafka"][:500]
    Counting.reads = 0
    found = search_rows(cat, rows, "kafka")
    assert Counting.reads <= len(rows)  # one haystack read per candidate row, no more
    assert found == rows  # every row tagged kafka contains the word


async def test_list_draws_only_visible_rows_at_100k(tmp_path: Path, big_catalog: Catalog) -> None:
    store = Store.open(tmp_path)
    store.catalog = big_catalog  # in memory only: the list never asks for more than it shows
    app = CasebookApp(store, poll_seconds=3600)
    drawn: list[int] = []
    original = ArticleList._render_row

    def spy(self: ArticleList, row: int, *args: Any) -> Any:
        drawn.append(row)
        return original(self, row, *args)

    mp = pytest.MonkeyPatch()
    mp.setattr(ArticleList, "_render_row", spy)
    try:
        async with app.run_test(size=(120, 35)) as pilot:
            await pilot.pause()
            lst = app.query_one("#articles", ArticleList)
            height = lst.scrollable_content_region.height
            assert len(lst.rows) == N
            # The first frames: a few screenfuls while the layout settles, not 100k rows.
            assert 0 < len(drawn) <= 3 * app.size.height
            drawn.clear()
            await pilot.press("j")
            await pilot.pause()
            assert len(drawn) <= 2  # the old and the new cursor line
            drawn.clear()
            await pilot.press("G")
            await pilot.pause()
            assert 0 < len(drawn) <= 2 * height and max(drawn) == N - 1
    finally:
        mp.undo()


def test_toggle_adjusts_counts_without_a_recount(tmp_path: Path) -> None:
    store = Store.open(tmp_path)
    arts = generate(2_000, seed=3)
    store.import_articles(arts)
    counts = store.counts
    before = counts.tag_unread(arts[0].tags[0])
    Counting.reads = 0
    store.catalog.tags = Counting(store.catalog.tags)
    store.toggle_read(arts[0].id)
    assert store.counts is counts  # adjusted in place, not rebuilt from 2k rows
    assert Counting.reads <= 1  # just the toggled article's tags
    assert counts.tag_unread(arts[0].tags[0]) == before - 1
