"""The query language of the `/` box and `casebook list --query`: parsing, never failing.

Gmail/GitHub style, so it can be guessed: bare words and "phrases", field terms
(``tag:``, ``#tag``, ``company:``, ``title:``, ``text:``, ``is:``, ``min:``,
``added:``), ``-`` to negate, ``OR`` between terms, parentheses, and ``sort:``.
Hand-written because no library parses this exact, forgiving grammar: a query
is parsed on every keystroke, so half-typed input (an unclosed quote or
parenthesis, ``tag:`` with no value yet) must parse to something sensible, and
nothing the user types may raise. Evaluation lives in ``tui.core.search``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Literal, Union

TextField = Literal["any", "title", "text", "note"]
State = Literal["read", "unread", "bookmarked"]
SortKey = Literal["document", "added", "title", "company", "minutes"]

FIELDS = ("tag", "company", "title", "text", "note", "is", "min", "added", "sort")
STATES: tuple[State, ...] = ("read", "unread", "bookmarked")
MAX_DIGITS = 18  # a longer number counts as 10**18 (int() of 5000 digits raises, and is slow)
MAX_DEPTH = 32  # parentheses nested deeper are ignored (see _balanced)
MAX_SHOWN = 80  # a value quoted in a warning is cut to this many characters
# Control characters and bidi overrides/isolates: typed or pasted text is shown without them.
_JUNK = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def shown(text: str) -> str:
    """``text`` safe to put on a screen or stderr: no control or bidi-override characters."""
    return _JUNK.sub(" ", text)


# -- the tree -----------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Text:
    """A case-insensitive substring of the article's text (``field``: which part of it)."""

    value: str  # casefolded
    field: TextField = "any"

    def __str__(self) -> str:
        word = _quoted(self.value)
        return word if self.field == "any" else f"{self.field}:{word}"


@dataclass(frozen=True, slots=True)
class Tag:
    """Articles carrying any of these tags (exact tag names)."""

    values: tuple[str, ...]

    def __str__(self) -> str:
        return "tag:" + ",".join(self.values)


@dataclass(frozen=True, slots=True)
class Company:
    """Articles whose company name contains this (case-insensitive)."""

    value: str

    def __str__(self) -> str:
        return "company:" + _quoted(self.value)


@dataclass(frozen=True, slots=True)
class Is:
    state: State

    def __str__(self) -> str:
        return f"is:{self.state}"


@dataclass(frozen=True, slots=True)
class Minutes:
    """Reading time within ``low..high`` (inclusive; ``None``: unbounded)."""

    low: int | None
    high: int | None

    def __str__(self) -> str:
        low, high = self.low, self.high
        if low is not None and low == high:
            return f"min:{low}"
        if low is None:
            return f"min:<={high}" if high is not None else "min:.."
        if high is None:
            return f"min:>={low}"
        return f"min:{low}..{high}"


@dataclass(frozen=True, slots=True)
class Added:
    """A date term over an article's date (a feed item's published time); an article
    without one (a hand-written document) never matches it."""

    spec: str

    def __str__(self) -> str:
        return f"added:{self.spec}"


@dataclass(frozen=True, slots=True)
class Not:
    term: Node

    def __str__(self) -> str:
        inner = str(self.term)
        return f"-({inner})" if isinstance(self.term, And | Or) else f"-{inner}"


@dataclass(frozen=True, slots=True)
class And:
    terms: tuple[Node, ...]

    def __str__(self) -> str:
        return " ".join(f"({t})" if isinstance(t, Or) else str(t) for t in self.terms)


@dataclass(frozen=True, slots=True)
class Or:
    terms: tuple[Node, ...]

    def __str__(self) -> str:
        return " OR ".join(f"({t})" if isinstance(t, And) else str(t) for t in self.terms)


Node = Union[Text, Tag, Company, Is, Minutes, Added, Not, And, Or]  # noqa: UP007 - used at runtime


