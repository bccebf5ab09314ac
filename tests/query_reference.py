"""A plain reference for the query language: README's rules, written the slow, obvious way.

It shares no code with ``tui.core.query`` / ``tui.core.search``: its own tokenizer and
parser turn the text into a predicate over ``Article`` objects (casefolded substring
checks, set lookups, ``datetime`` arithmetic) plus a sort, and ``reference_rows``
applies both to a list of articles. The fuzz and parity tests compare the app's
evaluation (indexes, word index, remembered results) with it.

The rules it follows are the README's ("The query language"), including the ones
decided there for odd input:

* control and bidi-control characters count as spaces (even inside a phrase);
* ``"`` opens a phrase only where a term starts (or right after ``field:``);
* a run of ``-`` followed by nothing, a space or ``)`` adds nothing; ``-`` in front of a
  term that adds nothing (``tag:``, ``#``, ``min:<``, ``sort:x``) adds nothing;
* ``OR`` is the operator only as a whole upper-case word not written right after ``-``;
* a ``)`` with no ``(`` before it is dropped before anything else is read, and so are
  parentheses nested more than 32 deep (their terms join the enclosing group);
* ``--a`` is ``a``, ``---a`` is ``-a``;
* a field takes one word or one quoted phrase (``title:(a`` is ``title:`` then ``(a``);
* bare words and phrases look in the title, company, summary, the document's tags
  (joined by spaces) and your note, each separately;
* numbers in ``min:`` have any number of digits (past 18 they count as 10**18).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from tui.core.models import Article

JUNK = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
FIELDS = {"tag", "company", "title", "text", "note", "is", "min", "added", "sort"}
KEY = re.compile(r"[A-Za-z][A-Za-z0-9_]*:")
STATES = ("read", "unread", "bookmarked")
SORTS = {
    "document": ("document", False), "doc": ("document", False),
    "default": ("document", False), "added": ("added", False), "date": ("added", False),
    "newest": ("added", True), "oldest": ("added", False), "title": ("title", False),
    "company": ("company", False), "minutes": ("minutes", False),
    "min": ("minutes", False), "time": ("minutes", False),
}  # fmt: skip
BIG = 10**18


@dataclass
class Reader:
    """The reader's side: flags, own tags and notes, by article id."""

    read: set[str] = field(default_factory=set)
    bookmarked: set[str] = field(default_factory=set)
    my_tags: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    notes: Mapping[str, str] = field(default_factory=dict)


Pred = Callable[[Article, Reader], bool]


# -- tokens: (kind, key, value) ------------------------------------------------------------
def _word_end(text: str, i: int) -> int:
    while i < len(text) and not text[i].isspace() and text[i] not in "()":
        i += 1
    return i


def _phrase(text: str, i: int) -> tuple[str, int]:
    """The phrase whose opening quote is at ``i``: its value and where it ends."""
    close = text.find('"', i + 1)
    if close < 0:
        return text[i + 1 :], len(text)
    return text[i + 1 : close], close + 1


def tokens(raw: str) -> list[tuple[str, str, str]]:
    text = JUNK.sub(" ", raw)
    out: list[tuple[str, str, str]] = []
    i = 0
    while i < len(text):
        c = text[i]
        if c.isspace():
            i += 1
        elif c in "()":
            out.append((c, "", ""))
            i += 1
        elif c == "-":
            j = i
            while j < len(text) and text[j] == "-":
                j += 1
            if j < len(text) and not text[j].isspace() and text[j] != ")":
                out.extend([("-", "", "")] * (2 - (j - i) % 2))  # `---a` is `-a`
            i = j
        elif c == '"':
            value, i = _phrase(text, i)
            out.append(("term", "", value))
        else:
            key = KEY.match(text, i)
            name = key.group()[:-1].lower() if key else ""
            if key and name in FIELDS:
                j = key.end()
                if j < len(text) and text[j] == '"':
                    value, i = _phrase(text, j)
                else:
                    i = _word_end(text, j)
                    value = text[j:i]
                out.append(("term", name, value))
                continue
            j = _word_end(text, i)
            word = text[i:j]
            i = j
            if word == "OR" and not (out and out[-1][0] == "-"):
                out.append(("or", "", ""))
            elif word.startswith("#"):
                out.append(("term", "tag", word[1:]))
            else:
                out.append(("term", "", word))
    # A `)` closing no `(` is dropped before the parse, and so is a `(` nested deeper than
    # 32 with its `)`.
    kept: list[tuple[str, str, str]] = []
    stack: list[bool] = []
    for token in out:
        if token[0] == "(":
            stack.append(stack.count(True) < 32)
            if not stack[-1]:
                continue
        elif token[0] == ")":
            if not stack or not stack.pop():
                continue
        elif token[0] == "-" and kept[-2:] == [("-", "", "")] * 2:
            kept.pop()  # three dashes in a row (once parentheses left): one
            continue
        kept.append(token)
    return kept


