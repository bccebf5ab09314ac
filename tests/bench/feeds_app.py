"""The app while `R` refreshes 100 feeds, and cold start with feeds (issue 9).

    .venv/bin/python tests/bench/feeds_app.py [--feeds 100] [--items 50]

1. Keys during a refresh: the bundled store subscribes to every feed (served by
   feeds.py's loopback server), the app runs in Textual's pilot at 120x35, `R` starts
   the refresh and `j`/`k` are pressed until it ends. Each press is timed until the app
   is idle again (pilot.press returns then), so this is an upper bound of what the
   screen needs; the target is p95 <= 33 ms.
2. Cold start, out of process in a pseudo-terminal (run.py's harness): the same
   articles with their 100 subscriptions in feeds.json, and again with feeds.json
   removed, so the only difference is the feeds.

Nothing runs on import; pytest collects nothing here (no ``test_*`` names).
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.bench.feeds import feed_url, serve
from tests.bench.run import measure_cold_start
from tui.core.seeds import ensure_seeded
from tui.core.store import Store
from tui.core.subscriptions import FEEDS_FILE, Subscriptions


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def keys_while_refreshing(data_dir: Path) -> tuple[list[float], float, int]:
    from tui.ui.app import CasebookApp

    store = Store.open(data_dir)
    app = CasebookApp(store, poll_seconds=3600.0)
    samples: list[float] = []
    async with app.run_test(size=(120, 35)) as pilot:
        await pilot.pause()
        start = time.perf_counter()
        await pilot.press("R")
        await pilot.pause()
        key = "j"
        while app.activity or not samples:
            t0 = time.perf_counter()
            await pilot.press(key)
            samples.append(time.perf_counter() - t0)
            key = "k" if key == "j" else "j"
            if time.perf_counter() - start > 120:
                raise SystemExit("the refresh did not finish within 120 s")
        took = time.perf_counter() - start
        total = len(store.catalog)
    store.close()
    return samples, took, total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--feeds", type=int, default=100)
    parser.add_argument("--items", type=int, default=50)
    args = parser.parse_args()
    receive, send = multiprocessing.Pipe(duplex=False)
    server = multiprocessing.Process(
        target=serve, args=(send, args.feeds, args.items), daemon=True
    )
    server.start()
    try:
        addresses = receive.recv()
        with tempfile.TemporaryDirectory(prefix="casebook-feeds-app-") as tmp:
            data = Path(tmp) / "data"
            store = Store.open(data)
            ensure_seeded(store)
            store.close()
            subs = Subscriptions.open(data)
            subs.add_many([(feed_url(addresses, n), f"Blog {n}", []) for n in range(args.feeds)])
            subs.close()
            samples, took, total = asyncio.run(keys_while_refreshing(data))
            ms = [s * 1000 for s in samples]
            print(f"keys while R refreshes {args.feeds} feeds x {args.items} items: "
                  f"{len(ms)} presses over {took:.2f} s, median {statistics.median(ms):.1f} ms, "
                  f"p95 {percentile(ms, 0.95):.1f} ms, max {max(ms):.1f} ms "
                  f"(target p95 <= 33 ms); {total} articles after")
            store = Store.open(data)
            first, last = store.catalog.titles[0], store.catalog.titles[-1]
            store.close()
            with_feeds = measure_cold_start(data, first, last, 5)
            plain = Path(tmp) / "plain"
            shutil.copytree(data, plain, ignore=shutil.ignore_patterns("*.lock"))
            for name in (FEEDS_FILE, FEEDS_FILE + ".bak"):
                (plain / name).unlink(missing_ok=True)
            without = measure_cold_start(plain, first, last, 5)
            print(f"cold start, {total} articles: with {args.feeds} feeds "
                  f"{with_feeds['median_s']:.3f} s, without feeds.json "
                  f"{without['median_s']:.3f} s (medians of 5)")
    finally:
        server.terminate()
        server.join(5)
    print(f"load average (1 min) at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
