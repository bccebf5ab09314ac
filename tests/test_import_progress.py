"""`casebook import`'s progress bar: drawn on stderr when it is a terminal, absent otherwise.

The terminal case runs the real command with stderr on a pseudo-terminal (stdout stays a
pipe, as in `casebook import big.txt | tee log`); the script case with plain pipes.
"""

from __future__ import annotations

import os
import pty
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.bench.corpus import write_corpus
from tests.workers.harness import readable

ROOT = Path(__file__).resolve().parent.parent
RECORDS = 20_000
ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]")


@pytest.fixture(scope="module")
def big_document(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("corpus") / "big.txt"
    write_corpus(path, RECORDS)
    return path


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("CASEBOOK_DATA_DIR", "COLUMNS")}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env["TERM"] = "xterm-256color"
    return env


def _casebook(*args: str) -> list[str]:
    return [sys.executable, "-m", "tui", *args]


def run_with_terminal_stderr(*args: str, timeout: float = 120) -> tuple[int, str, str]:
    """Runs casebook with stderr on a pty; returns exit code, stdout and what the pty showed."""
    master, slave = pty.openpty()
    try:
        proc = subprocess.Popen(
            _casebook(*args),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=slave,
            env=_env(),
            cwd=ROOT,
        )
    finally:
        os.close(slave)
    shown = b""
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready = readable(master, 0.5)
            if not ready:
                if proc.poll() is not None:
                    break
                continue
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: every writer closed the pty
                break
            if not chunk:
                break
            shown += chunk
        assert proc.stdout is not None
        out = proc.stdout.read().decode()
        code = proc.wait(timeout=max(1.0, deadline - time.monotonic()))
    finally:
        os.close(master)
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    return code, out, shown.decode("utf-8", "replace")


def test_terminal_shows_records_parsed_then_stored(big_document: Path, tmp_path: Path) -> None:
    code, out, shown = run_with_terminal_stderr(
        "--data-dir", str(tmp_path / "data"), "import", str(big_document)
    )
    assert (code, out) == (0, f"added {RECORDS}, updated 0, unchanged 0\n"), shown
    text = ANSI.sub("", shown)
    parsing = [m.start() for m in re.finditer(r"Parsing\s+━+\s+100%\s+20,000 records", text)]
    storing = [m.start() for m in re.finditer(r"Storing\s+━+\s+100%\s+20,000 records", text)]
    assert parsing and storing, text[-2000:]
    assert min(parsing) < max(storing)  # parsed, then stored
    assert "━" in text and "\x1b[" in shown  # a drawn bar, not plain lines
    assert "Traceback" not in text


def test_pipes_get_nothing_extra(big_document: Path, tmp_path: Path) -> None:
    proc = subprocess.run(
        _casebook("--data-dir", str(tmp_path / "data"), "import", str(big_document)),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        env=_env(),
        cwd=ROOT,
        timeout=120,
    )
    assert (proc.returncode, proc.stderr) == (0, b"")
    assert proc.stdout == f"added {RECORDS}, updated 0, unchanged 0\n".encode()


def test_terminal_error_is_still_one_line_and_nothing_is_stored(tmp_path: Path) -> None:
    bad = tmp_path / "notes.txt"
    bad.write_text("Acme\nTitle one\nSummary one.\nsre\nGlobex\nTitle two\nS.\nsre\n5 min\n")
    data = tmp_path / "data"
    code, out, shown = run_with_terminal_stderr("--data-dir", str(data), "import", str(bad))
    assert (code, out) == (2, "")
    text = ANSI.sub("", shown).replace("\r", "")
    assert f"casebook: {bad}:5: expected a reading time like '5 min', found 'Globex'" in text
    assert "Traceback" not in text
    assert not (data / "catalog.json").exists()  # nothing stored, not even the seeds


def test_no_bar_over_a_document_typed_at_the_terminal(tmp_path: Path) -> None:
    """`casebook import -` with the terminal as stdin: the user is typing, so no bar."""
    master, slave = pty.openpty()
    try:
        proc = subprocess.Popen(
            _casebook("--data-dir", str(tmp_path / "data"), "import", "-"),
            stdin=slave,
            stdout=subprocess.PIPE,
            stderr=slave,
            env=_env(),
            cwd=ROOT,
        )
    finally:
        os.close(slave)
    shown = b""
    try:
        deadline = time.monotonic() + 60
        while b"Ctrl-D" not in shown and time.monotonic() < deadline:
            if readable(master, 0.5):
                shown += os.read(master, 65536)
        os.write(master, b"Acme\nTyped In\nA summary.\nsre\n5 min\n\x04")
        assert proc.stdout is not None
        out = proc.stdout.read().decode()
        assert proc.wait(timeout=60) == 0
        while readable(master, 0.2):
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(master)
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert out == "added 1, updated 0, unchanged 0\n"
    text = ANSI.sub("", shown.decode("utf-8", "replace"))
    assert "reading a document from the terminal" in text
    assert "Parsing" not in text and "━" not in text
