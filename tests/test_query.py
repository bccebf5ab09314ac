"""The query language: parser unit tests, fuzzing, and evaluation against a plain-Python model."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui.core.catalog import Catalog
from tui.core.query import (
    Added,
    And,
    Company,
    Is,
    Minutes,
    Node,
    Not,
    Or,
    Sort,
    Tag,
    Text,
    next_sort,
    parse,
    with_sort,
)
from tui.core.search import Finder, Library, matching, sort_rows
from tui.core.text_index import TextIndex


# -- parser ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("kafka", Text("kafka")),
        ("Kafka LAG", And((Text("kafka"), Text("lag")))),
        ('"event sourcing"', Text("event sourcing")),
        ("tag:kafka", Tag(("kafka",))),
        ("tag:kafka,redis", Tag(("kafka", "redis"))),
        ("#kafka", Tag(("kafka",))),
        ("company:Stripe", Company("stripe")),
        ('company:"Capital One"', Company("capital one")),
        ("title:latency", Text("latency", "title")),
        ('title:"tail latency"', Text("tail latency", "title")),
        ("text:ledger", Text("ledger", "text")),
        ("is:read", Is("read")),
        ("is:unread", Is("unread")),
        ("IS:Bookmarked", Is("bookmarked")),
        ("min:5", Minutes(5, 5)),
        ("min:=5", Minutes(5, 5)),
        ("min:<10", Minutes(None, 9)),
        ("min:<=10", Minutes(None, 10)),
        ("min:>20", Minutes(21, None)),
        ("min:>=20", Minutes(20, None)),
        ("min:5..15", Minutes(5, 15)),
        ("min:5..", Minutes(5, None)),
        ("min:..15", Minutes(None, 15)),
        ("added:7d", Added("7d")),
        ("added:>2026-01-01", Added(">2026-01-01")),
        ("added:2026-01-01..2026-02-01", Added("2026-01-01..2026-02-01")),
        ("-tag:postmortem", Not(Tag(("postmortem",)))),
        ("-kafka", Not(Text("kafka"))),
        ("a OR b", Or((Text("a"), Text("b")))),
        ("a b OR c", Or((And((Text("a"), Text("b"))), Text("c")))),
        ("a (b OR c)", And((Text("a"), Or((Text("b"), Text("c")))))),
        ("-(a OR b)", Not(Or((Text("a"), Text("b"))))),
        ("a or b", And((Text("a"), Text("or"), Text("b")))),  # only upper-case OR
        ("ci/cd c++ node.js", And((Text("ci/cd"), Text("c++"), Text("node.js")))),
    ],
)
def test_parses(text: str, where: Node) -> None:
    query = parse(text)
    assert query.where == where
    assert not query.warnings


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ('"unclosed phrase', Text("unclosed phrase")),
        ("(a OR b", Or((Text("a"), Text("b")))),
        ("a)", Text("a")),
        ("", None),
        ("   ", None),
        ("-", None),
        ("#", None),
        ("tag:", None),
        ("tag:,", None),
        ("company:", None),
        ("is:", None),
        ("is:un", None),
        ("min:", None),
        ("min:<", None),
        ("min:5.", None),
        ("added:", None),
        ("added:2026-0", None),
        ("a OR", Text("a")),
        ("OR a", Text("a")),
        ("()", None),
        ("kafka -", Text("kafka")),
        ("-(", None),
    ],
)
def test_half_typed_queries_mean_what_is_there_so_far(text: str, where: Node | None) -> None:
    query = parse(text)
    assert query.where == where
    assert query.warnings == ()


@pytest.mark.parametrize(
    ("text", "where", "warning"),
    [
        ("foo:bar", Text("foo:bar"), 'unknown field "foo:" searched as text'),
        ("-Foo:bar", Not(Text("foo:bar")), 'unknown field "Foo:" searched as text'),
        ("is:foo", Text("is:foo"), 'bad value "is:foo" searched as text'),
        ("min:abc", Text("min:abc"), 'bad value "min:abc" searched as text'),
        ("added:soon", Text("added:soon"), 'bad value "added:soon" searched as text'),
    ],
)
def test_problems_become_warnings(text: str, where: Node, warning: str) -> None:
    query = parse(text)
    assert query.where == where
    assert any(warning in w for w in query.warnings), query.warnings


@pytest.mark.parametrize(
    ("text", "sort"),
    [
        ("kafka", Sort()),
        ("sort:minutes", Sort("minutes")),
        ("sort:-minutes kafka", Sort("minutes", True)),
        ("-sort:minutes", Sort("minutes", True)),
        ("sort:title", Sort("title")),
        ("sort:-title", Sort("title", True)),
        ("sort:company", Sort("company")),
        ("sort:added", Sort("added")),
        ("sort:newest", Sort("added", True)),
        ("sort:title sort:company", Sort("company")),  # the last one wins
        ("(a sort:title)", Sort("title")),
        ("sort:", Sort()),
        ("sort:tit", Sort()),  # being typed: no warning yet
    ],
)
def test_sort_terms(text: str, sort: Sort) -> None:
    assert parse(text).sort == sort
    assert parse(text).warnings == ()


def test_what_is_shown_has_no_control_or_bidi_characters() -> None:
    query = parse("foo:\x1b[31mred\u202e x\ty \x00")
    text = str(query) + "".join(query.warnings)
    assert not any(c in text for c in "\x1b\u202e\t\x00"), text
    # they count as spaces (README: "The query language")
    assert query.where == And((Text("foo:"), Text("[31mred"), Text("x"), Text("y")))
    assert len(parse("min:" + "x" * 5000).warnings[0]) < 200


def test_unknown_sort_is_ignored_with_a_warning() -> None:
    query = parse("kafka sort:colour")
    assert query.sort == Sort()
    assert query.where == Text("kafka")
    assert query.warnings == ('unknown sort "sort:colour" ignored',)


def test_effective_query_is_shown_as_understood() -> None:
    assert str(parse("Kafka  tag:A,b -foo:x sort:-minutes")) == (
        'kafka tag:a,b -"foo:x" sort:-minutes'
    )
    assert str(parse("a b OR c")) == "(a b) OR c"
    assert str(parse("min:<10 company:capital one")) == "min:<=9 company:capital one"


def test_with_sort_rewrites_the_sort_term_only() -> None:
    assert with_sort("kafka", Sort("title")) == "kafka sort:title"
    assert with_sort("kafka sort:title  tag:x", Sort("company")) == "kafka tag:x sort:company"
    assert with_sort("-sort:title kafka", Sort()) == "kafka"
    assert with_sort("", Sort("added", True)) == "sort:newest"
    assert with_sort('"a  b" sort:min', Sort("minutes")) == '"a  b" sort:minutes'


def test_S_cycles_document_newest_title_company_reading_time() -> None:
    seen = [Sort()]
    for _ in range(5):
        seen.append(next_sort(seen[-1]))
    labels = [s.label for s in seen]
    assert labels == ["document order", "newest first", "title", "company", "reading time",
                      "document order"]  # fmt: skip
    assert next_sort(Sort("title", True)) == Sort("company")


SYNTAX = st.sampled_from([*list('()"-#: ,.<>=OR\t'), "OR", "tag:", "is:", "min:", "sort:", ".."])


@given(st.text())
@settings(max_examples=300)
def test_any_string_parses(text: str) -> None:
    query = parse(text)
    str(query)
    with_sort(text, next_sort(query.sort))


@given(st.lists(st.one_of(SYNTAX, st.text(max_size=4)), max_size=30).map("".join))
@settings(max_examples=300)
def test_any_syntax_soup_parses_and_every_prefix_too(text: str) -> None:
    for end in range(len(text) + 1):
        parse(text[:end])


# -- evaluation against a model -----------------------------------------------------------
WORDS = ("kafka", "cache", "ledger", "lag", "go", "rust", "tail", "latency", "pay", "e")
TAGS = ("kafka", "go", "rust", "caching", "ci/cd")
COMPANIES = ("Stripe", "Stripe Press", "Capital One", "Netflix", "Ünïcode")
# Text the word index must treat exactly as a scan does: case folding that changes length
# (ß → ss, İ → i + combining dot), combining characters (not word characters), words
# joined by punctuation, digits and underscores, one-letter words.
DOC_EXTRA = ("Straße", "STRASSE", "İstanbul", "café", "cafe\u0301", "naïve", "x_y", "a-b",
             "ci/cd", "k8s", "ǅemal", "Ω", "I", "k")  # fmt: skip
QUERY_EXTRA = ("k", "a", "i", "ß", "SS", "straße", "i\u0307", "İ", "café", "cafe\u0301",
               "\u0301", "e\u0301", "x_", "_y", "8", "ǆ", "ω", "ci/cd", "a-b", "/")  # fmt: skip


@dataclass(frozen=True)
class Doc:
    id: str
    company: str
    title: str
    summary: str
    tags: tuple[str, ...]
    minutes: int
    mine: tuple[str, ...] = ()  # your own tags (library.json), which `tag:` matches too


@st.composite
def libraries(draw: Any) -> tuple[list[Doc], set[str], set[str]]:
    n = draw(st.integers(0, 25))
    words = st.lists(
        st.sampled_from((*WORDS, "Kafka", "LAG", "Rust", *DOC_EXTRA)), min_size=1, max_size=5
    )
    docs = [
        Doc(
            f"id{i:03}",
            draw(st.sampled_from(COMPANIES)),
            " ".join(draw(words)),
            " ".join(draw(words)),
            tuple(draw(st.lists(st.sampled_from(TAGS), min_size=1, max_size=3, unique=True))),
            draw(st.integers(1, 30)),
            tuple(draw(st.lists(st.sampled_from((*TAGS, "todo")), max_size=2, unique=True))),
        )
        for i in range(n)
    ]
    ids = [d.id for d in docs]
    read = set(draw(st.lists(st.sampled_from(ids))) if ids else [])
    marked = set(draw(st.lists(st.sampled_from(ids))) if ids else [])
    return docs, read, marked


def mine_of(docs: list[Doc]) -> dict[str, tuple[str, ...]]:
    return {d.id: d.mine for d in docs if d.mine}


def catalog_of(docs: list[Doc]) -> Catalog:
    return Catalog(
        [d.id for d in docs],
        [d.company for d in docs],
        [d.title for d in docs],
        [d.summary for d in docs],
        [list(d.tags) for d in docs],
        [d.minutes for d in docs],
    )


# A generated query: its text, and a predicate saying which documents it matches.
Pred = Any
Gen = tuple[str, Pred]


def _text_pred(value: str, where: str) -> Pred:
    def pred(d: Doc, read: set[str], marked: set[str]) -> bool:
        parts = {
            "any": (d.title, d.company, d.summary, " ".join(d.tags)),
            "title": (d.title,),
            "text": (d.summary,),
        }[where]
        return any(value.casefold() in p.casefold() for p in parts)

    return pred


def _leaves() -> st.SearchStrategy[Gen]:
    word = st.sampled_from((*WORDS, "KAFKA", "stri", "ca", *QUERY_EXTRA))
    glue = st.sampled_from((" ", "/", "-", ", ", "", "\u0301 "))
    tag = st.sampled_from((*TAGS, "nosuch", "todo"))

    def tags_gen(values: list[str], hash_form: bool) -> Gen:
        text = "#" + values[0] if hash_form else "tag:" + ",".join(values)
        vals = values[:1] if hash_form else values
        return text, lambda d, r, m: any(v in d.tags or v in d.mine for v in vals)

    def minutes_gen(op: str, a: int, b: int) -> Gen:
        text, lo, hi = {
            "=": (f"min:{a}", a, a),
            "<": (f"min:<{a}", -1, a - 1),
            "<=": (f"min:<={a}", -1, a),
            ">": (f"min:>{a}", a + 1, 99),
            ">=": (f"min:>={a}", a, 99),
            "..": (f"min:{a}..{b}", a, b),
        }[op]
        return text, lambda d, r, m: lo <= d.minutes <= hi

    return st.one_of(
        word.map(lambda w: (w, _text_pred(w, "any"))),
        st.tuples(word, word).map(
            lambda p: (f'"{p[0]} {p[1]}"', _text_pred(f"{p[0]} {p[1]}", "any"))
        ),
        st.tuples(word, glue, word).map(  # phrases around punctuation, words run together
            lambda p: (f'"{"".join(p)}"', _text_pred("".join(p), "any"))
        ),
        st.tuples(st.sampled_from(["title", "text"]), word).map(
            lambda p: (f"{p[0]}:{p[1]}", _text_pred(p[1], p[0]))
        ),
        st.builds(tags_gen, st.lists(tag, min_size=1, max_size=3, unique=True), st.booleans()),
        st.sampled_from((*COMPANIES, "stripe", "one", "x")).map(
            lambda c: (f'company:"{c}"', lambda d, r, m: c.casefold() in d.company.casefold())
        ),
        st.just(("is:read", lambda d, r, m: d.id in r)),
        st.just(("is:unread", lambda d, r, m: d.id not in r)),
        st.just(("is:bookmarked", lambda d, r, m: d.id in m)),
        st.builds(minutes_gen, st.sampled_from(["=", "<", "<=", ">", ">=", ".."]),
                  st.integers(0, 31), st.integers(0, 31)),
        st.just(("added:7d", lambda d, r, m: False)),
        st.just(("bogus:kafka", _text_pred("bogus:kafka", "any"))),
    )  # fmt: skip


def _extend(children: st.SearchStrategy[Gen]) -> st.SearchStrategy[Gen]:
    def conj(parts: list[Gen]) -> Gen:
        texts = [f"({t})" if " OR " in t else t for t, _ in parts]
        preds = [p for _, p in parts]
        return " ".join(texts), lambda d, r, m: all(p(d, r, m) for p in preds)

    def disj(parts: list[Gen]) -> Gen:
        preds = [p for _, p in parts]
        return " OR ".join(f"({t})" for t, _ in parts), lambda d, r, m: any(
            p(d, r, m) for p in preds
        )

    def neg(part: Gen) -> Gen:
        text, pred = part
        return f"-({text})", lambda d, r, m: not pred(d, r, m)

    return st.one_of(
        st.lists(children, min_size=2, max_size=3).map(conj),
        st.lists(children, min_size=2, max_size=3).map(disj),
        children.map(neg),
    )


QUERIES = st.recursive(_leaves(), _extend, max_leaves=6)
SORTS = st.sampled_from(
    [("", Sort()), ("sort:title", Sort("title")), ("sort:-title", Sort("title", True)),
     ("sort:company", Sort("company")), ("sort:-company", Sort("company", True)),
     ("sort:minutes", Sort("minutes")), ("sort:-minutes", Sort("minutes", True)),
     ("sort:newest", Sort("added", True))]
)  # fmt: skip


def model_order(docs: list[Doc], rows: list[int], sort: Sort) -> list[int]:
    """Stable by construction: equal keys compare by document position."""
    if sort.key in ("document", "added"):
        return rows

    def key(row: int) -> Any:
        d = docs[row]
        return {"title": d.title.casefold(), "company": d.company.casefold(),
                "minutes": d.minutes}[sort.key]  # fmt: skip

    def compare(a: int, b: int) -> int:
        ka, kb = key(a), key(b)
        if ka != kb:
            less = ka < kb
            return (-1 if less else 1) * (-1 if sort.descending else 1)
        return -1 if a < b else 1

    return sorted(rows, key=functools.cmp_to_key(compare))


@given(libraries(), QUERIES, SORTS, st.booleans())
@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
def test_evaluation_equals_the_model(
    lib_: Any, query: Gen, sort: tuple[str, Sort], word_index: bool
) -> None:
    """With and without the word index (which the app builds after its first frame)."""
    docs, read, marked = lib_
    text, pred = query
    sort_text, wanted_sort = sort
    parsed = parse(f"{text} {sort_text}")
    assert parsed.sort == wanted_sort
    cat = catalog_of(docs)
    if word_index:
        assert isinstance(cat.word_index, TextIndex) and cat.has_word_index
    lib = Library(cat, read, marked, mine_of(docs), index_min_rows=0)
    got = sort_rows(cat, matching(lib, parsed.where, range(len(docs))), parsed.sort)
    expected = model_order(docs, [i for i, d in enumerate(docs) if pred(d, read, marked)],
                           wanted_sort)  # fmt: skip
    assert got == expected, (text, str(parsed))


def model_tree(node: Node | None, d: Doc, read: set[str], marked: set[str]) -> bool:
    """The parsed tree's meaning, written plainly (for queries not built by the generator)."""
    match node:
        case None:
            return True
        case Text(value, where):
            return _text_pred(value, where)(d, read, marked)  # type: ignore[no-any-return]
        case Tag(values):
            return any(v in d.tags or v in d.mine for v in values)
        case Company(value):
            return value in d.company.casefold()
        case Is(state):
            return {"read": d.id in read, "unread": d.id not in read,
                    "bookmarked": d.id in marked}[state]  # fmt: skip
        case Minutes(low, high):
            return (low is None or d.minutes >= low) and (high is None or d.minutes <= high)
        case Added():
            return False
        case Not(term):
            return not model_tree(term, d, read, marked)
        case And(terms):
            return all(model_tree(t, d, read, marked) for t in terms)
        case Or(terms):
            return any(model_tree(t, d, read, marked) for t in terms)
    raise AssertionError(node)


