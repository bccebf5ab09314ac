"""Regression guards for the parts that keep casebook fast at 100k articles.

No wall-clock asserts (they flake on a busy machine): each test counts the work
done, so an accidental O(catalogue) step on a hot path fails deterministically.
The figures themselves come from ``tests/bench/run.py``.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any, SupportsIndex

import pytest

from tests.bench.corpus import generate
from tests.ui_support import screen_text, wait_until
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


# -- a sidebar of 200k entries, a 10 MB summary ---------------------------------------------


def wide_catalog(n: int) -> Catalog:
    """Every article with its own company and its own tag: n + n sidebar entries."""
    ids = [f"{i:012x}" for i in range(n)]
    return Catalog(
        ids=ids,
        companies=[f"Company {i:06d}" for i in range(n)],
        titles=[f"Title {i}" for i in range(n)],
        summaries=["A summary."] * n,
        tags=[[f"tag-{i:06d}"] for i in range(n)],
        minutes=[3] * n,
    )


async def test_sidebar_of_200k_entries_draws_a_screenful(tmp_path: Path) -> None:
    from tui.core import sidebar_entries
    from tui.ui.widgets import sidebar as sidebar_module
    from tui.ui.widgets.sidebar import Sidebar

    store = Store.open(tmp_path)
    store.catalog = wide_catalog(N)
    app = CasebookApp(store, poll_seconds=3600)
    drawn: list[int] = []
    built: list[int] = []
    threads: list[bool] = []
    original_render = Sidebar._render_entry
    original_init = sidebar_entries.SidebarEntries.__init__

    def spy_render(self: Sidebar, index: int, *args: Any) -> Any:
        drawn.append(index)
        return original_render(self, index, *args)

    def spy_init(self: Any, catalog: Catalog) -> None:
        if len(catalog):  # not the empty placeholder before the first rebuild
            built.append(len(catalog))
            threads.append(threading.current_thread() is threading.main_thread())
        original_init(self, catalog)

    mp = pytest.MonkeyPatch()
    mp.setattr(Sidebar, "_render_entry", spy_render)
    mp.setattr(sidebar_module.SidebarEntries, "__init__", spy_init)
    try:
        async with app.run_test(size=(120, 35)) as pilot:
            await pilot.pause()
            sidebar = app.query_one("#sidebar", Sidebar)
            # the names are listed in a worker thread, not before the first frame
            await wait_until(pilot, lambda: len(sidebar.entries) == 2 * N + 7, timeout=30)
            height = sidebar.scrollable_content_region.height
            assert 0 < len(drawn) <= 3 * height  # a screenful of 200k entries
            assert built == [N] and threads == [False]  # listed once, off the UI thread
            sidebar.focus()
            await pilot.pause()
            drawn.clear()
            await pilot.press("j")
            await pilot.pause()
            assert len(drawn) <= 2
            # a toggle redraws the counts it changed, where they are on screen
            app.articles.focus()
            await pilot.pause()
            drawn.clear()
            await pilot.press("r")
            await pilot.pause()
            assert len(drawn) <= 4 and built == [N]
            # another process changes the state: a screenful is redrawn, nothing rebuilt
            other = Store.open(tmp_path)
            other.set_read([store.catalog.ids[i] for i in (1, 2, 50_000)], True)
            drawn.clear()
            app.poll_store()
            await pilot.pause()
            assert store.counts.read == 4
            assert built == [N] and len(drawn) <= 2 * height
            sidebar.focus()
            await pilot.pause()
            drawn.clear()
            await pilot.press("G")  # the last company, 200k entries down
            await pilot.pause()
            assert 0 < len(drawn) <= 2 * height
            assert sidebar.highlighted_id == f"company:Company {N - 1:06d}"
            await pilot.press("enter")
            await pilot.pause()
            assert app.articles.rows == [N - 1]
    finally:
        mp.undo()


def test_sidebar_entries_find_names_by_bisection() -> None:
    from tui.core.sidebar_entries import SidebarEntries

    cat = wide_catalog(1_000)
    cat.companies[6] = "company 000005"  # equal but for case to Company 000005
    entries = SidebarEntries(cat)
    for option in ("all", "tag:tag-000999", "company:Company 000005", "company:company 000005"):
        index = entries.index_of(option)
        assert index is not None and entries[index].option_id == option
    assert entries.index_of("tag:nope") is None and entries.index_of("company:nope") is None
    assert [entries[i].kind for i in range(3, 5)] == ["gap", "heading"]


async def test_a_10_mb_summary_is_wrapped_only_as_far_as_shown(tmp_path: Path) -> None:
    from tui.core.models import Article
    from tui.ui.widgets import detail as detail_module
    from tui.ui.widgets.detail import CHUNK, FIELD_SHOWN, DetailPane

    store = Store.open(tmp_path)
    store.import_articles(
        [Article.create("Big", "Huge", "Word " * 2_000_000, ("big",), 3)]
        + [Article.create("Small", f"Short {i}", "Short summary.", ("small",), 3) for i in range(3)]
    )
    app = CasebookApp(store, poll_seconds=3600)
    wrapped: list[int] = []
    original = detail_module.divide_line

    def spy(text: str, *args: Any, **kwargs: Any) -> Any:
        wrapped.append(len(text))
        return original(text, *args, **kwargs)

    mp = pytest.MonkeyPatch()
    mp.setattr(detail_module, "divide_line", spy)
    try:
        async with app.run_test(size=(120, 35)) as pilot:
            await pilot.pause()
            lst = app.articles
            big = store.catalog.row_of[store.catalog.ids[0]]
            lst.cursor = lst.rows.index(big) + 1 if lst.rows.index(big) == 0 else 0
            await pilot.pause()
            for key in ("j", "k", "j", "k"):
                wrapped.clear()
                await pilot.press(key)
                await pilot.pause()
                # a screenful of the summary (plus a chunk's slack) and the short fields
                assert sum(wrapped) <= 3 * CHUNK + 4 * FIELD_SHOWN
            if lst.current_row != big:
                await pilot.press("j" if lst.rows.index(big) > lst.cursor else "k")
                await pilot.pause()
            detail = app.query_one("#detail", DetailPane)
            assert detail.lines[0] == "Huge"
            assert "│ Word Word" in "\n".join(
                strip.text for strip in app.screen._compositor.render_strips()
            )
            detail.focus()
            wrapped.clear()
            await pilot.press("end")  # to the end: a bounded amount, then the note
            await pilot.pause()
            assert sum(wrapped) <= detail_module.SUMMARY_SHOWN + 4 * FIELD_SHOWN + CHUNK
            note = " ".join(detail.lines[-4:])
            assert "more characters not shown here; `casebook list --json` prints" in note
            last = f"│ {detail.lines[-1]}"
            await wait_until(pilot, lambda: last in screen_text(app))
    finally:
        mp.undo()
