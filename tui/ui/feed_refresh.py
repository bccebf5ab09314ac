"""`R`: refresh every feed in a child process while the user keeps reading.

The app runs what a user would run, ``casebook --data-dir DIR refresh``, with
``--progress-jsonl`` (tui/feeds/progress_lines.py), and reads its progress in a worker
thread. Fetching, parsing (feedparser is pure Python) and the catalogue write (a JSON
encode of the whole catalogue) then hold the child's GIL, never the app's: in a thread
they made keys wait (at 100k articles the p95 went from 51 ms to 361 ms on the same
loaded machine; tests/bench/feeds_app.py, figures in the README), and worker processes
for parsing started from inside the running app hung. The app's store picks
the child's write up with the same ``refresh()`` it uses for any other process's writes,
so the cursor stays on the article being read.

The child runs in its own session (its parse workers with it), with stdin closed, so it
never touches the app's terminal; it is stopped (SIGTERM, then SIGKILL, to the whole
group) when the app quits (Textual cancels the worker), and after a total deadline.
"""

from __future__ import annotations

import contextlib
import math
import os
import selectors
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from textual.worker import get_current_worker

import tui
from tui.core.clean import clean_line
from tui.core.config import Config
from tui.feeds.fetch import FetchPolicy, policy_from
from tui.feeds.progress_lines import ProgressLineError, parse_line
from tui.feeds.refresh import FeedResult

# ``python -m tui`` looks in the working directory first: the child runs where this very
# ``tui`` package lives, so a folder named ``tui`` wherever the app was started is never run.
PACKAGE_ROOT = Path(tui.__file__).resolve().parent.parent
STDERR_CAP = 64 * 1024  # of the child's stderr kept for the message; the rest is drained
MESSAGE_CAP = 300  # characters of it shown
PROGRESS_EVERY = 0.2  # seconds between two `feeds 37/100` in the header
SLACK_SECONDS = 60.0  # start-up, parse and the catalogue write, on top of the fetches


@dataclass(frozen=True, slots=True)
class RefreshSummary:
    results: tuple[FeedResult, ...]
    error: str = ""  # the refresh as a whole failed (the child could not run or finish)

    @property
    def failed(self) -> list[FeedResult]:
        return [r for r in self.results if not r.ok]

    def message(self) -> str:
        if self.error:
            return self.error
        new = sum(r.new for r in self.results)
        updated = sum(r.updated for r in self.results)
        feeds = len(self.results)
        text = f"{feeds} feed{'s' if feeds != 1 else ''}: {new} new, {updated} updated"
        if self.failed:
            text += f", {len(self.failed)} failed"
        return text


def refresh_command(data_dir: Path, config_file: Path | None) -> list[str]:
    """The child's command line: this interpreter, this casebook, the app's data dir.

    Paths are absolute: the child runs in ``PACKAGE_ROOT`` (see ``run_refresh``)."""
    config = ["--config", str(config_file.resolve())] if config_file is not None else []
    return [sys.executable, "-m", "tui", "--data-dir", str(data_dir.resolve()), *config,
            "refresh", "--progress-jsonl"]


def total_deadline(feeds: int, policy: FetchPolicy) -> float:
    """Generous: every feed taking its whole deadline, two at a time (the per-host cap)."""
    return SLACK_SECONDS + policy.deadline * math.ceil(max(feeds, 1) / 2)


def stop_child(proc: subprocess.Popen[bytes], grace: float = 3.0) -> None:
    """SIGTERM to the child's process group (it and its parse workers), then SIGKILL."""
    for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, 10.0)):
        if proc.poll() is not None:
            break
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, sig)
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(wait)
    if proc.poll() is None:  # not its own group leader after all: the child alone
        proc.kill()
        proc.wait()
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)  # parse workers left behind by a killed child


def _last_line(stderr: bytes) -> str:
    lines = [clean_line(ln) for ln in stderr.decode("utf-8", "replace").splitlines()]
    lines = [ln for ln in lines if ln.strip()]
    if not lines:
        return ""
    text = lines[-1].strip()
    return text if len(text) <= MESSAGE_CAP else text[: MESSAGE_CAP - 1] + "…"