@given(libraries(), QUERIES, st.data())
@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
def test_typing_a_query_key_by_key_reuses_results_correctly(
    lib_: Any, query: Gen, data: Any
) -> None:
    """One Finder sees every prefix as typed, then backspacing: each answer equals the model."""
    docs, read, marked = lib_
    text = query[0]
    base = data.draw(st.lists(st.integers(0, max(0, len(docs) - 1)), unique=True).map(sorted))
    base = [r for r in base if r < len(docs)]
    cat = catalog_of(docs)
    cat.word_index  # noqa: B018 - built, as the app does after its first frame
    finder = Finder(Library(cat, read, marked, mine_of(docs), index_min_rows=0), base)
    steps = [text[:i] for i in range(len(text) + 1)]
    steps += steps[::-1][1:]
    for typed in steps:
        where = parse(typed).where
        expected = [r for r in base if model_tree(where, docs[r], read, marked)]
        assert finder.find(where) == expected, typed


# -- the work evaluation does (no clocks: counts of what it reads) -------------------------
class CountingList(list[str]):
    reads = 0

    def __getitem__(self, index: Any) -> Any:
        CountingList.reads += 1
        return super().__getitem__(index)


def big_catalog(n: int = 20_000) -> Catalog:
    return catalog_of([
        Doc(f"id{i}", f"Company {i % 50}", f"Title {i}", "kafka" if i % 7 == 0 else "text",
            ("rare",) if i % 1000 == 0 else ("common",), i % 30 + 1)
        for i in range(n)
    ])  # fmt: skip


