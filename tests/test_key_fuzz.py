"""Random key sequences on every screen and dialog: the app never raises, never loses a write.

Keys are drawn (from a seeded generator, so every run presses the same sequence) from
every binding casebook declares (tui/ui/keys.py and each dialog's own), plus printable and
non-ASCII characters, pastes, editing and navigation keys, and a few macros that reach the
dialogs only the palette opens (export, save search). After each key: no exception, every
screen line exactly as wide as the terminal, and the header's counts equal the store's;
at the end, the files on disk load and agree with what the app showed.

hypothesis was not used: each example needs a fresh app (about a second to start), so its
shrinking would take minutes; a seeded sequence per (seed, size) is replayed exactly
instead, and a failure names its seed and the step it failed at.
"""

from __future__ import annotations

import random
import re
import time
import unicodedata
from pathlib import Path

import pytest
from textual import events
from textual.binding import Binding
from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key

from tests.ui_support import seeded_store
from tui.core.models import Article
from tui.core.store import Store
from tui.ui import keys
from tui.ui.app import CasebookApp
from tui.ui.confirm_screen import ConfirmScreen
from tui.ui.export_screen import ExportScreen
from tui.ui.help_screen import HelpScreen
from tui.ui.name_prompt import NamePrompt
from tui.ui.note_editor import DiscardPrompt, NoteEditor
from tui.ui.tag_prompt import TagPrompt
from tui.ui.widgets.search_box import SearchBox

SCREENS = (ConfirmScreen, ExportScreen, HelpScreen, NamePrompt, DiscardPrompt, NoteEditor,
           TagPrompt, SearchBox)  # fmt: skip


def binding_keys() -> list[str]:
    """Every key of every binding casebook declares, as Textual names it."""
    tables = [*keys.BINDING_TABLES, *(getattr(s, "BINDINGS", []) for s in SCREENS)]
    found: set[str] = set()
    for table in tables:
        for binding in table:
            assert isinstance(binding, Binding)
            found.update(k.strip() for k in binding.key.split(","))
    return sorted(found)


EDITING = [
    "escape", "enter", "tab", "shift+tab", "up", "down", "left", "right", "home", "end",
    "pageup", "pagedown", "backspace", "delete", "space", "ctrl+p", "ctrl+s", "ctrl+a",
    "ctrl+e", "ctrl+k", "ctrl+u", "ctrl+w", "shift+left", "shift+right",
]  # fmt: skip
CHARACTERS = list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") + list(
    "-+#:()\"'.,;<>=*_~`@$%^&|!" + "[]{}\\/?"
) + ["é", "ß", "中", "文", "ü", "İ", "ø", "я", "ع"]  # fmt: skip
PASTES = ["tag:general is:unread", "中文 🎉 [b]x[/b]", "e\u0301\u0301 \u200d\u202e rtl",
          "\t tabs\tand\nnewlines\r\n", "[/]", "sort:-minutes OR (min:<5", "+todo -x ++ --",
          "x" * 300]  # fmt: skip
# Key runs that reach what only the palette opens, or open a screen and act in it.
MACROS: list[list[str]] = [
    ["ctrl+p", *"export view", "enter"],
    ["ctrl+p", *"save search", "enter"],
    ["ctrl+p", *"show unread", "enter"],
    ["ctrl+p", *"show tag", "enter"],
    ["ctrl+p", *"cycle sort", "enter"],
    ["slash", *"scal", "enter"],
    ["slash", *"tag:", "tab"],
    ["e", *"a note", "ctrl+s"],
    ["e", *"draft", "escape"],
    ["t", *"+mine", "enter"],
    ["A", "y"],
    ["enter", "n", "p", "G", "q"],
]

SIZES = [(20, 6), (30, 10), (40, 12), (60, 20), (80, 24), (120, 35), (300, 80)]
BURSTS = 36  # each of 1-6 keys or macros, sent at once as a terminal delivers typed-ahead keys


def fuzz_articles() -> list[Article]:
    odd = [
        "中文标题 with CJK", "emoji 🎉🚀 party", "e\u0301\u0301 combining",
        "family 👨\u200d👩\u200d👧", "tab\there", "עברית \u202eevil\u202c", "[/] [b]markup",
    ]  # fmt: skip
    return [
        Article.create(f"Co {s}", f"{s} " * 6, f"Summary {s}. " * 40, (f"t{i}", "wide"), i + 1)
        for i, s in enumerate(odd)
    ]


def key_event(key: str) -> events.Key:
    """The event a terminal's driver would send for ``key`` (as Textual's pilot builds it)."""
    if len(key) == 1 and not key.isalnum():
        key = _character_to_key(key)
    try:
        char: str | None = unicodedata.lookup(
            _get_unicode_name_from_key(REPLACED_KEYS.get(key, key))
        )
    except KeyError:
        char = key if len(key) == 1 else None
    return events.Key(key, char)


