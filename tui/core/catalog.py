"""The in-memory catalogue: articles as columns, plus the indexes every view is built from.

Columns instead of one object per article: building 100k objects at start-up
costs more than the whole first frame, and the list only ever needs a few rows.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cached_property
from itertools import chain
from typing import Any

from tui.core.models import Article
from tui.core.text_index import TextIndex

COLUMNS = ("id", "company", "title", "summary", "tags", "minutes")
# Added in schema 2 (feeds); a catalogue written before them gets them filled with None.
OPTIONAL_COLUMNS = ("url", "published")


def article_doc(article: Article) -> dict[str, Any]:
    """How an article is stored in the catalogue table."""
    return {
        "id": article.id,
        "company": article.company,
        "title": article.title,
        "summary": article.summary,
        "tags": list(article.tags),
        "minutes": article.read_minutes,
        "url": article.url,
        "published": article.published,
    }


def upgrade_catalog(payload: dict[str, Any]) -> None:
    """Schema 1 -> 2, in place as the file loads: adds the link and date columns (None) to
    articles written before them, so every row has the same keys and the table stays
    column-wise. The next write stores them; until then the file on disk is untouched."""
    encoded = payload["tables"].get("articles")
    if encoded is None:
        return
    if "docs" in encoded:
        for doc in encoded["docs"].values():
            for name in OPTIONAL_COLUMNS:
                doc.setdefault(name, None)
        return
    columns = encoded["columns"]
    if columns:
        for name in OPTIONAL_COLUMNS:
            columns.setdefault(name, [None] * len(encoded["ids"]))


_NONE = type(None)


def _only(column: list[Any], kind: type) -> bool:
    return set(map(type, column)) <= {kind}  # map/set run in C: ~3 ms per 100k values


def check_columns(columns: Mapping[str, list[Any]]) -> None:
    """Raises ValueError unless the columns are a catalogue (the caller names the file)."""
    missing = [c for c in COLUMNS if c not in columns]
    if missing:
        raise ValueError(f"missing column {missing[0]!r}")
    for name in ("id", "company", "title", "summary"):
        if not _only(columns[name], str):
            raise ValueError(f"column {name!r} holds a non-string")
    if not _only(columns["minutes"], int):
        raise ValueError("column 'minutes' holds a non-integer")
    if not _only(columns["tags"], list) or not _only(
        list(chain.from_iterable(columns["tags"])), str
    ):
        raise ValueError("column 'tags' holds something other than lists of strings")
    if not set(map(type, columns.get("url", ()))) <= {str, _NONE}:
        raise ValueError("column 'url' holds something other than strings")
    if not set(map(type, columns.get("published", ()))) <= {int, float, _NONE}:
        raise ValueError("column 'published' holds something other than numbers")


class Catalog:
    """Indexes are built on first use, so the first frame does not wait for them."""

    def __init__(
        self,
        ids: list[str] | None = None,
        companies: list[str] | None = None,
        titles: list[str] | None = None,
        summaries: list[str] | None = None,
        tags: list[list[str]] | None = None,
        minutes: list[int] | None = None,
        urls: list[str | None] | None = None,
        published: list[float | None] | None = None,
    ) -> None:
        self.ids = ids or []
        self.companies = companies or []
        self.titles = titles or []
        self.summaries = summaries or []
        self.tags = tags or []
        self.minutes = minutes or []
        self.urls = urls or [None] * len(self.ids)
        self.published = published or [None] * len(self.ids)

    @classmethod
    def from_columns(cls, columns: Mapping[str, list[Any]]) -> Catalog:
        """Columns that passed ``check_columns`` (the store checks every file as it loads it)."""
        if not columns:
            return cls()
        return cls(
            ids=columns["id"],
            companies=columns["company"],
            titles=columns["title"],
            summaries=columns["summary"],
            tags=columns["tags"],
            minutes=columns["minutes"],
            urls=columns.get("url"),
            published=columns.get("published"),
        )

    @cached_property
    def row_of(self) -> dict[str, int]:
        return {article_id: row for row, article_id in enumerate(self.ids)}

    @cached_property
    def rows_by_tag(self) -> dict[str, list[int]]:
        by_tag: dict[str, list[int]] = {}
        for row, tags in enumerate(self.tags):
            for tag in tags:
                by_tag.setdefault(tag, []).append(row)
        return dict(sorted(by_tag.items()))

    @cached_property
    def rows_by_company(self) -> dict[str, list[int]]:
        by_company: dict[str, list[int]] = {}
        for row, company in enumerate(self.companies):
            by_company.setdefault(company, []).append(row)
        return dict(sorted(by_company.items(), key=lambda kv: kv[0].casefold()))

    def __len__(self) -> int:
        return len(self.ids)

    def article(self, row: int) -> Article:
        return Article(
            self.ids[row],
            self.companies[row],
            self.titles[row],
            self.summaries[row],
            tuple(self.tags[row]),
            self.minutes[row],
            self.urls[row],
            self.published[row],
        )

    @cached_property
    def haystack(self) -> list[str]:
        """Lower-cased search text per row, built on first use (or ahead of time by the UI)."""
        return [
            f"{t}\n{c}\n{s}\n{' '.join(g)}".casefold()
            for t, c, s, g in zip(
                self.titles, self.companies, self.summaries, self.tags, strict=True
            )
        ]

    # -- what the query language needs (tui.core.search), each built on first use ----------
    @cached_property
    def folded_titles(self) -> list[str]:
        return [t.casefold() for t in self.titles]

    @cached_property
    def folded_summaries(self) -> list[str]:
        return [s.casefold() for s in self.summaries]

    @cached_property
    def folded_companies(self) -> list[tuple[str, list[int]]]:
        """Each distinct company name, casefolded, with its rows: ``company:`` scans names."""
        return [(name.casefold(), rows) for name, rows in self.rows_by_company.items()]

    @cached_property
    def rows_by_minutes(self) -> dict[int, list[int]]:
        by_minutes: dict[int, list[int]] = {}
        for row, minutes in enumerate(self.minutes):
            by_minutes.setdefault(minutes, []).append(row)
        return by_minutes

    @cached_property
    def word_index(self) -> TextIndex:
        """Which rows contain a piece of text, from the words of the search text
        (``tui.core.text_index``). 2-4 s and ~30 MB at 100k rows: the app builds it in a
        worker after the first frame and the search uses it only once it exists
        (``has_word_index``)."""
        return TextIndex(self.haystack)

    def build_word_index(self, pace: Callable[[], None]) -> TextIndex:
        """``word_index``, built with ``pace`` called between slices (by a worker that
        must leave the UI thread the GIL); a no-op once built."""
        if not self.has_word_index:
            self.__dict__["word_index"] = TextIndex(self.haystack, pace)
        return self.word_index

    @property
    def has_word_index(self) -> bool:
        return "word_index" in self.__dict__

    @cached_property
    def title_rank(self) -> list[int]:
        """Each row's place among the titles A→Z (equal titles share one): sorting by it
        compares ints instead of strings, 2-3x faster at 100k rows."""
        return _dense_rank(self.folded_titles)

    @cached_property
    def company_rank(self) -> list[int]:
        return _dense_rank([c.casefold() for c in self.companies])

    def sort_key(self, key: str) -> list[int]:
        """Per row, what ``sort:key`` compares (title and company as ranks)."""
        if key == "title":
            return self.title_rank
        return self.company_rank if key == "company" else self.minutes

    def sort_order(self, key: str, descending: bool) -> list[int]:
        """Every row in ``sort:key`` order (stable), computed once: `S` on a whole
        catalogue is then a lookup, not a 100k-row sort."""
        orders: dict[tuple[str, bool], list[int]] = self.__dict__.setdefault("_orders", {})
        order = orders.get((key, descending))
        if order is None:
            ranks = self.sort_key(key)
            order = sorted(range(len(self)), key=ranks.__getitem__, reverse=descending)
            orders[key, descending] = order
        return order


def _dense_rank(keys: list[str]) -> list[int]:
    order = sorted(range(len(keys)), key=keys.__getitem__)
    rank = [0] * len(keys)
    place, previous = -1, None
    for row in order:
        key = keys[row]
        if key != previous:
            place, previous = place + 1, key
        rank[row] = place
    return rank
