"""The casebook app: sidebar, article list and detail pane over one Store.

State flows one way: an action asks the store to change (the store writes to
disk first), then the app redraws what the change touched. The view (which
rows the list shows) lives in a ``View`` (tui.core.view): the app forwards the
sidebar filter, the `/` box's query and `S` to it and renders what it holds.
"""

from __future__ import annotations

import asyncio
import gc
import os
import signal
import threading
from collections.abc import Callable, Iterable
from functools import partial
from typing import ClassVar

from textual import events
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import BindingType
from textual.command import Provider
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Header, Input

from tui.core.catalog import Catalog
from tui.core.clean import safe_url
from tui.core.config import Config
from tui.core.errors import StoreError
from tui.core.flags import FlagChange
from tui.core.gc_pause import paused_gc
from tui.core.library import LibraryInputError, TagChange
from tui.core.navigation import next_unread
from tui.core.stats import StatsCache
from tui.core.store import Store
from tui.core.subscriptions import Subscriptions
from tui.core.undo import UndoHistory
from tui.core.view import View
from tui.core.views import ALL, Filter
from tui.feeds.fetch import policy_from
from tui.ui.app_config import apply_config
from tui.ui.confirm_screen import ConfirmScreen
from tui.ui.display import clean
from tui.ui.export_screen import ask_export
from tui.ui.feed_refresh import RefreshSummary, run_refresh
from tui.ui.header_text import header_parts
from tui.ui.help_screen import HelpScreen
from tui.ui.keys import APP_BINDINGS, MAIN_SCREEN_ACTIONS, PALETTE
from tui.ui.name_prompt import NamePrompt
from tui.ui.note_editor import NoteEditor
from tui.ui.palette import CasebookCommands, FilterCommands
from tui.ui.reading_screen import ReadingScreen
from tui.ui.sidebar_sections import OwnSections
from tui.ui.stats_screen import StatsScreen, show_stats, warm_stats
from tui.ui.store_watch import StoreWatch
from tui.ui.tag_prompt import TagPrompt
from tui.ui.widgets.article_list import ArticleList
from tui.ui.widgets.detail import DetailPane
from tui.ui.widgets.footer import QuietFooter
from tui.ui.widgets.search_box import SearchBox
from tui.ui.widgets.sidebar import Sidebar, filter_of, option_id

POLL_SECONDS = 1.0
EXIT_GRACE_SECONDS = 2.0  # after SIGTERM / SIGHUP, the longest a clean exit may take


