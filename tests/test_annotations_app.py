"""`t` (your tags) and `e` (notes) in the app: what is shown and what is stored."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, TextArea

from tests.ui_support import make_app, screen_text, wait_until
from tui.core.store import Store
from tui.ui.note_editor import DiscardPrompt, NoteEditor
from tui.ui.tag_prompt import TagPrompt, TagSuggester


def on_disk(path: Path) -> Store:
    return Store.open(path)


async def test_t_adds_and_removes_your_tags(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    first = app.store.catalog.ids[0]
    async with app.run_test(size=(120, 35)) as pilot:
        await pilot.press("t")
        assert isinstance(app.screen, TagPrompt)
        assert "Your tags: none yet" in screen_text(app)
        await pilot.press(*"+todo scaling", "enter")
        await wait_until(pilot, lambda: not isinstance(app.screen, TagPrompt))
        assert on_disk(tmp_path).my_tags_of(first) == ("todo", "scaling")
        await wait_until(pilot, lambda: "Your tags: #todo  #scaling" in screen_text(app))
        await pilot.press("t", *"-todo", "enter")
        await wait_until(pilot, lambda: "Your tags: #scaling" in screen_text(app))
        assert on_disk(tmp_path).my_tags_of(first) == ("scaling",)


async def test_t_refuses_a_bad_tag_and_escape_cancels(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 35)) as pilot:
        await pilot.press("t", *"+[b]x", "enter")
        assert isinstance(app.screen, TagPrompt)  # still open, with the reason
        await wait_until(pilot, lambda: "is not a tag" in screen_text(app))
        await pilot.press("escape")
        await wait_until(pilot, lambda: not isinstance(app.screen, TagPrompt))
        assert on_disk(tmp_path).library.tags == {}


async def test_tag_suggestions_complete_the_last_word() -> None:
    suggester = TagSuggester(["microservices", "ml-systems", "scaling"])
    assert await suggester.get_suggestion("+scaling +mi") == "+scaling +microservices"
    assert await suggester.get_suggestion("-ml") == "-ml-systems"
    assert await suggester.get_suggestion("+scaling ") is None
    assert await suggester.get_suggestion("+zzz") is None


async def test_e_writes_a_note_shown_as_plain_text_and_marked_in_the_list(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    second = app.store.catalog.ids[1]
    async with app.run_test(size=(120, 35)) as pilot:
        await pilot.press("j", "e")
        assert isinstance(app.screen, NoteEditor)
        await pilot.press(*"Great [b]read[/b]", "enter", *"second line")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: not isinstance(app.screen, NoteEditor))
        assert on_disk(tmp_path).note_of(second) == "Great [b]read[/b]\nsecond line"
        text = screen_text(app)
        assert "Great [b]read[/b]" in text  # shown as written, never as markup
        assert "✎ Scaling ArchUnit" in text


async def test_e_soft_wraps_and_escape_asks_before_discarding(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    first = app.store.catalog.ids[0]
    app.store.set_note(first, "old note")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("e")
        area = app.screen.query_one(TextArea)
        assert area.soft_wrap and area.text == "old note"
        await pilot.press("escape")  # nothing changed: closes at once
        await wait_until(pilot, lambda: not isinstance(app.screen, NoteEditor))
        await pilot.press("e", *" and more", "escape")
        await wait_until(pilot, lambda: isinstance(app.screen, DiscardPrompt))
        await pilot.press("n")  # keep editing
        await wait_until(pilot, lambda: isinstance(app.screen, NoteEditor))
        assert app.screen.query_one(TextArea).text == "old note and more"
        await pilot.press("escape", "y")
        await wait_until(pilot, lambda: not isinstance(app.screen, (NoteEditor, DiscardPrompt)))
        assert on_disk(tmp_path).note_of(first) == "old note"


async def test_clearing_a_note_removes_it(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    first = app.store.catalog.ids[0]
    app.store.set_note(first, "x")
    async with app.run_test(size=(120, 35), notifications=True) as pilot:
        await pilot.press("e", "backspace", "ctrl+s")
        await wait_until(pilot, lambda: "Note removed." in screen_text(app))
        assert on_disk(tmp_path).note_of(first) == ""
        assert "✎" not in screen_text(app)
        assert not isinstance(app.focused, Input)


async def test_notes_and_your_tags_are_searched(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 35)) as pilot:
        await pilot.press("G", "e", *"compare with our zookeeper setup", "ctrl+s")
        await wait_until(pilot, lambda: not isinstance(app.screen, NoteEditor))
        await pilot.press("g", "t", *"+revisit", "enter")
        await wait_until(pilot, lambda: not isinstance(app.screen, TagPrompt))
        await pilot.press("slash", *"zookeeper")
        await wait_until(pilot, lambda: len(app.view.rows) == 1)
        assert app.view.rows == [8]
        await pilot.press("escape", "slash", *"note:setup")
        await wait_until(pilot, lambda: app.view.rows == [8])
        await pilot.press("escape", "slash", *"#revisit")
        await wait_until(pilot, lambda: app.view.rows == [0])


async def test_your_tags_have_a_sidebar_section_that_filters(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        assert "Your tags" not in screen_text(app)  # none yet: no section
        await pilot.press("t", *"+later", "enter", "j", "j", "t", *"+later", "enter")
        await wait_until(pilot, lambda: "Your tags" in screen_text(app))
        line = next(ln for ln in screen_text(app).splitlines() if "later" in ln and "/" in ln)
        assert "2/2" in line
        app.sidebar.highlighted = app.sidebar.get_option_index("mytag:later")
        app.sidebar.focus()
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.view.rows == [0, 2])
        assert "your tag: later · 2" in screen_text(app)
        await pilot.press("r")
        await wait_until(pilot, lambda: any(
            "later" in ln and "1/2" in ln for ln in screen_text(app).splitlines()
        ))


async def test_an_empty_t_keeps_the_search(tmp_path: Path) -> None:
    """enter in the tag prompt is the prompt's: it neither clears nor leaves the `/` query."""
    app = make_app(tmp_path)
    word = app.store.catalog.titles[0].split()[0]
    async with app.run_test(size=(120, 35)) as pilot:
        await pilot.press("slash", *word, "enter")
        await wait_until(pilot, lambda: app.view.text == word and app.focused is not None
                         and app.focused.id == "articles")
        shown = list(app.articles.rows)
        await pilot.press("t", "enter")  # nothing typed: the prompt closes, nothing changes
        await wait_until(pilot, lambda: not isinstance(app.screen, TagPrompt))
        await pilot.pause()
        assert app.view.text == word
        assert app.search_input.display
        assert list(app.articles.rows) == shown
