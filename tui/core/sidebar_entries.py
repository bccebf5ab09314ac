"""The sidebar's entries as a virtual list: All, Unread, Bookmarked, then tags and companies.

Nothing is built per entry: an index is mapped to a tag or company name on
demand (and a name back to its index by bisection), so 200k tags and
companies cost two lists of names, and drawing a screenful reads a screenful.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from typing import Literal

from tui.core.catalog import Catalog

EntryKind = Literal["all", "unread", "bookmarked", "tag", "company", "heading", "gap"]
FIXED: tuple[EntryKind, ...] = ("all", "unread", "bookmarked")


@dataclass(frozen=True, slots=True)
class Entry:
    kind: EntryKind
    value: str = ""

    @property
    def selectable(self) -> bool:
        return self.kind not in ("heading", "gap")

    @property
    def option_id(self) -> str:
        """``all``, ``unread``, ``bookmarked``, ``tag:NAME`` or ``company:NAME``."""
        return self.kind if self.kind in FIXED else f"{self.kind}:{self.value}"


class SidebarEntries:
    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.tags = list(catalog.rows_by_tag)  # sorted by name
        self.companies = list(catalog.rows_by_company)  # sorted case-insensitively
        self.tag_start = len(FIXED) + 2 if self.tags else None  # after a gap and a heading
        after_tags = len(FIXED) + (len(self.tags) + 2 if self.tags else 0)
        self.company_start = after_tags + 2 if self.companies else None
        self.length = after_tags + (len(self.companies) + 2 if self.companies else 0)

    def __len__(self) -> int:
        return self.length

    def __getitem__(self, index: int) -> Entry:
        if not 0 <= index < self.length:
            raise IndexError(index)
        if index < len(FIXED):
            return Entry(FIXED[index])
        for start, names, kind, heading in (
            (self.tag_start, self.tags, "tag", "Tags"),
            (self.company_start, self.companies, "company", "Companies"),
        ):
            if start is None or index >= start + len(names):
                continue
            if index == start - 2:
                return Entry("gap")
            if index == start - 1:
                return Entry("heading", heading)
            return Entry("tag" if kind == "tag" else "company", names[index - start])
        raise IndexError(index)  # pragma: no cover - the sections cover every index

    def index_of(self, option_id: str) -> int | None:
        """Where an entry is, by bisection; None if this catalogue has no such entry."""
        kind, _, value = option_id.partition(":")
        if kind in FIXED:
            return FIXED.index(kind)
        if kind == "tag" and self.tag_start is not None:
            at = bisect_left(self.tags, value)
            if at < len(self.tags) and self.tags[at] == value:
                return self.tag_start + at
        if kind == "company" and self.company_start is not None:
            folded = value.casefold()
            at = bisect_left(self.companies, folded, key=str.casefold)
            # Names equal but for case sit side by side; find the exact one among them.
            while at < len(self.companies) and self.companies[at].casefold() == folded:
                if self.companies[at] == value:
                    return self.company_start + at
                at += 1
        return None
