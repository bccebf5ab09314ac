"""Restoring a damaged store file from its last good copy.

Called with the file's lock held. The damaged file is never overwritten or
deleted: it is moved aside as ``NAME.corrupt-<timestamp>`` for inspection.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from tui.core.errors import CorruptFileError, UnrecoverableError
from tui.core.storage import AtomicStorage, atomic_write, backup_path, fsync_dir, parse_payload


def corrupt_path(path: Path) -> Path:
    stamp = time.strftime("%Y%m%d-%H%M%S")
    candidate = path.with_name(f"{path.name}.corrupt-{stamp}")
    n = 1
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.name}.corrupt-{stamp}-{n}")
    return candidate


def restore_from_backup(storage: AtomicStorage, damage: CorruptFileError) -> str:
    """Puts the backup in place of the damaged file; returns the notice for the user."""
    path = storage.path
    backup = backup_path(path)
    try:
        data = backup.read_bytes()
    except FileNotFoundError:
        raise UnrecoverableError(path, damage.reason) from None
    try:
        parse_payload(data, path, storage.kind)
    except CorruptFileError:
        raise UnrecoverableError(path, damage.reason) from None
    aside = corrupt_path(path)
    os.replace(path, aside)
    fsync_dir(path.parent)
    atomic_write(path, data)
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
