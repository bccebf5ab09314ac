"""The casebook app: sidebar, article list and detail pane over one Store.

State flows one way: an action asks the store to change (the store writes to
disk first), then the app redraws what the change touched. The view (which
rows the list shows) lives in a ``View`` (tui.core.view): the app forwards the
sidebar filter, the `/` box's query and `S` to it and renders what it holds.

This module only assembles the app: its layout, its start, which keys apply where
and the palette. Each feature is a mixin in its own module (see ``AppBase`` in
app_base.py for what they share).
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable
from functools import partial
from typing import ClassVar

from textual import events
from textual.app import ComposeResult, SystemCommand
from textual.binding import BindingType
from textual.command import CommandPalette, Provider
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Input

from tui.core.catalog import Catalog
from tui.core.views import ALL
from tui.ui.app_base import POLL_SECONDS as POLL_SECONDS
from tui.ui.app_config import apply_config
from tui.ui.app_feeds import Feeds
from tui.ui.app_library import YourLibrary
from tui.ui.app_marks import MarksAndUndo
from tui.ui.app_panes import Panes
from tui.ui.app_reading import ReadingFlow
from tui.ui.app_search import SearchAndFilter
from tui.ui.app_signals import ExitOnSignals
from tui.ui.display import clean
from tui.ui.key_labels import command_help
from tui.ui.keys import APP_BINDINGS, MAIN_SCREEN_ACTIONS, PALETTE
from tui.ui.palette import CasebookCommands, FilterCommands
from tui.ui.palette_screen import TypeAheadPalette
from tui.ui.reading_screen import ReadingScreen
from tui.ui.stats_screen import StatsScreen, warm_stats
from tui.ui.widgets.article_list import ArticleList
from tui.ui.widgets.detail import DetailPane
from tui.ui.widgets.footer import QuietFooter
from tui.ui.widgets.header import QuietHeader
from tui.ui.widgets.search_box import SearchBox
from tui.ui.widgets.sidebar import Sidebar


class CasebookApp(
    ReadingFlow, MarksAndUndo, YourLibrary, SearchAndFilter, Feeds, Panes, ExitOnSignals
):
    CSS_PATH = "app.tcss"
    TITLE = "casebook"
    BINDINGS: ClassVar[list[BindingType]] = APP_BINDINGS
    COMMANDS: ClassVar[set[type[Provider] | Callable[[], type[Provider]]]] = {
        CasebookCommands,
        FilterCommands,
    }
    AUTO_FOCUS = "#articles"
    HORIZONTAL_BREAKPOINTS = [  # noqa: RUF012 - Textual declares it as a plain attribute
        (0, "-narrow"),
        (70, "-medium"),
        (150, "-wide"),
    ]

    # -- layout ------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield QuietHeader()
        with Horizontal(id="body"):
            yield Sidebar(id="sidebar")
            with Horizontal(id="reader"):
                with Vertical(id="list-pane"):
                    yield ArticleList(self.store, id="articles")
                    yield SearchBox(id="search", placeholder=SearchBox.PLACEHOLDER)
                yield DetailPane(id="detail")
        yield QuietFooter()

    def on_mount(self) -> None:
        apply_config(self)
        failure = self.sections.open()
        if failure:
            self.notify(clean(failure), title="Feeds", severity="error", markup=False)
        self.sidebar.extra_counts = self.sections.count
        self.sidebar.set_extra(self.sections.build())
        self.sidebar.rebuild(self.store.counts)
        self.view.refresh()  # the store may have changed since __init__
        self._show_view(None)
        self._update_counts_display()
        self._show_notices()
        self.start_watching()  # the poll (app_store_watch.py)
        # Watchers run in the same tick as the change, so the detail pane and the filtered
        # list land in the same frame as the keypress; a message would cost a second frame.
        self.watch(self.articles, "cursor", self._cursor_moved, init=False)
        self.watch(self.search_input, "value", self.set_search, init=False)
        self.call_after_refresh(self._after_first_frame)
        self._exit_on_signals()

    def _after_first_frame(self) -> None:
        # Everything loaded so far lives as long as the app: keep it out of the cyclic GC,
        # whose full passes over 100k catalogue rows would otherwise stall keypresses.
        gc.freeze()
        self._warm_search_index()
        store = self.store

        def prepare() -> None:
            store.prepare_writes()
            gc.freeze()  # the rows it built live as long, too

        self.run_worker(prepare, thread=True, exit_on_error=False)
        warm_stats(self)

    def format_title(self, title: str, sub_title: str) -> Content:
        if not title:  # narrow: the counts alone, without a dangling " — "
            return Content(sub_title)
        return super().format_title(title, sub_title)

    def on_resize(self, event: events.Resize) -> None:
        # App.size follows a resize a tick later; the event already has the new size.
        self._update_counts_display(event.size.width)

    async def on_event(self, event: events.Event) -> None:
        # Keys typed behind a command that quits (the palette's, say) can still be queued
        # once every screen is gone; Textual would look for a screen to route them to and
        # raise ScreenStackError as the app exits.
        if isinstance(event, events.InputEvent) and not self._screen_stack:
            return
        await super().on_event(event)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self._exit:  # quitting: keys typed behind `q` must not open screens (`q?`)
            return False
        main_screen = len(self.screen_stack) == 1
        if action == "search":
            # `/` is a priority key: let it type into an input, a dialog or the palette.
            return main_screen and not isinstance(self.focused, Input)
        if action in MAIN_SCREEN_ACTIONS and isinstance(self.screen, StatsScreen):
            return False  # they would change an article the stats screen hides
        if action == "clear_search":
            return self.search_input.display or bool(self.view.text)
        if action == "leave_filter":
            return not self.search_input.display and not self.view.text and self.filter != ALL
        if action in ("toggle_sidebar", "help"):
            return main_screen or (isinstance(self.screen, ReadingScreen) and action == "help")
        return True

    # -- the palette (tui/ui/palette.py) -----------------------------------
    def action_command_palette(self) -> None:
        if self.use_command_palette and not isinstance(self.screen, CommandPalette):
            self.push_screen(TypeAheadPalette(id="--command-palette"))

    def palette_catalog(self) -> Catalog:
        return self.store.catalog

    def casebook_commands(self) -> Iterable[SystemCommand]:
        for command in PALETTE:
            run = partial(self.run_action, command.action)
            yield SystemCommand(command.title, command_help(command, self.config.keys), run)
