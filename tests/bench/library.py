"""Benchmark for export and reading stats (issue 11): `casebook export` per format and the
stats screen opening, at 100k articles by default.

Run from a checkout where casebook is installed in ``.venv``::

    .venv/bin/python tests/bench/library.py [--articles N] [--runs R] [--json PATH]

It builds a store from the synthetic corpus (``corpus.py``) through the store API, marks
half the articles read with change times spread over the last 30 weeks and every 20th
bookmarked, then times

* ``casebook export --format F -o FILE`` as a real process (wall time from exec to exit,
  and the child's CPU time, which a busy machine does not inflate), per format;
* ``tui.core.stats.compute`` in process;
* the stats screen: from pressing ``i`` in the real app (Textual's pilot, 120x35) to the
  frame that shows it (run.py's FrameLog), with the figures cached and after a toggle.

Targets: export <= 2 s, stats screen <= 100 ms at 100k. Nothing runs on import.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

if __package__:
    from .corpus import generate
    from .run import FrameLog
else:  # run as a script: this directory is sys.path[0]
    from corpus import generate  # type: ignore[import-not-found,no-redef]
    from run import FrameLog  # type: ignore[import-not-found,no-redef]

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tui.core import store as store_module  # noqa: E402
from tui.core.export import FORMATS  # noqa: E402
from tui.core.stats import compute  # noqa: E402
from tui.core.store import Store  # noqa: E402

WEEK = 7 * 24 * 3600


def build_store(data_dir: Path, n: int) -> Store:
    store = Store.open(data_dir)
    articles = generate(n)
    store.import_articles(articles)
    ids = [a.id for a in articles]
    read = ids[::2]
    now = time.time()
    real_time = store_module.time.time
    try:
        for week in range(30):  # the change times the weekly chart is built from
            chunk = read[week::30]
            store_module.time.time = lambda week=week: now - week * WEEK  # type: ignore[misc]
            store.set_read(chunk, True)
        store_module.time.time = real_time
        store.set_bookmarked(ids[::20], True)
    finally:
        store_module.time.time = real_time
    return Store.open(data_dir)


def child_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def time_export(data_dir: Path, fmt: str, out: Path, runs: int) -> dict[str, Any]:
    walls, cpus = [], []
    for _ in range(runs):
        cpu0, t0 = child_cpu(), time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-m", "tui", "--data-dir", str(data_dir), "export", "--format", fmt,
             "-o", str(out)],
            capture_output=True, text=True, cwd=ROOT, check=False,
        )  # fmt: skip
        walls.append(time.perf_counter() - t0)
        cpus.append(child_cpu() - cpu0)
        if proc.returncode != 0:
            raise SystemExit(f"export {fmt} failed: {proc.stderr.strip()}")
    return {
        "wall_s": round(statistics.median(walls), 3),
        "cpu_s": round(statistics.median(cpus), 3),
        "bytes": out.stat().st_size,
    }


def time_compute(data_dir: Path, runs: int) -> dict[str, Any]:
    store = Store.open(data_dir)
    store.counts, store.catalog.rows_by_tag, store.catalog.rows_by_company  # noqa: B018 - as the app has them
    gc.freeze()  # as the app does after its first frame
    walls, cpus = [], []
    for _ in range(runs):
        cpu0, t0 = time.process_time(), time.perf_counter()
        compute(store)
        walls.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - cpu0)
    return _summary(walls, cpus)


def _summary(walls: list[float], cpus: list[float]) -> dict[str, Any]:
    return {
        "median_ms": round(statistics.median(walls) * 1000, 1),
        "max_ms": round(max(walls) * 1000, 1),
        "cpu_median_ms": round(statistics.median(cpus) * 1000, 1),
    }


async def time_screen(data_dir: Path, runs: int) -> dict[str, Any]:
    """Each run: `i` with the figures cached (nothing changed), then `r` on the list and
    `i` again: that screen opens with the last figures and counts afresh in a worker.

    Times come from run.py's FrameLog (when each frame was composed), not from a clock
    around ``pilot.press``, which has a ~60 ms floor of pilot's own idle waits: "open"
    "first" is the first frame that changed the screen (the stats are up), "settled" the
    last (everything drawn: the footer's keys and, after a toggle, the new figures).
    """
    from tui.ui.app import CasebookApp
    from tui.ui.stats_screen import StatsScreen

    app = CasebookApp(Store.open(data_dir), poll_seconds=3600)
    log = FrameLog(app)
    kinds = ("cached_first", "cached_settled", "recount_first", "recount_settled")
    samples: dict[str, list[float]] = {k: [] for k in kinds}
    async with app.run_test(size=(120, 35)) as pilot:
        await pilot.pause(2.0)  # the first frame's workers (search text, state rows, stats)
        while app.workers or app.stats_cache.last is None:
            await pilot.pause(0.05)
        for _ in range(runs):
            for recount in (False, True):
                if recount:
                    await pilot.press("r")
                    await pilot.pause()
                gc.collect()
                since = len(log.frames)
                t0 = time.perf_counter()
                await pilot.press("i")
                while not isinstance(app.screen, StatsScreen):
                    await pilot.pause(0)
                screen = app.screen
                while screen.body.border_subtitle:  # counting in the worker
                    await pilot.pause(0)
                await pilot.pause()
                changes, _ = log.visible_changes(since)
                if not changes:
                    raise SystemExit("pressing i changed nothing on screen")
                kind = "recount" if recount else "cached"
                samples[f"{kind}_first"].append(changes[0] - t0)
                samples[f"{kind}_settled"].append(changes[-1] - t0)
                await pilot.press("escape")
                while isinstance(app.screen, StatsScreen):
                    await pilot.pause(0)
                await pilot.pause()
    return {
        kind: {
            "median_ms": round(statistics.median(v) * 1000, 1),
            "max_ms": round(max(v) * 1000, 1),
        }
        for kind, v in samples.items()
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="casebook-bench-lib-") as tmp:
        data_dir = Path(tmp) / "data"
        print(f"building a store of {args.articles:,} articles…", file=sys.stderr)
        build_store(data_dir, args.articles)
        result: dict[str, Any] = {"articles": args.articles, "cpus": os.cpu_count(),
                                  "load": os.getloadavg()[0]}  # fmt: skip
        for fmt in FORMATS:
            print(f"export {fmt}…", file=sys.stderr)
            out = Path(tmp) / f"out.{fmt}"
            result[f"export_{fmt}"] = time_export(data_dir, fmt, out, max(1, args.runs // 2))
        result["stats_compute"] = time_compute(data_dir, args.runs)
        print("stats screen…", file=sys.stderr)
        result["stats_screen"] = asyncio.run(time_screen(data_dir, args.runs))
        result["load_after"] = os.getloadavg()[0]
    print(f"{args.articles:,} articles (load average {result['load']:.1f} before, "
          f"{result['load_after']:.1f} after, {result['cpus']} cpus)")  # fmt: skip
    print(f"{'measure':<34} {'target':>8} {'figure':>26}")
    for fmt in FORMATS:
        e = result[f"export_{fmt}"]
        figure = f"{e['wall_s']:.2f} s wall, {e['cpu_s']:.2f} s cpu"
        ok = "✓" if e["wall_s"] <= 2.0 else "✗"
        print(f"{'export --format ' + fmt + ' -o FILE':<34} {'<= 2 s':>8} {figure:>26} {ok} "
              f"({e['bytes'] / 1e6:.0f} MB)")  # fmt: skip
    c, s = result["stats_compute"], result["stats_screen"]
    print(f"{'stats figures (in process)':<34} {'—':>8} {c['median_ms']:>9.1f} ms wall, "
          f"{c['cpu_median_ms']:.1f} ms cpu")  # fmt: skip
    for kind, label in (("cached_first", "stats screen (cached): first frame"),
                        ("cached_settled", "  ...settled"),
                        ("recount_first", "after a toggle: first frame"),
                        ("recount_settled", "  ...settled, new figures")):  # fmt: skip
        k = s[kind]
        ok = "✓" if k["median_ms"] <= 100 else "✗"
        print(f"{label:<34} {'<= 100ms':>8} {k['median_ms']:>9.1f} ms median {ok} "
              f"(max {k['max_ms']:.0f} ms)")  # fmt: skip
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