def test_field_terms_read_no_article_text() -> None:
    cat = big_catalog()
    lib = Library(cat, set(cat.ids[:10]), set(cat.ids[5:8]))
    query = parse("tag:rare,common company:7 min:<10 is:unread -is:bookmarked")
    rows = matching(lib, query.where, range(len(cat)))
    assert rows and all(cat.minutes[r] < 10 for r in rows)
    for column in ("haystack", "folded_titles", "folded_summaries", "word_index"):
        assert column not in cat.__dict__, column


def test_text_terms_read_only_the_rows_the_fields_left() -> None:
    cat = big_catalog()
    cat.__dict__["haystack"] = CountingList(cat.haystack)
    CountingList.reads = 0
    rows = matching(Library(cat, set(), set()), parse("kafka tag:rare").where, range(len(cat)))
    assert rows == [r for r in range(0, len(cat), 7000)]  # multiples of 1000 and of 7
    assert CountingList.reads == len(cat.rows_by_tag["rare"])  # 20 rows, not 20,000


def test_typing_narrows_the_previous_result() -> None:
    cat = big_catalog()
    cat.__dict__["haystack"] = CountingList(cat.haystack)
    finder = Finder(Library(cat, set(), set()), list(range(len(cat))))
    finder.find(parse("kaf").where)
    CountingList.reads = 0
    found = finder.find(parse("kafk").where)
    assert CountingList.reads == len(found) == len(range(0, len(cat), 7))
    CountingList.reads = 0
    finder.find(parse("kaf").where)  # backspace: remembered
    assert CountingList.reads == 0