def run_refresh(
    data_dir: Path,
    progress: Callable[[int, int], None],
    *,
    feeds: int,
    policy: FetchPolicy | None = None,
    config_file: Path | None = None,
    cancelled: Callable[[], bool] = lambda: False,
    command: list[str] | None = None,
) -> RefreshSummary:
    """Runs the refresh child to its end; call it in a worker thread. Never raises.

    ``cancelled`` is checked a few times a second (the app quitting); the child is then
    stopped and the summary says so. ``command`` replaces the child's command (tests).
    """
    policy = policy or FetchPolicy()
    argv = command or refresh_command(data_dir, config_file)
    try:
        proc = subprocess.Popen(
            argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            start_new_session=True, close_fds=True, cwd=PACKAGE_ROOT if command is None else None,
        )  # fmt: skip
    except OSError as exc:
        return RefreshSummary((), f"Could not start the refresh: {clean_line(str(exc))}")
    deadline = time.monotonic() + total_deadline(feeds, policy)
    results: list[FeedResult] | None = None
    stderr = bytearray()
    pending = b""
    bad_line = ""
    try:
        assert proc.stdout is not None and proc.stderr is not None
        with selectors.DefaultSelector() as selector:
            selector.register(proc.stdout, selectors.EVENT_READ)
            selector.register(proc.stderr, selectors.EVENT_READ)
            while selector.get_map():
                if cancelled():
                    return RefreshSummary((), "The refresh was stopped.")
                if time.monotonic() > deadline:
                    seconds = round(total_deadline(feeds, policy))
                    return RefreshSummary(
                        (), f"The refresh took longer than {seconds} s and was stopped."
                    )
                for key, _events in selector.select(timeout=0.2):
                    chunk = os.read(key.fd, 65536)
                    if not chunk:
                        selector.unregister(key.fileobj)
                        continue
                    if key.fileobj is proc.stderr:
                        stderr += chunk[: max(0, STDERR_CAP - len(stderr))]
                        continue
                    *lines, pending = (pending + chunk).split(b"\n")
                    for raw in lines:
                        try:
                            parsed = parse_line(raw.decode("utf-8", "replace"))
                        except ProgressLineError as exc:
                            bad_line = bad_line or str(exc)
                            continue
                        if isinstance(parsed, list):
                            results = parsed
                        else:
                            progress(parsed[0], parsed[1])
        code = proc.wait()
    finally:
        stop_child(proc)
        for pipe in (proc.stdout, proc.stderr):
            if pipe is not None:
                pipe.close()
    if results is not None and code in (0, 1):  # 1: some feed failed, the rest is stored
        return RefreshSummary(tuple(results))
    reason = _last_line(bytes(stderr)) or (f"unreadable progress ({bad_line})" if bad_line else "")
    if code < 0:
        reason = reason or f"killed by signal {-code}"
    text = f"The refresh failed (exit code {code})"
    return RefreshSummary((), f"{text}: {reason}" if reason else f"{text}.")


def refresh_work(
    data_dir: Path,
    feeds: int,
    config: Config,
    show: Callable[[str], None],
    done: Callable[[RefreshSummary], None],
) -> Callable[[], None]:
    """The thread worker for `R`: ``show`` gets ``feeds 3/100`` as feeds finish, ``done``
    the summary (not called when the app quits first: the child is then just stopped)."""
    policy = policy_from(config)
    config_file = config.path if config.found else None

    shown = 0.0

    def progress(done: int, total: int) -> None:
        # A new header text costs the UI a layout pass: a few a second are enough to read.
        nonlocal shown
        now = time.monotonic()
        if done in (0, total) or now - shown >= PROGRESS_EVERY:
            shown = now
            show(f"feeds {done}/{total}")

    def work() -> None:
        worker = get_current_worker()
        summary = run_refresh(
            data_dir, progress, feeds=feeds, policy=policy, config_file=config_file,
            cancelled=lambda: worker.is_cancelled,
        )  # fmt: skip
        if not worker.is_cancelled:
            done(summary)

    return work