def draw(rng: random.Random, pool: list[str]) -> list[str] | str:
    roll = rng.random()
    if roll < 0.06:
        return rng.choice(MACROS)
    if roll < 0.09:
        return "paste:" + rng.choice(PASTES)
    if roll < 0.10:
        return ["resize"]
    return rng.choice(pool)


HEADER = re.compile(r"(\d+) unread · (\d+) (?:bookmarked|★)")


def header_counts(app: CasebookApp) -> tuple[int, int] | None:
    match = HEADER.search(str(app.sub_title))
    return (int(match[1]), int(match[2])) if match else None


def check_screen(app: CasebookApp, where: str) -> None:
    assert app._exception is None, where
    width = app.size.width
    for strip in app.screen._compositor.render_strips():
        assert strip.cell_length == width, where
    counts = app.store.counts
    shown = header_counts(app)
    if shown is not None:  # below ~40 columns the header may show only the unread count
        assert shown == (counts.unread, counts.bookmarked), where
    else:
        assert f"{counts.unread} unread" in str(app.sub_title), where


async def fuzz(tmp_path: Path, seed: int, size: tuple[int, int], bursts: int = BURSTS) -> int:
    """Replays seed's sequence; returns how many keys, pastes and resizes it sent.

    A quit (`q`, the palette's Quit) ends that app cleanly; the next one opens the same
    store and carries on with the rest of the sequence.
    """
    store = seeded_store(tmp_path)
    store.import_articles(fuzz_articles())
    rng = random.Random(seed)
    sent: list[str] = []
    opened: list[str] = []
    while bursts > 0:
        app = CasebookApp(store, poll_seconds=0.5)  # the poll runs too: outside changes
        app.open_url = lambda url, **_kw: opened.append(url)  # type: ignore[method-assign]
        try:
            bursts, shown = await replay(app, rng, sent, size, bursts)
        except Exception as exc:
            raise AssertionError(f"seed {seed} at {size}: failed after ...{sent[-40:]}") from exc
        assert app.return_code in (None, 0), f"seed {seed}: ended with {app.return_code}"
        store.close()
        store = Store.open(tmp_path)
        assert store.read == app.store.read, f"seed {seed}: a read flag was lost"
        assert store.bookmarked == app.store.bookmarked, f"seed {seed}: a bookmark was lost"
        assert (store.counts.unread, store.counts.bookmarked) == shown
        assert all(url.startswith(("http://", "https://")) for url in opened)
    store.close()
    return len(sent)


async def replay(
    app: CasebookApp, rng: random.Random, sent: list[str], size: tuple[int, int], bursts: int
) -> tuple[int, tuple[int, int]]:
    """Sends bursts until they run out or the app quits, checking the screen after each;
    returns (bursts left, the counts the header showed last)."""
    pool = binding_keys() * 3 + EDITING * 2 + CHARACTERS
    async with app.run_test(size=size) as pilot:
        driver = app._driver
        assert driver is not None
        while bursts > 0 and app.is_running:
            bursts -= 1
            for _ in range(rng.randint(1, 6)):
                choice = draw(rng, pool)
                if isinstance(choice, str) and choice.startswith("paste:"):
                    sent.append(choice)
                    driver.send_message(events.Paste(choice[6:]))
                elif choice == ["resize"]:
                    new = rng.choice(SIZES)
                    sent.append(f"resize{new}")
                    await pilot.resize_terminal(*new)
                else:
                    for key in [choice] if isinstance(choice, str) else choice:
                        sent.append(key)
                        driver.send_message(key_event(key))
            await pilot.pause()
            if app.is_running:
                check_screen(app, f"after ...{sent[-16:]}")
        counts = app.store.counts
    assert app._exception is None
    return bursts, (counts.unread, counts.bookmarked)


@pytest.mark.parametrize(
    ("seed", "size"),
    [(1, (120, 35)), (2, (80, 24)), (3, (60, 20)), (4, (40, 12)), (6, (20, 6)),
     (7, (300, 80))],
)  # fmt: skip
async def test_random_keys_never_crash_or_lose_a_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int, size: tuple[int, int]
) -> None:
    monkeypatch.chdir(tmp_path)  # an export or a screenshot from the palette lands here
    started = time.monotonic()
    sent = await fuzz(tmp_path / "data", seed, size)
    assert sent > 3 * BURSTS  # macros and bursts: the sequence went deep
    assert time.monotonic() - started < 30  # bounded: a hang shows as a failure, not a stall