@dataclass(frozen=True, slots=True)
class Sort:
    key: SortKey = "document"
    descending: bool = False

    @property
    def label(self) -> str:
        if self.key == "added":
            return "oldest first" if not self.descending else "newest first"
        name = {"document": "document order", "minutes": "reading time"}.get(self.key, self.key)
        return f"{name}, descending" if self.descending else name

    @property
    def term(self) -> str:
        """How this sort is written in a query (empty for the default order)."""
        if self.key == "document":
            return ""
        if self.key == "added":
            return "sort:newest" if self.descending else "sort:oldest"
        return f"sort:{'-' if self.descending else ''}{self.key}"


DOCUMENT_ORDER = Sort()
SORT_NAMES: dict[str, Sort] = {
    "document": DOCUMENT_ORDER,
    "doc": DOCUMENT_ORDER,
    "default": DOCUMENT_ORDER,
    "added": Sort("added"),
    "date": Sort("added"),
    "newest": Sort("added", descending=True),
    "oldest": Sort("added"),
    "title": Sort("title"),
    "company": Sort("company"),
    "minutes": Sort("minutes"),
    "min": Sort("minutes"),
    "time": Sort("minutes"),
}
# What `S` steps through: document order, newest, title, company, reading time.
SORT_CYCLE: tuple[Sort, ...] = (
    DOCUMENT_ORDER,
    Sort("added", descending=True),
    Sort("title"),
    Sort("company"),
    Sort("minutes"),
)


@dataclass(frozen=True, slots=True)
class Query:
    """A parsed query: ``where`` is None when every article matches."""

    text: str = ""
    where: Node | None = None
    sort: Sort = DOCUMENT_ORDER
    warnings: tuple[str, ...] = ()
    sort_spans: tuple[tuple[int, int], ...] = field(default=(), compare=False)
    # Whether a known `sort:` was typed: `sort:document` then beats the configured default.
    sort_given: bool = False
    # Whether the text ends inside a phrase (`"consumer lag`): `S` closes it before its term.
    open_phrase: bool = field(default=False, compare=False)

    def __str__(self) -> str:
        """The query as understood: what the list's border shows."""
        parts = [str(self.where)] if self.where is not None else []
        if self.sort != DOCUMENT_ORDER:
            parts.append(self.sort.term)
        return shown(" ".join(parts))


# -- tokens -------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class _Token:
    kind: Literal["(", ")", "or", "-", "term"]
    start: int
    end: int
    key: str | None = None  # a known field name, lower case
    value: str = ""
    unclosed: bool = False  # a phrase whose `"` is never closed: it runs to the end


_KEY = re.compile(r"([A-Za-z][A-Za-z0-9_]*):")
_WORD_END = re.compile(r"[\s()]")


def _tokens(text: str, warnings: list[str]) -> list[_Token]:
    out: list[_Token] = []
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if char.isspace():
            i += 1
            continue
        if char in "()":
            out.append(_Token(char, i, i + 1))  # type: ignore[arg-type]
            i += 1
            continue
        if char == "-":
            run = i
            while run < n and text[run] == "-":
                run += 1
            if run < n and not text[run].isspace() and text[run] != ")":
                # `---a` means `-a` and `----a` means `--a`: at most two, so a paste of
                # a thousand dashes does not nest a thousand negations.
                keep = 1 if (run - i) % 2 else 2
                out.extend(_Token("-", j, j + 1) for j in range(run - keep, run))
            i = run  # lone dashes (`-`, `-- a`) are a negation still being typed: nothing yet
            continue
        if char == '"':
            close = text.find('"', i + 1)
            end = n if close < 0 else close + 1
            value = text[i + 1 : close if close >= 0 else n]
            out.append(_Token("term", i, end, None, value, unclosed=close < 0))
            i = end
            continue
        key_match = _KEY.match(text, i)
        key = key_match.group(1).lower() if key_match else None
        if key_match and key in FIELDS:
            j = key_match.end()
            close = 0
            if j < n and text[j] == '"':  # title:"a phrase"
                close = text.find('"', j + 1)
                end = n if close < 0 else close + 1
                value = text[j + 1 : close if close >= 0 else n]
            else:
                found = _WORD_END.search(text, j)
                end = found.start() if found else n
                value = text[j:end]
            out.append(_Token("term", i, end, key, value, unclosed=close < 0))
            i = end
            continue
        found = _WORD_END.search(text, i)
        end = found.start() if found else n
        word = text[i:end]
        if word == "OR" and not (out and out[-1].kind == "-"):
            out.append(_Token("or", i, end))
        elif word.startswith("#"):  # a lone `#` is a tag still being typed: adds nothing
            out.append(_Token("term", i, end, "tag", word[1:]))
        else:
            if key_match:
                warnings.append(f'unknown field "{key_match.group(0)}" searched as text')
            out.append(_Token("term", i, end, None, word))
        i = end
    return out


