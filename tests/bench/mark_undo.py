"""Benchmark for `A` (mark the whole view read) and `u` (undo it), and the single toggle.

Run from a checkout where casebook is installed in ``.venv``::

    .venv/bin/python tests/bench/mark_undo.py [--articles 100000] [--cycles 8]

It builds a store of N synthetic articles (``corpus.py``) through the store API and
measures, each figure a median / p95 over ``--cycles`` repetitions:

* store: ``UndoHistory.mark`` of every article read (durable: fsynced and renamed
  when it returns), then ``UndoHistory.undo`` of it, wall time and this process's CPU
  time (which other load on the machine disturbs less); the first mark of a store
  with no state rows yet (it creates N rows) separately;
* app: in the real app driven by Textual's pilot, on the All view of N articles,
  from pressing ``y`` in the confirmation until the last frame that changed the
  screen (the list's markers, counts, sidebar), and the same for ``u``;
* the durable single toggle, exactly as ``run.py`` measures it (1k state entries,
  then every article read), to compare with the README's figures.

After the app run it checks from a fresh ``Store.open`` that the disk holds what the
app showed. Nothing runs on import; pytest collects nothing here.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

if __package__:
    from .corpus import generate
    from .run import COLS, LINES, BenchError, FrameLog, Stats, measure_store_toggles
else:  # run as a script: this directory is sys.path[0]
    from corpus import generate  # type: ignore[import-not-found,no-redef]
    from run import (  # type: ignore[import-not-found,no-redef]
        COLS,
        LINES,
        BenchError,
        FrameLog,
        Stats,
        measure_store_toggles,
    )

TARGET_MS = 300.0


def build_store(data_dir: Path, n: int) -> None:
    from tui.core.store import Store

    store = Store.open(data_dir)
    try:
        store.import_articles(generate(n))
    finally:
        store.close()


def measure_store(data_dir: Path, cycles: int) -> dict[str, Any]:
    """mark all read / undo through UndoHistory, as the app calls it."""
    from tui.core.store import Store
    from tui.core.undo import UndoHistory

    store = Store.open(data_dir)
    try:
        _ = store.counts  # the app has them built before any key
        store.prepare_writes()  # the app does this in a worker after the first frame
        history = UndoHistory(store)
        ids = list(store.catalog.ids)
        start = time.perf_counter()
        history.mark(ids, "read", True)
        first = time.perf_counter() - start
        undone = history.undo()
        if undone is None or undone.restored != len(ids) or store.read:
            raise BenchError("the first undo did not restore every article")
        marks, undos, mark_cpu, undo_cpu = Stats(), Stats(), Stats(), Stats()
        for _ in range(cycles):
            start, cpu = time.perf_counter(), time.process_time()
            history.mark(ids, "read", True)
            marks.samples.append(time.perf_counter() - start)
            mark_cpu.samples.append(time.process_time() - cpu)
            if len(store.read) != len(ids):
                raise BenchError("mark did not mark every article read")
            start, cpu = time.perf_counter(), time.process_time()
            undone = history.undo()
            undos.samples.append(time.perf_counter() - start)
            undo_cpu.samples.append(time.process_time() - cpu)
            if undone is None or undone.skipped or store.read:
                raise BenchError("undo did not restore every article")
    finally:
        store.close()
    return {
        "first_mark_new_rows_ms": round(first * 1000, 1),
        "mark_all": marks.as_json(),
        "undo": undos.as_json(),
        "mark_all_cpu": mark_cpu.as_json(),
        "undo_cpu": undo_cpu.as_json(),
    }


async def measure_app(data_dir: Path, cycles: int) -> dict[str, Any]:
    """From the key that does it (``y``, ``u``) to the last frame that changed the screen."""
    from textual.pilot import Pilot

    from tui.core.store import Store
    from tui.ui.app import CasebookApp
    from tui.ui.confirm_screen import ConfirmScreen

    store = Store.open(data_dir)
    app = CasebookApp(store, poll_seconds=3600)
    log = FrameLog(app)
    marks, undos = Stats(), Stats()

    async def timed(pilot: Pilot[int], key: str, stats: Stats) -> None:
        since = len(log.frames)
        t0 = time.perf_counter()
        await pilot.press(key)
        await pilot.pause()
        changes, _ = log.visible_changes(since)
        if not changes:
            raise BenchError(f"pressing {key!r} changed nothing on screen")
        stats.samples.append(changes[-1] - t0)

    async with app.run_test(size=(COLS, LINES)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        total = len(app.articles.rows)
        if total != len(store.catalog):
            raise BenchError("the list does not show every article")
        for _ in range(cycles):
            await pilot.press("A")
            await pilot.pause()
            if not isinstance(app.screen, ConfirmScreen):
                raise BenchError("A did not ask")
            await timed(pilot, "y", marks)
            if len(store.read) != total:
                raise BenchError("y did not mark every article read")
            await timed(pilot, "u", undos)
            if store.read:
                raise BenchError("u did not restore every article")
        await pilot.press("A")  # leave one mark on disk, to check it there
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        await pilot.press("q")
    reopened = Store.open(data_dir)
    try:
        if reopened.read != store.read or len(reopened.read) != total:
            raise BenchError("the disk does not hold what the app showed")
    finally:
        reopened.close()
        store.close()
    return {"mark_all_y": marks.as_json(), "undo_u": undos.as_json()}


def ms(stats: dict[str, Any]) -> str:
    return f"{stats['median']:.1f} / {stats['p95']:.1f} ms"


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--articles", type=int, default=100_000, metavar="N")
    parser.add_argument("--cycles", type=int, default=8, help="mark/undo pairs per figure")
    parser.add_argument("--toggles", type=int, default=40, help="timed single toggles")
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write every figure here")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    n = args.articles
    result: dict[str, Any] = {"articles": n}
    with tempfile.TemporaryDirectory(prefix=f"casebook-markundo-{n}-") as tmp:
        work = Path(tmp)
        template = work / "template"
        print(f"building a store of {n} articles...", file=sys.stderr, flush=True)
        build_store(template, n)
        for name, run in (
            ("store", lambda d: measure_store(d, args.cycles)),
            ("app", lambda d: asyncio.run(measure_app(d, args.cycles))),
        ):
            print(f"measuring {name}...", file=sys.stderr, flush=True)
            data_dir = work / name
            shutil.copytree(template, data_dir)
            result[name] = run(data_dir)
        print("measuring single toggles...", file=sys.stderr, flush=True)
        toggles_dir = work / "toggles-work"
        toggles_dir.mkdir()
        result["toggle"] = measure_store_toggles(
            template / "catalog.json", toggles_dir, args.toggles
        )
    rows = [
        ("A: mark all read, store (durable)", result["store"]["mark_all"]),
        ("u: undo it, store (durable)", result["store"]["undo"]),
        ("A, store: CPU time of this process", result["store"]["mark_all_cpu"]),
        ("u, store: CPU time of this process", result["store"]["undo_cpu"]),
        ("A: y in the app, to screen", result["app"]["mark_all_y"]),
        ("u in the app, to screen", result["app"]["undo_u"]),
        ("durable toggle, 1k state", result["toggle"]["state_1k"]),
        ("durable toggle, all read", result["toggle"]["state_all_read"]),
    ]
    print(f"\n{n} articles, median / p95 (target for A and u: <= {TARGET_MS:.0f} ms)")
    for label, stats in rows:
        print(f"  {label:<36} {ms(stats)}")
    first = result["store"]["first_mark_new_rows_ms"]
    print(f"  {'first A on a store with no state rows':<36} {first:.1f} ms")
    print(f"  load average (1, 5, 15 min) at the end: {os.getloadavg()}")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
