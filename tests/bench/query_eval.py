"""Query evaluation alone, per keystroke: parse + find + sort, without Textual or rendering.

    .venv/bin/python tests/bench/query_eval.py [--articles 100000]

Types every query of run.py's QUERY_SCRIPT one character at a time through one
``View`` (as the app does), then times `S` re-sorting every article. The app's
figures (run.py) add the frame on top of these; these say how much of a
keystroke is the query itself, and are steadier on a busy machine.
"""

from __future__ import annotations

import argparse
import gc
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

if __package__:
    from .corpus import generate
    from .run import QUERY_SCRIPT
else:  # run as a script: this directory is sys.path[0]
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from corpus import generate  # type: ignore[import-not-found,no-redef]
    from run import QUERY_SCRIPT  # type: ignore[import-not-found,no-redef]


def _rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3, help="times through the script")
    args = parser.parse_args()

    from tui.core.store import Store
    from tui.core.view import View

    with tempfile.TemporaryDirectory(prefix="casebook-query-bench-") as tmp:
        store = Store.open(Path(tmp))
        store.import_articles(generate(args.articles))
        cat = store.catalog
        store.set_read(cat.ids[::3], True)
        store.set_bookmarked(cat.ids[::50], True)
        started = time.perf_counter()
        cat.rows_by_tag, cat.rows_by_company  # noqa: B018 - the sidebar builds them at start
        cat.haystack  # noqa: B018 - what the app warms after its first frame
        for key in ("title", "company", "minutes"):
            cat.sort_order(key, descending=False)
        warm = time.perf_counter() - started
        rss_before = _rss_mib()
        started = time.perf_counter()
        cat.word_index  # noqa: B018
        index = time.perf_counter() - started
        rss_index = _rss_mib() - rss_before
        gc.freeze()
        view = View(store)
        keys: list[float] = []
        cpu: list[float] = []  # this process's CPU time: what a busy machine does not inflate
        slowest: list[tuple[float, str]] = []
        for _ in range(args.rounds):
            for query in QUERY_SCRIPT:
                for end in range(1, len(query) + 1):
                    t0, c0 = time.perf_counter(), time.process_time()
                    view.set_query(query[:end])
                    spent = time.perf_counter() - t0
                    cpu.append(time.process_time() - c0)
                    keys.append(spent)
                    slowest.append((cpu[-1], query[:end]))
                view.set_query("")
        sorts: list[float] = []
        for _ in range(4 * args.rounds):
            t0 = time.perf_counter()
            view.set_query(view.text_with_next_sort())
            sorts.append(time.perf_counter() - t0)
        store.close()

    def ms(values: list[float], q: float) -> float:
        ordered = sorted(values)
        return 1000 * ordered[min(len(ordered) - 1, int(q * len(ordered)))]

    print(f"load average {os.getloadavg()[0]:.2f}; "
          f"{args.articles} articles; warm-up (search text, sort ranks) {warm:.2f} s, "
          f"word index {index:.2f} s, +{rss_index:.0f} MiB peak RSS")  # fmt: skip
    print(f"query keystrokes: {len(keys)}, median {1000 * statistics.median(keys):.1f} ms, "
          f"p95 {ms(keys, 0.95):.1f} ms, max {ms(keys, 1.0):.1f} ms (wall clock)")  # fmt: skip
    print(f"  CPU time: median {1000 * statistics.median(cpu):.1f} ms, "
          f"p95 {ms(cpu, 0.95):.1f} ms, max {ms(cpu, 1.0):.1f} ms")  # fmt: skip
    print(f"S over every article: {len(sorts)}, median {1000 * statistics.median(sorts):.1f} ms, "
          f"max {ms(sorts, 1.0):.1f} ms")  # fmt: skip
    worst = sorted(slowest)[-12:]
    print("slowest keystrokes (CPU time):", ", ".join(f"{q!r} {1000 * t:.1f} ms" for t, q in worst))
    return 0


if __name__ == "__main__":
    sys.exit(main())