# -- the parse: predicates ----------------------------------------------------------------
def contains(value: str, *parts: str) -> bool:
    return any(value in part.casefold() for part in parts)


def _text(value: str, where: str) -> Pred | None:
    if not value:
        return None
    v = value.casefold()

    def pred(a: Article, r: Reader) -> bool:
        note = r.notes.get(a.id, "")
        if where == "title":
            return contains(v, a.title)
        if where == "text":
            return contains(v, a.summary)
        if where == "note":
            return contains(v, note)
        return contains(v, a.title, a.company, a.summary, " ".join(a.tags), note)

    return pred


def _number(digits: str) -> int:
    return int(digits) if len(digits) <= 18 else BIG


NUM = r"(\d+)"


def _minutes(value: str) -> tuple[int, int] | str | None:
    """(low, high) inclusive; "partial" for a value still being typed; None when bad."""
    if re.fullmatch(r"(<=|>=|<|>|=)?|\d+\.|\.\.", value):
        return "partial"
    m = re.fullmatch(r"(<=|>=|<|>|=)?" + NUM, value)
    if m:
        n = _number(m.group(2))
        return {
            None: (n, n), "=": (n, n), "<": (-BIG, n - 1), "<=": (-BIG, n),
            ">": (n + 1, BIG), ">=": (n, BIG),
        }[m.group(1)]  # fmt: skip
    m = re.fullmatch(NUM + r"?\.\." + NUM + "?", value)
    if m:
        low, high = m.groups()
        return (_number(low) if low else -BIG, _number(high) if high else BIG)
    return None


DAY = 86_400.0


def _day(text: str) -> float | None:
    """The UTC start of an ISO day (`2026-01-31`), or None."""
    m = re.fullmatch(r"([0-9]{4})-([0-9]{2})-([0-9]{2})", text)  # ISO: ASCII digits
    if not m:
        return None
    try:
        day = date(*(int(g) for g in m.groups()))
    except ValueError:
        return None
    return datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp()


def _added(value: str, now: float) -> tuple[float, float] | str | None:
    """[low, high) in epoch seconds; "partial" while being typed; None when bad."""
    m = re.fullmatch(r"(\d{1,5})([dwmy])", value)
    if m:
        unit = {"d": 1, "w": 7, "m": 30, "y": 365}[m.group(2)]
        return now - int(m.group(1)) * unit * DAY, float("inf")
    m = re.fullmatch(r"(<=|>=|<|>|=)?(.*)", value)
    assert m is not None
    start = _day(m.group(2))
    if start is not None:
        return {
            None: (start, start + DAY), "=": (start, start + DAY),
            "<": (float("-inf"), start), "<=": (float("-inf"), start + DAY),
            ">": (start + DAY, float("inf")), ">=": (start, float("inf")),
        }[m.group(1)]  # fmt: skip
    if ".." in value:
        low, _, high = value.partition("..")
        lo, hi = _day(low), _day(high)
        if (low or high) and (not low or lo is not None) and (not high or hi is not None):
            return (lo if lo is not None else float("-inf"),
                    hi + DAY if hi is not None else float("inf"))  # fmt: skip
    if re.fullmatch(r"(<=|>=|<|>|=)?[\d-]{0,9}|\d{1,5}", value):
        return "partial"
    return None


