"""Parent-side helpers for tests that run workers and the CLI in subprocesses.

Paths come from this file's location (CI runs in a fresh clone elsewhere), every
wait has a deadline, and every child is killed on the way out, whatever happened.
"""

from __future__ import annotations

import os
import select
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parents[2]
WORKERS = Path(__file__).resolve().parent


def child_env() -> dict[str, str]:
    """The environment with the project importable, whatever the cwd or install state."""
    env = os.environ.copy()
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    env.pop("CASEBOOK_DATA_DIR", None)
    return env


Stderr = IO[bytes] | int


def spawn(args: Sequence[str], stderr: Stderr = subprocess.PIPE) -> subprocess.Popen[bytes]:
    """Runs ``python ARGS`` from the project root, with pipes for stdin and stdout."""
    return subprocess.Popen(
        [sys.executable, *args],
        cwd=ROOT,
        env=child_env(),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=stderr,
    )


def worker(name: str, *args: str, stderr: Stderr = subprocess.PIPE) -> subprocess.Popen[bytes]:
    return spawn([str(WORKERS / name), *args], stderr=stderr)


def casebook(data_dir: Path, *args: str) -> subprocess.Popen[bytes]:
    """``python -m tui --data-dir DIR ARGS``: the CLI exactly as a user runs it."""
    return spawn(["-m", "tui", "--data-dir", str(data_dir), *args])


def stop(proc: subprocess.Popen[bytes]) -> None:
    """SIGKILL (if still running) and reap; never blocks for long."""
    if proc.poll() is None:
        proc.kill()
    try:
        proc.wait(timeout=30)
    finally:
        for stream in (proc.stdin, proc.stdout, proc.stderr):
            if stream is not None:
                stream.close()


def wait_for_file(path: Path, proc: subprocess.Popen[bytes], timeout: float) -> None:
    """Waits until ``path`` exists (a held worker's sign); fails if ``proc`` ends first."""
    deadline = time.monotonic() + timeout
    while not path.exists():
        assert proc.poll() is None, f"the worker ended (exit {proc.returncode}) before {path.name}"
        assert time.monotonic() < deadline, f"no {path.name} within {timeout:.0f} s"
        time.sleep(0.002)


@contextmanager
def cleanup(procs: list[subprocess.Popen[bytes]]) -> Iterator[list[subprocess.Popen[bytes]]]:
    """Kills every process added to ``procs`` when the block ends, even on failure."""
    try:
        yield procs
    finally:
        for proc in procs:
            stop(proc)


def readable(fd: int, timeout: float) -> bool:
    """Whether ``fd`` has data (or EOF) within ``timeout`` seconds. poll, not select: a long
    test session may hold descriptors past select()'s limit of 1024."""
    poller = select.poll()
    poller.register(fd, select.POLLIN | select.POLLHUP)
    return bool(poller.poll(max(timeout, 0.0) * 1000))


class Lines:
    """A child's stdout, split into complete lines, read without blocking past a deadline.

    A line cut short by a kill stays in ``partial`` and is never counted.
    """

    def __init__(self, proc: subprocess.Popen[bytes]) -> None:
        assert proc.stdout is not None
        self.proc = proc
        self.fd = proc.stdout.fileno()
        self.lines: list[str] = []
        self.partial = b""
        self.eof = False

    def _read(self, timeout: float) -> None:
        if not readable(self.fd, timeout):
            return
        chunk = os.read(self.fd, 1 << 16)
        if not chunk:
            self.eof = True
            return
        *complete, self.partial = (self.partial + chunk).split(b"\n")
        self.lines.extend(line.decode() for line in complete)

    def wait_for(self, count: int, timeout: float) -> list[str]:
        """Blocks until ``count`` complete lines arrived; fails on EOF or at the deadline."""
        deadline = time.monotonic() + timeout
        while len(self.lines) < count:
            if self.eof:
                raise AssertionError(f"child exited after {len(self.lines)} lines: {self.stderr()}")
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"no line {count} from the child within {timeout} s")
            self._read(remaining)
        return self.lines

    def drain(self, timeout: float = 30.0) -> list[str]:
        """Everything up to EOF (call after the child is dead)."""
        deadline = time.monotonic() + timeout
        while not self.eof:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"stdout not closed within {timeout} s")
            self._read(remaining)
        return self.lines

    def stderr(self) -> str:
        """The child's stderr tail once it has exited (for failure messages)."""
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            return "(still running)"
        if self.proc.stderr is None:
            return ""
        return self.proc.stderr.read().decode(errors="replace")[-2000:]