# -- the parser ---------------------------------------------------------------------------
class _Parser:
    """Recursive descent over the tokens; every malformed shape has a meaning, none raises."""

    def __init__(self, text: str) -> None:
        self.warnings: list[str] = []
        # Control and bidi characters count as spaces (stored text never holds them):
        # replaced one for one, so token positions still index ``text`` (``with_sort``).
        self.tokens = _balanced(_tokens(shown(text), self.warnings))
        self.pos = 0
        self.sort = DOCUMENT_ORDER
        self.sort_spans: list[tuple[int, int]] = []
        self.sort_given = False

    def peek(self) -> str | None:
        return self.tokens[self.pos].kind if self.pos < len(self.tokens) else None

    def parse(self) -> Node | None:
        parts: list[Node] = []
        while self.peek() is not None:
            node = self.parse_or()
            if node is not None:
                parts.append(node)
            if self.peek() == ")":  # an unmatched `)`: ignored
                self.pos += 1
        return _combine(And, parts)

    def parse_or(self) -> Node | None:
        parts = [self.parse_and()]
        while self.peek() == "or":
            self.pos += 1
            parts.append(self.parse_and())
        # `kafka OR` while typing: an empty side adds nothing yet
        return _combine(Or, [p for p in parts if p is not None])

    def parse_and(self) -> Node | None:
        parts: list[Node] = []
        while self.peek() not in (None, "or", ")"):
            node = self.parse_unary(negated=False)
            if node is not None:
                parts.append(node)
        return _combine(And, parts)

    def parse_unary(self, negated: bool) -> Node | None:
        token = self.tokens[self.pos]
        self.pos += 1
        if token.kind == "-":
            if self.peek() in (None, "or", ")"):
                return None
            inner = self.parse_unary(not negated)
            return Not(inner) if inner is not None else None
        if token.kind == "(":
            inner = self.parse_or()
            if self.peek() == ")":
                self.pos += 1
            return inner  # an unclosed group runs to the end
        return self.term(token, negated)

    def term(self, token: _Token, negated: bool) -> Node | None:
        key, value = token.key, token.value
        raw = f"{key}:{value}"
        if key is None:
            return Text(value.casefold()) if value else None
        if key == "sort":
            self.sort_term(token, negated)
            return None
        if key in ("title", "text", "note"):
            return Text(value.casefold(), key) if value else None  # type: ignore[arg-type]
        if key == "tag":
            tags = tuple(t.casefold().lstrip("#") for t in value.split(","))
            tags = tuple(dict.fromkeys(t for t in tags if t))
            return Tag(tags) if tags else None
        if key == "company":
            folded = value.casefold().strip()
            return Company(folded) if folded else None
        if key == "is":
            state = value.casefold()
            if state in STATES:
                return Is(state)
            if any(s.startswith(state) for s in STATES):
                return None  # `is:un` on the way to `is:unread`
        elif key == "min":
            parsed = _minutes(value)
            if parsed is not None:
                return parsed if parsed != "partial" else None
        elif key == "added":
            spec = _added(value)
            if spec is not None:
                if spec == "partial":
                    return None
                return Added(spec)
        self.warnings.append(f'bad value "{raw}" searched as text')
        return Text(raw.casefold())

    def sort_term(self, token: _Token, negated: bool) -> None:
        value = token.value.casefold()
        descending = value.startswith("-") != negated
        name = value.lstrip("-")
        start = token.start
        if start > 0 and self.pos >= 2 and self.tokens[self.pos - 2].kind == "-":
            start = self.tokens[self.pos - 2].start  # `-sort:title` is removed whole
        self.sort_spans.append((start, token.end))
        if name in SORT_NAMES:
            chosen = SORT_NAMES[name]
            if chosen.key != "document":
                chosen = Sort(chosen.key, chosen.descending != descending)
            self.sort, self.sort_given = chosen, True
        elif name and not any(known.startswith(name) for known in SORT_NAMES):
            self.warnings.append(f'unknown sort "sort:{token.value}" ignored')


