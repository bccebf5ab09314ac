"""The benchmark harness (issue 3): import speed, cold start, key latency, toggle cost, memory.

Run from a checkout where casebook is installed in ``.venv``::

    .venv/bin/python tests/bench/run.py [--articles N ...] [--json PATH]

For each size it generates a deterministic synthetic corpus (``corpus.py``), imports
it with ``casebook import`` in a subprocess, starts the real app in a pseudo-terminal
to time the first frame and read its peak memory, drives the app in process with
Textual's pilot to time each key until the screen is repainted, and times durable
toggles through the store API. It prints one table against the issue's targets.

Nothing runs on import; pytest collects nothing here (no ``test_*`` names).
"""

from __future__ import annotations

import argparse
import asyncio
import codecs
import contextlib
import errno
import fcntl
import gc
import json
import math
import os
import platform
import pty
import re
import select
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

if __package__:
    from .corpus import TAGS, write_corpus
else:  # run as a script: this directory is sys.path[0]
    from corpus import TAGS, write_corpus  # type: ignore[import-not-found,no-redef]

DEFAULT_SIZES = (1_000, 10_000, 100_000)
STAGES = ("cold_start", "keys", "store_toggle")
COLS, LINES = 120, 35
COLD_RUNS = 5
CASEBOOK = [sys.executable, "-m", "tui"]  # the same program as the `casebook` entry point
SEARCH_WORDS = ("latency", "kafka", "storage", "rollout", "cache", "ledger", "tracing", "region")
# Typed key by key after `/`: field-only, text, phrases, negations, OR, ranges and a sort.
QUERY_SCRIPT = (
    "is:unread tag:kafka",
    "tag:databases company:acme",
    "latency",
    "kafka consumer lag",
    "-tag:general storage",
    "tag:kafka OR tag:redis",
    "is:unread min:<10 sort:-minutes",
    '"the payments ledger"',
    "title:scaling -is:read",
    "company:globex OR company:initech",
    "cache -redis min:5..15",
    "rollout sort:title",
)
SORT_PRESSES = 20  # `S` over the whole catalogue: newest, title, company, reading time, ...

# CSI, OSC, DCS and two-byte escapes: what is left is the text a person would see.
ANSI = re.compile(
    r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|P[^\x1b]*\x1b\\|[@-Z\\-_])"
)


class BenchError(Exception):
    """A measurement could not be taken; reported in the table instead of a figure."""


# -- statistics -------------------------------------------------------------
@dataclass
class Stats:
    """Summary of samples in seconds; shown as milliseconds."""

    samples: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def p95(self) -> float:
        """Nearest-rank 95th percentile: a value that was actually observed."""
        ordered = sorted(self.samples)
        return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]

    def as_json(self) -> dict[str, Any]:
        return {
            "unit": "ms",
            "n": len(self.samples),
            "median": round(self.median * 1000, 3),
            "p95": round(self.p95 * 1000, 3),
            "min": round(min(self.samples) * 1000, 3),
            "max": round(max(self.samples) * 1000, 3),
            "samples": [round(s * 1000, 3) for s in self.samples],
        }


# -- subprocesses -------------------------------------------------------------
def _kill(proc: subprocess.Popen[bytes]) -> None:
    """Kills the process (and its session) if it is still running, then reaps it."""
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            proc.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=10)


