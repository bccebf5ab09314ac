"""Moving between unread articles (newsboat's `n` / `p`), without the UI."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Jump:
    index: int  # position in the view's rows
    wrapped: bool  # went past the end (or the start) to get there


def next_unread(
    rows: Sequence[int], start: int, is_unread: Callable[[int], bool], step: int = 1
) -> Jump | None:
    """The next unread row after position ``start`` (``step`` -1: before it), wrapping once.

    None when no other row in the view is unread.
    """
    count = len(rows)
    for offset in range(1, count):
        index = start + offset * step
        if is_unread(rows[index % count]):
            return Jump(index % count, wrapped=not 0 <= index < count)
    return None
