"""The palette (issue 12): casebook's commands first, every tag and company by name."""

from __future__ import annotations

from pathlib import Path

from textual.command import CommandList

from tests.ui_support import article, list_titles, make_app, screen_text, wait_until
from tui.core.views import ALL, Filter
from tui.ui.app import CasebookApp
from tui.ui.palette import filter_candidates


def palette_prompts(app: CasebookApp) -> list[str]:
    options = app.screen.query_one(CommandList).options
    return [str(option.prompt).split("\n")[0] for option in options]


async def test_casebook_commands_come_before_textuals(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 35)) as pilot:
        await pilot.press("ctrl+p")
        await wait_until(pilot, lambda: len(palette_prompts(app)) > 10)
        prompts = palette_prompts(app)
        ours = [c.title for c in app.casebook_commands()]
        assert prompts[: len(ours)] == ours
        assert "Quit the application" not in prompts[: len(ours)]
        assert any("theme" in p.casefold() for p in prompts[len(ours):])


async def test_palette_shows_a_tag_by_name(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 35)) as pilot:
        await pilot.press("ctrl+p", *"observability")
        await wait_until(pilot, lambda: "Show tag: observability" in screen_text(app))
        await wait_until(pilot, lambda: palette_prompts(app)[:1] == ["Show tag: observability"])
        await pilot.press("enter")
        await wait_until(pilot, lambda: len(list_titles(app)) == 1)
        assert app.filter == Filter("tag", "observability")
        assert "tag: observability · 1" in screen_text(app)


async def test_palette_shows_a_company_with_markup_in_its_name(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    app.store.import_articles([article("Acme [/] Labs", "Brackets"), article("[b]old", "B")])
    async with app.run_test(size=(120, 35)) as pilot:
        await pilot.press("ctrl+p", *"acme")
        await wait_until(pilot, lambda: "Show company: Acme [/] Labs" in screen_text(app))
        await pilot.press("enter")
        await wait_until(pilot, lambda: list_titles(app) == ["Brackets"])
        await pilot.press("ctrl+p", *"[b]")
        await wait_until(pilot, lambda: "Show company: [b]old" in screen_text(app))


def test_filter_candidates_need_every_word_and_skip_filler(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    catalog = app.store.catalog
    assert filter_candidates(catalog, "show tag") == []
    found = filter_candidates(catalog, "show tag micro")
    assert Filter("tag", "microservices") in found
    assert all("micro" in f.value for f in found)
    assert filter_candidates(catalog, "NETFLIX") == [Filter("company", "Netflix")]


def test_every_palette_command_names_an_app_action() -> None:
    from tui.ui.keys import PALETTE

    for command in PALETTE:
        name = command.action.partition("(")[0]
        assert callable(getattr(CasebookApp, f"action_{name}", None)), command


async def test_palette_runs_a_parameterised_action(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 35)) as pilot:
        await pilot.press("ctrl+p", *"show bookmarked")
        await wait_until(pilot, lambda: palette_prompts(app)[:1] == ["Show bookmarked"])
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.filter == Filter("bookmarked"))
        await pilot.press("ctrl+p", *"last article")
        await wait_until(pilot, lambda: palette_prompts(app)[:1] == ["Last article"])
        await pilot.press("enter", "escape")
        await wait_until(pilot, lambda: app.filter == ALL)