def test_field_terms_over_a_few_candidate_rows_match_like_over_all() -> None:
    """Over few rows the terms test each row instead of reading the index: same answer."""
    docs = [
        Doc("a", "Stripe", "t", "s", ("go",), 5),
        Doc("b", "Stripe Press", "t", "s", ("rust", "go"), 9),
        Doc("c", "Netflix", "t", "s", ("rust",), 12, ("todo",)),
        Doc("d", "STRIPE", "t", "s", ("kafka",), 3, ("todo", "go")),
    ]
    cat = catalog_of(docs)
    lib = Library(cat, {"b"}, {"c"}, mine_of(docs))
    assert matching(lib, Tag(("todo",)), range(4)) == [2, 3]
    for text in ("tag:go,rust", "tag:kafka,go", "company:stripe", "company:press OR #rust",
                 "tag:todo", "#todo,rust", "-tag:go",
                 "-company:stripe min:>4", "is:read OR is:bookmarked"):  # fmt: skip
        where = parse(text).where
        everything = matching(lib, where, range(4))
        for rows in ([0, 1], [1, 2, 3], [3], []):
            assert matching(lib, where, rows) == [r for r in everything if r in rows], text


def test_notes_match_bare_words_and_note_field() -> None:
    cat = big_catalog(3000)
    notes = {5: "revisit: queue depth alarms", 2000: "kafka rebalance notes"}
    lib = Library(cat, set(), set(), notes=notes, index_min_rows=0)
    assert matching(lib, parse("note:queue").where, range(len(cat))) == [5]
    assert matching(lib, parse("queue depth").where, range(len(cat))) == [5]
    assert matching(lib, parse("note:kafka").where, range(len(cat))) == [2000]
    # bare `kafka` matches the text (every 7th row) and the note on row 2000, in row order
    found = matching(lib, parse("kafka").where, range(len(cat)))
    assert found == sorted(set(range(0, 3000, 7)) | {2000})
    cat.word_index  # noqa: B018 - the word index path must add the notes too
    assert matching(lib, parse("kafka").where, range(len(cat))) == found
    assert 2000 not in matching(lib, parse("-kafka").where, range(len(cat)))
    assert matching(lib, parse("-note:queue").where, range(10)) == [0, 1, 2, 3, 4, 6, 7, 8, 9]


