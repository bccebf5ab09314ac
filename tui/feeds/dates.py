"""Dates as feeds write them, to seconds since the epoch (UTC).

feedparser reads RSS and Atom dates, but takes ``1749528000`` (Unix seconds) for the
year 1749 and drops the time of a compact ISO 8601 date (``20250610T040000Z``); the
standard library reads both exactly, so they are tried first. JSON Feed dates are RFC
3339 by the spec; RFC 822 ones (as in RSS) are common and read too.
"""

from __future__ import annotations

import email.utils
from datetime import UTC, datetime


def epoch_seconds(raw: str) -> float | None:
    """Unix seconds ("1749528000"): 9 to 11 digits (1973 to 5138), so no year or compact
    date is taken for one."""
    raw = raw.strip()
    return float(raw) if raw.isascii() and raw.isdigit() and 9 <= len(raw) <= 11 else None


def _seconds(parsed: datetime) -> float | None:
    if parsed.tzinfo is None:  # no zone: read as UTC, as feedparser does
        parsed = parsed.replace(tzinfo=UTC)
    try:
        return parsed.timestamp()
    except (OverflowError, ValueError):
        return None


def iso_seconds(raw: str) -> float | None:
    """ISO 8601 / RFC 3339, extended or compact, with or without a zone."""
    try:
        return _seconds(datetime.fromisoformat(raw.strip()))
    except ValueError:
        return None


def exact_seconds(raw: str) -> float | None:
    """What the standard library reads without guessing: Unix seconds or ISO 8601."""
    seconds = epoch_seconds(raw)
    return seconds if seconds is not None else iso_seconds(raw)


def text_seconds(raw: str) -> float | None:
    """Unix seconds, ISO 8601, else RFC 822; None for anything else."""
    seconds = exact_seconds(raw)
    if seconds is not None:
        return seconds
    try:
        return _seconds(email.utils.parsedate_to_datetime(raw.strip()))
    except (TypeError, ValueError, IndexError):
        return None
