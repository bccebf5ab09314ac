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

Row sets are "masks": a Python int whose bit ``r`` says row ``r``, so unions,
intersections and negations run in C over 12.5 KB at 100k rows, and a mask turns
back into rows with ``format``/``translate``/``itertools.compress``, also in C. A
word held by more than 1/64 of the rows keeps its rows as a mask (smaller than a
list of them); the rest keep sorted lists. Single characters (the first letter of
every word typed) and the pairs of letters whose rows would take long to gather
get their masks when the index is built. Hand-written because no library indexes
substrings this way in pure Python; a trigram or suffix index costs several times
the memory at 100k rows.
"""

from __future__ import annotations

import re
from collections import OrderedDict, deque
from collections.abc import Callable, Iterable, Sequence
from itertools import compress, repeat
from operator import itemgetter

WORD = re.compile(r"\w+")
NON_WORD = re.compile(r"\W+")  # what separates the words of the index
REMEMBERED = 64  # recent answers kept (masks of at most one byte per row each)
SWEEP = 8192  # rows read between two conversions of long row lists to byte flags
PACE_MASK = 255  # ``pace`` is called every 256 rows (~1 ms of splitting at 100k rows)
_TO_DIGITS = bytes.maketrans(b"\x00\x01", b"01")
_TO_FLAGS = bytes.maketrans(b"01", b"\x00\x01")


def _set(flags: bytearray, rows: Iterable[int]) -> None:
    """``flags[r] = 1`` for each row, in C (no bytecode per row)."""
    deque(map(flags.__setitem__, rows, repeat(1)), 0)


def _pack(flags: bytes | bytearray) -> int:
    """Byte flags (one 0/1 byte per row) → a mask."""
    return int(flags.translate(_TO_DIGITS)[::-1] or b"0", 2)


def _flags(mask: int, size: int) -> bytes:
    """A mask → byte flags: one 0/1 byte per row."""
    return format(mask, "b").zfill(size)[::-1][:size].encode("ascii").translate(_TO_FLAGS)


def mask_of(rows: Iterable[int], size: int) -> int:
    """The mask of ``rows`` (each ``< size``)."""
    flags = bytearray(size)
    _set(flags, rows)
    return _pack(flags)


def rows_in(
    mask: int, rows: Sequence[int] | None, size: int, every: Sequence[int] | None = None
) -> list[int]:
    """The rows of ``rows`` (every row when None) in ``mask``, in the order given.

    ``every``: ``range(size)`` as a list, if the caller keeps one (``TextIndex.every``):
    compressing it reuses its ints instead of making one per row (1 ms instead of 3)."""
    return flagged(_flags(mask, size), rows, every)


def flagged(
    flags: bytes | bytearray, rows: Sequence[int] | None, every: Sequence[int] | None = None
) -> list[int]:
    """The rows of ``rows`` (every row when None) whose byte in ``flags`` is not 0."""
    if rows is None:
        return list(compress(range(len(flags)) if every is None else every, flags))
    if len(rows) < 2:
        return [r for r in rows if flags[r]]
    return list(compress(rows, itemgetter(*rows)(flags)))  # in C, unlike map(flags[r])


class TextIndex:
    """Built once from the casefolded search text of every row (2-3 s at 100k rows: the
    app builds it in a worker after its first frame)."""

    def __init__(self, texts: Sequence[str], pace: Callable[[], None] = lambda: None) -> None:
        """``pace`` is called every few hundred rows (a worker hands the GIL back to
        the UI thread there: see ``tui.core.reload.Pacer``)."""
        size = self.size = len(texts)
        self.every = list(range(size))  # each row number, for rows_in
        dense_from = max(1, size // 8)
        postings: dict[str, list[int]] = {}
        bufs: dict[str, bytearray] = {}  # the words found dense so far: row r is byte r
        split = NON_WORD.split
        for start in range(0, size, SWEEP):
            for row in range(start, min(start + SWEEP, size)):
                if not row & PACE_MASK:
                    pace()
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
        dense: dict[str, int] = {}  # word → mask
        self._dense = dense
        for word in list(bufs):
            dense[word] = _pack(bufs.pop(word))
            pace()
        mask_from = max(1, size // 64)  # a longer list costs more than a mask
        for word in [w for w, rows in postings.items() if len(rows) > mask_from]:
            dense[word] = mask_of(postings.pop(word), size)
            pace()
        self._sparse: dict[str, list[int]] = postings  # word → rows
        self._words: OrderedDict[str, list[str]] = OrderedDict()
        self._masks: OrderedDict[tuple[str, bool, bool], int] = OrderedDict()
        self._chars = {c: self._union(w) for c, w in _grams(self._vocabulary, 1).items()}
        # A pair of letters found in many rare words (`re`, `ti`) takes 5-10 ms to gather
        # at 100k rows; the second letter of every word typed is one.
        self._pairs = {
            pair: self._union(words)
            for pair, words in _grams(self._vocabulary, 2).items()
            if sum(len(postings.get(w, ())) for w in words) > size // 4
        }

    def __len__(self) -> int:
        return self.size

    def exact(self, term: str) -> int | None:
        """The mask of the rows containing ``term``; None unless it is all word characters."""
        if not WORD.fullmatch(term):
            return None
        if len(term) == 1:
            return self._chars.get(term, 0)
        pair = self._pairs.get(term)
        return pair if pair is not None else self._word_mask(term, False, False)

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
        mask = self._union(words)
        remembered[key] = mask
        if len(remembered) > REMEMBERED:
            remembered.popitem(last=False)
        return mask

    def _union(self, words: Iterable[str]) -> int:
        """The mask of the rows holding any of ``words`` (words of the vocabulary)."""
        mask = 0
        flags: bytearray | None = None
        dense, sparse = self._dense, self._sparse
        for word in words:
            found = dense.get(word)
            if found is not None:
                mask |= found
                continue
            if flags is None:
                flags = bytearray(self.size)
            _set(flags, sparse[word])
        return mask | _pack(flags) if flags is not None else mask


def _grams(words: Iterable[str], length: int) -> dict[str, list[str]]:
    """Each run of ``length`` characters found in ``words`` → the words holding it."""
    found: dict[str, list[str]] = {}
    for word in words:
        for gram in {word[i : i + length] for i in range(len(word) - length + 1)}:
            holders = found.get(gram)
            if holders is None:
                found[gram] = [word]
            else:
                holders.append(word)
    return found
