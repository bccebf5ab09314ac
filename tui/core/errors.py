"""Store failures, each carrying the one-line message a user sees."""

from __future__ import annotations

import stat
from pathlib import Path


def _reason(exc: OSError) -> str:
    return exc.strerror or exc.__class__.__name__


class StoreError(Exception):
    """Base for everything the store reports to the user instead of a traceback."""


class CorruptFileError(StoreError):
    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: damaged store file ({reason})")


class NewerSchemaError(StoreError):
    def __init__(self, path: Path, found: int, supported: int) -> None:
        self.path = path
        super().__init__(
            f"{path}: written by a newer casebook (schema {found}; this version reads up to "
            f"{supported}). Upgrade casebook; the file was not modified."
        )


class UnrecoverableError(StoreError):
    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        super().__init__(
            f"{path} is damaged ({reason}) and there is no good backup ({path.name}.bak). "
            f"Nothing was changed. To start this file afresh, move it aside: "
            f"mv '{path}' '{path}.damaged'"
        )


class StoreWriteError(StoreError):
    def __init__(self, path: Path, exc: OSError) -> None:
        self.path = path
        self.errno = exc.errno
        super().__init__(f"could not save {path} ({_reason(exc)}); nothing was changed")


class FileAccessError(StoreError):
    """The operating system refused a read, a lock or a directory (permissions, EROFS, EIO...)."""

    def __init__(self, path: Path, action: str, exc: OSError) -> None:
        self.path = path
        self.errno = exc.errno
        super().__init__(f"could not {action} {path} ({_reason(exc)})")


_KINDS = {
    stat.S_IFDIR: "a directory",
    stat.S_IFIFO: "a FIFO",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
    stat.S_IFLNK: "a symbolic link",
}


class NotRegularFileError(StoreError):
    def __init__(self, path: Path, mode: int) -> None:
        self.path = path
        kind = _KINDS.get(stat.S_IFMT(mode), "not a regular file")
        super().__init__(
            f"{path} is {kind}, not a regular file; casebook did not read or change it. "
            f"Move it aside: mv '{path}' '{path}.aside'"
        )


class TooLargeError(StoreError):
    def __init__(self, path: Path, size: int, limit: int) -> None:
        self.path = path
        super().__init__(
            f"{path} is {size / (1 << 20):,.0f} MiB, over casebook's limit of "
            f"{limit / (1 << 20):,.0f} MiB for this file; it was not read or changed"
        )


class DataDirError(StoreError):
    """The data directory given is unusable as such (empty, or not a directory): a usage error."""
