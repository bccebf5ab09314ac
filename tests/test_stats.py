"""Reading stats against a small store whose figures are worked out by hand, `casebook stats`,
and the stats screen (`i`, the palette, closing, scrolling at 60x20)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from tests.store_cleanup import close_stores  # noqa: F401 - an autouse fixture
from tests.test_cli import CLI
from tests.ui_support import NEVER, make_app, screen_text, wait_until
from tui.core import stats as stats_module
from tui.core import store as store_module
from tui.core.models import Article
from tui.core.stats import Group, compute, week_starts
from tui.core.store import Store
from tui.ui.app import CasebookApp
from tui.ui.stats_screen import StatsScreen

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)  # a Thursday; its week began Mon 2026-11-23


def at(*args: int) -> float:
    return datetime(*args, tzinfo=UTC).timestamp()  # type: ignore[misc]


A = Article.create("Acme", "Alpha", "A.", ("x", "y"), 5)
B = Article.create("Acme", "Bravo", "B.", ("y",), 10)
C = Article.create("Beta", "Charlie", "C.", ("x", "z"), 7)
D = Article.create("Beta", "Delta", "D.", ("z",), 3)
E = Article.create("Gamma", "Echo", "E.", ("y",), 20)


def build(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    """Five articles; each change stamped with a chosen time."""
    store = Store.open(data_dir)
    store.import_articles([A, B, C, D, E])
    clock: Iterator[float] = iter([])
    monkeypatch.setattr(store_module.time, "time", lambda: next(clock))

    def at_time(when: float, change: object) -> None:
        nonlocal clock
        clock = iter([when])
        assert callable(change)
        change()

    at_time(at(2026, 11, 16, 10), lambda: store.set_read([B.id], True))  # last week
    at_time(at(2026, 11, 22, 23, 59, 59), lambda: store.set_read([C.id], True))  # Sunday: last
    at_time(at(2026, 11, 20), lambda: store.set_read([A.id], True))  # moved by the bookmark:
    at_time(at(2026, 11, 23), lambda: store.set_bookmarked([A.id], True))  # Monday 00:00
    at_time(at(2025, 1, 1), lambda: store.set_read([E.id], True))  # long before 26 weeks
    at_time(at(2026, 11, 25), lambda: store.set_read([D.id], True))
    at_time(at(2026, 11, 25, 1), lambda: store.set_read([D.id], False))  # read, then unread
    at_time(at(2026, 11, 25, 2), lambda: store.set_bookmarked([D.id], True))
    at_time(at(2026, 11, 24), lambda: store.set_read(["0123456789ab"], True))  # not in catalogue
    monkeypatch.undo()
    return Store.open(data_dir)


def test_figures_match_the_hand_count(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    stats = compute(build(tmp_path, monkeypatch), now=NOW, tz=UTC)
    assert (stats.total, stats.read, stats.unread, stats.bookmarked) == (5, 4, 1, 2)
    assert (stats.minutes_read, stats.minutes_total) == (5 + 10 + 7 + 20, 45)
    assert stats.tags == [  # most articles first, then most read, then by name
        Group("y", total=3, read=3, bookmarked=1, minutes_read=35),
        Group("x", total=2, read=2, bookmarked=1, minutes_read=12),
        Group("z", total=2, read=1, bookmarked=1, minutes_read=7),
    ]
    assert stats.companies == [
        Group("Acme", total=2, read=2, bookmarked=1, minutes_read=15),
        Group("Beta", total=2, read=1, bookmarked=1, minutes_read=7),
        Group("Gamma", total=1, read=1, bookmarked=0, minutes_read=20),
    ]
    assert len(stats.weeks) == 26
    assert stats.weeks[0].start == date(2026, 6, 1) and stats.weeks[-1].start == date(2026, 11, 23)
    assert [w.read for w in stats.weeks] == [0] * 24 + [2, 1]


def test_week_starts_are_monday_midnights() -> None:
    starts = week_starts(NOW, 3, UTC)
    assert [s.isoformat() for s in starts] == [
        "2026-11-09T00:00:00+00:00", "2026-11-16T00:00:00+00:00", "2026-11-23T00:00:00+00:00",
        "2026-11-30T00:00:00+00:00",
    ]  # fmt: skip
    sunday_night = datetime(2026, 11, 29, 23, 0, tzinfo=UTC)
    assert week_starts(sunday_night, 1, UTC)[0].date() == date(2026, 11, 23)


def test_empty_store_has_zeros_not_errors(tmp_path: Path) -> None:
    stats = compute(Store.open(tmp_path), now=NOW, tz=UTC)
    assert (stats.total, stats.read, stats.tags, stats.companies) == (0, 0, [], [])
    assert [w.read for w in stats.weeks] == [0] * 26


def test_state_rows_without_times_are_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = build(tmp_path, monkeypatch)
    _, columns = store.state_file.held_table_columns("state")
    monkeypatch.setattr(
        store.state_file, "held_table_columns",
        lambda name: ([], {"id": columns["id"], "read": columns["read"],
                           "updated": [None, "x", True, *columns["updated"][3:]]}),
    )  # fmt: skip
    # B, C and A (the first three rows) lose their times; E still counts; nothing raises.
    assert columns["id"][:4] == [B.id, C.id, A.id, E.id]
    assert stats_module.read_times(store) == [at(2025, 1, 1)]


@pytest.fixture
def cb(capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CLI:
    monkeypatch.setenv("CASEBOOK_DATA_DIR", str(tmp_path / "env-default"))
    return CLI(capsys, tmp_path / "data")


def test_cli_stats_json_and_table(cb: CLI, monkeypatch: pytest.MonkeyPatch) -> None:
    build(cb.data_dir, monkeypatch)
    data = json.loads(cb.ok("stats", "--json"))
    assert {k: data[k] for k in ("total", "read", "unread", "bookmarked", "minutes_read")} == {
        "total": 14,
        "read": 4,
        "unread": 10,
        "bookmarked": 2,
        "minutes_read": 42,
    }  # fmt: skip  (the 9 bundled articles are seeded on first use, all unread)
    assert {"name": "x", "total": 2, "read": 2, "bookmarked": 1, "minutes_read": 12} in data["tags"]
    assert len(data["weeks"]) == 26 and set(data["weeks"][0]) == {"start", "read"}
    table = cb.ok("stats")
    assert "4 of 14 articles read (28%) · 2 bookmarked · 42 of 90 minutes read" in table
    assert "Gamma" in table and "Read per week, last 26 weeks" in table


# -- the screen ------------------------------------------------------------------------------


async def test_i_opens_the_stats_and_q_escape_and_i_close_them(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 35)) as pilot:
        for close in ("q", "escape", "i"):
            await pilot.press("i")
            await wait_until(pilot, lambda: isinstance(app.screen, StatsScreen))
            text = screen_text(app)
            assert "0 of 9 articles read (0%)" in text and "Reading stats" in text
            assert "microservices" in text and "Netflix" in text
            await pilot.press(close)
            await wait_until(pilot, lambda: not isinstance(app.screen, StatsScreen))
        assert not app._exit  # q closed the screen, it did not quit


async def test_keys_for_the_list_do_nothing_under_the_stats(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 35)) as pilot:
        await pilot.press("i")
        await wait_until(pilot, lambda: isinstance(app.screen, StatsScreen))
        await pilot.press("r", "b", "s")
        await pilot.pause()
        assert app.store.read == set() and app.store.bookmarked == set()


async def test_stats_reflect_a_toggle_and_come_from_the_palette(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 35)) as pilot:
        await pilot.press("r")
        await pilot.press("ctrl+p", *"stats")
        await wait_until(pilot, lambda: "Reading stats per tag" in screen_text(app))
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, StatsScreen))
        await wait_until(pilot, lambda: "1 of 9 articles read (11%)" in screen_text(app))


async def test_after_a_change_the_screen_opens_with_the_last_figures_then_counts(
    tmp_path: Path,
) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 35)) as pilot:
        await wait_until(pilot, lambda: app.stats_cache.last is not None)  # warmed at start
        await pilot.press("i")
        await wait_until(pilot, lambda: isinstance(app.screen, StatsScreen))
        assert app.screen.recount is None  # nothing changed: the cached figures, no counting
        await pilot.press("escape", "r", "b")
        await pilot.press("i")
        await wait_until(pilot, lambda: isinstance(app.screen, StatsScreen))
        screen = app.screen
        assert isinstance(screen, StatsScreen) and screen.recount is not None
        await wait_until(pilot, lambda: "1 of 9 articles read (11%) · 1 bookmarked" in
                         screen_text(app))  # fmt: skip
        await wait_until(pilot, lambda: "counting…" not in screen_text(app))
        assert app.stats_cache.fresh(app.store)


async def test_stats_scroll_at_60x20(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = build(tmp_path, monkeypatch)
    app = CasebookApp(store, poll_seconds=NEVER)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press("i")
        await wait_until(pilot, lambda: isinstance(app.screen, StatsScreen))
        assert "Gamma" not in screen_text(app)  # below the fold
        body = app.screen.query_one("#stats-body")
        await pilot.press("G")
        await wait_until(pilot, lambda: "Gamma" in screen_text(app))
        assert body.scroll_y > 0
        await pilot.press("g")
        await wait_until(pilot, lambda: body.scroll_y == 0)
        await pilot.press("j", "j")
        await wait_until(pilot, lambda: body.scroll_y == 2)


def test_cache_is_fresh_until_the_store_changes(tmp_path: Path) -> None:
    store = Store.open(tmp_path)
    store.import_articles([A, B])
    cache = stats_module.StatsCache()
    assert not cache.fresh(store)
    first = cache.get(store)
    assert cache.fresh(store) and cache.get(store) is first
    store.set_read([A.id], True)  # a write: the store now holds a new state file
    assert not cache.fresh(store)
    assert cache.get(store).read == 1
    other = Store.open(tmp_path)  # another process's change, picked up by refresh()
    other.set_bookmarked([B.id], True)
    assert cache.fresh(store)
    store.refresh()
    assert not cache.fresh(store) and cache.get(store).bookmarked == 1
    store.import_articles([C])
    assert not cache.fresh(store) and cache.get(store).total == 3


def test_counting_never_takes_in_another_process_change_behind_the_stores_back(
    tmp_path: Path,
) -> None:
    """Stats (and the theme preference) read the state the store holds, never the disk:
    a reload there would leave the store's sets behind and its refresh() would miss it."""
    store = Store.open(tmp_path)
    store.import_articles([A, B])
    Store.open(tmp_path).set_read([A.id], True)  # another process
    assert compute(store, now=NOW, tz=UTC).read == 0  # as the store still shows it
    assert store.preference("theme") is None
    assert store.refresh().state and A.id in store.read
    assert compute(store, now=NOW, tz=UTC).read == 1


@pytest.mark.parametrize("screen", ["stats", "export"])
async def test_new_screens_survive_resizing_with_hostile_content(
    tmp_path: Path, screen: str
) -> None:
    from tests.test_screen_survives import hostile_app, resize_through
    from tui.ui.export_screen import ExportScreen

    app = hostile_app(tmp_path)
    async with app.run_test(size=(120, 35)) as pilot:
        await pilot.press("G", "r", "b")  # the last hostile article: read and bookmarked
        if screen == "stats":
            await pilot.press("i")
        else:
            app.action_export_view()
        expected = StatsScreen if screen == "stats" else ExportScreen
        await wait_until(pilot, lambda: isinstance(app.screen, expected))
        await resize_through(pilot, app)
        text = screen_text(app)
        if screen == "stats":
            assert "1 of 15 articles read (6%) · 1 bookmarked" in text
            await pilot.press("G")  # the companies are below the tags
            await wait_until(pilot, lambda: "Zero width" in screen_text(app))
            zero = next(line for line in screen_text(app).splitlines() if "Zero width" in line)
            assert "1/1" in zero  # read, first of the one-article companies
        else:
            assert "Export the 15 articles" in text
