"""The in-memory catalogue: articles as columns, plus the indexes every view is built from.

Columns instead of one object per article: building 100k objects at start-up
costs more than the whole first frame, and the list only ever needs a few rows.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from tui.core.models import Article

COLUMNS = ("id", "company", "title", "summary", "tags", "minutes")


def article_doc(article: Article) -> dict[str, Any]:
    """How an article is stored in the catalogue table."""
    return {
        "id": article.id,
        "company": article.company,
        "title": article.title,
        "summary": article.summary,
        "tags": list(article.tags),
        "minutes": article.read_minutes,
    }


def _check_columns(columns: Mapping[str, list[Any]]) -> None:
    missing = [c for c in COLUMNS if c not in columns]
    if missing:
        raise ValueError(f"missing column {missing[0]!r}")
    for name in ("id", "company", "title", "summary"):
        if not all(type(v) is str for v in columns[name]):
            raise ValueError(f"column {name!r} holds a non-string")
    if not all(type(v) is int for v in columns["minutes"]):
        raise ValueError("column 'minutes' holds a non-integer")
    if not all(type(v) is list for v in columns["tags"]):
        raise ValueError("column 'tags' holds a non-list")


@dataclass(eq=False)
class Catalog:
    ids: list[str] = field(default_factory=list)
    companies: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    summaries: list[str] = field(default_factory=list)
    tags: list[list[str]] = field(default_factory=list)
    minutes: list[int] = field(default_factory=list)
    row_of: dict[str, int] = field(default_factory=dict)
    rows_by_tag: dict[str, list[int]] = field(default_factory=dict)
    rows_by_company: dict[str, list[int]] = field(default_factory=dict)
    _haystack: list[str] | None = None

    @classmethod
    def from_columns(cls, columns: Mapping[str, list[Any]]) -> Catalog:
        """Raises ValueError if the columns are not a catalogue (the caller names the file)."""
        if not columns:
            return cls()
        _check_columns(columns)
        cat = cls(
            ids=columns["id"],
            companies=columns["company"],
            titles=columns["title"],
            summaries=columns["summary"],
            tags=columns["tags"],
            minutes=columns["minutes"],
        )
        cat.row_of = {article_id: row for row, article_id in enumerate(cat.ids)}
        by_tag: dict[str, list[int]] = {}
        for row, tags in enumerate(cat.tags):
            for tag in tags:
                by_tag.setdefault(tag, []).append(row)
        by_company: dict[str, list[int]] = {}
        for row, company in enumerate(cat.companies):
            by_company.setdefault(company, []).append(row)
        cat.rows_by_tag = dict(sorted(by_tag.items()))
        cat.rows_by_company = dict(sorted(by_company.items(), key=lambda kv: kv[0].casefold()))
        return cat

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
        )

    @property
    def haystack(self) -> list[str]:
        """Lower-cased search text per row, built on first use (or ahead of time by the UI)."""
        if self._haystack is None:
            self._haystack = [
                f"{t}\n{c}\n{s}\n{' '.join(g)}".casefold()
                for t, c, s, g in zip(
                    self.titles, self.companies, self.summaries, self.tags, strict=True
                )
            ]
        return self._haystack
