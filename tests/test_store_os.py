"""The store against a hostile operating system: every OS error a StoreError, odd files refused.

README "Your data": whatever the OS answers (EACCES, EROFS, EIO, ENOSPC, a FIFO or
``/dev/zero`` where a store file should be, a file too big to read), the store raises
only ``StoreError`` with a one-line message naming the file, never hangs, and changes
nothing. The faults are injected at the system calls, for paths (or descriptors) inside
the data directory only, so every call the store makes is tried, not a chosen few.
"""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

import tui.core.store
from tui.core.errors import (
    FileAccessError,
    NotRegularFileError,
    StoreError,
    TooLargeError,
    UnrecoverableError,
)
from tui.core.library import LIBRARY_FILE
from tui.core.seeds import ensure_seeded
from tui.core.store import CATALOG_FILE, STATE_FILE, Store
from tui.core.subscriptions import FEEDS_FILE

from .test_store import ABC, A, B, C, D, dir_snapshot

ROOT = Path(__file__).resolve().parent.parent
FILES = (CATALOG_FILE, STATE_FILE, LIBRARY_FILE)

# -- fault injection at the system calls ---------------------------------------

PATH_CALLS = ("open", "stat", "lstat", "mkdir", "replace", "link", "unlink", "chown", "scandir")
FD_CALLS = ("fstat", "pread", "fsync", "fchown", "fchmod")
ERRNOS = (errno.EACCES, errno.EROFS, errno.EIO, errno.ENOSPC)


def _fd_path(fd: Any) -> str:
    try:
        return os.readlink(f"/proc/self/fd/{fd}")
    except OSError:
        return ""


@contextmanager
def failing(monkeypatch: pytest.MonkeyPatch, call: str, code: int, inside: Path) -> Iterator[None]:
    """``os.CALL`` fails with ``code`` for anything inside ``inside`` (the data dir)."""
    real = getattr(os, call)
    prefix = str(inside)

    def fake(*args: Any, **kwargs: Any) -> Any:
        target = _fd_path(args[0]) if call in FD_CALLS else os.fspath(args[0]) if args else ""
        if isinstance(target, str) and target.startswith(prefix):
            raise OSError(code, os.strerror(code), target)
        return real(*args, **kwargs)

    with monkeypatch.context() as m:
        m.setattr(os, call, fake)
        yield


def seeded(directory: Path) -> Store:
    """A, B, C with A read and a note, plus the bundled seeds (the CLI has nothing to add)."""
    store = Store.open(directory)
    ensure_seeded(store)
    store.import_articles(ABC)
    store.set_read([A.id], True)
    store.set_note(A.id, "A note.")
    return store


@contextmanager
def opened(directory: Path) -> Iterator[Store]:
    store = Store.open(directory)
    try:
        yield store
    finally:
        store.close()


def op_open(directory: Path) -> None:
    with _FAULT.active():
        Store.open(directory).close()


def op_refresh(directory: Path) -> None:
    """The app's once-a-second poll, after another process changed every file."""
    with opened(directory) as store, opened(directory) as other:
        other.import_articles([D])
        other.set_bookmarked([B.id], True)
        other.set_note(C.id, "Charlie's note.")
        with _FAULT.active():
            store.refresh()


def op_set_read(directory: Path) -> None:
    with opened(directory) as store, _FAULT.active():
        store.set_read([C.id], True)


def op_note(directory: Path) -> None:
    with opened(directory) as store, _FAULT.active():
        store.set_note(B.id, "Bravo's note.")


def op_import(directory: Path) -> None:
    with opened(directory) as store, _FAULT.active():
        store.import_articles([D])


class _Fault:
    """The fault of the running test, switched on only around the operation under test."""

    def __init__(self) -> None:
        self.enter: Callable[[], Any] | None = None

    @contextmanager
    def active(self) -> Iterator[None]:
        assert self.enter is not None
        with self.enter():
            yield


_FAULT = _Fault()
OPS: dict[str, Callable[[Path], None]] = {
    "open": op_open,
    "refresh": op_refresh,
    "set_read": op_set_read,
    "import": op_import,
    "note": op_note,
}


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc to match descriptors")
@pytest.mark.parametrize("call", PATH_CALLS + FD_CALLS)
@pytest.mark.parametrize("op", list(OPS))
def test_every_os_error_becomes_a_one_line_store_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, op: str, call: str
) -> None:
    for code in ERRNOS:
        directory = tmp_path / errno.errorcode[code]
        seeded(directory).close()
        _FAULT.enter = lambda: failing(monkeypatch, call, code, directory)  # noqa: B023
        try:
            OPS[op](directory)
        except StoreError as exc:
            message = str(exc)
            assert "\n" not in message and str(directory) in message, message
        # Any other exception fails the test. Afterwards the store opens and holds
        # either the state before the operation or after it, never anything else.
        with opened(directory) as after:
            assert A.id in after.read and after.note_of(A.id) == "A note."
            assert {A.id, B.id, C.id} <= {a.id for a in after.articles()}


