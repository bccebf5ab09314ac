"""Matching what a person typed against the tags and companies that exist.

The command line's `--tag` and `--company` take names as people remember them
(`zalando` for `Zalando SE`, `ML-Systems` for `ml-systems`); when nothing
matches, `closest` names what they probably meant. Matching rules live here,
not in the CLI, so the app and a future query language can share them.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable

_WORD = re.compile(r"\w+")


def words(text: str) -> list[str]:
    """Case-folded words without accents (`zurich` is `Zürich`); punctuation and spaces
    separate them."""
    plain = unicodedata.normalize("NFKD", text.casefold())
    return _WORD.findall("".join(c for c in plain if not unicodedata.combining(c)))


def tag_matches(wanted: str, tags: Iterable[str]) -> list[str]:
    """Tags equal to `wanted`, ignoring case (`Kafka` is `kafka`); a tag is never a prefix."""
    key = wanted.strip().casefold()
    return [tag for tag in tags if tag.casefold() == key]


def company_matches(wanted: str, companies: Iterable[str]) -> list[str]:
    """Companies whose name starts with the words of `wanted`, ignoring case and punctuation.

    `zalando` and `Zalando SE` find `Zalando SE`; `zal` (not a whole word) and `se` (not
    the start) do not. A value with no letters or digits must equal the name.
    """
    key = words(wanted)
    if not key:
        exact = wanted.strip().casefold()
        return [c for c in companies if c.strip().casefold() == exact]
    return [c for c in companies if words(c)[: len(key)] == key]


def closest(wanted: str, names: Iterable[str], *, leading_words: bool = False) -> str | None:
    """The existing name nearest to `wanted` (difflib), or None when nothing is close.

    With `leading_words`, a name is compared by as many of its first words as `wanted`
    has, so `zalandp` is close to `Zalando SE`; when several names share those words
    (`Zalando SE`, `Zalando Payments`), the shared words (`Zalando`) are the suggestion,
    as they match them all.
    """
    width = max(1, len(words(wanted)))
    candidates: dict[str, list[str]] = {}
    for name in names:
        folded = " ".join(words(name)[:width]) if leading_words else name.casefold()
        same = candidates.setdefault(folded, [])
        if name not in same:
            same.append(name)
    key = " ".join(words(wanted)) if leading_words else wanted.strip().casefold()
    found = difflib.get_close_matches(key or wanted.casefold(), list(candidates), n=1)
    if not found:
        return None
    same = candidates[found[0]]
    if len(same) == 1 or not leading_words:
        return same[0]
    spans = list(_WORD.finditer(same[0]))[:width]
    return same[0][: spans[-1].end()] if spans else same[0]
