"""Which rows a parsed query matches, and in which order: fast enough for every keystroke.

Field terms come from the catalogue's indexes (tag, company, reading time) or the
read/bookmarked sets; text terms, once the app has built the word index
(``tui.core.text_index``), come from it over many rows (a phrase reads the text of
only the rows the index leaves) and scan the lower-cased search text over few.
``Finder`` remembers recent results, so a query that only got stricter (another
letter, another term) narrows an earlier result instead of starting over, and
backspacing returns to a result it already has. Per-row loops run in C
(``compress``, ``filter``, ``map``) where they can: at 100k rows a bytecode loop
costs 5-10 ms.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import compress, filterfalse
from operator import not_

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
    added_range,
)
from tui.core.text_index import flagged, rows_in


@dataclass(frozen=True, slots=True)
class Library:
    """What a query is evaluated against: the catalogue, the reader's flags and own tags."""

    catalog: Catalog
    read: Collection[str]
    bookmarked: Collection[str]
    my_tags: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # id → your tags
    notes: Mapping[int, str] = field(default_factory=dict)  # row → your note, case-folded
    # Below this many candidate rows a scan of their text beats the word index.
    index_min_rows: int = 2000
    # Per state ("read", "unread", "bookmarked"): one 0/1 byte per row, made on first use
    # (~12 ms at 100k) and reused by later keystrokes; the flags above must not change
    # while this object is in use (the view makes a new one when they do).
    flags: dict[str, bytes] = field(default_factory=dict, compare=False, repr=False)


def matching(lib: Library, node: Node | None, rows: Sequence[int]) -> list[int]:
    """The rows of ``rows`` (ascending) that ``node`` matches, in the same order."""
    if node is None:
        return list(rows)
    return _apply(lib, node, list(rows))


def _cost(node: Node) -> int:
    """Cheap, selective terms first: each later term filters fewer rows."""
    if isinstance(node, Tag | Company | Added):
        return 0
    if isinstance(node, Is | Minutes):
        return 1
    if isinstance(node, Text):
        return 2
    return 3


def _apply(lib: Library, node: Node, rows: list[int]) -> list[int]:
    if not rows:
        return rows
    if isinstance(node, And):
        for term in sorted(node.terms, key=_cost):
            rows = _apply(lib, term, rows)
            if not rows:
                break
        return rows
    if isinstance(node, Or):
        found: set[int] = set()
        terms = list(node.terms)
        if len(terms) > 2 and _use_index(lib, rows):
            words, terms = _words_at_once(lib, terms, rows)
            if len(words) == len(rows):
                return rows
            found.update(words)
        for term in terms:
            part = _apply(lib, term, rows)
            if len(part) == len(rows):
                return rows
            found.update(part)
        return _keep(rows, found)
    if isinstance(node, Not):
        term = node.term
        if (
            isinstance(term, Text) and term.field == "any" and not _use_index(lib, rows)
        ):  # one pass instead of three
            word, hay, notes = term.value, lib.catalog.haystack, lib.notes
            return [r for r in rows if word not in hay[r] and word not in notes.get(r, "")]
        excluded = _apply(lib, term, rows)
        if not excluded:
            return rows
        if len(excluded) == len(rows):
            return []
        return list(filterfalse(set(excluded).__contains__, rows))
    return _leaf(lib, node, rows)


def _words_at_once(
    lib: Library, terms: list[Node], rows: list[int]
) -> tuple[list[int], list[Node]]:
    """The rows holding any of an OR's bare words that the word index answers exactly,
    from their masks joined first, and the terms left. Taken one at a time, each word
    turns its mask into rows (about 0.7 ms at 100k): a pasted OR of 500 words took 0.5 s."""
    index = lib.catalog.word_index
    mask = 0
    words: list[str] = []
    rest: list[Node] = []
    for term in terms:
        if isinstance(term, Text) and term.field == "any":
            found = index.exact(term.value)
            if found is not None:
                mask |= found
                words.append(term.value)
                continue
        rest.append(term)
    if len(words) < 2:
        return [], terms
    cat = lib.catalog
    within = None if len(rows) == len(cat) else rows
    return _with_notes(rows_in(mask, within, len(cat), index.every), rows, words, lib.notes), rest


