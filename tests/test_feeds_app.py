"""Feed text in the app: markup injected by a feed is shown as literal text, never run."""

from __future__ import annotations

import asyncio
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from tests.feed_support import http, item_xml, refresh, rss, server, subscribe
from tests.ui_support import (
    NEVER,
    count_layouts,
    list_titles,
    make_app,
    screen_text,
    seeded_store,
    wait_until,
)
from tui.core.config import load_config
from tui.core.store import Store
from tui.feeds.fetch import FetchPolicy
from tui.ui import feed_refresh
from tui.ui.app import CasebookApp
from tui.ui.feed_refresh import run_refresh

__all__ = ["http", "server"]  # fixtures

MARKUP = "[@click=app.quit]x[/] [/] [link=file:///etc/passwd]y[/link] [bold red]z"


async def test_feed_markup_is_shown_not_executed(http: HTTPServer, tmp_path: Path) -> None:
    body = rss(item_xml("g1", f"Zzz {MARKUP}", description=f"<p>Sum {MARKUP}</p>"),
               title="Evil [@click=app.quit]Co[/]")
    http.expect_request("/evil").respond_with_data(body)
    subscribe(tmp_path, http.url_for("/evil"))
    [result] = await asyncio.to_thread(refresh, tmp_path)  # as the app will: off its loop
    assert result.ok
    app = make_app(tmp_path)
    async with app.run_test(size=(160, 40)) as pilot:
        row = list_titles(app).index(f"Zzz {MARKUP}")
        await pilot.press(*["j"] * row)
        # The detail pane shows the title, company and summary as written, markup and all.
        await wait_until(pilot, lambda: "Zzz [@click=app.quit]x[/] [/]" in screen_text(app))
        text = screen_text(app)
        assert "Zzz [@click=app.quit]x[/] [/] [link=file:" in text  # the list row
        assert "Evil [@click=app.quit]Co[/]" in text
        assert "Sum [@click=app.quit]x[/] [/]" in text
        # Clicking the row must not reach an injected action (app.quit).
        await pilot.click("#articles", offset=(10, row + 1))
        await pilot.pause()
        assert app.is_running


async def test_R_refreshes_in_the_background_and_keeps_the_cursor(
    http: HTTPServer, tmp_path: Path
) -> None:
    http.expect_request("/good").respond_with_data(
        rss(item_xml("g1", "Fresh post", description="<p>New <b>words</b>.</p>"))
    )
    http.expect_request("/gone").respond_with_data("nope", status=404)
    app = make_app(tmp_path)
    subscribe(tmp_path, http.url_for("/good"), http.url_for("/gone"))
    shown: list[str] = []
    async with app.run_test(size=(120, 35), notifications=True) as pilot:
        real = app._show_activity

        def spy(text: str) -> None:
            shown.append(text)
            real(text)

        app._show_activity = spy  # type: ignore[method-assign]
        await pilot.press("j", "j")
        reading = app.store.catalog.ids[2]
        await pilot.press("R")
        await wait_until(pilot, lambda: "Fresh post" in list_titles(app), timeout=30)
        await wait_until(pilot, lambda: "Feed failed" in screen_text(app))
        assert "404" in screen_text(app)
        assert "2 feeds: 1 new, 0 updated, 1 failed" in screen_text(app)
        row = app.query_one("#articles").current_row  # type: ignore[attr-defined]
        assert app.store.catalog.ids[row] == reading  # the cursor did not move off it
        assert "feeds 2/2" in shown and shown[-1] == ""  # progress in the header, then gone
        assert "10 articles" in screen_text(app)


async def test_header_progress_and_counts_repaint_without_a_screen_layout(
    tmp_path: Path,
) -> None:
    """`R`'s progress changes the header five times a second, a mark changes its counts:
    each repaints the header line only (widgets/header.py), never the whole screen."""
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 35)) as pilot:
        await pilot.pause()
        layouts = count_layouts(app)
        for done in (3, 37, 100):
            app._show_activity(f"feeds {done}/100")
            await pilot.pause()
            assert f"feeds {done}/100" in screen_text(app).splitlines()[0]
        await pilot.press("r")
        await wait_until(pilot, lambda: "8 unread" in screen_text(app).splitlines()[0])
        app._show_activity("")
        await pilot.pause()
        assert "feeds" not in screen_text(app).splitlines()[0]
        assert not layouts


async def test_R_without_feeds_says_how_to_add_one(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 35), notifications=True) as pilot:
        await pilot.press("R")
        await wait_until(pilot, lambda: "casebook feeds add URL" in screen_text(app))