def _balanced(tokens: list[_Token]) -> list[_Token]:
    """``tokens`` without the ``)`` that close no ``(`` (a stray ``)`` is ignored, so it
    neither ends the query early nor splits an ``OR``: ``a) OR b`` is ``a OR b``), and
    without the parentheses nested deeper than MAX_DEPTH, with their ``)``: their terms
    join the enclosing group. The parser and the search recurse once per level, so a
    pasted ``((((...`` must not reach Python's recursion limit."""
    kept: list[_Token] = []
    opened: list[bool] = []  # per open `(`: whether it was kept
    depth = 0
    for token in tokens:
        if token.kind == "(":
            keep = depth < MAX_DEPTH
            opened.append(keep)
            depth += keep
            if not keep:
                continue
        elif token.kind == ")":
            if not opened:
                continue
            if not opened.pop():
                continue
            depth -= 1
        elif token.kind == "-" and len(kept) >= 2 and kept[-1].kind == kept[-2].kind == "-":
            kept.pop()  # `-(-(-(` past MAX_DEPTH: dashes in a row, two at most (as above)
            continue
        kept.append(token)
    return kept


def _combine(kind: type[And] | type[Or], parts: list[Node]) -> Node | None:
    flat: list[Node] = []
    for part in parts:
        flat.extend(part.terms if isinstance(part, kind) else (part,))
    if not flat:
        return None
    return flat[0] if len(flat) == 1 else kind(tuple(flat))


_NUMBER = r"\d+"
_MIN_COMPARE = re.compile(rf"(<=|>=|<|>|=)?({_NUMBER})")
_MIN_RANGE = re.compile(rf"({_NUMBER})?\.\.({_NUMBER})?")
_MIN_PARTIAL = re.compile(rf"(<=|>=|<|>|=)?|{_NUMBER}\.")


def _minutes(value: str) -> Minutes | Literal["partial"] | None:
    """``min:`` values; "partial" for one still being typed (``min:<``), None if bad."""
    if _MIN_PARTIAL.fullmatch(value) or value == "..":
        return "partial"
    match = _MIN_COMPARE.fullmatch(value)
    if match:
        op, number = match.group(1) or "=", _count(match.group(2))
        return {
            "=": Minutes(number, number),
            "<": Minutes(None, number - 1),
            "<=": Minutes(None, number),
            ">": Minutes(number + 1, None),
            ">=": Minutes(number, None),
        }[op]
    match = _MIN_RANGE.fullmatch(value)
    if match:
        low, high = match.groups()
        return Minutes(_count(low) if low else None, _count(high) if high else None)
    return None


def _count(digits: str) -> int:
    """A number of minutes as written; past MAX_DIGITS digits, more than any article has."""
    return int(digits) if len(digits) <= MAX_DIGITS else 10**MAX_DIGITS


_AGE = re.compile(r"\d{1,5}[dwmy]")
_DATE_COMPARE = re.compile(r"(<=|>=|<|>|=)?(\d{4}-\d{2}-\d{2})")
_DATE_PARTIAL = re.compile(r"(<=|>=|<|>|=)?[\d-]{0,9}|\d{1,5}")