class CasebookApp(App[int]):
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

    def __init__(
        self, store: Store, *, poll_seconds: float = POLL_SECONDS, config: Config | None = None
    ) -> None:
        super().__init__()
        self.store = store
        self.config = config or Config()
        self.stats_cache = StatsCache()
        self.sections = OwnSections(store)  # your tags, saved searches and feeds in the sidebar
        self.view = View(store, feed_articles=self.sections.feed_articles)
        self.history = UndoHistory(store)  # every change this session goes through it
        self.view.undo = self.history
        self._poll_seconds = poll_seconds
        self.store_watch = StoreWatch(self)  # what other processes change, taken in
        self.activity = ""  # shown first in the header while feeds refresh
        # None until the user presses `s`: until then the width decides (see app.tcss).
        self.sidebar_choice: bool | None = None

    # -- layout ------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="body"):
            yield Sidebar(id="sidebar")
            with Horizontal(id="reader"):
                with Vertical(id="list-pane"):
                    yield ArticleList(self.store, id="articles")
                    yield SearchBox(id="search", placeholder=SearchBox.PLACEHOLDER)
                yield DetailPane(id="detail")
        yield QuietFooter()

    @property
    def articles(self) -> ArticleList:
        return self.query_one("#articles", ArticleList)

    @property
    def sidebar(self) -> Sidebar:
        return self.query_one("#sidebar", Sidebar)

    @property
    def search_input(self) -> SearchBox:
        return self.query_one("#search", SearchBox)

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
        self.store_watch.start(self._poll_seconds)
        # Watchers run in the same tick as the change, so the detail pane and the filtered
        # list land in the same frame as the keypress; a message would cost a second frame.
        self.watch(self.articles, "cursor", self._cursor_moved, init=False)
        self.watch(self.search_input, "value", self.set_search, init=False)
        self.call_after_refresh(self._after_first_frame)
        self._exit_on_signals()

    def _exit_on_signals(self) -> None:
        """SIGTERM and SIGHUP (``kill``, a closed terminal window, tmux ``kill-session``) end
        the app as ctrl+c does: through ``exit``, so the driver restores the terminal (main
        screen, mouse reporting off). Every write is on disk before the screen shows it,
        so there is nothing left to save."""
        if self.is_headless:
            return  # under a test pilot the signals belong to the test runner
        loop = asyncio.get_running_loop()
        for name in ("SIGTERM", "SIGHUP"):
            number = getattr(signal, name, None)
            if number is None:  # Windows has no SIGHUP and no loop signal handlers
                continue
            try:
                loop.add_signal_handler(number, self._exit_on_signal, number)
            except (NotImplementedError, RuntimeError, ValueError):
                continue

    def _exit_on_signal(self, signum: int) -> None:
        # After a hang-up the terminal is gone and restoring it can block for good on writes
        # that never drain; every write is on disk already, so leave regardless after a grace.
        watchdog = threading.Timer(EXIT_GRACE_SECONDS, os._exit, (128 + signum,))
        watchdog.daemon = True
        watchdog.start()
        self.exit()

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

    def _warm_search_index(self) -> None:
        """Builds the search text, sort keys and word index off the UI thread."""
        # Popped when it runs: a finished worker can outlive its run (gc.freeze() keeps its
        # reference cycle), and must not keep a catalogue replaced since alive.
        held = [self.store.catalog]

        def build() -> None:
            c = held.pop()
            with paused_gc():  # millions of row numbers: no full collections walking them
                for key in ("title", "company", "minutes"):  # `S` then only looks it up
                    c.sort_order(key, descending=False)
                c.haystack, c.word_index  # noqa: B018 - cached on the catalogue

        self.run_worker(build, thread=True, exit_on_error=False)

    # -- the view ----------------------------------------------------------
    @property
    def filter(self) -> Filter:
        return self.view.filter

    def apply_filter(self, flt: Filter) -> None:
        self.view.set_filter(flt)
        self._show_view(self.articles.current_row)

    def set_search(self, text: str) -> None:
        self.view.set_query(text)
        self._show_view(self.articles.current_row)

    def _show_view(self, keep_row: int | None) -> None:
        view, lst = self.view, self.articles
        lst.set_rows(view.rows, keep_row=keep_row, empty=view.empty_message)
        self._show_list_title()
        # Content, not str: a str is read as markup, and a query may hold `[/`.
        lst.border_subtitle = Content(view.subtitle)
        self.search_input.border_title = Content(view.warning)
        self.refresh_bindings()  # `esc` in the footer: clear the search or leave the filter

    def _show_list_title(self) -> None:
        self.articles.border_title = Content(self.view.title)

    def _show_detail(self, row: int | None) -> None:
        found = self.query("#detail").results(DetailPane)
        detail = next(found, None)
        if detail is None:  # a late message while the app shuts down
            return
        if row is None:
            detail.show(None, self.store.state_of(""))
            return
        store = self.store
        article = store.catalog.article(row)
        detail.show(
            article, store.state_of(article.id), store.my_tags_of(article.id),
            store.note_of(article.id),
        )

    def _update_counts_display(self, width: int | None = None) -> None:
        width = self.size.width if width is None else width
        self.title, self.sub_title = header_parts(self.store.counts, width, self.activity)

    def format_title(self, title: str, sub_title: str) -> Content:
        if not title:  # narrow: the counts alone, without a dangling " — "
            return Content(sub_title)
        return super().format_title(title, sub_title)

    def on_resize(self, event: events.Resize) -> None:
        # App.size follows a resize a tick later; the event already has the new size.
        self._update_counts_display(event.size.width)

    def _after_toggle(self, row: int) -> None:
        cat = self.store.catalog
        self.articles.refresh_row(row)
        self._show_list_title()
        touched = [f"tag:{t}" for t in cat.tags[row]] + [f"company:{cat.companies[row]}"]
        self.sidebar.update_counts(self.store.counts, touched)
        self.sidebar.set_extra(self.sections.build())  # your tags' and feeds' counts
        self._update_counts_display()
        self.view.state_changed()
        if self.articles.current_row == row:
            self._show_detail(row)
            self._show_reading()

    # -- events ------------------------------------------------------------
    def _cursor_moved(self, _index: int) -> None:
        self._show_detail(self.articles.current_row)

    def on_article_list_selected(self, message: ArticleList.Selected) -> None:
        self.open_article(message.row)

    def open_article(self, row: int) -> None:
        """Marks ``row`` read (unless the config says not to) and shows it in the reading
        view (opening the view if needed)."""
        article_id = self.store.catalog.ids[row]
        opens_read = self.config.mark_read_on_open
        if opens_read and article_id not in self.store.read and self._write(
            lambda: self.history.mark([article_id], "read", True)
        ):
            self._after_toggle(row)
        self._show_detail(row)
        if not isinstance(self.screen, ReadingScreen):
            self.push_screen(ReadingScreen(row))
            self.call_after_refresh(self._show_reading)
        else:
            self._show_reading()

    def _show_reading(self) -> None:
        screen = self.screen
        if not isinstance(screen, ReadingScreen):
            return
        lst = self.articles
        row = lst.current_row
        if row is None:
            return
        article = self.store.catalog.article(row)
        position = f"{lst.cursor + 1} of {len(lst.rows)}"
        screen.show(row, article, self.store.state_of(article.id), position)

    def action_next_unread(self, step: int) -> None:
        """newsboat's n / p: the next unread article in this view, wrapping with a bell."""
        lst = self.articles
        unread = self.store.read.__contains__
        ids = self.store.catalog.ids
        jump = next_unread(lst.rows, lst.cursor, lambda row: not unread(ids[row]), step)
        if jump is None:
            self.bell()
            self.notify("No other unread article in this view.", timeout=3)
            return
        if jump.wrapped:
            self.bell()
        lst.cursor = jump.index
        if isinstance(self.screen, ReadingScreen):
            self.open_article(lst.rows[jump.index])

    def on_sidebar_selected(self, message: Sidebar.Selected) -> None:
        kind, _, name = message.option_id.partition(":")
        if kind == "saved":
            self.apply_saved(name)
            return
        self.apply_filter(filter_of(message.option_id, self.sidebar.highlighted_label))
        self.articles.focus()

    def on_input_submitted(self, message: Input.Submitted) -> None:
        if not message.value.strip():
            self.action_clear_search()
        else:
            self.articles.focus()

    def poll_store(self) -> None:
        """Shows what other processes changed (tui/ui/store_watch.py)."""
        self.store_watch.poll()

    def _show_notices(self) -> None:
        """What the store repaired (a damaged file restored from its backup), once each."""
        for notice in self.store.notices:
            self.notify(
                clean(notice), title="Store restored", severity="warning", timeout=15, markup=False
            )
        self.store.notices.clear()

    # -- live sources (o, R) -------------------------------------------------
    def action_open_link(self) -> None:
        row = self.articles.current_row
        url = safe_url(self.store.catalog.urls[row]) if row is not None else None
        if url is None:
            self.bell()
            self.notify("This article has no http(s) link.", timeout=4)
            return
        self.open_url(url)
        self.notify(f"Opening {clean(url)}", timeout=4, markup=False)

    def action_refresh_feeds(self) -> None:
        if self.activity:
            self.notify("Feeds are already refreshing.", timeout=3)
            return
        if not Subscriptions.open(self.store.data_dir).all():
            self.bell()
            self.notify("No feeds yet: add one with `casebook feeds add URL`.", markup=False)
            return
        self._show_activity("refreshing feeds")
        data_dir = self.store.data_dir

        def progress(done: int, total: int) -> None:
            self.call_from_thread(self._show_activity, f"feeds {done}/{total}")

        def work() -> None:
            summary = run_refresh(data_dir, progress, policy_from(self.config))
            self.call_from_thread(self._refresh_done, summary)

        self.run_worker(work, thread=True, group="feeds", exit_on_error=False)

    def _show_activity(self, text: str) -> None:
        self.activity = text
        self._update_counts_display()

    def _refresh_done(self, summary: RefreshSummary) -> None:
        self._show_activity("")
        self.poll_store()  # the worker's writes, as any other process's
        self.sidebar.set_extra(self.sections.build())  # each feed's status and counts
        for result in summary.failed:
            self.notify(clean(result.line()), title="Feed failed", severity="error", timeout=10,
                        markup=False)
        self.notify(
            clean(summary.message()), title="Refreshed", markup=False,
            severity="error" if summary.error else "information",
        )

    # -- actions -----------------------------------------------------------
    def _write(self, change: object) -> bool:
        """Runs a store change; a failed write is reported and the app keeps going."""
        assert callable(change)
        try:
            change()
        except (StoreError, LibraryInputError) as exc:
            message = clean(str(exc))
            self.notify(message, title="Not saved", severity="error", timeout=10, markup=False)
            return False
        return True

    def _toggle(self, read: bool) -> None:
        row = self.articles.current_row
        if row is None:
            self.bell()
            return
        article_id = self.store.catalog.ids[row]
        if self._write(lambda: self.history.toggle(article_id, "read" if read else "bookmarked")):
            self._after_toggle(row)

    # -- your tags and notes -------------------------------------------------
    def _current_article(self) -> tuple[int, str] | None:
        row = self.articles.current_row
        if row is None:
            self.bell()
            return None
        return row, self.store.catalog.ids[row]

    def action_edit_tags(self) -> None:
        current = self._current_article()
        if current is None:
            return
        row, article_id = current
        store = self.store
        known = sorted(set(store.catalog.rows_by_tag) | set(store.library.rows_by_tag()))

        def apply(change: TagChange | None) -> None:
            if change is not None and self._write(
                lambda: store.change_my_tags(article_id, change)
            ):
                self._after_annotation(row)

        prompt = TagPrompt(store.catalog.titles[row], store.my_tags_of(article_id), known)
        self.push_screen(prompt, apply)

    def action_edit_note(self) -> None:
        current = self._current_article()
        if current is None:
            return
        row, article_id = current
        store = self.store

        def save(text: str | None) -> None:
            if text is not None and self._write(lambda: store.set_note(article_id, text)):
                self._after_annotation(row)
                self.notify("Note saved." if store.note_of(article_id) else "Note removed.")

        self.push_screen(NoteEditor(store.catalog.titles[row], store.note_of(article_id)), save)

    # -- saved searches --------------------------------------------------------
    def apply_saved(self, name: str) -> None:
        """Shows a saved search: every article, narrowed by its query (editable after /)."""
        entry = next((s for s in self.store.saved if s.name == name), None)
        if entry is None:
            self.bell()
            return
        self.apply_filter(ALL)
        box = self.search_input
        box.display = True
        box.value = entry.query  # the watcher applies it, as if typed
        self.articles.focus()

    def action_save_search(self) -> None:
        text = self.view.text.strip()
        if not text:
            self.bell()
            self.notify("Type a query after / first; then save it under a name.", timeout=5)
            return

        def save(name: str | None) -> None:
            if name and self._write(lambda: self.store.save_search(name, text)):
                self.sidebar.set_extra(self.sections.build())
                self.notify(f"Saved “{clean(name)}”: {clean(text)}", markup=False, timeout=4)

        self.push_screen(NamePrompt("Save search", f"Save “{clean(text)}” as:"), save)

    def _after_annotation(self, row: int) -> None:
        self.view.state_changed()  # `tag:` matches your tags too
        self.sidebar.set_extra(self.sections.build())
        self.articles.refresh_row(row)
        if self.articles.current_row == row:
            self._show_detail(row)

    def action_toggle_read(self) -> None:
        self._toggle(read=True)

    def action_toggle_bookmark(self) -> None:
        self._toggle(read=False)

    def rows_in_view(self) -> list[int]:
        """The rows the list shows now: what `A` marks."""
        return self.view.rows

    def action_mark_view_read(self) -> None:
        rows = list(self.rows_in_view())  # as counted in the question, whatever happens next
        if not rows:
            self.bell()
            self.notify("Nothing to mark: the view is empty.", markup=False)
            return
        ids = list(map(self.store.catalog.ids.__getitem__, rows))
        unread = len(ids) - sum(map(self.store.read.__contains__, ids))
        noun = "article" if len(ids) == 1 else "articles"

        def answered(yes: bool | None) -> None:
            if yes and self._write(lambda: self.history.mark(ids, "read", True)):
                self._after_marks()
                self.notify(f"Marked {len(ids)} {noun} read · u undoes it", markup=False)

        question = f"Mark {len(ids)} {noun} read?"
        detail = f"{unread} of them unread now."
        self.push_screen(ConfirmScreen(question, detail, title="Mark all read"), answered)

    def action_undo(self) -> None:
        if not self.history:
            self.bell()
            self.notify("Nothing to undo in this session.", markup=False)
            return
        undone = None

        def undo() -> None:
            nonlocal undone
            undone = self.history.undo()

        if not self._write(undo) or undone is None:
            return
        self._after_marks(undone.change)
        message = f"Undid: {undone.label}"
        if undone.skipped:
            message += f"\n{undone.skipped} skipped: changed elsewhere since"
        self.notify(
            message,
            title="Undo",
            severity="warning" if undone.skipped else "information",
            markup=False,
        )

    def _after_marks(self, change: FlagChange | None = None) -> None:
        """Redraws what a change of many flags touched (one article: as a toggle does)."""
        if change is not None and len(change.ids) == 1:
            row = self.store.catalog.row_of.get(change.ids[0])
            if row is not None:
                self._after_toggle(row)
                return
        self.view.state_changed()  # later queries must not reuse results from before
        self.articles.refresh()
        self._show_list_title()
        self.sidebar.refresh_counts(self.store.counts)
        self.sidebar.set_extra(self.sections.build())
        self._update_counts_display()
        self._show_detail(self.articles.current_row)
        self._show_reading()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
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

    def action_search(self) -> None:
        box = self.search_input
        box.display = True
        self.refresh_bindings()
        # Not box.focus(): that is deferred, so the letters typed right after `/` (already
        # queued) would go to the list, where `k` moves the cursor and the rest is lost.
        self.screen.set_focus(box)

    def action_clear_search(self) -> None:
        box = self.search_input
        box.display = False
        box.value = ""  # the watcher re-shows the full view
        self.articles.focus()

    def action_cycle_sort(self) -> None:
        self.search_input.value = self.view.text_with_next_sort()  # the watcher shows it

    def action_leave_filter(self) -> None:
        self.show_filter(ALL)

    def action_toggle_sidebar(self) -> None:
        """The user's choice, which then holds at every width (not an inversion of the
        default) and, unless config.toml fixes it, at the next start."""
        shown = self.sidebar.display if self.sidebar_choice is None else self.sidebar_choice
        self.show_sidebar(not shown)
        if self.config.show_sidebar == "auto":
            self._write(lambda: self.store.set_preference("sidebar", not shown))

    def show_sidebar(self, shown: bool) -> None:
        self.sidebar_choice = shown
        self.screen.set_class(shown, "-sidebar-on")
        self.screen.set_class(not shown, "-sidebar-off")

    def action_stats(self) -> None:
        show_stats(self)

    def action_export_view(self) -> None:
        ask_export(self, list(self.articles.rows))

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_focus_pane(self, which: str) -> None:
        self.query_one(f"#{which}").focus()

    def action_show_filter(self, option: str) -> None:
        self.show_filter(filter_of(option))

    # -- the palette (tui/ui/palette.py) -----------------------------------
    def palette_catalog(self) -> Catalog:
        return self.store.catalog

    def show_filter(self, flt: Filter) -> None:
        self.apply_filter(flt)
        self.sidebar.highlighted = self.sidebar.get_option_index(option_id(flt))

    def casebook_commands(self) -> Iterable[SystemCommand]:
        for command in PALETTE:
            run = partial(self.run_action, command.action)
            yield SystemCommand(command.title, command.help, run)

    def action_open_current(self) -> None:
        self.articles.action_select()

    def action_list_jump(self, where: str) -> None:
        if where == "first":
            self.articles.action_first()
        else:
            self.articles.action_last()