async def test_o_opens_only_http_links(http: HTTPServer, tmp_path: Path) -> None:
    http.expect_request("/f").respond_with_data(
        rss(item_xml("g1", "Linked", link="https://blog.example/p/[b]1"),
            item_xml("g2", "Sneaky", link="javascript:alert(1)"))
    )
    app = make_app(tmp_path)  # the bundled articles first, then the feed's
    subscribe(tmp_path, http.url_for("/f"))
    await asyncio.to_thread(refresh, tmp_path)
    app.store.refresh()
    opened: list[str] = []
    app.open_url = lambda url, **_kw: opened.append(url)  # type: ignore[method-assign]
    async with app.run_test(size=(120, 35), notifications=True) as pilot:
        await pilot.press("o")  # a bundled article: no link
        await wait_until(pilot, lambda: "has no http(s) link" in screen_text(app))
        assert opened == []
        titles = list_titles(app)
        await pilot.press(*["j"] * titles.index("Linked"), "o")
        assert opened == ["https://blog.example/p/[b]1"]
        await wait_until(pilot, lambda: "Opening https://blog.example" in screen_text(app))
        assert "[b]1" in screen_text(app)  # the link as written (a toast may wrap it)
        await pilot.press("g", *["j"] * titles.index("Sneaky"), "o")
        assert opened == ["https://blog.example/p/[b]1"]  # the javascript: link was dropped
        await pilot.press("g", *["j"] * titles.index("Linked"), "enter", "o")  # reading view
        assert opened[-1] == "https://blog.example/p/[b]1" and len(opened) == 2


async def test_sidebar_lists_feeds_with_counts_and_marks_a_failed_one(
    http: HTTPServer, tmp_path: Path
) -> None:
    http.expect_request("/ok").respond_with_data(
        rss(item_xml("a", "First post"), item_xml("b", "Second post"))
    )
    http.expect_request("/broken").respond_with_data("nope", status=500)
    app = make_app(tmp_path)
    subscribe(tmp_path, http.url_for("/ok"), name="Good Blog")
    subscribe(tmp_path, http.url_for("/broken"), name="Bad Blog")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.press("R")
        await wait_until(pilot, lambda: "Good Blog" in screen_text(app), timeout=30)
        await wait_until(pilot, lambda: "⚠ Bad Blog" in screen_text(app))
        assert "Feeds" in screen_text(app)
        line = next(ln for ln in screen_text(app).splitlines() if "Good Blog" in ln)
        assert "2/2" in line
        index = app.sidebar.get_option_index(f"feed:{http.url_for('/ok')}")
        app.sidebar.highlighted = index
        app.sidebar.focus()
        await pilot.press("enter")
        await wait_until(pilot, lambda: sorted(list_titles(app)) == ["First post", "Second post"])
        assert "feed: Good Blog · 2" in screen_text(app)
        await pilot.press("r")  # one read: the feed's count follows
        await wait_until(pilot, lambda: any(
            "Good Blog" in ln and "1/2" in ln for ln in screen_text(app).splitlines()
        ))


async def test_R_with_many_feeds_finishes(http: HTTPServer, tmp_path: Path) -> None:
    """At 12 feeds and more `casebook refresh` parses in worker processes; R runs it as a
    child process, which must finish and hand its articles to the app."""
    for n in range(14):
        http.expect_request(f"/many/{n}").respond_with_data(rss(item_xml(f"m{n}", f"Post {n}")))
    app = make_app(tmp_path)
    subscribe(tmp_path, *(http.url_for(f"/many/{n}") for n in range(14)))
    async with app.run_test(size=(120, 35), notifications=True) as pilot:
        await pilot.press("R")
        await wait_until(pilot, lambda: "14 feeds: 14 new" in screen_text(app), timeout=60)
        assert len(app.store.catalog) == 9 + 14
        assert {f"Post {n}" for n in range(14)} <= set(list_titles(app))
        assert "Post 0" in screen_text(app)
        assert "23 articles" in screen_text(app)
        assert app.activity == ""  # the header's `feeds 14/14` is gone


