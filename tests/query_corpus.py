"""A small corpus chosen to break text matching, and query fragments to break the parser.

Shared by the query fuzz and parity tests (``tests/query_reference.py`` is the oracle).
"""

from __future__ import annotations

import time
from datetime import UTC, datetime

from tests.query_reference import Reader
from tui.core.catalog import Catalog
from tui.core.models import Article
from tui.core.search import Library

NOW = time.time()
DAY = 86_400.0


def noon(y: int, m: int, d: int) -> float:
    return datetime(y, m, d, 12, tzinfo=UTC).timestamp()


# Dates half a day away from any boundary a query can draw (days ago, UTC days).
ROWS: list[tuple[str, str, str, tuple[str, ...], int, float | None]] = [
    ("Stripe", "Kafka lag at Stripe", "Consumer lag on the payments ledger.",
     ("kafka", "payments"), 12, NOW - 2.5 * DAY),
    ("Stripe Press", "Straße und STRASSE", "Größe: naïve cafe\u0301 café.",
     ("books",), 5, NOW - 10.5 * DAY),
    ("Capital One", "İstanbul ISTANBUL istanbul", "ǅemal Ω ω ﬁle — the p.",
     ("go", "ci/cd"), 30, noon(2026, 1, 1)),
    ("Netflix", "Tail latency 😀 🇺🇸", "שלום עולם مرحبا x_y a-b k8s c++ node.js",
     ("rust", "c++"), 1, noon(2025, 12, 31)),
    ("Ünïcode", "OR and NOT or and not", 'Quotes "inside" (parens) and -dashes- #hash',
     ("caching",), 60, None),
    ("Globex", "tag:kafka is:read min:5 sort:title", "foo:bar 2026-01-01 7d",
     ("kafka", "redis"), 5, NOW - 40.5 * DAY),
    ("Acme Pay", "The payments ledger", "Multi\nline summary\nwith lag", ("payments",),
     25, noon(2026, 2, 28)),
    ("acme pay", "the PAYMENTS ledger (2)", "", ("general",), 25, noon(2026, 2, 28)),
    ("Σίσυφος", "ΣΊΣΥΦΟΣ ς σ", "Final sigma ς and Σ", ("greek",), 7, NOW - 400.5 * DAY),
    ("Initech", "", "empty title", (), 0, None),
    ("Initech", "9" * 30, "minutes 999999999", ("numbers",), 999_999_999, noon(9999, 12, 30)),
    ("Hooli", "e", "i k a e I", ("e",), 3, noon(1970, 1, 2)),
]  # fmt: skip

ARTICLES = [
    Article.create(company, title, summary, tags, minutes, None, published)
    for company, title, summary, tags, minutes, published in ROWS
]
IDS = [a.id for a in ARTICLES]
READER = Reader(
    read={IDS[0], IDS[3], IDS[5], IDS[9]},
    bookmarked={IDS[1], IDS[3], IDS[11]},
    my_tags={IDS[2]: ("todo", "kafka"), IDS[4]: ("todo",), IDS[8]: ("ß-tag",)},
    notes={IDS[0]: "Revisit: queue depth", IDS[6]: "Straße NOTE 😀", IDS[10]: "kafka"},
)


def catalog_of(articles: list[Article]) -> Catalog:
    return Catalog(
        [a.id for a in articles], [a.company for a in articles], [a.title for a in articles],
        [a.summary for a in articles], [list(a.tags) for a in articles],
        [a.read_minutes for a in articles], [a.url for a in articles],
        [a.published for a in articles],
    )  # fmt: skip


def library_of(cat: Catalog, reader: Reader, index_min_rows: int = 2000) -> Library:
    """As ``tui.core.view.View`` makes it: notes by row, casefolded."""
    row_of = cat.row_of
    notes = {row_of[i]: n.casefold() for i, n in reader.notes.items() if i in row_of}
    return Library(
        cat, reader.read, reader.bookmarked, dict(reader.my_tags), notes,
        index_min_rows=index_min_rows,
    )  # fmt: skip


