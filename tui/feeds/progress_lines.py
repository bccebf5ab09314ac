"""``casebook refresh --progress-jsonl``: the refresh's progress as one JSON object a line.

The app runs ``casebook refresh`` as a child process (so fetching, parsing and the
catalogue write never hold its GIL) and reads these lines from the child's stdout:

    {"done": 0, "total": 100}                      before the first fetch
    {"done": 37, "total": 100, "feed": {...}}      after each feed (its outcome so far)
    {"results": [{...}, ...]}                      at the end, in subscription order

A feed object holds FeedResult's fields. JSON escapes every control character, so a
feed's name or error message cannot break a line; the reader still treats it as data
(cleaned before it is shown).
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any, cast, get_args

from tui.feeds.refresh import FeedResult, Outcome

OUTCOMES = frozenset(get_args(Outcome))


def start_line(total: int) -> str:
    return json.dumps({"done": 0, "total": total})


def feed_line(done: int, total: int, result: FeedResult) -> str:
    return json.dumps({"done": done, "total": total, "feed": asdict(result)})


def results_line(results: list[FeedResult]) -> str:
    return json.dumps({"results": [asdict(r) for r in results]})


class ProgressLineError(ValueError):
    """A line that is not one of the three shapes above."""


def _int(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ProgressLineError(f"not a count: {value!r}")
    return value


def result_from(data: Any) -> FeedResult:
    if not isinstance(data, dict):
        raise ProgressLineError("a feed result is not an object")
    outcome = data.get("outcome")
    if outcome not in OUTCOMES:
        raise ProgressLineError(f"unknown outcome {outcome!r}")
    retry_at = data.get("retry_at")
    if retry_at is not None and not isinstance(retry_at, int | float):
        raise ProgressLineError("retry_at is not a time")
    return FeedResult(
        url=str(data.get("url", "")),
        name=str(data.get("name", "")),
        outcome=cast(Outcome, outcome),
        new=_int(data.get("new", 0)),
        updated=_int(data.get("updated", 0)),
        error=str(data.get("error", "")),
        retry_at=None if retry_at is None else float(retry_at),
    )


def parse_line(line: str) -> tuple[int, int, FeedResult | None] | list[FeedResult]:
    """(done, total, feed or None) for a progress line; the results for the last line."""
    try:
        data = json.loads(line)
    except ValueError as exc:
        raise ProgressLineError(f"not JSON: {exc}") from None
    if not isinstance(data, dict):
        raise ProgressLineError("not an object")
    if "results" in data:
        results = data["results"]
        if not isinstance(results, list):
            raise ProgressLineError("results is not a list")
        return [result_from(r) for r in results]
    feed = data.get("feed")
    return _int(data.get("done")), _int(data.get("total")), (
        None if feed is None else result_from(feed)
    )
