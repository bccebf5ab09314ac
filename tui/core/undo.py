"""This session's changes to read and bookmark flags, and undoing them one at a time.

Every change the app makes goes through ``UndoHistory`` (a toggle, opening an
article, a bulk mark), which asks the store to write it and remembers exactly
what the write did: which articles, which flag, the value before and after.
``undo`` writes the previous values back, newest change first, as far back as
the start of the session, in one durable write per change.

An undo never overwrites someone else's work. For each flag of each article
the history remembers the stamp of our own latest write (a change, or an undo
of a later change); if the stamp on disk is another one, or the value is no
longer the one we left, another process changed that flag since, and the
article is skipped and counted rather than put back.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import compress
from operator import ne

from tui.core.flags import FLAGS, Flag, FlagChange
from tui.core.store import Store


@dataclass(frozen=True, slots=True)
class Entry:
    """One change of this session, as it will be described when undone."""

    label: str  # "marked 312 articles read", "bookmarked “Title”"
    change: FlagChange


@dataclass(frozen=True, slots=True)
class Undone:
    """What an undo did: ``restored`` articles put back, ``skipped`` left alone because
    another process changed the same flag since; ``change`` is the restoring write."""

    label: str
    restored: int
    skipped: int
    change: FlagChange


def describe(flag: Flag, value: bool, count: int, title: str | None = None) -> str:
    """A past-tense label: ``marked 312 articles read``, ``bookmarked “Title”``."""
    subject = f"“{title}”" if count == 1 and title is not None else _articles(count)
    if flag == "read":
        return f"marked {subject} {'read' if value else 'unread'}"
    if value:
        return f"bookmarked {subject}"
    return f"removed the bookmark from {subject}" if count == 1 else f"unbookmarked {subject}"


def _articles(count: int) -> str:
    return f"{count} article" if count == 1 else f"{count} articles"


class UndoHistory:
    """The session's changes, newest last. Not thread-safe: the app calls it from its loop."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._entries: list[Entry] = []
        # flag -> article id -> stamp of our own latest write of that flag
        self._ours: dict[Flag, dict[str, float]] = {flag: {} for flag in FLAGS}

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def entries(self) -> Sequence[Entry]:
        return tuple(self._entries)

    def _title(self, article_id: str) -> str | None:
        row = self.store.catalog.row_of.get(article_id)
        return None if row is None else self.store.catalog.titles[row]

    # -- changes ---------------------------------------------------------------
    def toggle(self, article_id: str, flag: Flag) -> FlagChange:
        """Flips one flag of one article (``r``, ``b``)."""
        change = self.store.toggle(article_id, flag)
        value = change.after[article_id]
        self._record(describe(flag, value, 1, self._title(article_id)), change)
        return change

    def mark(self, ids: Iterable[str], flag: Flag, value: bool) -> FlagChange:
        """Sets ``flag`` to ``value`` on every article in ``ids`` (one durable write).

        Only articles whose flag differed are written and remembered; if none did,
        nothing is recorded (an undo would have nothing to put back).
        """
        ids = list(dict.fromkeys(ids))
        change = self.store.set_flags(ids, flag, value)
        title = self._title(ids[0]) if len(ids) == 1 else None
        self._record(describe(flag, value, len(ids), title), change)
        return change

    def _record(self, label: str, change: FlagChange) -> None:
        self._ours[change.flag].update(zip(change.ids, change.times, strict=True))
        if change.flipped:
            self._entries.append(Entry(label, change))

    # -- undo --------------------------------------------------------------------
    def undo(self) -> Undone | None:
        """Puts back the newest change; None if there is none. A failed write raises
        the store's error and keeps the change in the history, to be tried again."""
        if not self._entries:
            return None
        entry = self._entries[-1]
        change = entry.change
        ours = self._ours[change.flag]
        if len(change.flipped) == len(change.ids):  # a mark writes only what it flips
            ids, back = change.ids, change.old
        else:  # a plain set may also write flags that were already at the value
            differ = list(map(ne, change.old, change.new))
            ids, back = tuple(compress(change.ids, differ)), tuple(compress(change.old, differ))
        # Our own latest stamps are the expected ones (no copy for 100k articles).
        restore = self.store.restore_flags(change.flag, ids, back, ours)
        self._entries.pop()
        ours.update(zip(restore.ids, restore.times, strict=True))
        return Undone(entry.label, len(restore.ids), len(restore.skipped), restore)
