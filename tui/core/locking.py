"""Taking a store file's lock: one way for every file casebook writes.

Every writer (the store's three files, the subscriptions) takes the file's lock the
same way, so each refuses a FIFO, a directory or a symlink at the lock's path, gives a
root-created lock file back to the store's owner, waits at most ``LOCK_TIMEOUT`` and
says which file when it gives up, and turns an OS error on the lock file (read-only
file system, permissions, full disk) into one clear message instead of a traceback.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from filelock import FileLock, Timeout

from tui.core.errors import FileAccessError, StoreError
from tui.core.files import prepare_lock_file
from tui.core.storage import AtomicStorage

LOCK_TIMEOUT = 15.0
# A short poll: filelock's default 50 ms would stall a toggle behind a script's write.
LOCK_POLL = 0.002


@contextmanager
def held(lock: FileLock, target: Path, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
    """Holds ``lock`` (the lock of ``target``, the file named in messages) for the block."""
    if not lock.is_locked:
        prepare_lock_file(Path(lock.lock_file))
    try:
        lock.acquire(timeout=timeout, poll_interval=LOCK_POLL)
    except Timeout:
        raise StoreError(
            f"{target}: another casebook process has held the lock for {timeout:.0f} s; "
            "try again"
        ) from None
    except OSError as exc:  # EROFS, EACCES, ENOSPC, EIO on the lock file
        raise FileAccessError(Path(lock.lock_file), "lock", exc) from None
    try:
        yield
    finally:
        with suppress(OSError):  # the write is done; the kernel drops the lock at close
            lock.release()


def remove_stale_temps(lock: FileLock, storage: AtomicStorage) -> None:
    """Removes the temp files of writers killed mid-write, only while nobody holds the
    lock (a running writer's temp file is not stale); without a usable lock, nothing."""
    try:
        prepare_lock_file(Path(lock.lock_file))
        lock.acquire(timeout=0)
    except (Timeout, OSError, StoreError):
        return
    try:
        storage.remove_temps()
    finally:
        with suppress(OSError):
            lock.release()
