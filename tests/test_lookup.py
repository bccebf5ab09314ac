"""How `--tag` / `--company` values match, and what `closest` suggests (tui/core/lookup.py)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tui.core.lookup import closest, company_matches, tag_matches

COMPANIES = ["Zalando SE", "Zalando Payments", "Booking.com", "SE Ranking", "Zalandoo", "AT&T"]


def test_company_matches_leading_whole_words_ignoring_case_and_punctuation() -> None:
    assert company_matches("zalando", COMPANIES) == ["Zalando SE", "Zalando Payments"]
    assert company_matches("Zalando  se", COMPANIES) == ["Zalando SE"]
    assert company_matches("booking", COMPANIES) == ["Booking.com"]
    assert company_matches("at&t", COMPANIES) == ["AT&T"]
    assert company_matches("at", COMPANIES) == ["AT&T"]
    assert company_matches("zal", COMPANIES) == []
    assert company_matches("payments", COMPANIES) == []
    assert company_matches("&&", ["&&", "Acme"]) == ["&&"]  # no words: the whole name
    assert company_matches("zurich", ["Zürich Insurance", "Zurich Re"]) == [
        "Zürich Insurance",
        "Zurich Re",
    ]
    assert company_matches("ZÜRICH RE", ["Zürich Insurance", "Zurich Re"]) == ["Zurich Re"]


def test_tag_matches_whole_tags_ignoring_case() -> None:
    tags = ["kafka", "kafka-streams", "ml-systems"]
    assert tag_matches("KAFKA", tags) == ["kafka"]
    assert tag_matches(" ML-Systems ", tags) == ["ml-systems"]
    assert tag_matches("ml", tags) == []


def test_closest_names_what_was_probably_meant() -> None:
    assert closest("kafak", ["kafka", "search"]) == "kafka"
    assert closest("zzzz", ["kafka", "search"]) is None
    assert closest("bokking", COMPANIES, leading_words=True) == "Booking.com"
    # several names share the close words: suggest the words, which match them all
    assert closest("zalandp", COMPANIES, leading_words=True) == "Zalando"
    assert closest("zalando sf", COMPANIES, leading_words=True) == "Zalando SE"
    assert closest("", COMPANIES, leading_words=True) is None


names = st.text(min_size=1, max_size=40).filter(lambda s: s.strip())


@given(name=names, others=st.lists(names, max_size=5))
def test_every_company_finds_itself_in_any_case(name: str, others: list[str]) -> None:
    for typed in (name, name.upper(), name.lower(), f"  {name} "):
        assert name in company_matches(typed, [*others, name])


@given(name=names, others=st.lists(names, max_size=5))
def test_a_suggestion_is_an_existing_name_or_matches_one(name: str, others: list[str]) -> None:
    pool = [*others, name]
    for leading in (False, True):
        near = closest(name, pool, leading_words=leading)
        if near is not None and near not in pool:
            assert leading and company_matches(near, pool)
