"""Random queries, well-formed and not, against a plain reference (tests/query_reference.py).

For every generated string: parsing and evaluating never raise, each evaluation stays
well under a second on the small corpus, and the rows (and their order) equal the
reference's, whether the search scans the text (before the word index exists), uses
the word index, or narrows results it remembers from earlier queries (as typing does).
"""

from __future__ import annotations

import inspect
import sys
import time
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.query_corpus import (
    ARTICLES,
    FIELD_TERMS,
    JUNK_CHARS,
    READER,
    SYNTAX,
    UNKNOWN_FIELDS,
    WORDS,
    catalog_of,
    library_of,
)
from tests.query_reference import JUNK, reference_rows
from tui.core.query import (
    MAX_DEPTH,
    And,
    Minutes,
    Node,
    Not,
    Or,
    Sort,
    Text,
    next_sort,
    parse,
    with_sort,
)
from tui.core.search import Finder, sort_rows

# CPU seconds for one query on a dozen articles (a few ms normally): anything near it is
# a hang. CPU time, not wall time: other work on a shared machine must not fail the test.
LIMIT = 1.0
SCAN = catalog_of(ARTICLES)
INDEXED = catalog_of(ARTICLES)
INDEXED.word_index  # noqa: B018 - built, as the app does after its first frame
EVERY = list(range(len(ARTICLES)))


def evaluate(finder: Finder, text: str) -> list[int]:
    """What ``tui.core.view.View`` does with a query over the finder's base."""
    query = parse(text)
    shown = str(query) + "; ".join(query.warnings)  # the list's border: never junk on screen
    assert not JUNK.search(shown), shown
    with_sort(text, next_sort(query.sort))
    return sort_rows(finder.lib.catalog, finder.find(query.where), query.sort)


ODD = EVERY[1::2]  # a sidebar filter's rows: the query narrows them


def check(texts: list[str]) -> None:
    """Each text, through three fresh finders and one that has seen the earlier texts
    (over every row, and over a filter's rows)."""
    shared = Finder(library_of(INDEXED, READER, index_min_rows=0), EVERY)
    narrowed = Finder(library_of(INDEXED, READER, index_min_rows=0), ODD)
    for text in texts:
        expected, _ = reference_rows(text, ARTICLES, READER, time.time())
        got = evaluate(narrowed, text)
        assert got == [r for r in expected if r in ODD], (text, str(parse(text)))
        for finder in (
            Finder(library_of(SCAN, READER), EVERY),
            Finder(library_of(INDEXED, READER, index_min_rows=0), EVERY),
            shared,
        ):
            start = time.process_time()
            got = evaluate(finder, text)
            spent = time.process_time() - start
            assert got == expected, (text, str(parse(text)))
            assert spent < LIMIT, (text, spent)


# -- generators ---------------------------------------------------------------------------
def _phrase(words: list[str]) -> str:
    return '"' + " ".join(words) + '"'


LEAVES = st.one_of(
    st.sampled_from(WORDS),
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=3).map(_phrase),
    st.sampled_from(FIELD_TERMS),
    st.sampled_from(FIELD_TERMS).map(lambda t: "-" + t),
    st.sampled_from(WORDS).map(lambda w: "#" + w),
    st.sampled_from(UNKNOWN_FIELDS),
)


def _extend(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.lists(inner, min_size=2, max_size=4).map(" ".join),
        st.lists(inner, min_size=2, max_size=3).map(" OR ".join),
        inner.map(lambda t: f"({t})"),
        inner.map(lambda t: f"-({t})"),
        inner.map(lambda t: f"-{t}"),
    )


# Queries as the grammar writes them: balanced, every operator where it belongs.
WELL_FORMED = st.recursive(LEAVES, _extend, max_leaves=8)
FRAGMENT = st.one_of(
    st.sampled_from(SYNTAX),
    st.sampled_from(JUNK_CHARS),
    st.sampled_from(WORDS),
    st.sampled_from(FIELD_TERMS),
    st.sampled_from(UNKNOWN_FIELDS),
    st.text(max_size=4),
)
# Fragments run together or spaced at random: unbalanced quotes and parentheses, OR and
# `-` in odd places, fields cut short, control characters inside words.
GARBAGE = st.lists(st.tuples(FRAGMENT, st.sampled_from(["", " ", "  ", "\t"])), max_size=30).map(
    lambda parts: "".join(a + b for a, b in parts)
)
ANY = st.one_of(WELL_FORMED, GARBAGE, st.text(max_size=60))


