"""Outside text on screen: never read as markup, never wider than a column.

Every place casebook puts outside text (sidebar entries, list rows and border
title/subtitle, detail pane, notifications with paths and store notices,
search box, palette) is fed strings that are markup, or would break the
layout, and the screen is checked to show them exactly and in their columns.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from rich.cells import cell_len
from textual.widgets._toast import Toast

from tests.ui_support import screen_text, seeded_store, wait_until
from tui.core.errors import StoreError, StoreWriteError
from tui.core.models import Article
from tui.core.store import Store
from tui.ui.app import CasebookApp
from tui.ui.display import clean, fit
from tui.ui.widgets.article_list import ArticleList
from tui.ui.widgets.detail import DetailPane
from tui.ui.widgets.sidebar import Sidebar

HOSTILE = ["[/]", "[@click=app.quit]x[/]", "[b]", "\\[", "Acme [Labs]"]


def hostile_articles() -> list[Article]:
    return [
        Article.create(s, s, f"Summary {s} end", (s.replace(" ", "-"),), 3) for s in HOSTILE
    ]


def toasts(app: CasebookApp) -> list[str]:
    return [toast.render().plain for toast in app.screen.query(Toast)]


def damaged_store(data_dir: Path) -> Store:
    """A store whose state file was damaged (a table named ``[/]``) after a good backup."""
    store = seeded_store(data_dir)
    store.toggle_read(store.catalog.ids[0])
    store.toggle_read(store.catalog.ids[1])  # the second write leaves a good .bak
    store.close()
    state = data_dir / "state.json"
    doc = json.loads(state.read_text())
    doc["tables"]["[/]"] = 5
    state.write_text(json.dumps(doc))
    return Store.open(data_dir)


async def test_markup_anywhere_is_shown_exactly_and_never_crashes(tmp_path: Path) -> None:
    data_dir = tmp_path / "lib [/] [@click=app.quit]x[/] [b] \\["
    store = damaged_store(data_dir)
    notices = list(store.notices)
    assert notices and "[/]" in notices[0]
    store.import_articles(hostile_articles())
    app = CasebookApp(store, poll_seconds=3600)
    async with app.run_test(size=(160, 50), notifications=True) as pilot:
        await pilot.pause()
        # the "Store restored" notice, word for word
        await wait_until(pilot, lambda: f"Store restored\n{notices[0]}" in toasts(app))
        app.clear_notifications()  # out of the way of the list's border
        text = screen_text(app)
        sidebar = app.query_one("#sidebar", Sidebar)
        room = sidebar.scrollable_content_region.width - len(" 1/1")
        for s in HOSTILE:
            tag = s.replace(" ", "-")
            # sidebar tag and company entries (cropped with an ellipsis if longer than room)
            assert f"│ {fit(tag, room)} 1/1" in text
            assert f"│ {fit(s, room)} 1/1" in text
            assert re.search(rf"│ ● +{re.escape(s)} ", text)  # a list row's title
        lst = app.query_one("#articles", ArticleList)
        detail = app.query_one("#detail", DetailPane)
        for s in HOSTILE:
            # company and tag entries: the list's border title names them
            for oid, label in ((f"company:{s}", "company"), (f"tag:{s.replace(' ', '-')}", "tag")):
                sidebar.focus()
                sidebar.highlighted = sidebar.get_option_index(oid)
                await pilot.press("enter")
                await pilot.pause()
                assert lst.border_title is not None
                value = oid.partition(":")[2]
                assert f"{label}: {value} · 1" in screen_text(app)
                # the detail pane shows the article's fields as written
                shown = "\n".join(screen_text(app).splitlines())
                assert f"Summary {s} end" in shown
                assert detail.lines[0] == s
        await pilot.press("escape")
        # search: typed key by key into the box, shown in the border subtitle and empty message
        for s in HOSTILE:
            app.action_clear_search()
            await pilot.press("slash", *s)
            await pilot.pause()
            assert app.search_input.value == s
            text = screen_text(app)
            # the border subtitle shows the query as understood (words are case-folded)
            assert str(app.view.query) in text and s.casefold() in text, text
            if not lst.rows:
                assert f"match “{s}”" in text
        await pilot.press("escape")
        # an error toast naming a path full of markup
        bad = data_dir / "state.json"

        def refuse(*_args: Any) -> None:
            raise StoreWriteError(bad, PermissionError(13, "Permission denied"))

        app.store.toggle = refuse  # type: ignore[method-assign]  # r goes through the undo history
        lst.focus()
        await pilot.press("r")
        expected = f"Not saved\ncould not save {bad} (Permission denied); nothing was changed"
        await wait_until(pilot, lambda: expected in toasts(app))
        # the dialogs for your tags and your note name the article as written
        title = "[@click=app.quit]x[/]"
        lst.cursor = [app.store.catalog.titles[r] for r in lst.rows].index(title)
        for key in ("t", "e"):
            await pilot.press(key)
            await wait_until(pilot, lambda: len(app.screen_stack) == 2)
            await wait_until(pilot, lambda: f"│ {title} " in screen_text(app))
            await pilot.press("escape")
            await wait_until(pilot, lambda: len(app.screen_stack) == 1)
        # the palette and help take the strings too
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"[/]")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.press("question_mark")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.is_running and app.return_code is None


async def test_a_failing_poll_notifies_once_until_the_message_changes(tmp_path: Path) -> None:
    store = seeded_store(tmp_path)
    failure: list[str] = ["state.json [/]: Permission denied"]
    calls = 0

    def refresh(**kwargs: Any) -> Any:
        nonlocal calls
        calls += 1
        if failure:
            raise StoreError(failure[0])
        return type(store).refresh(store, **kwargs)

    store.refresh = refresh  # type: ignore[method-assign]
    app = CasebookApp(store, poll_seconds=0.02)
    async with app.run_test(size=(120, 35), notifications=True) as pilot:
        await wait_until(pilot, lambda: calls >= 10)
        assert toasts(app) == [f"Store\n{failure[0]}"]
        failure[0] = "state.json: Input/output error"  # a different failure: reported
        await wait_until(pilot, lambda: len(toasts(app)) == 2)
        seen = calls
        await wait_until(pilot, lambda: calls >= seen + 10)
        assert len(toasts(app)) == 2
        failure.clear()  # it recovers: said once
        await wait_until(pilot, lambda: len(toasts(app)) == 3)
        assert toasts(app)[-1] == "Store\nThe store can be read again."
        failure.append("state.json [/]: Permission denied")  # and fails again: reported again
        await wait_until(pilot, lambda: len(toasts(app)) == 4)
        seen = calls
        await wait_until(pilot, lambda: calls >= seen + 10)
        assert len(toasts(app)) == 4 and app.is_running


# -- layout --------------------------------------------------------------------------------

WIDE = [
    "tab\there",
    "\ttabbed\t\tmore",
    "e\u0301\u0301\u0301 combining",
    "中文标题 with CJK",
    "emoji 🎉🎉 party",
    "family 👨\u200d👩\u200d👧 zwj",
    "zero\u200bwidth\u200dspace\ufeff",
    "heart \u2764\ufe0f vs16",
    "bidi \u202eevil\u202c end",
    "ctl \x1b[31m red",
]


def layout_articles() -> list[Article]:
    return [
        Article.create(
            f"Co{i} {s}", f"T{i} {s} " * 3, f"S {s}\n{s}\t{s}", (f"t{i}{s}",), 3
        )
        for i, s in enumerate(WIDE)
    ]


def cells(line: str) -> list[str]:
    """A screen line as terminal cells: a wide character takes two."""
    out: list[str] = []
    for char in line:
        width = cell_len(char)
        if width == 0 and out:
            out[-1] += char
            continue
        out.extend([char] + [""] * (width - 1))
    return out


@pytest.mark.parametrize("size", [(160, 50), (100, 40)])
async def test_wide_and_zero_width_characters_stay_in_their_columns(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    store = seeded_store(tmp_path)
    store.import_articles(layout_articles())
    app = CasebookApp(store, poll_seconds=3600)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        lst = app.query_one("#articles", ArticleList)
        sidebar = app.query_one("#sidebar", Sidebar)
        detail = app.query_one("#detail", DetailPane)
        titles = [app.store.catalog.titles[r] for r in lst.rows]
        for _ in range(len(WIDE) + 9):
            strips = app.screen._compositor.render_strips()
            for strip in strips:
                assert strip.cell_length == size[0]
                assert not any(c in strip.text for c in "\t\x1b\u200d\u200b\u202e\ufe0f")
            lines = [cells(strip.text) for strip in strips]
            # every pane's right border sits in its column on every row it spans
            for widget in (sidebar, lst, detail):
                region = widget.region
                right = region.right - 1
                for y in range(region.y + 1, region.bottom - 1):
                    assert lines[y][right] == "│", (widget, y, "".join(lines[y]))
                    assert lines[y][region.x] == "│", (widget, y, "".join(lines[y]))
            await pilot.press("j")
            await pilot.pause()
        assert any("\t" in t for t in titles)  # the data did reach the screen with tabs
        sidebar.focus()
        await pilot.press("G")  # the sidebar's last companies
        await pilot.pause()
        for strip in app.screen._compositor.render_strips():
            assert strip.cell_length == size[0]


def test_clean_expands_tabs_by_cells_and_drops_invisible_characters() -> None:
    assert clean("a\tb") == "a   b"
    assert clean("中\tb") == "中  b"  # the CJK character takes two of the four cells
    assert clean("x\u200dy\u200b\ufe0fz\u202e") == "xyz"
    assert clean("line\nbreak\x1b") == "line break"
    assert clean("[/] plain") == "[/] plain"
    for text in ["a\tb" * 30, "中文" * 30, "e\u0301" * 50, "🎉x" * 40, "x" * 10_000_000]:
        for width in (1, 2, 5, 17, 40):
            assert cell_len(fit(text, width)) == width
