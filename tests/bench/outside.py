"""Keys while another process replaces the catalogue (issue 13: "an outside change visible
within 2 s without freezing the keys").

    .venv/bin/python tests/bench/outside.py [--articles 100000] [--shape normal|wide]
                                            [--rounds 3] [--data-dir DIR]

The app runs in process under Textual's pilot at 120x35 with its real once-a-second
poll. Per round, ``casebook import`` of one new article runs as a separate process
while ``j`` is pressed steadily in the app; the presses go on until the new article
is in the app's catalogue and for 3 s after. Figures:

* ``j`` *with nothing happening*: 2 s of presses before each round, the control
  (the machine is shared: compare the other figures with it);
* *visible after*: from the writer's exit to the first frame after the app showed
  the new catalogue;
* ``j`` *while it loads*: each press from the writer's start until visible, timed
  until the first frame that changed the article list (the cursor moved; run.py's
  ``FrameLog``), split into the presses before the app noticed the new file (only
  the writer is busy) and after (the app's worker is reading it);
  ``j`` *after*: the presses in the 3 s after (the search's word index is rebuilt
  in a worker then);
* *UI loop stalls*: a task on the app's event loop sleeps 2 ms over and over and
  records how late it wakes: the longest a key could have waited for the UI thread.

``--writer replace`` writes each new catalogue aside before the round and only renames
it into place during it, so the figures show the app's own cost without a writer
process competing for the CPU. ``--data-dir`` reuses a store already holding the
corpus (each round adds one article). Nothing runs on import; pytest collects nothing
here.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.bench.corpus import write_corpus  # noqa: E402
from tests.bench.run import FrameLog  # noqa: E402

AFTER_SECONDS = 3.0
REST_SECONDS = 2.0
PROBE_SECONDS = 0.002


def summary(samples: list[float]) -> str:
    if not samples:
        return "n/a"
    ordered = sorted(samples)
    p95 = ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]
    return (
        f"{statistics.median(ordered) * 1000:.1f} / {p95 * 1000:.1f} / "
        f"{ordered[-1] * 1000:.1f} ms (n={len(ordered)})"
    )


def casebook(data_dir: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "tui", "--data-dir", str(data_dir), *args]


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, (str(ROOT), env.get("PYTHONPATH"))))
    return env


async def measure(data_dir: Path, rounds: int, writer_kind: str) -> dict[str, Any]:
    from tui.core.store import Store
    from tui.ui.app import CasebookApp

    store = Store.open(data_dir)
    app = CasebookApp(store, poll_seconds=1.0)
    log = FrameLog(app)
    shown: list[float] = []  # when the app showed a new catalogue (its _show_view ran)
    original_show = app._show_view
    current = [store.catalog]

    def show_view(keep_row: int | None) -> None:
        original_show(keep_row)
        if store.catalog is not current[0]:
            current[0] = store.catalog
            shown.append(time.perf_counter())

    app._show_view = show_view  # type: ignore[method-assign]
    reading: list[float] = []  # when the app started reading the new catalogue (if it says)
    watch = getattr(app, "store_watcher", None)
    if watch is not None:
        original_start = watch._start

        def start() -> None:
            if not watch.preparing:
                reading.append(time.perf_counter())
            original_start()

        watch._start = start
    rest: list[float] = []
    during: list[float] = []
    writing: list[float] = []
    preparing: list[float] = []
    after: list[float] = []
    stalls: list[float] = []
    visible: list[float] = []
    probing = [False]

    async def probe() -> None:
        while True:
            start = time.perf_counter()
            await asyncio.sleep(PROBE_SECONDS)
            if probing[0]:
                stalls.append(time.perf_counter() - start - PROBE_SECONDS)

    async def press_j(pilot: Any, into: list[float]) -> None:
        since = len(log.frames)
        t0 = time.perf_counter()
        if into is during:  # split by phase: the writer alone, or the app reading too
            into = preparing if reading else writing
        await pilot.press("j")
        await pilot.pause()
        # The first frame that changed the article list: the cursor moved. (The last frame
        # that changed anything may be the new catalogue's repaint landing meanwhile.)
        _, in_list = log.visible_changes(since, app.articles.region)
        if in_list:
            into.append(in_list[0] - t0)

    with tempfile.TemporaryDirectory(prefix="casebook-outside-") as tmp:
        async with app.run_test(size=(120, 35)) as pilot:
            await pilot.pause()
            await app.workers.wait_for_complete()
            app.search_input.cursor_blink = False
            prober = asyncio.get_running_loop().create_task(probe())
            # the probe runs on the app's loop: pilot coroutines run there too
            for round_ in range(rounds):
                await app.workers.wait_for_complete()
                gc.collect()
                doc = Path(tmp) / f"outside-{round_}.txt"
                doc.write_text(
                    f"Outside Co {round_} {time.time_ns()}\nAn article from outside {round_}\n"
                    "Added by another process while keys are pressed.\noutside\n3 min\n",
                    encoding="utf-8",
                )
                if writer_kind == "replace":  # written aside now; only renamed in the round
                    aside = Path(tmp) / f"aside-{round_}"
                    aside.mkdir()
                    shutil.copyfile(data_dir / "catalog.json", aside / "catalog.json")
                    subprocess.run(casebook(aside, "import", str(doc)), env=child_env(),
                                   check=True, stdout=subprocess.DEVNULL)  # fmt: skip
                await pilot.press("g")
                end = time.perf_counter() + REST_SECONDS  # the control: nothing happening
                while time.perf_counter() < end:
                    await press_j(pilot, rest)
                before = len(store.catalog)
                shown.clear()
                reading.clear()
                probing[0] = True
                if writer_kind == "replace":
                    os.replace(aside / "catalog.json", data_dir / "catalog.json")
                    writer = subprocess.Popen(["true"])  # nothing left to write
                else:
                    writer = subprocess.Popen(
                        casebook(data_dir, "import", str(doc)), env=child_env(),
                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                    )  # fmt: skip
                exited: float | None = None
                deadline = time.perf_counter() + 60
                while not shown:
                    if time.perf_counter() > deadline:
                        raise SystemExit("the new article never reached the app")
                    await press_j(pilot, during)
                    if exited is None and writer.poll() is not None:
                        exited = time.perf_counter()
                        if writer.returncode != 0:
                            raise SystemExit(f"casebook import exited {writer.returncode}")
                if exited is None:
                    writer.wait()
                    exited = time.perf_counter()
                frames = [t for t, _ in log.frames if t >= shown[0]]
                visible.append(max(0.0, (frames[0] if frames else shown[0]) - exited))
                end = time.perf_counter() + AFTER_SECONDS
                while time.perf_counter() < end:
                    await press_j(pilot, after)
                probing[0] = False
                if len(store.catalog) != before + 1:
                    raise SystemExit(f"expected {before + 1} articles, found {len(store.catalog)}")
                print(f"  round {round_ + 1}: visible after {visible[-1]:.3f} s", file=sys.stderr)
            prober.cancel()
            await pilot.press("q")
    store.close()
    return {
        "visible": visible, "rest": rest, "during": writing + preparing, "writing": writing,
        "preparing": preparing, "after": after, "stalls": stalls,
    }  # fmt: skip


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--shape", choices=("normal", "wide"), default="normal")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument(
        "--writer", choices=("import", "replace"), default="import",
        help="import: `casebook import` runs during the round; replace: the new catalogue "
        "is written aside first and renamed into place, so only the app is busy",
    )  # fmt: skip
    args = parser.parse_args(argv)
    load_start = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="casebook-outside-store-") as tmp:
        data_dir = args.data_dir
        if data_dir is None:
            data_dir = Path(tmp) / "data"
            corpus = Path(tmp) / "corpus.txt"
            write_corpus(corpus, args.articles, shape=args.shape)
            subprocess.run(casebook(data_dir, "import", str(corpus)), check=True,
                           env=child_env(), stdout=subprocess.DEVNULL)  # fmt: skip
        result = asyncio.run(measure(data_dir, args.rounds, args.writer))
        if args.data_dir is None:
            shutil.rmtree(data_dir, ignore_errors=True)
    print(f"outside change, {args.articles:,} articles ({args.shape}), {args.rounds} rounds, "
          f"writer: {args.writer}")  # fmt: skip
    print(f"  visible after (writer's exit → first frame): "
          f"{', '.join(f'{v:.3f}' for v in result['visible'])} s")  # fmt: skip
    print(f"  j with nothing happening (control):    {summary(result['rest'])}")
    print(f"  j while it loads (median / p95 / max): {summary(result['during'])}")
    print(f"    … before the app starts reading:     {summary(result['writing'])}")
    print(f"    … while the app reads it (worker):   {summary(result['preparing'])}")
    print(f"  j in the {AFTER_SECONDS:.0f} s after:               {summary(result['after'])}")
    print(f"  UI loop stalls (median / p95 / max):   {summary(result['stalls'])}")
    print(f"  load average at start / end: {load_start[0]:.2f} / {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
