"""Read and bookmark flags: what one write of them did, and how a state row is stamped.

Each state row keeps, besides ``updated`` (the row's last change), one time per
flag (``read_at``, ``bookmarked_at``): the moment that flag was last written.
Undo uses it to tell whether someone else changed the same flag of the same
article after we did, and a future sync can merge per-device logs by it. A
flag's stamp only ever grows: a write in the same millisecond as the previous
one, or under a clock that stepped back, gets the previous stamp plus 1 ms, so
two writes of one flag never share a stamp.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any, Literal

Flag = Literal["read", "bookmarked"]
FLAGS: tuple[Flag, ...] = ("read", "bookmarked")
STAMP_STEP = 0.001


def stamp_key(flag: Flag) -> str:
    """The state row key holding the time ``flag`` was last written."""
    return f"{flag}_at"


def new_row(article_id: str) -> dict[str, Any]:
    """A state row for an article that has none yet (every row has every key, so the
    state table stays column-wise on disk)."""
    return {
        "id": article_id,
        "read": False,
        "bookmarked": False,
        "updated": None,
        "read_at": None,
        "bookmarked_at": None,
    }


def complete_row(article_id: str, row: dict[str, Any]) -> None:
    """Gives a row from an older state file the keys newer rows have (times unknown: None)."""
    for key, value in new_row(article_id).items():
        row.setdefault(key, value)


def next_stamp(last: float | None, now: float) -> float:
    """The stamp for a write at ``now`` of a flag last stamped ``last``: always above it."""
    if last is None or last < now:
        return now
    return round(last + STAMP_STEP, 3)


@dataclass(frozen=True)
class FlagChange:
    """What one durable write did to one flag: the articles it wrote (``ids``), each one's
    value before (``old``) and after (``new``) and the stamp it gave the flag (``times``);
    ``skipped`` lists the articles a restore left alone because their flag was changed
    elsewhere since, ``flipped`` those whose value this write actually changed.

    Parallel tuples, with dict views built on first use: a write of 100k articles should
    not pay for three dicts nobody reads."""

    flag: Flag
    ids: tuple[str, ...] = ()
    old: tuple[bool, ...] = ()
    new: tuple[bool, ...] = ()
    times: tuple[float, ...] = ()
    skipped: tuple[str, ...] = ()
    flipped: tuple[str, ...] = ()

    @cached_property
    def before(self) -> dict[str, bool]:
        return dict(zip(self.ids, self.old, strict=True))

    @cached_property
    def after(self) -> dict[str, bool]:
        return dict(zip(self.ids, self.new, strict=True))

    @cached_property
    def stamps(self) -> dict[str, float]:
        return dict(zip(self.ids, self.times, strict=True))

    def changed(self) -> list[str]:
        """The articles whose flag this write actually flipped."""
        return list(self.flipped)
