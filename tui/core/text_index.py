"""Which rows' search text contains a piece of text, without reading every row's text.

Reading 100k rows of text (about 40 MB) costs 30-40 ms however it is done in
CPython, so a query keystroke cannot afford it. The index keeps each distinct
word of the search text (a maximal run of ``\\w``) with the rows holding it, and
answers from the vocabulary instead:

* a term made only of word characters occurs in a row exactly when it occurs
  inside one of the row's words, so its rows are the union of the rows of the
  words containing it (exact);
* any other term (a phrase, ``ci/cd``) needs each of its word runs inside a word
  of the row, and a run with a non-word character on one side starts or ends
  that word (on both sides: it is the word); the rows meeting every run are the
  candidates, and only their text is read.

Row sets are "masks": a Python int with one byte per row (row ``r`` is byte ``r``,
little-endian, 0 or 1), so unions and intersections run in C over 100 KB at
100k rows, and ``itertools.compress`` turns a mask back into rows. A word held by
more than an eighth of the rows keeps its rows as a mask (smaller than a list of
them); the rest keep sorted lists. Single characters, which every typed word
starts with, get their masks when the index is built. Hand-written because no
library indexes substrings this way in pure Python; a trigram or suffix index
costs several times the memory at 100k rows.
"""

from __future__ import annotations

import re
from collections import OrderedDict, deque
from collections.abc import Sequence
from itertools import compress, repeat

WORD = re.compile(r"\w+")
NON_WORD = re.compile(r"\W+")  # what separates the words of the index
REMEMBERED = 64  # recent answers kept (masks of at most one byte per row each)
SWEEP = 8192  # rows read between two conversions of long row lists to masks


def mask_of(rows: Sequence[int], size: int) -> int:
    """The mask of ``rows`` (each ``< size``)."""
    buf = bytearray(size)
    deque(map(buf.__setitem__, rows, repeat(1)), 0)  # in C: no bytecode per row
    return int.from_bytes(buf, "little")


def rows_in(mask: int, rows: Sequence[int] | None, size: int) -> list[int]:
    """The rows of ``rows`` (every row when None) in ``mask``, in the order given."""
    flags = mask.to_bytes(size, "little")
    if rows is None:
        return list(compress(range(size), flags))
    return list(compress(rows, map(flags.__getitem__, rows)))


class TextIndex:
    """Built once from the casefolded search text of every row (2-3 s at 100k rows: the
    app builds it in a worker after its first frame)."""

    def __init__(self, texts: Sequence[str]) -> None:
        size = self.size = len(texts)
        dense_from = max(1, size // 8)
        postings: dict[str, list[int]] = {}
        bufs: dict[str, bytearray] = {}  # the words found dense so far: row r is byte r
        split = NON_WORD.split
        for start in range(0, size, SWEEP):
            for row in range(start, min(start + SWEEP, size)):
                for word in set(split(texts[row])):
                    found = postings.get(word)
                    if found is not None:
                        found.append(row)
                    elif (buf := bufs.get(word)) is not None:
                        buf[row] = 1
                    else:
                        postings[word] = [row]
            # Long lists become byte masks as they grow: a list of 8-byte pointers held
            # by an eighth of the rows already costs more than one byte per row.
            for word in [w for w, rows in postings.items() if len(rows) > dense_from]:
                buf = bufs[word] = bytearray(size)
                deque(map(buf.__setitem__, postings.pop(word), repeat(1)), 0)
        postings.pop("", None)
        bufs.pop("", None)
        self._vocabulary = [*postings, *bufs]
        self._dense: dict[str, int] = {}  # word → mask
        self._sparse: dict[str, list[int]] = {}  # word → rows
        char_masks: dict[str, int] = {}
        char_bufs: dict[str, bytearray] = {}
        for word in list(bufs):
            mask = self._dense[word] = int.from_bytes(bufs.pop(word), "little")
            for char in set(word):
                char_masks[char] = char_masks.get(char, 0) | mask
        for word, rows in postings.items():
            self._sparse[word] = rows
            for char in set(word):
                buf = char_bufs.get(char)
                if buf is None:
                    buf = char_bufs[char] = bytearray(size)
                deque(map(buf.__setitem__, rows, repeat(1)), 0)
        for char, buf in char_bufs.items():
            char_masks[char] = char_masks.get(char, 0) | int.from_bytes(buf, "little")
        self._chars = char_masks
        self._words: OrderedDict[str, list[str]] = OrderedDict()
        self._masks: OrderedDict[tuple[str, bool, bool], int] = OrderedDict()

    def __len__(self) -> int:
        return self.size

    def exact(self, term: str) -> int | None:
        """The mask of the rows containing ``term``; None unless it is all word characters."""
        if not WORD.fullmatch(term):
            return None
        if len(term) == 1:
            return self._chars.get(term, 0)
        return self._word_mask(term, False, False)

    def candidates(self, term: str) -> int | None:
        """A mask of rows that may contain ``term`` (every row that does is in it);
        None when the index cannot narrow it (no word characters)."""
        found: int | None = None
        end = len(term)
        for match in WORD.finditer(term):
            run, starts, ends = match.group(), match.start() > 0, match.end() < end
            mask = (
                self._chars.get(run, 0)
                if len(run) == 1 and not (starts or ends)
                else self._word_mask(run, starts, ends)
            )
            found = mask if found is None else found & mask
            if not found:
                return 0
        return found

    # -- inside ---------------------------------------------------------------------------
    def _containing(self, run: str) -> list[str]:
        """The words containing ``run``, looked for among the words of a shorter run that
        ``run`` contains when one is remembered (typing narrows, as the search does)."""
        remembered = self._words
        hit = remembered.get(run)
        if hit is not None:
            remembered.move_to_end(run)
            return hit
        pool = self._vocabulary
        for known, words in remembered.items():
            if len(words) < len(pool) and known in run:
                pool = words
        found = [word for word in pool if run in word]
        remembered[run] = found
        if len(remembered) > REMEMBERED:
            remembered.popitem(last=False)
        return found

    def _word_mask(self, run: str, starts: bool, ends: bool) -> int:
        """Rows with a word containing ``run``; ``starts``: a word starting with it,
        ``ends``: a word ending with it (both: the word itself)."""
        key = (run, starts, ends)
        remembered = self._masks
        hit = remembered.get(key)
        if hit is not None:
            remembered.move_to_end(key)
            return hit
        if starts and ends:
            words = [run] if run in self._dense or run in self._sparse else []
        else:
            words = self._containing(run)
            if starts:
                words = [w for w in words if w.startswith(run)]
            if ends:
                words = [w for w in words if w.endswith(run)]
        mask = 0
        buf: bytearray | None = None
        dense, sparse = self._dense, self._sparse
        for word in words:
            found = dense.get(word)
            if found is not None:
                mask |= found
                continue
            if buf is None:
                buf = bytearray(self.size)
            deque(map(buf.__setitem__, sparse[word], repeat(1)), 0)
        if buf is not None:
            mask |= int.from_bytes(buf, "little")
        remembered[key] = mask
        if len(remembered) > REMEMBERED:
            remembered.popitem(last=False)
        return mask
