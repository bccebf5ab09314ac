"""Saved searches: a name for a query you use every day, kept in ``library.json``.

Each entry is checked on load by itself: a damaged one (wrong types, an empty or
over-long name) is left out and reported, never fatal to the rest of the library.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from tui.core.clean import clean_line
from tui.core.library import LibraryInputError

TABLE = "saved"
MAX_NAME = 60
MAX_QUERY = 2000


class SavedInputError(LibraryInputError):
    """A name or query that cannot be saved; the message says why."""


@dataclass(frozen=True, slots=True)
class SavedSearch:
    name: str
    query: str


def saved_doc_id(name: str) -> int:
    """One row per name (case-insensitive), so saving again under a name replaces it."""
    return int(hashlib.sha1(name.casefold().encode()).hexdigest()[:12], 16)


def clean_saved(name: str, query: str) -> SavedSearch:
    name, query = clean_line(name).strip(), clean_line(query).strip()
    if not name:
        raise SavedInputError("a saved search needs a name")
    if len(name) > MAX_NAME:
        raise SavedInputError(f"a name has at most {MAX_NAME} characters")
    if not query:
        raise SavedInputError("there is no query to save (type one after /)")
    if len(query) > MAX_QUERY:
        raise SavedInputError(f"a query has at most {MAX_QUERY} characters")
    return SavedSearch(name, query)


def load_saved(columns: Mapping[str, Sequence[Any]]) -> tuple[list[SavedSearch], list[str]]:
    """The valid entries, sorted by name, and one problem line per damaged entry."""
    names = columns.get("name", ())
    queries = columns.get("query", [None] * len(names))
    found: list[SavedSearch] = []
    problems: list[str] = []
    for index, (name, query) in enumerate(zip(names, queries, strict=False)):
        try:
            if not isinstance(name, str) or not isinstance(query, str):
                raise SavedInputError("not a name and a query")
            found.append(clean_saved(name, query))
        except SavedInputError as exc:
            problems.append(f"saved search {index + 1} left out ({exc})")
    found.sort(key=lambda s: s.name.casefold())
    return found, problems
