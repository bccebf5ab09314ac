"""Query keystrokes in the real app, key by key, with where each one's time went.

    .venv/bin/python tests/bench/query_keys.py [--articles 100000] [--rounds 1] [--json PATH]

Builds a store from the synthetic corpus (every 3rd article read, every 50th
bookmarked), starts the app under Textual's pilot at 120x35, waits for the
warm-up workers, then types each query of run.py's QUERY_SCRIPT after `/` one
character at a time. Each key is timed as run.py times it (from the press to the
last frame that changed the screen, with the same ``FrameLog``) and split into:
``eval`` (``View.set_query``: parse, find, sort), ``show`` (the app's
``_show_view``: list rows, border title and subtitle, warning, footer bindings)
and the rest (Textual's message handling, layout and the frame: rendering the
list's visible lines, the detail pane, the header). It checks every query shows
exactly the rows a fresh ``View`` computes, then times `S` over every article.
Prints the figures per query class and per query, and the slowest keystrokes.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

if __package__:
    from .corpus import generate
    from .run import COLS, LINES, QUERY_SCRIPT, FrameLog, GcPauses, _key_name
else:  # run as a script: this directory is sys.path[0]
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from corpus import generate  # type: ignore[import-not-found,no-redef]
    from run import (  # type: ignore[import-not-found,no-redef]
        COLS,
        LINES,
        QUERY_SCRIPT,
        FrameLog,
        GcPauses,
        _key_name,
    )

# Which kind of query each scripted one is (a query may be of several).
CLASSES: dict[str, tuple[str, ...]] = {
    "is:unread tag:kafka": ("field-only",),
    "tag:databases company:acme": ("field-only",),
    "latency": ("text",),
    "kafka consumer lag": ("text",),
    "-tag:general storage": ("negation", "text"),
    "tag:kafka OR tag:redis": ("or", "field-only"),
    "is:unread min:<10 sort:-minutes": ("sort", "field-only"),
    '"the payments ledger"': ("phrase", "text"),
    "title:scaling -is:read": ("negation", "text"),
    "company:globex OR company:initech": ("or", "field-only"),
    "cache -redis min:5..15": ("negation", "text"),
    "rollout sort:title": ("sort", "text"),
}


def _rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _current_rss_mib() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _figures(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    p95 = ordered[max(0, -(-95 * len(ordered) // 100) - 1)]  # nearest rank, as run.py
    return {
        "n": len(values),
        "median": round(statistics.median(values), 2),
        "p95": round(p95, 2),
        "max": round(ordered[-1], 2),
    }


class Timers:
    """Milliseconds spent inside wrapped methods since the last ``take``."""

    def __init__(self) -> None:
        self.spent: dict[str, float] = {}

    def wrap(self, owner: Any, name: str, label: str) -> None:
        original: Callable[..., Any] = getattr(owner, name)
        timers = self

        def timed(*args: Any, **kwargs: Any) -> Any:
            t0 = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                spent = timers.spent
                spent[label] = spent.get(label, 0.0) + 1000 * (time.perf_counter() - t0)

        setattr(owner, name, timed)

    def take(self) -> dict[str, float]:
        taken, self.spent = self.spent, {}
        return taken


async def measure(data_dir: Path, rounds: int) -> dict[str, Any]:
    from textual.pilot import Pilot

    from tui.core.store import Store
    from tui.core.view import View
    from tui.ui.app import CasebookApp
    from tui.ui.widgets.article_list import ArticleList
    from tui.ui.widgets.detail import DetailPane

    timers = Timers()
    timers.wrap(View, "set_query", "eval")
    timers.wrap(CasebookApp, "_show_view", "show")
    timers.wrap(ArticleList, "render_line", "list_lines")
    timers.wrap(DetailPane, "show", "detail")

    store = Store.open(data_dir)
    rss_start = _current_rss_mib()
    app = CasebookApp(store, poll_seconds=3600)
    log = FrameLog(app)
    keys: list[dict[str, Any]] = []
    sorts: list[float] = []
    pauses = GcPauses()

    async def timed(pilot: Pilot[int], key: str) -> dict[str, Any]:
        since = len(log.frames)
        gc_before = len(pauses.pauses)
        timers.take()
        t0, c0 = time.perf_counter(), time.process_time()
        await pilot.press(key)
        await pilot.pause()
        changes, _ = log.visible_changes(since, app.articles.region)
        if not changes:
            raise RuntimeError(f"pressing {key!r} changed nothing on screen")
        parts = timers.take()
        cpu = 1000 * (time.process_time() - c0)
        return {
            "cpu_ms": round(cpu, 3),
            "frame_ms": [round(1000 * (c - t0), 2) for c in changes],
            "ms": 1000 * (changes[-1] - t0),
            "first_ms": 1000 * (changes[0] - t0),
            "frames": len(changes),
            "gc_ms": 1000 * sum(pauses.pauses[gc_before:]),
            **{k: round(v, 3) for k, v in parts.items()},
        }

    async with app.run_test(size=(COLS, LINES)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        app.search_input.cursor_blink = False
        rss_warm = _current_rss_mib()
        lst = app.query_one("#articles", ArticleList)
        total = len(lst.rows)
        pauses.start()
        for _ in range(rounds):
            for query in QUERY_SCRIPT:
                await pilot.press("slash")
                for end, letter in enumerate(query, 1):
                    figures = await timed(pilot, _key_name(letter))
                    keys.append({"query": query, "prefix": query[:end], **figures})
                if app.view.text != query:
                    raise RuntimeError(f"the search box holds {app.view.text!r}, not {query!r}")
                if lst.rows != View(store, text=query).rows:
                    raise RuntimeError(f"{query!r} does not show its rows")
                await pilot.press("escape")
                await pilot.pause()
                if len(lst.rows) != total:
                    raise RuntimeError("escape did not clear the query")
        for _ in range(10):
            before = app.view.sort
            sorts.append((await timed(pilot, "S"))["ms"])
            if app.view.sort == before or len(lst.rows) != total:
                raise RuntimeError("S did not re-sort")
        pauses.stop()
        rss_end = _current_rss_mib()
        await pilot.press("q")
    store.close()
    return {
        "keys": keys,
        "sort_ms": sorts,
        "rss_mib": {
            "store_open": round(rss_start, 1),
            "after_warm_up": round(rss_warm, 1),
            "end": round(rss_end, 1),
            "peak": round(_rss_mib(), 1),
        },
        "gc_gen2": pauses.as_json(),
    }


def report(result: dict[str, Any], articles: int) -> None:
    keys = result["keys"]
    ms = [k["ms"] for k in keys]
    overall = _figures(ms)
    print(f"{articles} articles, {len(keys)} query keystrokes to screen: "
          f"median {overall['median']:.1f} ms, p95 {overall['p95']:.1f} ms, "
          f"max {overall['max']:.1f} ms")  # fmt: skip
    parts = ("eval", "show", "list_lines", "detail", "gc_ms", "cpu_ms")
    medians = {p: statistics.median(k.get(p, 0.0) for k in keys) for p in parts}
    print("  of which (medians): " + ", ".join(f"{p} {v:.2f} ms" for p, v in medians.items()))
    print(f"  first frame: median {statistics.median(k['first_ms'] for k in keys):.1f} ms")
    sort = _figures(result["sort_ms"])
    print(f"S over every article ({sort['n']}): median {sort['median']:.1f} ms, "
          f"p95 {sort['p95']:.1f} ms, max {sort['max']:.1f} ms")  # fmt: skip
    print(f"RSS: {result['rss_mib']}; full GCs while timing: {result['gc_gen2']}")
    print("\nper class (median / p95 / max ms, keys):")
    classes = sorted({c for cs in CLASSES.values() for c in cs})
    for name in classes:
        values = [k["ms"] for k in keys if name in CLASSES.get(k["query"], ())]
        if values:
            f = _figures(values)
            print(f"  {name:<12} {f['median']:6.1f} {f['p95']:6.1f} {f['max']:6.1f}  {f['n']}")
    print("\nper query (median / p95 / max ms; eval median / max):")
    for query in dict.fromkeys(k["query"] for k in keys):
        mine = [k for k in keys if k["query"] == query]
        f = _figures([k["ms"] for k in mine])
        ev = [k.get("eval", 0.0) for k in mine]
        print(f"  {query!r:<40} {f['median']:6.1f} {f['p95']:6.1f} {f['max']:6.1f}"
              f"   eval {statistics.median(ev):5.1f} / {max(ev):5.1f}")  # fmt: skip
    print(
        "\nslowest keystrokes (ms: total, eval, show, list lines, detail, gc, "
        "CPU of the whole press; frames that changed the screen):"
    )
    for k in sorted(keys, key=lambda k: k["ms"])[-20:]:
        print(f"  {k['prefix']!r:<36} {k['ms']:6.1f} {k.get('eval', 0):6.1f} "
              f"{k.get('show', 0):6.1f} {k.get('list_lines', 0):6.1f} {k.get('detail', 0):6.1f} "
              f"{k['gc_ms']:6.1f} {k['cpu_ms']:6.1f}  {k['frame_ms']}")  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=1, help="times through the script")
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write every figure here")
    args = parser.parse_args()

    from tui.core.store import Store

    load_start = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="casebook-query-keys-") as tmp:
        data_dir = Path(tmp)
        store = Store.open(data_dir)
        store.import_articles(generate(args.articles))
        ids = store.catalog.ids
        store.set_read(ids[::3], True)
        store.set_bookmarked(ids[::50], True)
        store.close()
        del store, ids
        gc.collect()
        result = asyncio.run(measure(data_dir, args.rounds))
    load_end = os.getloadavg()
    result["loadavg"] = {"start": load_start, "end": load_end}
    print(f"load average at start {load_start[0]:.2f}, at end {load_end[0]:.2f} "
          f"({os.cpu_count()} cores)")  # fmt: skip
    report(result, args.articles)
    if args.json is not None:
        args.json.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