def _child_env() -> dict[str, str]:
    """The user's environment minus anything that would change Textual's behaviour or size."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("TEXTUAL")}
    env.pop("COLUMNS", None)
    env.pop("LINES", None)
    env["TERM"] = "xterm-256color"
    return env


def run_measured(cmd: Sequence[str], timeout: float) -> tuple[int, float, int, str]:
    """Runs ``cmd``; returns exit code, wall seconds, peak RSS in KiB (wait4) and stderr.

    ``os.wait4`` gives this child's own ru_maxrss (RUSAGE_CHILDREN would be the maximum
    over every child reaped so far). A timer thread enforces the timeout, so the wait
    itself blocks and the wall time has no polling slack.
    """
    timed_out = threading.Event()

    def kill_on_timeout(pid: int) -> None:
        timed_out.set()
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pid, signal.SIGKILL)

    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, start_new_session=True)
        killer = threading.Timer(timeout, kill_on_timeout, (proc.pid,))
        killer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
            wall = time.perf_counter() - start
            proc.returncode = os.waitstatus_to_exitcode(status)
        finally:
            killer.cancel()
            _kill(proc)  # only if the wait was interrupted; a no-op once reaped
        if timed_out.is_set():
            raise BenchError(f"{' '.join(cmd[2:])}: timed out after {timeout:g} s")
        err.seek(0)
        stderr = err.read().decode(errors="replace").strip()
        return proc.returncode, wall, usage.ru_maxrss, stderr


# -- 1 + 2: corpus and import ---------------------------------------------------
def measure_import(corpus: Path, data_dir: Path, n: int) -> dict[str, Any]:
    cmd = [*CASEBOOK, "--data-dir", str(data_dir), "import", str(corpus)]
    code, wall, maxrss_kib, stderr = run_measured(cmd, timeout=120 + n / 200)
    if code != 0:
        raise BenchError(f"casebook import exited {code}: {stderr}")
    return {
        "seconds": round(wall, 4),
        "articles_per_s": round(n / wall, 1),
        "peak_rss_mib": round(maxrss_kib / 1024, 1),
    }


# -- 3: cold start in a real pseudo-terminal -------------------------------------------
class Terminal:
    """The app running in a pty of COLS x LINES; reads everything it draws."""

    def __init__(self, data_dir: Path) -> None:
        self.master, slave = pty.openpty()
        try:
            fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", LINES, COLS, 0, 0))
            self.started = time.perf_counter()
            self.proc = subprocess.Popen(
                [*CASEBOOK, "--data-dir", str(data_dir)],
                stdin=slave,
                stdout=slave,
                stderr=slave,
                env=_child_env(),
                start_new_session=True,
                preexec_fn=_take_controlling_tty,
            )
        except BaseException:
            os.close(self.master)
            raise
        finally:
            os.close(slave)
        self.raw = ""
        self._decoder = codecs.getincrementaldecoder("utf-8")("replace")
        self.eof = False

    def screen_text(self, since: int = 0) -> str:
        """What was drawn since raw offset ``since``, escapes removed."""
        return ANSI.sub("", self.raw[since:])

    def _read(self, timeout: float) -> None:
        if self.eof:
            return
        ready, _, _ = select.select([self.master], [], [], max(0.0, timeout))
        if not ready:
            return
        try:
            data = os.read(self.master, 1 << 16)
        except OSError as exc:  # EIO: the app closed the terminal
            if exc.errno != errno.EIO:
                raise
            data = b""
        if not data:
            self.eof = True
            return
        self.raw += self._decoder.decode(data)

    def wait_for(self, text: str, since: int, timeout: float) -> float:
        """Reads until ``text`` is on screen; returns the perf_counter time it arrived."""
        deadline = time.perf_counter() + timeout
        while text not in self.screen_text(since):
            left = deadline - time.perf_counter()
            if left <= 0 or self.eof:
                tail = self.screen_text(since)[-300:]
                why = "exited" if self.eof else f"not seen within {timeout:.0f} s"
                raise BenchError(f"app {why} waiting for {text!r}; last output: {tail!r}")
            self._read(left)
        return time.perf_counter()

    def send(self, keys: str) -> int:
        """Types ``keys``; returns the output offset from which their effect can be seen."""
        offset = len(self.raw)
        os.write(self.master, keys.encode())
        return offset

    def peak_rss_mib(self) -> float:
        status = Path(f"/proc/{self.proc.pid}/status").read_text()
        match = re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE)
        if match is None:
            raise BenchError("no VmHWM in /proc/PID/status")
        return int(match.group(1)) / 1024

    def quit(self, keys: str, timeout: float = 30.0) -> None:
        """Sends the quit key and reaps the app, reading its output so it never blocks."""
        os.write(self.master, keys.encode())
        deadline = time.perf_counter() + timeout
        while self.proc.poll() is None:
            if time.perf_counter() > deadline:
                raise BenchError(f"app did not quit within {timeout:.0f} s of {keys!r}")
            self._read(0.05)
        if self.proc.returncode != 0:
            raise BenchError(f"app exited {self.proc.returncode}: {self.screen_text()[-300:]!r}")

    def close(self) -> None:
        _kill(self.proc)
        os.close(self.master)


def _take_controlling_tty() -> None:
    """In the child, after setsid: make the pty its controlling terminal, as a shell would."""
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


def _visible_prefix(title: str) -> str:
    """A part of the title the list shows even when it crops the rest with an ellipsis."""
    return title[:16]


def measure_cold_start(data_dir: Path, first: str, last: str, runs: int) -> dict[str, Any]:
    """Median time from exec to the first article's title on screen; peak RSS of the app."""
    starts: list[float] = []
    rss: float | None = None
    for run in range(runs):
        term = Terminal(data_dir)
        try:
            shown = term.wait_for(_visible_prefix(first), 0, timeout=120)
            starts.append(shown - term.started)
            if run == runs - 1:
                rss = _exercise_then_rss(term, last)
                term.quit("\x11")  # ctrl+q: a priority binding, so it quits from the search box
            else:
                term.quit("q")
        finally:
            term.close()
    assert rss is not None
    return {
        "median_s": round(statistics.median(starts), 4),
        "runs_s": [round(s, 4) for s in starts],
        "app_peak_rss_mib": round(rss, 1),
    }


def _exercise_then_rss(term: Terminal, last: str) -> float:
    """G (to the end), / and a letter (search over everything), then VmHWM."""
    since = term.send("G")
    term.wait_for(_visible_prefix(last), since, timeout=60)
    since = term.send("/")
    term.wait_for("search title", since, timeout=60)  # the search box's placeholder
    since = term.send("e")
    term.wait_for(" e ─╯", since, timeout=60)  # the list's subtitle: results are shown
    return term.peak_rss_mib()


