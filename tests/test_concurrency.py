"""Promise: two processes writing at once never lose each other's changes.

Real processes, started together behind a barrier, each doing one store call per
toggle; the result is checked from a fresh Store.open, i.e. from what is on disk.
(The app noticing another process's changes is tested in test_app.py.)
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.workers.harness import Lines, casebook, cleanup, worker
from tui.core.document import parse_files
from tui.core.models import Article
from tui.core.paths import seed_files
from tui.core.store import Store

ARTICLES = 2000
TOGGLES = 200
START_TIMEOUT = 60.0
RUN_TIMEOUT = 120.0


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("template")
    store = Store.open(data)
    store.import_articles(
        Article.create(f"Company {i % 31}", f"Case {i}", f"Summary {i}.", ("infra",), 4)
        for i in range(ARTICLES)
    )
    store.close()
    return data


@pytest.fixture
def data(template: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(template, tmp_path / "store"))


@pytest.fixture
def ids(template: Path) -> list[str]:
    store = Store.open(template)
    try:
        return list(store.catalog.ids)
    finally:
        store.close()


def on_disk(data: Path) -> tuple[set[str], set[str]]:
    store = Store.open(data)
    try:
        return set(store.read), set(store.bookmarked)
    finally:
        store.close()


def run_together(data: Path, jobs: list[tuple[str, list[str]]]) -> None:
    """Starts one marker worker per job, releases them at once, waits for all."""
    with cleanup([]) as procs:
        for flag, job_ids in jobs:
            procs.append(worker("marker.py", str(data), flag, *job_ids))
        outs = [Lines(p) for p in procs]
        for out in outs:
            assert out.wait_for(1, START_TIMEOUT) == ["ready"]
        for proc in procs:
            assert proc.stdin is not None
            proc.stdin.write(b"go\n")
            proc.stdin.flush()
        spans = []
        for out in outs:
            done = out.wait_for(2, RUN_TIMEOUT)[1].split()
            assert done[0] == "done", done
            spans.append((float(done[1]), float(done[2])))
        for proc, out in zip(procs, outs, strict=True):
            assert proc.wait(timeout=30) == 0, out.stderr()
    # Otherwise this would test nothing: the writers must really have run at the same time.
    assert max(s for s, _ in spans) < min(e for _, e in spans), spans


@pytest.mark.slow
def test_two_processes_on_different_articles_keep_all_toggles(data: Path, ids: list[str]) -> None:
    first, second = ids[:TOGGLES], ids[TOGGLES : 2 * TOGGLES]
    run_together(data, [("read", first), ("read", second)])
    assert on_disk(data) == (set(first) | set(second), set())


@pytest.mark.slow
def test_two_processes_setting_different_flags_on_the_same_articles(
    data: Path, ids: list[str]
) -> None:
    same = ids[-TOGGLES:]
    run_together(data, [("read", same), ("bookmarked", same)])
    assert on_disk(data) == (set(same), set(same))


def test_two_cli_mark_processes_at_once_keep_both(data: Path, ids: list[str]) -> None:
    """Round 1 also has both processes seeding the fresh store at the same time."""
    read_ids, marked_ids = ids[:15], ids[100:115]
    for r in range(3):
        batch_read, batch_marked = read_ids[r * 5 : r * 5 + 5], marked_ids[r * 5 : r * 5 + 5]
        with cleanup([]) as procs:
            procs.append(casebook(data, "mark", *batch_read, "--read"))
            procs.append(casebook(data, "mark", *batch_marked, "--bookmark"))
            results = [proc.communicate(timeout=RUN_TIMEOUT) for proc in procs]
        for proc, (_, err) in zip(procs, results, strict=True):
            assert proc.returncode == 0, err.decode()
    assert on_disk(data) == (set(read_ids), set(marked_ids))
    store = Store.open(data)
    try:
        seeds = {a.id for a in parse_files(seed_files())}
        assert set(store.catalog.ids) == set(ids) | seeds
    finally:
        store.close()