def _added(value: str) -> str | None:
    """A well-formed ``added:`` value (``7d``, ``>2026-01-01``, ``a..b``), "partial", or None."""
    if _AGE.fullmatch(value):
        return value
    match = _DATE_COMPARE.fullmatch(value)
    if match and _is_date(match.group(2)):
        return value
    if ".." in value:
        low, _, high = value.partition("..")
        if all(not d or _is_date(d) for d in (low, high)) and (low or high):
            return value
    if _DATE_PARTIAL.fullmatch(value):
        return "partial"
    return None


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
DAY = 86_400.0
_UNITS = {"d": DAY, "w": 7 * DAY, "m": 30 * DAY, "y": 365 * DAY}


def added_range(spec: str, now: float) -> tuple[float, float]:
    """The [low, high) span of epoch seconds an ``added:`` spec (as parsed) means, in UTC:
    ``7d`` the last 7 days, ``>2026-01-01`` after that day, ``a..b`` both days included."""
    if _AGE.fullmatch(spec):
        return now - int(spec[:-1]) * _UNITS[spec[-1]], float("inf")
    if ".." in spec:
        low, _, high = spec.partition("..")
        return (
            _day_start(low) if low else float("-inf"),
            _day_start(high) + DAY if high else float("inf"),
        )
    match = _DATE_COMPARE.fullmatch(spec)
    assert match is not None  # _added accepted it
    op, start = match.group(1) or "=", _day_start(match.group(2))
    return {
        ">": (start + DAY, float("inf")),
        ">=": (start, float("inf")),
        "<": (float("-inf"), start),
        "<=": (float("-inf"), start + DAY),
        "=": (start, start + DAY),
    }[op]


def _day_start(text: str) -> float:
    day = date.fromisoformat(text)
    return datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp()


def _is_date(text: str) -> bool:
    if not _ISO_DATE.fullmatch(text):
        return False
    try:
        date.fromisoformat(text)
    except ValueError:  # 2026-02-30
        return False
    return True


_PLAIN = re.compile(r"[^\s()\"#:-][^\s()\":]*")


def _quoted(value: str) -> str:
    if _PLAIN.fullmatch(value) and value != "or":
        return value
    return '"' + value.replace('"', "") + '"'


def parse(text: str) -> Query:
    """Parses any string; problems become warnings, never exceptions."""
    parser = _Parser(text)
    where = parser.parse()
    return Query(
        text,
        where,
        parser.sort,
        tuple(dict.fromkeys(_cut(shown(w)) for w in parser.warnings)),
        tuple(parser.sort_spans),
        parser.sort_given,
        any(token.unclosed for token in parser.tokens),
    )


def _cut(warning: str) -> str:
    return warning if len(warning) <= 2 * MAX_SHOWN else warning[:MAX_SHOWN] + "…"


def with_sort(text: str, sort: Sort, explicit: bool = False) -> str:
    """``text`` with its ``sort:`` terms replaced by ``sort`` (what `S` types for you);
    ``explicit``: document order is written out (``sort:document``) rather than left
    implied, for a view whose default order is another one."""
    query = parse(text)
    spans = query.sort_spans
    if query.open_phrase:  # else the term would be read as part of the phrase
        text += '"'
    for start, end in reversed(spans):
        before, after = text[:start].rstrip(), text[end:].lstrip()
        text = f"{before} {after}" if before and after else before or after
    term = sort.term or ("sort:document" if explicit else "")
    return f"{text.rstrip()} {term}".strip() if term else text.rstrip()


def next_sort(sort: Sort) -> Sort:
    """The sort after ``sort`` in the cycle `S` steps through."""
    keys = [s.key for s in SORT_CYCLE]
    index = keys.index(sort.key) if sort.key in keys else 0
    return SORT_CYCLE[(index + 1) % len(SORT_CYCLE)]