# -- query fragments ----------------------------------------------------------------------
WORDS = [
    "kafka", "KAFKA", "lag", "stripe", "pay", "ledger", "the p", "straße", "STRASSE", "ss",
    "ß", "İstanbul", "i\u0307", "i", "I", "café", "cafe\u0301", "\u0301", "e\u0301", "naïve",
    "😀", "🇺🇸", "\U0001f1fa", "שלום", "مرحبا", "x_y", "x_", "ci/cd", "a-b", "node.js", "c++",
    "k8s", "ǅ", "ǆ", "Ω", "ω", "ς", "σ", "Σ", "ﬁ", "fi", "or", "Or", "NOT", "AND", "not",
    "and", "foo:bar", "min:5", "7d", "2026-01-01", "queue", "NOTE", "summary\nwith",
    "inside", "e", "a", "k", "9" * 12, "ünknown:x", "x1:y", "a:b:c", ":", "::", "Tag",
]  # fmt: skip
VALUES: dict[str, list[str]] = {
    "tag": ["kafka", "KAFKA", "kafka,redis", ",", "#kafka", "", "c++", "ci/cd", "todo",
            "ß-tag", "ss-tag", "kafka,,todo", "go,", "#", "##"],
    "company": ["stripe", '"capital one"', '" stripe "', "", "ß", "ACME", "σίσυφος", "pay"],
    "title": ["lag", '"tail latency"', "", "ss", "😀", '"the p"', "or", '"'],
    "text": ["ledger", '"multi line"', "", '"summary\nwith"', "ς", '"(parens)"'],
    "note": ["queue", "straße", "", "😀", '"queue depth"', "kafka"],
    "is": ["read", "unread", "bookmarked", "un", "READ", "foo", "", "r", "bookmarkedx"],
    "min": ["", "<", "<=", ">", ">=", "=", "5", "<10", "<=5", ">20", ">=25", "5..15", "..15",
            "5..", "..", "...", "abc", "<abc", "9" * 30, "٣", "𝟓", "-5", "5.", "0", "<0",
            ">=99999999999", "999999999", ">=999999999", "10..5", "1..1", "<" + "9" * 5000,
            "=5", "5..15..25", " 5", ">>5"],
    "added": ["7d", "1w", "2m", "1y", "99999d", "123456d", ">2026-01-01", "<=2026-01-01",
              "2026-01-01", "2026-01-01..2026-02-01", "..2026-01-01", "2026-01-01..", "..",
              "2026-02-30", "2026-1-1", "soon", "٢٠٢٦-٠١-٠١", "0000-01-01", "9999-12-31",
              ">9999-12-31", "<1970-01-02", "0d", "", "<", "2026-", "5", "2026-02-28..2026-02-27"],
    "sort": ["title", "-title", "company", "-company", "minutes", "-minutes", "newest",
             "oldest", "added", "-added", "date", "doc", "document", "-document", "tit", "colour",
             "", "-", "--title", "TITLE", "min", "time", "-newest", "d"],
}  # fmt: skip
JUNK_CHARS = ["\x00", "\x1b[31m", "\t", "\n", "\r", "\x7f", "\x85", "\u202e", "\u2066",
              "\ud800", "\u200b", "\u00a0", "\u3000", "\x0b", "\x1f"]  # fmt: skip
SYNTAX = ["(", ")", '"', "-", "#", "OR", "or", "NOT", "- ", " -", "--", "((", "))", ":",
          ",", "..", " OR ", "OR(", ")OR", "-OR", "-(", "-)", '-"', "#(", " ", "  "]  # fmt: skip


def field_terms() -> list[str]:
    return [f"{key}:{value}" for key, values in VALUES.items() for value in values] + [
        f"{key.upper()}:{values[0]}" for key, values in VALUES.items()
    ]


FIELD_TERMS = field_terms()
UNKNOWN_FIELDS = ["foo:", "Foo:bar", "tags:kafka", "is_:x", "sort_:title", "title_:lag", "a:"]