# -- 4: key latency in process ------------------------------------------------------
@dataclass
class Presses:
    """How many timed presses per action (fewer for the slow ones)."""

    cursor: int = 150
    page: int = 60
    ends: int = 30
    tags: int = 60
    search_words: int = 24
    toggles: int = 40
    queries: int = len(QUERY_SCRIPT)
    sorts: int = SORT_PRESSES

    def scaled(self, factor: float) -> Presses:
        scaled = Presses(*(max(3, round(v * factor)) for v in vars(self).values()))
        scaled.queries = self.queries  # every scripted query, at every size
        return scaled


def on_frames(app: Any, frame: Callable[[Any], None]) -> None:
    """Calls ``frame(renderable)`` for every frame the app composes, once it is ready.

    Wraps ``App._display``, which ``Screen._compositor_refresh`` calls with the
    ``CompositorUpdate`` once the dirty widgets' lines are rendered. The headless driver
    skips turning it into escape sequences, so the hook does that too: a frame's time
    then covers the whole repaint except the write() to a terminal.
    """
    original = app._display

    def display(screen: Any, renderable: Any) -> None:
        original(screen, renderable)
        if renderable is None:
            return
        render_segments = getattr(renderable, "render_segments", None)
        if app.is_headless and render_segments is not None:
            render_segments(app.console)
        frame(renderable)

    app._display = display


class FrameLog:
    """Every frame the app composes, with the time it was ready (``on_frames``), replayed
    onto a model screen. Replaying the updates onto a grid of (character, visible style)
    cells afterwards, outside the timed path, tells which frames changed what a person
    sees: Textual also sends frames that only repaint unchanged cells (scrollbars after a
    layout pass), and those are not latency.
    """

    def __init__(self, app: Any) -> None:
        self.app = app
        self.frames: list[tuple[float, Any]] = []
        self.changed: list[tuple[bool, bool]] = []
        self.cells: dict[tuple[int, int], tuple[str, str]] = {}
        on_frames(app, lambda renderable: self.frames.append((time.perf_counter(), renderable)))

    def visible_changes(self, since: int, region: Any = None) -> tuple[list[float], list[float]]:
        """Times of the frames from index ``since`` on that changed at least one cell.

        Returns (frames that changed anything, frames that changed a cell in ``region``,
        a Textual ``Region`` such as the article list's).
        """
        from rich.cells import get_character_cell_size
        from rich.segment import ControlType

        console = self.app.console
        for index in range(len(self.changed), len(self.frames)):
            when, update = self.frames[index]
            self.frames[index] = (when, None)  # replayed: the strips are no longer needed
            anywhere = inside = False
            x = y = 0
            for segment in update.__rich_console__(console, console.options):
                if segment.control:
                    for control in segment.control:
                        if control[0] == ControlType.CURSOR_MOVE_TO:
                            x, y = control[1], control[2]
                    continue
                if segment.text == "\n":
                    x, y = 0, y + 1
                    continue
                # str() gives the visible attributes only, not Textual's per-cell metadata
                look = str(segment.style) if segment.style else ""
                for char in segment.text:
                    cell = (char, look)
                    if self.cells.get((x, y)) != cell:
                        self.cells[(x, y)] = cell
                        anywhere = True
                        if region is not None and not inside:
                            inside = region.contains(x, y)
                    x += get_character_cell_size(char)
            self.changed.append((anywhere, inside))
        times = [t for t, _ in self.frames[since:]]
        flags = self.changed[since:]
        return (
            [t for t, (c, _) in zip(times, flags, strict=True) if c],
            [t for t, (_, c) in zip(times, flags, strict=True) if c],
        )


class GcPauses:
    """Full (generation 2) garbage collections while keys are timed: they explain a high p95."""

    def __init__(self) -> None:
        self.pauses: list[float] = []
        self._began = 0.0

    def _callback(self, phase: str, info: dict[str, Any]) -> None:
        if info.get("generation") != 2:
            return
        if phase == "start":
            self._began = time.perf_counter()
        else:
            self.pauses.append(time.perf_counter() - self._began)

    def start(self) -> None:
        gc.callbacks.append(self._callback)

    def stop(self) -> None:
        if self._callback in gc.callbacks:
            gc.callbacks.remove(self._callback)

    def as_json(self) -> dict[str, Any]:
        return {
            "count": len(self.pauses),
            "max_ms": round(max(self.pauses, default=0.0) * 1000, 3),
            "total_ms": round(sum(self.pauses) * 1000, 3),
        }