def test_added_and_newest_use_the_article_date() -> None:
    import time as _time

    from tui.core.query import DAY, added_range
    from tui.core.search import sort_rows

    now = _time.time()
    day = 86_400.0
    jan1 = 1767225600.0  # 2026-01-01T00:00:00Z
    published: list[float | None] = [now - 2 * day, None, jan1 + 3600, now - 30 * day, jan1]
    n = len(published)
    cat = Catalog(
        ids=[f"i{i}" for i in range(n)], companies=["C"] * n, titles=[f"T{i}" for i in range(n)],
        summaries=[""] * n, tags=[[] for _ in range(n)], minutes=[1] * n, published=published,
    )  # fmt: skip
    lib = Library(cat, set(), set())

    def rows(text: str) -> list[int]:
        return matching(lib, parse(text).where, range(n))

    assert rows("added:7d") == [0]
    assert rows("added:2026-01-01") == [2, 4]  # that day, UTC
    assert rows("added:>2026-01-01") == [r for r in (0, 3) if published[r] > jan1 + DAY]
    assert rows("added:<2026-01-01") == []
    assert rows("added:2025-12-31..2026-01-01") == [2, 4]
    assert rows("-added:7d") == [1, 2, 3, 4]
    assert added_range("1w", now) == (now - 7 * DAY, float("inf"))
    newest = sort_rows(cat, list(range(n)), parse("sort:newest").sort)
    assert newest == [0, 3, 2, 4, 1]  # newest first, the undated last
    assert sort_rows(cat, list(range(n)), parse("sort:added").sort) == [4, 2, 3, 0, 1]


def test_state_terms_make_their_flags_once_per_library() -> None:
    """`is:` over many rows reads one byte per row made on first use; a new Library (the
    view makes one whenever flags change) starts afresh."""
    cat = big_catalog()
    read = set(cat.ids[::3])
    lib = Library(cat, read, {cat.ids[4]})
    every = range(len(cat))
    unread = matching(lib, Is("unread"), every)
    assert unread == [r for r in every if r % 3] and "unread" in lib.flags
    half = list(range(0, len(cat), 2))
    assert matching(lib, Is("unread"), half) == [r for r in half if r % 3]
    assert matching(lib, parse("-is:unread min:<5").where, every) == [
        r for r in every if r % 3 == 0 and cat.minutes[r] < 5
    ]
    assert matching(lib, parse("is:bookmarked OR is:read").where, half) == [
        r for r in half if r % 3 == 0 or r == 4
    ]
    read.add(cat.ids[1])
    assert 1 not in matching(Library(cat, read, set()), Is("unread"), every)
