"""Seeding the store from the bundled documents, once per version of those documents.

The catalogue remembers a digest of the seeds it was built from; when a new
release ships different seeds, the next start imports them (adding and updating
in place, so the user's read and bookmark state is untouched).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from tui.core.document import parse_files
from tui.core.paths import seed_files
from tui.core.store import ImportResult, Store

SEED_DIGEST = "seed_digest"


def digest(files: list[Path]) -> str:
    h = hashlib.sha256()
    for path in files:
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def ensure_seeded(store: Store, files: list[Path] | None = None) -> ImportResult | None:
    """Imports the seeds if this store has not seen this version of them."""
    files = seed_files() if files is None else files
    if not files:
        return None
    current = digest(files)
    if store.meta(SEED_DIGEST) == current:
        return None
    return store.import_articles(parse_files(files), meta={SEED_DIGEST: current})