async def measure_keys(data_dir: Path, presses: Presses) -> dict[str, Any]:
    """Times each action from the key press until the screen shows all of its effect.

    Why not simply a clock around ``await pilot.press(k); await pilot.pause()``: both
    end in ``textual._wait.wait_for_idle``, which always sleeps at least
    ``SLEEP_GRANULARITY`` (20 ms) before it can see the app idle; ``press`` does that
    twice and ``pause`` once, so that figure has a ~60 ms floor that says nothing about
    casebook. Instead ``FrameLog`` records when each frame was composed. Per press: t0
    just before ``pilot.press``; ``press`` + ``pause`` then only settle the app (every
    message handled, idle, a last forced ``_on_timer_update`` repaint), and the figures
    are times of frames after t0 that changed the screen: "settled" is the LAST one,
    when every affected widget was repainted (the detail pane follows one message hop
    and at least one frame after the list; focus changes repaint the footer);
    "list_shown" the last that changed the article list's cells (for a search
    keystroke: the filtered list is on screen); "first_frame" the first (the key
    visibly did something). The screen's update timer is resumed on idle and fires
    at once when it has been idle for a frame, which pilot's sleeps guarantee between
    presses, so the first frame has no 60 fps wait; later frames of one key do wait
    for their frame slot, as they would in a terminal. Background repaints are off so
    no unrelated frame counts: the store poll is an hour, the search box's cursor does
    not blink, and the search-index worker has finished before the first press.
    """
    from textual.pilot import Pilot

    from tui.core.store import Store
    from tui.core.view import View
    from tui.core.views import Filter
    from tui.ui.app import CasebookApp
    from tui.ui.widgets.article_list import ArticleList

    store = Store.open(data_dir)
    app = CasebookApp(store, poll_seconds=3600)
    log = FrameLog(app)
    settled: dict[str, Stats] = {}
    first: dict[str, Stats] = {}
    listed: dict[str, Stats] = {}

    async def timed(pilot: Pilot[int], key: str, name: str) -> None:
        since = len(log.frames)
        t0 = time.perf_counter()
        await pilot.press(key)
        await pilot.pause()
        changes, in_list = log.visible_changes(since, app.articles.region)
        if not changes:
            raise BenchError(f"{name}: pressing {key!r} changed nothing on screen")
        for figures, when in ((first, changes[0]), (settled, changes[-1])):
            figures.setdefault(name, Stats()).samples.append(when - t0)
        if in_list:
            listed.setdefault(name, Stats()).samples.append(in_list[-1] - t0)

    def check(ok: bool, what: str) -> None:
        if not ok:
            raise BenchError(f"the app did not do what was measured: {what}")

    pauses = GcPauses()
    try:
        async with app.run_test(size=(COLS, LINES)) as pilot:
            await pilot.pause()
            await app.workers.wait_for_complete()
            pauses.start()
            app.search_input.cursor_blink = False
            await pilot.pause()
            lst = app.query_one("#articles", ArticleList)
            total = len(lst.rows)
            check(total == len(store.catalog), "the list shows every article at start")

            # cursor down (j)
            for _ in range(min(presses.cursor, total - 1)):
                await timed(pilot, "j", "cursor_down")
            check(lst.cursor == min(presses.cursor, total - 1), "j moved the cursor each time")

            # page down; back to the top (untimed) before the last page
            await pilot.press("g")
            page = max(1, lst.scrollable_content_region.height - 1)
            for _ in range(presses.page):
                if lst.cursor + page >= total:
                    await pilot.press("g")
                before = lst.cursor
                await timed(pilot, "pagedown", "page_down")
                check(lst.cursor == before + page, "pagedown moved a page")

            # G then g, each timed
            for _ in range(presses.ends):
                await timed(pilot, "G", "jump_end")
                check(lst.cursor == total - 1, "G reached the last article")
                await timed(pilot, "g", "jump_start")
                check(lst.cursor == 0, "g reached the first article")

            # sidebar: move to a tag entry (untimed, like j/k in the sidebar), press enter (timed)
            sidebar = app.sidebar
            by_tag = store.catalog.rows_by_tag
            tags = [t for t in TAGS if t in by_tag]
            for i in range(presses.tags):
                tag = tags[i % len(tags)]
                sidebar.focus()
                sidebar.highlighted = sidebar.get_option_index(f"tag:{tag}")
                await pilot.pause()
                await timed(pilot, "enter", "tag_switch")
                check(app.filter == Filter("tag", tag), f"enter on the sidebar showed tag {tag}")
                check(len(lst.rows) == len(by_tag[tag]), f"the list shows tag {tag}'s articles")
            app.action_show_filter("all")
            # sidebar movement: j down the entries, G to the last company and g back
            sidebar.focus()
            await pilot.pause()
            await pilot.press("g")
            for _ in range(presses.cursor // 3):
                await timed(pilot, "j", "sidebar_down")
            for _ in range(presses.ends // 3):
                await timed(pilot, "G", "sidebar_end")
                check(sidebar.highlighted == len(sidebar.entries) - 1, "G in the sidebar")
                await timed(pilot, "g", "sidebar_start")
            app.articles.focus()
            await pilot.pause()
            check(len(lst.rows) == total, "back to All")

            # search: '/' then type a word; the first letter searches everything, the rest narrow
            for i in range(presses.search_words):
                word = SEARCH_WORDS[i % len(SEARCH_WORDS)]
                await pilot.press("slash")
                for j, letter in enumerate(word):
                    await timed(pilot, letter, "search_first_key" if j == 0 else "search_next_key")
                check(app.view.text == word, f"the search box holds {word!r}")
                check(lst.border_subtitle == word, "the list shows the search")
                await pilot.press("escape")
                check(len(lst.rows) == total and not app.view.text, "escape cleared the search")

            # the query language: every keystroke of each scripted query
            for i in range(presses.queries):
                query = QUERY_SCRIPT[i % len(QUERY_SCRIPT)]
                await pilot.press("slash")
                for letter in query:
                    await timed(pilot, _key_name(letter), "query_key")
                check(app.view.text == query, f"the search box holds {query!r}")
                check(lst.rows == View(store, text=query).rows, f"{query!r} shows its rows")
                await pilot.press("escape")
                check(len(lst.rows) == total and not app.view.text, "escape cleared the query")

            # S: re-sort every article (the title and company keys were built after start-up)
            for _ in range(presses.sorts):
                before = app.view.sort
                await timed(pilot, "S", "sort_key")
                check(app.view.sort != before and len(lst.rows) == total, "S re-sorted")
            while app.view.text:
                await pilot.press("S")

            # toggles: r / b on successive rows (moving with j is untimed)
            toggled: dict[str, list[str]] = {"r": [], "b": []}
            for key, name in (("r", "toggle_read_key"), ("b", "toggle_bookmark_key")):
                await pilot.press("g")
                for _ in range(min(presses.toggles, total)):
                    row = lst.current_row
                    assert row is not None
                    toggled[key].append(store.catalog.ids[row])
                    await timed(pilot, key, name)
                    await pilot.press("j")

            # another process changes the store while keys are pressed
            outside = await measure_outside(app, pilot, data_dir, timed, log, check)
            await pilot.press("q")
    finally:
        pauses.stop()

    # The toggles are durable by design: a fresh process must read exactly what the app shows.
    reopened = Store.open(data_dir)
    try:
        check(set(toggled["r"]) <= reopened.read, "every r press is on disk")
        check(set(toggled["b"]) <= reopened.bookmarked, "every b press is on disk")
        check(reopened.read == store.read, "disk and app agree on read state")
        check(reopened.bookmarked == store.bookmarked, "disk and app agree on bookmarks")
    finally:
        reopened.close()
        store.close()
    figures: dict[str, Any] = {
        name: {
            "settled": stats.as_json(),
            "first_frame": first[name].as_json(),
            "list_shown": listed[name].as_json() if name in listed else None,
        }
        for name, stats in settled.items()
    }
    figures["gc_gen2"] = pauses.as_json()
    figures.update(outside)
    return figures


async def measure_outside(
    app: Any, pilot: Any, data_dir: Path, timed: Any, log: FrameLog, check: Any
) -> dict[str, Any]:
    """``casebook mark`` (a state change) and ``casebook import`` of one new article (a
    catalogue change) from another process, while ``j`` is pressed in the app.

    The app's own once-a-second poll is restarted for this stage. Figures: from the
    other process's exit to the first frame after the app took the change in
    ("visible"); how long showing it kept the UI thread busy ("poll": a changed
    catalogue is read and indexed in a worker first, see tui/core/reload.py); and the
    ``j`` presses made meanwhile and right after ("keys while it arrives").
    """
    polls: dict[str, Stats] = {}
    seen: list[float] = []
    watch = app.store_watcher
    show = watch._show

    def timed_show(catalog: bool, keep_id: str | None = None) -> None:
        """What the UI thread does to show a change (a catalogue was prepared in a worker)."""
        start = time.perf_counter()
        show(catalog, keep_id)
        end = time.perf_counter()
        kind = "outside_catalog" if catalog else "outside_state"
        polls.setdefault(kind, Stats()).samples.append(end - start)
        seen.append(end)

    watch._show = timed_show
    timers = watch.start(1.0)
    results: dict[str, Any] = {}
    store = app.store
    try:
        with tempfile.TemporaryDirectory(prefix="casebook-bench-outside-") as tmp:
            for kind, rounds in (("outside_state", 3), ("outside_catalog", 2)):
                visible = []
                for round_ in range(rounds):
                    if kind == "outside_state":
                        unread = next(i for i in store.catalog.ids if i not in store.read)
                        args = ["mark", unread, "--read"]
                    else:
                        doc = Path(tmp) / f"new-{round_}.txt"
                        doc.write_text(
                            f"Outside Co {round_}\nAn article from outside {round_}\n"
                            "Added by another process.\noutside\n3 min\n",
                            encoding="utf-8",
                        )
                        args = ["import", str(doc)]
                    seen.clear()  # the poll may take the change in before the writer exits
                    proc = await asyncio.create_subprocess_exec(
                        *CASEBOOK, "--data-dir", str(data_dir), *args,
                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                    )  # fmt: skip
                    check(await proc.wait() == 0, f"casebook {args[0]} succeeded")
                    done = time.perf_counter()
                    await pilot.press("g")
                    while not seen:  # keys go on while the change is on its way
                        check(time.perf_counter() - done < 30, f"{kind} reached the app")
                        await timed(pilot, "j", f"{kind}_keys")
                    for _ in range(5):  # and right after it
                        await timed(pilot, "j", f"{kind}_keys")
                    frames = [t for t, _ in log.frames if t > seen[0]]
                    check(bool(frames), f"a frame showed the {kind}")
                    visible.append(max(0.0, frames[0] - done))
                results[kind] = {
                    "visible_s": round(statistics.median(visible), 4),
                    "visible_runs_s": [round(v, 4) for v in visible],
                    "poll": polls[kind].as_json(),
                }
    finally:
        for timer in timers:
            timer.stop()
        watch._show = show
    return results


def _key_name(char: str) -> str:
    """What pilot.press needs for a typed character."""
    from textual.keys import _character_to_key

    return _character_to_key(char)


# -- 5: durable toggle cost through the store API -------------------------------------
def measure_store_toggles(catalog_file: Path, work_dir: Path, repeats: int) -> dict[str, Any]:
    """toggle_read with 1,000 state entries, then with every article read.

    Runs on a copy of the catalogue with an empty state file, so the state size is
    exactly what is stated, whatever the other measurements left behind.
    """
    from tui.core.store import Store

    data_dir = work_dir / "toggles"
    data_dir.mkdir()
    shutil.copyfile(catalog_file, data_dir / catalog_file.name)
    store = Store.open(data_dir)
    try:
        ids = list(store.catalog.ids)
        some = ids[: min(1000, len(ids))]
        store.set_read(some, True)
        small = _time_toggles(store, some, repeats)
        # Notes live in library.json, apart from the state a toggle rewrites: 1,000 notes
        # of 2 KB must not make a toggle slower (issue 11).
        for article_id in ids[: min(NOTES, len(ids))]:
            store.set_note(article_id, NOTE_TEXT)
        small_notes = _time_toggles(store, some, repeats)
        start = time.perf_counter()
        store.set_read(ids, True)
        mark_all = time.perf_counter() - start
        if len(store.read) != len(ids):
            raise BenchError("set_read(all ids) did not mark every article read")
        large = _time_toggles(store, ids, repeats)
    finally:
        store.close()
    return {
        "state_1k": small.as_json(),
        "state_1k_notes": small_notes.as_json(),
        "state_all_read": large.as_json(),
        "mark_all_read_s": round(mark_all, 4),
    }


NOTES = 1000
NOTE_TEXT = ("A note of about two kilobytes, written by the reader. " * 40)[:2048]


def _time_toggles(store: Any, ids: list[str], repeats: int) -> Stats:
    """Each id is toggled twice (off, back on), so the state size never changes."""
    stats = Stats()
    toggle: Callable[[str], bool] = store.toggle_read
    for i in range(repeats):
        article_id = ids[(i // 2) * 7919 % len(ids)]  # spread over the ids, deterministic
        start = time.perf_counter()
        toggle(article_id)
        stats.samples.append(time.perf_counter() - start)
    return stats


# -- one size ------------------------------------------------------------------------
def bench_size(n: int, args: argparse.Namespace) -> dict[str, Any]:
    from tui.core.store import CATALOG_FILE, Store

    result: dict[str, Any] = {"articles": n, "shape": args.shape}
    with tempfile.TemporaryDirectory(prefix=f"casebook-bench-{n}-") as tmp:
        work = Path(tmp)
        corpus = work / "corpus.txt"
        data_dir = work / "data"
        _progress(n, "generating the corpus")
        articles = write_corpus(corpus, n, seed=args.seed, shape=args.shape)
        del articles
        result["corpus_bytes"] = corpus.stat().st_size

        _progress(n, "casebook import")
        result["import"] = measure_import(corpus, data_dir, n)

        store = Store.open(data_dir)
        first, last = store.catalog.titles[0], store.catalog.titles[-1]
        result["catalog_articles"] = len(store.catalog)  # the synthetic ones plus the seeds
        store.close()

        stages: list[tuple[str, Callable[[], dict[str, Any]]]] = [
            ("cold_start", lambda: measure_cold_start(data_dir, first, last, args.cold_runs)),
            ("keys", lambda: asyncio.run(measure_keys(data_dir, _presses_for(n, args)))),
            (
                "store_toggle",
                lambda: measure_store_toggles(
                    data_dir / CATALOG_FILE, work, args.toggles or (100 if n <= 10_000 else 40)
                ),
            ),
        ]
        for name, stage in stages:
            if name not in args.stages:
                continue
            _progress(n, name.replace("_", " "))
            try:
                result[name] = stage()
            except Exception as exc:  # one broken stage must not lose the other figures
                message = str(exc) if isinstance(exc, BenchError) else repr(exc)
                result[name] = {"error": message}
                print(f"  {n}: {name} failed: {message}", file=sys.stderr)
                if not isinstance(exc, BenchError):
                    traceback.print_exc()
    return result


def _presses_for(n: int, args: argparse.Namespace) -> Presses:
    base = Presses()
    if args.presses_scale is not None:
        return base.scaled(args.presses_scale)
    return base if n <= 10_000 else base.scaled(0.5)


def _progress(n: int, what: str) -> None:
    print(f"  {n:>7} articles: {what}...", file=sys.stderr, flush=True)


# -- targets and the table --------------------------------------------------------------
@dataclass(frozen=True)
class Target:
    """``limit_10k`` applies up to 10k articles, ``limit_100k`` above (None: no target)."""

    text: str
    limit_10k: float | None
    limit_100k: float | None
    at_least: bool = False
    p95_limit: float | None = None  # for latencies: the p95 must pass this too

    def limit(self, n: int) -> float | None:
        return self.limit_10k if n <= 10_000 else self.limit_100k

    def passes(self, n: int, value: float) -> bool | None:
        limit = self.limit(n)
        if limit is None:
            return None
        return value >= limit if self.at_least else value <= limit


NO_TARGET = Target("—", None, None)
LATENCY_16 = Target("≤ 16 ms", 16, 16)
FILTER_TARGET = Target("≤ 30 ms @10k, ≤ 50 ms @100k", 30, 50)
QUERY_TARGET = Target("≤ 16 ms, p95 ≤ 33 ms", 16, 16, p95_limit=33)
SORT_TARGET = Target("≤ 50 ms", 50, 50)

IMPORT_TARGET = Target("≥ 20k/s", 20e3, 20e3, at_least=True)
COLD_TARGET = Target("≤ 0.5 s @10k, ≤ 1.0 s @100k", 0.5, 1.0)
RSS_TARGET = Target("≤ 150 MB @10k, ≤ 350 MB @100k", 150, 350)
TOGGLE_1K = Target("≤ 10 ms", 10, 10)
TOGGLE_ALL = Target("≤ 30 ms @10k, ≤ 150 ms @100k", 30, 150)
OUTSIDE_TARGET = Target("≤ 2 s", 2, 2)

# (label, path into the size's result, unit, target); latency paths end in a Stats dict.
ROWS: list[tuple[str, tuple[str, ...], str, Target]] = [
    ("import, articles/s", ("import", "articles_per_s"), "rate", IMPORT_TARGET),
    ("import, wall time", ("import", "seconds"), "s", NO_TARGET),
    ("import, peak RSS", ("import", "peak_rss_mib"), "MiB", NO_TARGET),
    ("cold start to first title (median)", ("cold_start", "median_s"), "s", COLD_TARGET),
    ("app peak RSS (after G, /, a letter)", ("cold_start", "app_peak_rss_mib"), "MiB", RSS_TARGET),
    ("cursor down (j)", ("keys", "cursor_down"), "ms", LATENCY_16),
    ("page down", ("keys", "page_down"), "ms", LATENCY_16),
    ("jump to end (G)", ("keys", "jump_end"), "ms", LATENCY_16),
    ("jump to start (g)", ("keys", "jump_start"), "ms", LATENCY_16),
    ("tag switch (enter in sidebar)", ("keys", "tag_switch"), "ms", FILTER_TARGET),
    ("search keystroke, first letter", ("keys", "search_first_key"), "ms", FILTER_TARGET),
    ("search keystroke, narrowing", ("keys", "search_next_key"), "ms", FILTER_TARGET),
    ("sidebar cursor down (j)", ("keys", "sidebar_down"), "ms", LATENCY_16),
    ("sidebar jump to end (G)", ("keys", "sidebar_end"), "ms", LATENCY_16),
    ("sidebar jump to start (g)", ("keys", "sidebar_start"), "ms", LATENCY_16),
    ("query keystroke (12 scripted queries)", ("keys", "query_key"), "ms", QUERY_TARGET),
    ("re-sort all (S)", ("keys", "sort_key"), "ms", SORT_TARGET),
    ("toggle read in app (r)", ("keys", "toggle_read_key"), "ms", NO_TARGET),
    ("toggle bookmark in app (b)", ("keys", "toggle_bookmark_key"), "ms", NO_TARGET),
    ("full GC pauses while timing keys", ("keys", "gc_gen2"), "gc", NO_TARGET),
    ("outside mark: on screen after (median)", ("keys", "outside_state", "visible_s"), "s",
     OUTSIDE_TARGET),
    ("outside mark: UI busy showing it", ("keys", "outside_state", "poll"), "ms", NO_TARGET),
    # j's own frame (the first): its last one may be the change arriving meanwhile.
    ("outside mark: j meanwhile", ("keys", "outside_state_keys", "first_frame"), "ms",
     LATENCY_16),
    ("outside import: on screen after (median)", ("keys", "outside_catalog", "visible_s"), "s",
     OUTSIDE_TARGET),
    ("outside import: UI busy showing it", ("keys", "outside_catalog", "poll"), "ms", NO_TARGET),
    ("outside import: j meanwhile", ("keys", "outside_catalog_keys", "first_frame"), "ms",
     LATENCY_16),
    ("durable toggle, 1k state", ("store_toggle", "state_1k"), "ms", TOGGLE_1K),
    ("durable toggle, 1k state, 1,000 notes of 2 KB", ("store_toggle", "state_1k_notes"), "ms",
     TOGGLE_1K),
    ("durable toggle, all read (and those notes)", ("store_toggle", "state_all_read"), "ms",
     TOGGLE_ALL),
]


def _lookup(result: dict[str, Any], path: tuple[str, ...]) -> Any:
    node: Any = result
    for key in path:
        if not isinstance(node, dict):
            return None
        if "error" in node:
            return {"error": node["error"]}
        node = node.get(key)
    return node


def _cell(n: int, value: Any, unit: str, target: Target) -> tuple[str, bool | None]:
    if value is None:
        return "n/a", None
    if isinstance(value, dict) and "error" in value:
        return "error", False
    if unit == "gc" and isinstance(value, dict) and "count" in value:
        return f"{value['count']} × ≤ {value['max_ms']:.0f} ms", None
    if isinstance(value, dict) and "settled" in value:  # key latency: settled, and first frame
        done, listed = value["settled"], value["list_shown"]
        verdict = target.passes(n, done["median"])
        if verdict and target.p95_limit is not None:
            verdict = done["p95"] <= target.p95_limit
        text = f"{done['median']:.1f} / {done['p95']:.1f} ms"
        if listed is not None:
            text += f" (list {listed['median']:.1f})"
        return text, verdict
    if isinstance(value, dict):  # latency stats
        verdict = target.passes(n, value["median"])
        return f"{value['median']:.1f} / {value['p95']:.1f} ms", verdict
    verdict = target.passes(n, float(value))
    if unit == "rate":
        return f"{value:,.0f}/s", verdict
    if unit == "s":
        return f"{value:.3f} s", verdict
    return f"{value:.1f} {unit}", verdict


def print_table(results: list[dict[str, Any]]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(
        title=f"casebook benchmarks ({results[0].get('shape', 'normal')} corpus)"
        if results
        else "casebook benchmarks",
        caption="Latencies: median / p95 in ms. Keys: until the last frame that changed the "
        "screen; (list: median until the last frame that changed the article list). "
        "✓/✗ judged on the first median (or the single figure); sizes up to 10k are held to "
        "the 10k target.",
    )
    table.add_column("measure")
    table.add_column("target")
    for r in results:
        table.add_column(f"{r['articles']:,}", justify="right")
    marks = {True: " [green]✓[/]", False: " [red]✗[/]", None: ""}
    for label, path, unit, target in ROWS:
        cells = []
        for r in results:
            text, verdict = _cell(r["articles"], _lookup(r, path), unit, target)
            cells.append(text + marks[verdict])
        table.add_row(label, target.text, *cells)
    console = Console()
    if not console.is_terminal:
        console = Console(width=200)  # a pipe or file: do not wrap the table at 80 columns
    console.print(table)
    errors = [
        (r["articles"], k, v["error"])
        for r in results
        for k, v in r.items()
        if isinstance(v, dict) and "error" in v
    ]
    for n, stage, message in errors:
        print(f"{n}: {stage}: {message}")


def targets_json() -> dict[str, Any]:
    return {
        label: {"target": t.text, "limit_le_10k": t.limit_10k, "limit_gt_10k": t.limit_100k}
        for label, _, _, t in ROWS
        if t is not NO_TARGET
    }


def _git(*args: str) -> str | None:
    """Read-only git queries, for the record; None outside a checkout."""
    try:
        done = subprocess.run(
            ["git", *args],
            capture_output=True,
            text=True,
            timeout=10,
            cwd=Path(__file__).resolve().parent,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def machine_info() -> dict[str, Any]:
    import textual

    from tui import __version__

    commit = _git("rev-parse", "HEAD")
    changes = _git("status", "--porcelain", "--untracked-files=no")
    return {
        "nproc": os.cpu_count(),
        "usable_cpus": len(os.sched_getaffinity(0)),
        "loadavg_at_start": list(os.getloadavg()),
        "python": platform.python_version(),
        "textual": textual.__version__,
        "casebook": __version__,
        "commit": commit,
        "uncommitted_changes": None if changes is None else bool(changes),
        "platform": platform.platform(),
        "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "terminal": f"{COLS}x{LINES}",
    }


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--articles",
        type=int,
        nargs="+",
        default=list(DEFAULT_SIZES),
        metavar="N",
        help="corpus sizes (default: 1000 10000 100000)",
    )
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write every figure here")
    parser.add_argument(
        "--cold-runs",
        type=int,
        default=COLD_RUNS,
        help="app starts per size for the cold-start median (default 5)",
    )
    parser.add_argument(
        "--presses-scale",
        type=float,
        default=None,
        help="scale the number of timed key presses (default 1, 0.5 above 10k)",
    )
    parser.add_argument(
        "--toggles",
        type=int,
        default=None,
        help="store toggles timed per state size (default 100, 40 above 10k)",
    )
    parser.add_argument("--seed", type=int, default=0, help="corpus seed (default 0)")
    parser.add_argument(
        "--shape",
        choices=("normal", "wide"),
        default="normal",
        help="normal: 300 companies, 60 tags; wide: every article also has its own company "
        "and tag (a sidebar of ~2 entries per article)",
    )
    parser.add_argument(
        "--stages",
        nargs="+",
        choices=STAGES,
        default=list(STAGES),
        help="what to measure after the import (default: all)",
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    info = machine_info()
    results = [bench_size(n, args) for n in args.articles]
    info["loadavg_at_end"] = list(os.getloadavg())
    print_table(results)
    if args.json is not None:
        payload = {"machine": info, "targets": targets_json(), "sizes": results}
        args.json.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {args.json}")
    failed = any(isinstance(v, dict) and "error" in v for r in results for v in r.values())
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