def test_a_read_only_filesystem_on_the_lock_file_is_a_store_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The issue's case: EROFS when filelock opens the lock file."""
    store = seeded(tmp_path)
    before = dir_snapshot(tmp_path)
    real_open = os.open

    def read_only(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), os.fspath(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", read_only)
    with pytest.raises(FileAccessError, match=r"could not lock .*state\.json\.lock"):
        store.set_read([B.id], True)
    assert B.id not in store.read
    monkeypatch.undo()
    assert dir_snapshot(tmp_path) == before
    store.close()


def test_a_state_file_made_unreadable_while_open_fails_refresh_with_a_store_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = seeded(tmp_path)
    other = Store.open(tmp_path)
    other.set_read([B.id], True)  # state.json replaced on disk
    real_open = os.open

    def denied(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if os.fspath(path) == str(tmp_path / STATE_FILE):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), os.fspath(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", denied)
    for _ in range(3):  # the poll runs every second: the same clean error each time
        with pytest.raises(FileAccessError, match=r"could not read .*state\.json"):
            store.refresh()
    assert store.read == {A.id}  # the screen keeps what it had
    monkeypatch.undo()
    assert store.refresh().state and store.read == {A.id, B.id}
    store.close()
    other.close()


# -- files that are not regular files -----------------------------------------------

LOCKS = tuple(f"{name}.lock" for name in FILES)


def make_odd(path: Path, kind: str) -> None:
    path.unlink(missing_ok=True)
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "dev-zero":
        path.symlink_to("/dev/zero")
    elif kind == "directory":
        path.mkdir()
    elif kind == "fifo-symlink":
        os.mkfifo(path.with_name("a-fifo"))
        path.symlink_to(path.with_name("a-fifo"))


def run_cli(directory: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """A real process with a deadline: a hang fails the test instead of freezing the suite."""
    env = {k: v for k, v in os.environ.items() if k != "CASEBOOK_DATA_DIR"}
    env["PYTHONPATH"] = str(ROOT)
    return subprocess.run(
        [sys.executable, "-m", "tui", "--data-dir", str(directory), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=30,
        env=env,
    )


def one_line(err: str) -> str:
    assert "Traceback" not in err, err
    assert err.endswith("\n") and err.count("\n") == 1, repr(err)
    return err[:-1]


def write_to(directory: Path, name: str) -> subprocess.CompletedProcess[str]:
    """A CLI command that rewrites the file ``name`` belongs to: mark for the state file,
    note for the library, import for the catalogue (each takes only its own file's lock)."""
    if name.startswith(STATE_FILE):
        return run_cli(directory, "mark", B.id, C.id, "--read")
    if name.startswith(LIBRARY_FILE):
        return run_cli(directory, "note", B.id, "Another note.")
    doc = directory.parent / f"{directory.name}-doc.txt"
    doc.write_text("Acme\nNew Thing\nA summary.\ngeneral\n3 min\n")
    return run_cli(directory, "import", str(doc))


ODD_KINDS = ("fifo", "dev-zero", "directory", "fifo-symlink")


@pytest.mark.parametrize("kind", ODD_KINDS)
@pytest.mark.parametrize("name", FILES)
def test_a_store_file_that_is_not_a_regular_file_is_refused_not_read(
    tmp_path: Path, name: str, kind: str
) -> None:
    seeded(tmp_path).close()
    make_odd(tmp_path / name, kind)
    before = dir_snapshot(tmp_path)
    for argv in (("list",), ("mark", A.id, "--unread")):
        result = run_cli(tmp_path, *argv)
        assert result.returncode == 1, result
        message = one_line(result.stderr)
        assert str(tmp_path / name) in message and "not a regular file" in message
        assert dir_snapshot(tmp_path) == before
    with pytest.raises(NotRegularFileError):
        Store.open(tmp_path)


@pytest.mark.parametrize("kind", ODD_KINDS)
@pytest.mark.parametrize("name", LOCKS)
def test_a_lock_file_that_is_not_a_regular_file_refuses_writes(
    tmp_path: Path, name: str, kind: str
) -> None:
    seeded(tmp_path).close()
    make_odd(tmp_path / name, kind)
    before = dir_snapshot(tmp_path)
    result = write_to(tmp_path, name)
    assert result.returncode == 1, result
    message = one_line(result.stderr)
    assert str(tmp_path / name) in message and "not a regular file" in message
    assert dir_snapshot(tmp_path) == before


@pytest.mark.parametrize("kind", ODD_KINDS)
def test_the_feeds_lock_is_taken_like_the_stores(tmp_path: Path, kind: str) -> None:
    """feeds.json's lock goes through the same code (tui/core/locking.py): an odd file
    there refuses `feeds add` in one line, and the subscriptions stay as they were."""
    seeded(tmp_path).close()
    assert run_cli(tmp_path, "feeds", "add", "http://127.0.0.1:9/a").returncode == 0
    lock = tmp_path / f"{FEEDS_FILE}.lock"
    make_odd(lock, kind)
    before = dir_snapshot(tmp_path)
    result = run_cli(tmp_path, "feeds", "add", "http://127.0.0.1:9/b")
    assert result.returncode == 1, result
    message = one_line(result.stderr)
    assert str(lock) in message and "not a regular file" in message
    assert dir_snapshot(tmp_path) == before


@pytest.mark.parametrize("kind", ODD_KINDS)
@pytest.mark.parametrize("name", FILES)
def test_a_backup_that_is_not_a_regular_file_is_no_backup(
    tmp_path: Path, name: str, kind: str
) -> None:
    """A damaged file with a FIFO or /dev/zero for a backup: the usual 'no good backup'
    error, quickly; with a good file, the next write replaces the odd backup."""
    seeded(tmp_path).close()
    good = (tmp_path / name).read_bytes()
    make_odd(tmp_path / f"{name}.bak", kind)
    (tmp_path / name).write_bytes(b"\x00garbage")
    result = run_cli(tmp_path, "list", "--json")
    assert result.returncode == 1, result
    assert "no good backup" in one_line(result.stderr)
    with pytest.raises(UnrecoverableError):
        Store.open(tmp_path)

    (tmp_path / name).write_bytes(good)
    result = write_to(tmp_path, name)
    assert result.returncode == 0, result
    if kind != "directory":  # a directory cannot be renamed over; the file itself is safe
        assert (tmp_path / f"{name}.bak").read_bytes() == (tmp_path / name).read_bytes()


# -- size limits --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "limit"),
    [(CATALOG_FILE, "CATALOG_LIMIT"), (STATE_FILE, "STATE_LIMIT"), (LIBRARY_FILE, "LIBRARY_LIMIT")],
)
def test_a_file_over_its_size_limit_is_reported_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, limit: str
) -> None:
    seeded(tmp_path).close()
    before = dir_snapshot(tmp_path)
    size = (tmp_path / name).stat().st_size
    monkeypatch.setattr(tui.core.store, limit, size - 1)
    with pytest.raises(TooLargeError, match=rf"{name} is .* over casebook's limit"):
        Store.open(tmp_path)
    assert dir_snapshot(tmp_path) == before  # refused, not "restored" from the backup
    monkeypatch.setattr(tui.core.store, limit, size)
    Store.open(tmp_path).close()


@pytest.mark.skipif(not Path("/proc/self/status").is_file(), reason="reads VmHWM from /proc")
def test_a_huge_sparse_state_file_is_refused_at_once_without_reading_it(tmp_path: Path) -> None:
    """The real limit: a 300 MiB state.json (sparse, so it costs no disk) is refused
    from its size alone; the process neither reads it nor grows."""
    seeded(tmp_path).close()
    with open(tmp_path / STATE_FILE, "r+b") as f:
        f.truncate(300 << 20)
    code = (  # VmHWM: this process's peak RSS in KiB (ru_maxrss would include the parent's)
        "import sys; from tui.cli import main; code = main(sys.argv[1:]); "
        "print(next(line.split()[1] for line in open('/proc/self/status') "
        "if line.startswith('VmHWM:'))); sys.exit(code)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, "--data-dir", str(tmp_path), "list"],
        capture_output=True,
        text=True,
        timeout=30,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert result.returncode == 1, result
    message = one_line(result.stderr)
    assert "state.json is 300 MiB, over casebook's limit of 256 MiB" in message
    assert int(result.stdout) < 150 * 1024  # peak RSS in KiB: the file was not read
    assert (tmp_path / STATE_FILE).stat().st_size == 300 << 20  # and not replaced
    assert not list(tmp_path.glob("*.corrupt-*"))
