"""Where casebook keeps its data and where the bundled seed documents are."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

import tui
from tui.core.errors import DataDirError

ENV_DATA_DIR = "CASEBOOK_DATA_DIR"


def data_dir(override: str | None = None) -> Path:
    """``--data-dir`` beats ``$CASEBOOK_DATA_DIR`` beats the platform's user data dir.

    An empty ``--data-dir ""`` (a script's unset ``"$DIR"``) is an error, never the real
    library; an empty ``$CASEBOOK_DATA_DIR`` counts as unset, as the XDG variables do.
    """
    if override is not None and not override.strip():
        raise DataDirError("--data-dir is empty (an unset variable?); give a directory")
    chosen = override or os.environ.get(ENV_DATA_DIR)
    if chosen:
        return Path(chosen).expanduser()
    return Path(platformdirs.user_data_dir("casebook", appauthor=False))


def seeds_dir() -> Path:
    """Inside an installed wheel the seeds live in ``tui/_seeds``; in a checkout, in ``seeds/``."""
    package = Path(tui.__file__).parent
    bundled = package / "_seeds"
    return bundled if bundled.is_dir() else package.parent / "seeds"


def seed_files() -> list[Path]:
    directory = seeds_dir()
    return sorted(directory.glob("*.txt")) if directory.is_dir() else []
