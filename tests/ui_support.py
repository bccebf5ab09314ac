"""Shared helpers for the pilot and snapshot tests."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tui.core.models import Article
from tui.core.seeds import ensure_seeded
from tui.core.store import Store
from tui.ui.app import CasebookApp
from tui.ui.widgets.article_list import ArticleList

NEVER = 3600.0  # poll interval for tests that must not see background refreshes


def seeded_store(data_dir: Path) -> Store:
    store = Store.open(data_dir)
    ensure_seeded(store)
    return store


def make_app(data_dir: Path, poll_seconds: float = NEVER) -> CasebookApp:
    return CasebookApp(seeded_store(data_dir), poll_seconds=poll_seconds)


def screen_text(app: CasebookApp) -> str:
    """Everything the terminal shows right now, as plain text (the top screen)."""
    strips = app.screen._compositor.render_strips()
    return "\n".join(strip.text for strip in strips)


def list_titles(app: CasebookApp) -> list[str]:
    lst = app.query_one("#articles", ArticleList)
    return [app.store.catalog.titles[r] for r in lst.rows]


def article(company: str, title: str, tags: tuple[str, ...] = ("general",)) -> Article:
    return Article.create(company, title, f"{title} summary.", tags, 3)


async def wait_until(pilot: Any, condition: Callable[[], bool], timeout: float = 5.0) -> None:
    """Polls ``condition`` between frames until it holds; fails after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        await pilot.pause(0.02)


def count_layouts(app: CasebookApp) -> list[int]:
    """A list that grows by one each time the current screen lays its widgets out again
    (which repaints every widget on it: what a cursor move or a title change must avoid)."""
    layouts: list[int] = []
    screen = app.screen
    original = screen._refresh_layout

    def counted(*args: Any, **kwargs: Any) -> None:
        layouts.append(1)
        original(*args, **kwargs)

    screen._refresh_layout = counted  # type: ignore[method-assign]
    return layouts
