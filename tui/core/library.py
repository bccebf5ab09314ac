"""Your own tags and notes on articles: the part of the library that is yours alone.

Kept in a file of its own (``library.json``), never in the catalogue (a re-import
or a feed refresh must not touch them) and not in ``state.json`` either: a read
toggle rewrites the state file, and 1,000 notes of 2 KB there would make every
toggle write 2 MB more.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from tui.core.clean import strip_controls
from tui.core.document import MAX_TAGS, TAG_WORD
from tui.core.storage import Payload, table_columns_of

LIBRARY_FILE = "library.json"
TABLE = "library"
MAX_NOTE_CHARS = 65_536



class LibraryInputError(ValueError):
    """A tag or note the user typed cannot be stored; the message says why."""


@dataclass(frozen=True, slots=True)
class TagChange:
    add: tuple[str, ...]
    remove: tuple[str, ...]


def parse_tag_changes(words: Iterable[str]) -> TagChange:
    """`+scaling -todo` (or bare words, which add): what to add and remove.

    Tags follow the document format's rule (lowercase a-z, 0-9 and + # . _ / -), so
    yours and the catalogue's can be matched alike; upper case is folded.
    """
    add: list[str] = []
    remove: list[str] = []
    for raw in words:
        for word in raw.replace(",", " ").split():
            target = remove if word.startswith("-") else add
            tag = word[1:] if word[:1] in "+-" else word
            tag = tag.removeprefix("#").lower()
            if not TAG_WORD.fullmatch(tag):
                raise LibraryInputError(
                    f"'{tag}' is not a tag: use lowercase letters, digits and + # . _ / -"
                )
            target.append(tag)
    return TagChange(tuple(dict.fromkeys(add)), tuple(dict.fromkeys(remove)))


def apply_tag_change(current: Sequence[str], change: TagChange) -> tuple[str, ...]:
    tags = [t for t in current if t not in change.remove]
    tags += [t for t in change.add if t not in tags and t not in change.remove]
    if len(tags) > MAX_TAGS:
        raise LibraryInputError(f"at most {MAX_TAGS} tags on one article")
    return tuple(tags)


def clean_note(text: str) -> str:
    """A note as stored: no control or bidi-override characters, tabs as spaces, trimmed."""
    # Control and bidi-override characters go (a pasted note must not reorder the screen);
    # tabs are expanded first, newlines kept.
    text = text.expandtabs(4).replace("\r\n", "\n").replace("\r", "\n")
    cleaned = strip_controls(text)
    cleaned = cleaned.strip()
    if len(cleaned) > MAX_NOTE_CHARS:
        raise LibraryInputError(f"a note holds at most {MAX_NOTE_CHARS:,} characters")
    return cleaned


_TYPES: dict[str, set[type]] = {"id": {str}, "tags": {list}, "note": {str}, "updated": {float, int}}


def check_library(payload: Payload) -> None:
    """Raises ValueError unless the library table holds well-typed rows (load and restore)."""
    encoded = payload["tables"].get(TABLE)
    if encoded is None:
        return
    _, columns = table_columns_of(encoded)
    for name, types in _TYPES.items():
        if not set(map(type, columns.get(name, ()))) <= types:
            raise ValueError(f"column {name!r} holds a wrong type")
    for tags in columns.get("tags", ()):
        if not all(isinstance(t, str) and TAG_WORD.fullmatch(t) for t in tags):
            raise ValueError("column 'tags' holds something other than tag words")


@dataclass(slots=True)
class Library:
    """Your tags and notes by article id, as loaded; empty ones are not kept."""

    tags: dict[str, tuple[str, ...]]
    notes: dict[str, str]

    @classmethod
    def from_columns(cls, columns: dict[str, list[Any]]) -> Library:
        """Columns that passed ``check_library``."""
        ids: list[str] = columns.get("id", [])
        tags: list[list[str]] = columns.get("tags", [[]] * len(ids))
        notes: list[str] = columns.get("note", [""] * len(ids))
        return cls(
            {i: tuple(t) for i, t in zip(ids, tags, strict=True) if t},
            {i: n for i, n in zip(ids, notes, strict=True) if n},
        )

    def rows_by_tag(self) -> dict[str, list[str]]:
        """Article ids per tag of yours, tags sorted (the sidebar's *Your tags*)."""
        by_tag: dict[str, list[str]] = {}
        for article_id, tags in self.tags.items():
            for tag in tags:
                by_tag.setdefault(tag, []).append(article_id)
        return dict(sorted(by_tag.items()))
