"""Unread and bookmark counts for the header and sidebar, kept up to date per toggle.

Recounting 100k articles on each keypress is too slow, so counts are built
once and adjusted by the store as state changes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field
from itertools import chain

from tui.core.catalog import Catalog


@dataclass(eq=False)
class Counts:
    catalog: Catalog
    read: int = 0
    bookmarked: int = 0
    read_by_tag: Counter[str] = field(default_factory=Counter)
    read_by_company: Counter[str] = field(default_factory=Counter)

    @classmethod
    def build(cls, catalog: Catalog, read: Collection[str], bookmarked: Collection[str]) -> Counts:
        counts = cls(catalog)
        row_of = catalog.row_of
        counts.bookmarked = sum(1 for i in bookmarked if i in row_of)
        rows = [row_of[i] for i in read if i in row_of]
        counts.read = len(rows)
        # Counter over iterators counts in C: 100k read articles in ~20 ms, not ~150.
        counts.read_by_tag = Counter(chain.from_iterable(map(catalog.tags.__getitem__, rows)))
        counts.read_by_company = Counter(map(catalog.companies.__getitem__, rows))
        return counts

    def mark_read(self, row: int, delta: int) -> None:
        self.read += delta
        self.read_by_company[self.catalog.companies[row]] += delta
        for tag in self.catalog.tags[row]:
            self.read_by_tag[tag] += delta

    def mark_read_rows(self, rows: Collection[int], delta: int) -> None:
        """``mark_read`` for many rows at once, counted in C (a bulk mark of 100k rows)."""
        if not rows:
            return
        cat = self.catalog
        tags = Counter(chain.from_iterable(map(cat.tags.__getitem__, rows)))
        companies = Counter(map(cat.companies.__getitem__, rows))
        self.read += delta * len(rows)
        for counter, seen in ((self.read_by_tag, tags), (self.read_by_company, companies)):
            for key, n in seen.items():
                counter[key] += delta * n

    @property
    def total(self) -> int:
        return len(self.catalog)

    @property
    def unread(self) -> int:
        return self.total - self.read

    def tag_unread(self, tag: str) -> int:
        return len(self.catalog.rows_by_tag.get(tag, ())) - self.read_by_tag[tag]

    def company_unread(self, company: str) -> int:
        return len(self.catalog.rows_by_company.get(company, ())) - self.read_by_company[company]
