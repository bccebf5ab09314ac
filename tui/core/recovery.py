"""Restoring a damaged store file from its last good copy.

Called with the file's lock held. The damaged bytes are never lost: they are
kept as ``NAME.corrupt-<timestamp>`` (a hard link, or a copy) before the backup
is atomically put in place of the damaged file.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

from tui.core.errors import (
    CorruptFileError,
    NotRegularFileError,
    StoreWriteError,
    TooLargeError,
    UnrecoverableError,
)
from tui.core.files import read_regular
from tui.core.storage import AtomicStorage, atomic_write, backup_path, fsync_dir


def corrupt_path(path: Path) -> Path:
    stamp = time.strftime("%Y%m%d-%H%M%S")
    candidate = path.with_name(f"{path.name}.corrupt-{stamp}")
    n = 1
    while os.path.lexists(candidate):
        n += 1
        candidate = path.with_name(f"{path.name}.corrupt-{stamp}-{n}")
    return candidate


def restore_from_backup(storage: AtomicStorage, damage: CorruptFileError) -> str:
    """Puts the backup in place of the damaged file; returns the notice for the user."""
    path = storage.path
    backup = backup_path(path)
    try:
        data = read_regular(backup, storage.limit)  # a FIFO or /dev/zero is no backup
        if data is None:
            raise UnrecoverableError(path, damage.reason)
        storage.parse(data)  # the same checks as a load, content included
    except (CorruptFileError, NotRegularFileError, TooLargeError):
        raise UnrecoverableError(path, damage.reason) from None
    aside = corrupt_path(path)
    # Link, not move: if putting the backup back fails (disk full), the damaged file stays in
    # place, so the next start retries the restore instead of starting from an empty file
    # (and overwriting the good backup with it).
    try:
        try:
            os.link(path, aside)
        except OSError:  # a filesystem without hard links
            shutil.copyfile(path, aside)
        fsync_dir(path.parent)
        atomic_write(path, data)
    except OSError as exc:  # a one-line error, not a traceback (the app only catches these)
        raise StoreWriteError(path, exc) from exc
    storage.invalidate()
    return (
        f"{path.name} was damaged ({damage.reason}); restored the last good copy from "
        f"{backup.name}. The damaged file is kept as {aside.name}."
    )


def load_or_restore(storage: AtomicStorage) -> str | None:
    """Loads the file; if it is damaged, restores it and returns a notice."""
    try:
        storage.load()
        return None
    except CorruptFileError as damage:
        notice = restore_from_backup(storage, damage)
    storage.load()
    return notice
