"""The word index (tui.core.text_index) against a plain scan of the text, row by row.

``exact`` must give exactly the rows a scan finds; ``candidates`` must never leave
out a row that a scan finds. Checked on every substring of the texts, on random
terms, and on text chosen to break word splitting: case folding that changes
length, combining characters, punctuation between words, digits, underscores.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui.core.text_index import TextIndex, mask_of, rows_in

TRICKY = [
    "Straße STRASSE strasse",
    "İstanbul istanbul ISTANBUL",
    "café cafe\u0301 naïve nai\u0308ve",
    "ci/cd a-b x_y k8s 2026-01-01",
    "ǅemal Ω ω ﬁle",
    "i k a e",
    "",
    "the payments ledger: the p.",
]


def scan(texts: list[str], term: str) -> list[int]:
    return [r for r, text in enumerate(texts) if term in text]


def check(texts: list[str], term: str, index: TextIndex | None = None) -> None:
    """The index agrees with a plain scan: exact rows exactly, candidates a superset."""
    index = index or TextIndex(texts)
    expected = scan(texts, term)
    exact = index.exact(term)
    if exact is not None:
        assert rows_in(exact, None, len(texts)) == expected, term
    candidates = index.candidates(term)
    if candidates is not None:
        assert set(expected) <= set(rows_in(candidates, None, len(texts))), term


def test_every_substring_of_tricky_text_is_found_exactly() -> None:
    texts = [t.casefold() for t in TRICKY]
    index = TextIndex(texts)
    terms = {t[i:j] for t in texts for i in range(len(t)) for j in range(i + 1, len(t) + 1)}
    terms |= {"ß", "ss", "i\u0307", "\u0301", "e\u0301", "zz", "the p", ": the", "p."}
    for term in sorted(terms):
        check(texts, term, index)


def test_exact_answers_words_and_candidates_narrow_phrases() -> None:
    texts = ["the payments ledger", "the pager", "payments", "theme park"]
    index = TextIndex(texts)
    assert index.exact("pay") is not None
    assert index.exact("the p") is None  # a phrase: only candidates
    candidates = index.candidates("the p")
    assert candidates is not None
    # "the" must end a word and "p" start one: "theme park" is not a candidate
    assert rows_in(candidates, None, 4) == [0, 1]
    assert index.candidates("///") is None  # no word characters: every row is a candidate


def test_rows_in_keeps_the_order_given() -> None:
    mask = mask_of([1, 3, 4], 6)
    assert rows_in(mask, None, 6) == [1, 3, 4]
    assert rows_in(mask, [5, 4, 3, 0], 6) == [4, 3]
    assert rows_in(0, None, 0) == []
    assert rows_in(mask, None, 6, every=list(range(6))) == [1, 3, 4]
    assert rows_in(mask, [3], 6) == [3] and rows_in(mask, [2], 6) == []
    big = mask_of(range(0, 1000, 3), 1000)  # masks are bits: check beyond a byte or a word
    assert rows_in(big, None, 1000) == list(range(0, 1000, 3))
    assert rows_in(big, list(range(500, 1000)), 1000) == list(range(501, 1000, 3))


def test_dense_and_sparse_words_answer_alike() -> None:
    """A word in more than an eighth of the rows keeps a mask, a rarer one a list."""
    texts = ["common" if r % 2 else f"rare{r} common" for r in range(40)]
    for term in ("common", "comm", "rare", "rare1", "o", "m", "1", "e"):
        check(texts, term)


ALPHABET = st.sampled_from(list("abkß sİi\u0307\u0301é-/_1.Ωω:"))


@given(
    st.lists(st.text(ALPHABET, max_size=12), max_size=12),
    st.lists(st.text(ALPHABET, min_size=1, max_size=4), min_size=1, max_size=5),
)
@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
def test_random_text_and_terms_agree_with_a_scan(raw: list[str], terms: list[str]) -> None:
    texts = [t.casefold() for t in raw]
    index = TextIndex(texts)
    for raw_term in terms:
        check(texts, raw_term.casefold(), index)