class Parser:
    def __init__(self, text: str, now: float) -> None:
        self.toks = tokens(text)
        self.pos = 0
        self.now = now
        self.sort: tuple[str, bool] = ("document", False)

    def peek(self) -> str | None:
        return self.toks[self.pos][0] if self.pos < len(self.toks) else None

    def query(self) -> Pred | None:
        found = self.any_of()
        assert self.peek() is None, self.toks[self.pos :]  # stray `)` were dropped
        return found

    def any_of(self) -> Pred | None:
        sides = [self.all_of()]
        while self.peek() == "or":
            self.pos += 1
            sides.append(self.all_of())
        preds = [s for s in sides if s is not None]
        if not preds:
            return None
        return lambda a, r: any(p(a, r) for p in preds)

    def all_of(self) -> Pred | None:
        preds: list[Pred] = []
        while self.peek() not in (None, "or", ")"):
            p = self.unary(0)
            if p is not None:
                preds.append(p)
        if not preds:
            return None
        return lambda a, r: all(p(a, r) for p in preds)

    def unary(self, dashes: int) -> Pred | None:
        kind, key, value = self.toks[self.pos]
        self.pos += 1
        if kind == "-":  # the tokenizer leaves no `-` before `)`, OR or the end
            inner = self.unary(dashes + 1)
            if inner is None:
                return None
            return lambda a, r: not inner(a, r)
        if kind == "(":
            inner = self.any_of()
            if self.peek() == ")":
                self.pos += 1
            return inner
        return self.term(key, value, dashes % 2 == 1)

    def term(self, key: str, value: str, reversed_: bool) -> Pred | None:
        if key in ("", "title", "text", "note"):
            return _text(value, key or "any")
        if key == "sort":
            v = value.casefold()
            name = v.lstrip("-")
            if name in SORTS:
                sort_key, desc = SORTS[name]
                desc = desc != (v.startswith("-") != reversed_)
                self.sort = (sort_key, desc and sort_key != "document")
            return None
        if key == "tag":
            wanted = {t.casefold().lstrip("#") for t in value.split(",")} - {""}
            if not wanted:
                return None
            return lambda a, r: bool(wanted & (set(a.tags) | set(r.my_tags.get(a.id, ()))))
        if key == "company":
            v = value.casefold().strip()
            if not v:
                return None
            return lambda a, r: v in a.company.casefold()
        if key == "is":
            state = value.casefold()
            if state in STATES:
                return {
                    "read": lambda a, r: a.id in r.read,
                    "unread": lambda a, r: a.id not in r.read,
                    "bookmarked": lambda a, r: a.id in r.bookmarked,
                }[state]
            if any(s.startswith(state) for s in STATES):
                return None
        if key == "min":
            span = _minutes(value)
            if span == "partial":
                return None
            if isinstance(span, tuple):
                low, high = span
                return lambda a, r: low <= a.read_minutes <= high
        if key == "added":
            when = _added(value, self.now)
            if when == "partial":
                return None
            if isinstance(when, tuple):
                start, end = when
                return lambda a, r: a.published is not None and start <= a.published < end
        return _text(f"{key}:{value}", "any")  # a bad value: searched as text


def sort_key_of(a: Article, key: str) -> object:
    if key == "title":
        return a.title.casefold()
    if key == "company":
        return a.company.casefold()
    return a.read_minutes


def reference_rows(
    text: str, articles: list[Article], reader: Reader, now: float
) -> tuple[list[int], tuple[str, bool]]:
    """The positions of the articles the query matches, in its order, and its sort."""
    parser = Parser(text, now)
    pred = parser.query()
    rows = [i for i, a in enumerate(articles) if pred is None or pred(a, reader)]
    key, desc = parser.sort
    if key == "document":
        return rows, parser.sort
    if key == "added":
        dated = [i for i in rows if articles[i].published is not None]
        undated = [i for i in rows if articles[i].published is None]

        def by_date(i: int, j: int) -> int:
            pi, pj = articles[i].published, articles[j].published
            assert pi is not None and pj is not None
            if pi != pj:
                return (-1 if pi < pj else 1) * (-1 if desc else 1)
            return -1 if i < j else 1

        return sorted(dated, key=functools.cmp_to_key(by_date)) + undated, parser.sort

    def compare(i: int, j: int) -> int:
        ki, kj = sort_key_of(articles[i], key), sort_key_of(articles[j], key)
        if ki != kj:
            return (-1 if ki < kj else 1) * (-1 if desc else 1)  # type: ignore[operator]
        return -1 if i < j else 1  # ties keep document order, in both directions

    return sorted(rows, key=functools.cmp_to_key(compare)), parser.sort
