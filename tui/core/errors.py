"""Store failures, each carrying the one-line message a user sees."""

from __future__ import annotations

from pathlib import Path


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
        reason = exc.strerror or exc.__class__.__name__
        super().__init__(f"could not save {path} ({reason}); nothing was changed")