@given(st.lists(ANY, min_size=1, max_size=4))
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_any_query_equals_the_reference(texts: list[str]) -> None:
    check(texts)


@given(st.lists(st.one_of(FRAGMENT, LEAVES), min_size=150, max_size=600), st.data())
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow,
          HealthCheck.data_too_large, HealthCheck.large_base_example])  # fmt: skip
def test_long_queries_are_evaluated_quickly_and_correctly(parts: list[str], data: Any) -> None:
    """A few KB of query (a paste gone wrong) is still one quick, correct evaluation."""
    glue = data.draw(st.sampled_from([" ", "", " OR ", ") (", " -"]))
    text = glue.join(parts)
    check([text])


@given(WELL_FORMED | GARBAGE)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_typing_then_backspacing_equals_the_reference(text: str) -> None:
    """Every prefix as typed into one finder (each answer built on remembered ones)."""
    steps = [text[:i] for i in range(len(text) + 1)]
    check(steps + steps[::-1])


# -- what the fuzzing found (each failed before its fix) ----------------------------------
@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("a) OR b", Or((Text("a"), Text("b")))),  # a stray `)` no longer splits the OR
        ("a OR) b", Or((Text("a"), Text("b")))),
        ("(a) b) OR c", Or((And((Text("a"), Text("b"))), Text("c")))),
        ("-- a", Text("a")),  # lone dashes add nothing, not a negation of the next term
        ("--a", Not(Not(Text("a")))),
        ("---a", Not(Text("a"))),
        ("-# a", Text("a")),  # `-` of a lone `#` (a tag being typed) adds nothing
        ("-#", None),
        ('"stripe\nstripe"', Text("stripe stripe")),  # control characters are spaces
        ("ka\x00fka lag", And((Text("ka"), Text("fka"), Text("lag")))),
        ("min:<99999999999", Minutes(None, 99999999998)),  # any number of digits
        ("min:<" + "9" * 20, Minutes(None, 10**18 - 1)),
        ("min:>=" + "9" * 5000, Minutes(10**18, None)),
        ("min:0000000000000000000005", Minutes(10**18, 10**18)),  # past 18 digits: huge
    ],
)
def test_odd_shapes_parse_as_the_readme_says(text: str, where: Node | None) -> None:
    assert parse(text).where == where


def test_a_phrase_never_matches_across_two_fields() -> None:
    """Title and company are separate fields: a pasted line break does not join them."""
    assert ARTICLES[0].title.endswith("Stripe") and ARTICLES[0].company == "Stripe"
    check(['"stripe\nstripe"', '"stripe\x1fstripe"', '"payments ledger.\nkafka"'])
    assert evaluate(Finder(library_of(SCAN, READER), EVERY), '"stripe\nstripe"') == []


@pytest.mark.parametrize(
    "text",
    ["(" * 5000 + "kafka", "-" * 5000 + "kafka", "-(" * 2000 + "kafka OR lag",
     "(-" * 2000 + "kafka" + ")" * 4000, "(a OR -(b " * 400, "--(--(--(" * 300 + "x"],
    ids=["parens", "dashes", "not-groups", "closed", "or-groups", "double-dashes"],
)  # fmt: skip
def test_deep_nesting_is_capped_not_a_recursion_error(text: str) -> None:
    """A paste of thousands of `(` or `-` once hit Python's recursion limit (a traceback
    on every keystroke); nesting past MAX_DEPTH now joins the enclosing group. Run with
    a third of the usual stack, as inside the app's own call stack."""
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(len(inspect.stack()) + 330)
    try:
        check([text])
    finally:
        sys.setrecursionlimit(limit)
    depth, node = 0, parse("(" * 100 + "a OR b" + ")" * 100).where
    assert node == Or((Text("a"), Text("b")))
    node = parse("-(" * 100 + "a").where
    while isinstance(node, Not):
        node, depth = node.term, depth + 1
    assert depth == MAX_DEPTH + 2 and node == Text("a")  # 68 dashes past the cap: `--`


SORTS = [Sort(), Sort("title"), Sort("company", True), Sort("minutes", True), Sort("added", True)]


@given(ANY, st.sampled_from(SORTS), st.booleans())
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_S_changes_the_order_and_nothing_else(text: str, sort: Sort, explicit: bool) -> None:
    """`S` rewrites the box's text (``with_sort``): whatever was typed, the new text keeps
    the filter and has exactly the new order."""
    before, after = parse(text), parse(with_sort(text, sort, explicit))
    assert after.where == before.where, with_sort(text, sort, explicit)
    assert after.sort == sort
    assert after.sort_given == (sort != Sort() or explicit)