async def test_R_runs_this_casebook_not_a_tui_folder_where_the_app_started(
    http: HTTPServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``python -m tui`` looks in the working directory first: R's child must not."""
    decoy = tmp_path / "cwd" / "tui"
    decoy.mkdir(parents=True)
    (decoy / "__init__.py").write_text("", encoding="utf-8")
    ran = tmp_path / "decoy-ran"
    (decoy / "__main__.py").write_text(
        f"import pathlib; pathlib.Path({str(ran)!r}).touch()\n", encoding="utf-8"
    )
    monkeypatch.chdir(decoy.parent)
    http.expect_request("/one").respond_with_data(rss(item_xml("o1", "The real post")))
    app = make_app(tmp_path / "data")
    subscribe(tmp_path / "data", http.url_for("/one"))
    async with app.run_test(size=(120, 35), notifications=True) as pilot:
        await pilot.press("R")
        await wait_until(pilot, lambda: "1 feed: 1 new" in screen_text(app), timeout=30)
        assert "The real post" in list_titles(app)
    assert not ran.exists()


async def test_R_reports_a_child_that_fails_in_one_line(tmp_path: Path) -> None:
    """The config file went bad after the app read it: the refresh child refuses it, and
    the app says why (the file and line), once, with no traceback; the store is as it was."""
    config_file = tmp_path / "config.toml"
    config_file.write_text("[feeds]\nconcurrency = 4\n", encoding="utf-8")
    app = CasebookApp(seeded_store(tmp_path / "data"), poll_seconds=NEVER,
                      config=load_config(config_file))
    subscribe(tmp_path / "data", "http://127.0.0.1:9/never-fetched")
    config_file.write_text("[feeds]\nconcurrency = 999\n", encoding="utf-8")
    async with app.run_test(size=(160, 35), notifications=True) as pilot:
        await pilot.press("R")
        await wait_until(pilot, lambda: "Refresh failed" in screen_text(app), timeout=30)
        text = screen_text(app)
        assert "exit code 2" in text and "config.toml:2" in text
        assert "Traceback" not in text
        assert app.activity == ""
        assert len(app.store.catalog) == 9
        await pilot.press("R")  # and R works again (here: fails again, the same way)
        await wait_until(pilot, lambda: screen_text(app).count("Refresh failed") == 2, timeout=30)


def test_a_crashing_child_becomes_its_last_stderr_line(tmp_path: Path) -> None:
    crash = ("import sys; sys.stderr.write('Traceback (most recent call last):\\nboom: bad');"
             " sys.exit(3)")
    summary = run_refresh(tmp_path, lambda _d, _t: None, feeds=1,
                          command=[sys.executable, "-c", crash])
    assert summary.error == "The refresh failed (exit code 3): boom: bad"
    assert summary.message() == summary.error
    garbage = "print('not json'); import sys; sys.exit(0)"
    summary = run_refresh(tmp_path, lambda _d, _t: None, feeds=1,
                          command=[sys.executable, "-c", garbage])
    assert summary.error.startswith("The refresh failed (exit code 0): unreadable progress")


def test_a_stuck_child_is_stopped_at_the_total_deadline(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(feed_refresh, "SLACK_SECONDS", 0.5)
    marker = tmp_path / "stuck-child-started"
    stuck = f"import pathlib, time; pathlib.Path({str(marker)!r}).touch(); time.sleep(60)"
    start = time.monotonic()
    summary = run_refresh(tmp_path, lambda _d, _t: None, feeds=1,
                          policy=FetchPolicy(deadline=0.5), command=[sys.executable, "-c", stuck])
    assert time.monotonic() - start < 15
    assert "took longer than 1 s and was stopped" in summary.error
    assert not processes_running(str(marker))


def pids_where(keep: Callable[[Path], bool]) -> list[int]:
    """Pids whose /proc entry ``keep`` accepts (Linux); a process gone meanwhile is skipped."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if keep(entry):
                found.append(int(entry.name))
        except OSError:
            continue
    return found


def processes_running(needle: str) -> list[int]:
    """Pids whose command line contains ``needle``."""
    return pids_where(
        lambda entry: needle in (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
    )


def session_members(sid: int) -> list[int]:
    """Pids in session ``sid``: the refresh child and its parse workers."""

    def in_session(entry: Path) -> bool:
        stat = (entry / "stat").read_text()
        fields = stat[stat.rindex(")") + 2 :].split()  # after "pid (comm) "
        return int(fields[3]) == sid  # state ppid pgrp session

    return pids_where(in_session)


async def test_quitting_during_R_leaves_no_child(http: HTTPServer, tmp_path: Path) -> None:
    release = threading.Event()

    def slow(_request: Request) -> Response:
        release.wait(20)  # a server that takes its time: the refresh is still running
        return Response(rss(item_xml("s", "Slow post")))

    for n in range(14):  # enough for the child to start its parse workers too
        http.expect_request(f"/slow/{n}").respond_with_handler(slow)
    app = make_app(tmp_path)
    subscribe(tmp_path, *(http.url_for(f"/slow/{n}") for n in range(14)))
    needle = f"--data-dir {tmp_path} refresh --progress-jsonl"
    try:
        async with app.run_test(size=(120, 35)) as pilot:
            await pilot.press("R")
            await wait_until(pilot, lambda: bool(processes_running(needle)), timeout=30)
            [child] = processes_running(needle)
            await wait_until(pilot, lambda: len(session_members(child)) >= 2, timeout=30)
            assert "refreshing feeds" in screen_text(app) or "feeds 0/14" in screen_text(app)
            await pilot.press("q")
        deadline = time.monotonic() + 15
        while session_members(child) and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        assert session_members(child) == []  # the child and its parse workers are gone
        assert len(Store.open(tmp_path).catalog) == 9  # nothing half-written
    finally:
        release.set()