def _use_index(lib: Library, rows: list[int]) -> bool:
    return len(rows) >= lib.index_min_rows and lib.catalog.has_word_index


def _with_notes(
    found: list[int], rows: list[int], words: Sequence[str], notes: Mapping[int, str]
) -> list[int]:
    """Adds the rows whose note (not in the word index) holds any of ``words``; keeps row
    order. One pass over the notes for all the words of an OR, not one per word."""
    extra = {r for r, note in notes.items() if any(word in note for word in words)}
    if not extra:
        return found
    extra.difference_update(found)
    if not extra:
        return found
    return _keep(rows, extra.union(found))


def _leaf(lib: Library, node: Node, rows: list[int]) -> list[int]:
    cat = lib.catalog
    everything = len(rows) == len(cat)
    if isinstance(node, Text):
        word = node.value
        notes = lib.notes
        if node.field == "note":
            return [r for r in rows if word in notes.get(r, "")]
        if node.field == "title":
            hay = cat.folded_titles
        elif node.field == "text":
            hay = cat.folded_summaries
        else:
            if _use_index(lib, rows):
                return _with_notes(_indexed(cat, word, rows, everything), rows, (word,), notes)
            hay = cat.haystack
            return [r for r in rows if word in hay[r] or word in notes.get(r, "")]
        return [r for r in rows if word in hay[r]]
    if isinstance(node, Tag):  # the catalogue's tags and yours
        by_tag, tags, wanted, mine = cat.rows_by_tag, cat.tags, node.values, lib.my_tags
        lists = [by_tag.get(t, []) for t in wanted]
        row_of = cat.row_of if mine else {}
        lists.append(sorted(row_of[i] for i, own in mine.items()
                            if i in row_of and any(t in own for t in wanted)))  # fmt: skip
        if everything or sum(map(len, lists)) < len(rows):
            return _within(rows, everything, lists)
        ids = cat.ids
        return [
            r for r in rows
            if any(t in tags[r] for t in wanted) or any(t in mine.get(ids[r], ()) for t in wanted)
        ]  # fmt: skip
    if isinstance(node, Company):
        value, companies = node.value, cat.companies
        lists = [found for name, found in cat.folded_companies if value in name]
        if everything or sum(map(len, lists)) < len(rows):
            return _within(rows, everything, lists)
        return [r for r in rows if value in companies[r].casefold()]
    if isinstance(node, Minutes):
        low = node.low if node.low is not None else -(2**63)
        high = node.high if node.high is not None else 2**63
        if everything:
            lists = [found for m, found in cat.rows_by_minutes.items() if low <= m <= high]
            return _within(rows, everything, lists)
        minutes = cat.minutes
        return [r for r in rows if low <= minutes[r] <= high]
    if isinstance(node, Is):
        return _state(lib, node, rows, everything)
    if isinstance(node, Added):
        start, end = added_range(node.spec, time.time())
        published = cat.published
        return [r for r in rows if (p := published[r]) is not None and start <= p < end]
    raise TypeError(f"not a query term: {node!r}")  # pragma: no cover - the tree is closed


def _indexed(cat: Catalog, word: str, rows: list[int], everything: bool) -> list[int]:
    """``rows`` whose search text contains ``word``, from the word index: exactly for a
    word, else by reading the text of only the candidates the index leaves."""
    index = cat.word_index
    within, every = (None if everything else rows), index.every
    mask = index.exact(word)
    if mask is not None:
        return rows_in(mask, within, len(cat), every)
    candidates = index.candidates(word)
    pool = rows if candidates is None else rows_in(candidates, within, len(cat), every)
    hay = cat.haystack
    return [r for r in pool if word in hay[r]]


_FLIP = bytes.maketrans(b"\x00\x01", b"\x01\x00")


def _state(lib: Library, node: Is, rows: list[int], everything: bool) -> list[int]:
    cat, state = lib.catalog, node.state
    ids = cat.ids
    marked = lib.read if state != "bookmarked" else lib.bookmarked
    flags = lib.flags.get(state)
    if flags is None:
        if len(rows) * 8 < len(cat):  # few rows: look each up
            is_marked = map(marked.__contains__, map(ids.__getitem__, rows))
            return list(compress(rows, map(not_, is_marked) if state == "unread" else is_marked))
        if everything and state != "unread" and len(marked) * 4 < len(rows):
            row_of = cat.row_of
            return sorted(row_of[i] for i in marked if i in row_of)
        flags = bytes(map(marked.__contains__, map(ids.__getitem__, range(len(cat)))))
        lib.flags[state] = flags = flags.translate(_FLIP) if state == "unread" else flags
    every = cat.word_index.every if cat.has_word_index else None
    return flagged(flags, None if everything else rows, every)


