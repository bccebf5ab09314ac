"""Which rows a view shows: a sidebar filter, then an incremental search.

Every filter starts from a pre-built index, so its cost is O(rows shown), not
O(catalogue); the future query bar can compose these same pieces.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from tui.core.catalog import Catalog

FilterKind = Literal["all", "unread", "bookmarked", "tag", "company", "mytag", "feed"]


@dataclass(frozen=True, slots=True)
class Filter:
    kind: FilterKind = "all"
    value: str = ""  # a tag, a company, one of your tags, or a feed's URL
    name: str = field(default="", compare=False)  # a feed's name, for its label

    @property
    def label(self) -> str:
        names = {"all": "All", "unread": "Unread", "bookmarked": "Bookmarked"}
        kind = {"mytag": "your tag"}.get(self.kind, self.kind)
        return names.get(self.kind) or f"{kind}: {self.name or self.value}"


ALL = Filter()


def filter_rows(
    catalog: Catalog,
    read: Collection[str],
    bookmarked: Collection[str],
    flt: Filter,
    members: Iterable[str] = (),
) -> list[int]:
    """The filter's rows in document order; ``members`` are the ids of a ``mytag`` or
    ``feed`` filter (the catalogue does not know them)."""
    if flt.kind in ("mytag", "feed"):
        row_of = catalog.row_of
        return sorted({row_of[i] for i in members if i in row_of})
    if flt.kind == "all":
        return list(range(len(catalog)))
    if flt.kind == "tag":
        return list(catalog.rows_by_tag.get(flt.value, ()))
    if flt.kind == "company":
        return list(catalog.rows_by_company.get(flt.value, ()))
    if flt.kind == "bookmarked":
        return sorted(catalog.row_of[i] for i in bookmarked if i in catalog.row_of)
    ids = catalog.ids
    return [row for row in range(len(ids)) if ids[row] not in read]


def search_terms(query: str) -> list[str]:
    return query.casefold().split()


def search_rows(catalog: Catalog, rows: Sequence[int], query: str) -> list[int]:
    """Rows whose title, company, summary or tags contain every word of the query."""
    terms = search_terms(query)
    if not terms:
        return list(rows)
    hay = catalog.haystack
    result = list(rows)
    for term in terms:
        result = [row for row in result if term in hay[row]]
    return result


def view_title(
    flt: Filter,
    rows: Sequence[int],
    catalog: Catalog,
    read: Collection[str],
    bookmarked: Collection[str],
) -> str:
    """The list's title, honest about rows kept on screen after they stopped matching.

    Marking an article read in *Unread* keeps its row until the view changes (so rows do
    not jump under the cursor); the count then says so: ``Unread · 6 (+2 read)``.
    """
    kept = 0
    if flt.kind in ("unread", "bookmarked"):
        ids = catalog.ids
        if flt.kind == "unread":
            kept = sum(1 for row in rows if ids[row] in read)
        else:
            kept = sum(1 for row in rows if ids[row] not in bookmarked)
    title = f"{flt.label} · {len(rows) - kept}"
    if kept:
        title += f" (+{kept} {'read' if flt.kind == 'unread' else 'unbookmarked'})"
    return title