def _within(rows: list[int], everything: bool, lists: list[list[int]]) -> list[int]:
    """``rows`` ∩ the union of index ``lists`` (each ascending)."""
    lists = [found for found in lists if found]
    if not lists:
        return []
    if len(lists) == 1:
        return list(lists[0]) if everything else _keep(rows, set(lists[0]))
    union = set(lists[0]).union(*lists[1:])
    return sorted(union) if everything else _keep(rows, union)


def _keep(rows: list[int], wanted: set[int]) -> list[int]:
    return list(filter(wanted.__contains__, rows))


# -- order --------------------------------------------------------------------------------
def sort_rows(catalog: Catalog, rows: list[int], sort: Sort) -> list[int]:
    """Stable: equal keys keep document order, in both directions.

    ``added`` orders by date; articles without one (documents) come last either way.
    """
    if sort.key == "document":
        return rows
    if sort.key == "added":
        published = catalog.published
        if all(published[r] is None for r in rows):
            return rows
        sign = -1.0 if sort.descending else 1.0
        return sorted(rows, key=lambda r: (published[r] is None, sign * (published[r] or 0.0)))
    if len(rows) == len(catalog):  # every article: the order is computed once
        return catalog.sort_order(sort.key, sort.descending)
    return sorted(rows, key=catalog.sort_key(sort.key).__getitem__, reverse=sort.descending)


# -- remembering results ------------------------------------------------------------------
def _conjuncts(node: Node | None) -> tuple[Node, ...]:
    if node is None:
        return ()
    return node.terms if isinstance(node, And) else (node,)


def _implies(new: Node, old: Node) -> bool:
    """Every article ``new`` matches, ``old`` matches too (a cheap, sound check)."""
    if new == old:
        return True
    if isinstance(new, Text) and isinstance(old, Text):
        return new.field == old.field and old.value in new.value
    if isinstance(new, Tag) and isinstance(old, Tag):
        return set(new.values) <= set(old.values)
    if isinstance(new, Company) and isinstance(old, Company):
        return old.value in new.value
    return False


class Finder:
    """Evaluates queries over one base (the sidebar filter's rows), reusing recent results.

    A new query whose every term of an earlier one is implied by one of its own
    (``kafk`` → ``kafka``, ``is:unread`` → ``is:unread tag:go``) can only match a
    subset of that earlier result, so only its new terms are evaluated, over it.
    Create a new Finder when the base or the reader's flags change.

    Results are kept as tuples: a tuple of ints drops out of the cyclic garbage
    collector after its first pass, while each remembered list of 100k rows would
    add ~1 ms to every full collection (24 of them: a 20 ms stall in some keystroke).
    """

    KEEP = 24  # results remembered; each is at most one tuple of row numbers

    def __init__(self, lib: Library, base: list[int]) -> None:
        self.lib = lib
        self.base = base
        self._results: OrderedDict[Node, tuple[int, ...]] = OrderedDict()

    def find(self, node: Node | None) -> list[int]:
        if node is None:
            return self.base
        results = self._results
        if node in results:
            results.move_to_end(node)
            return list(results[node])
        terms = _conjuncts(node)
        start: Sequence[int] = self.base
        done: tuple[Node, ...] = ()
        for previous, kept in results.items():
            if len(kept) >= len(start):
                continue
            before = _conjuncts(previous)
            if all(any(_implies(t, b) for t in terms) for b in before):
                start, done = kept, before
        todo = [t for t in terms if t not in done]
        rows = matching(self.lib, _combine_and(todo), start)
        results[node] = tuple(rows)
        while len(results) > self.KEEP:
            results.popitem(last=False)
        return rows


def _combine_and(terms: list[Node]) -> Node | None:
    if not terms:
        return None
    return terms[0] if len(terms) == 1 else And(tuple(terms))
