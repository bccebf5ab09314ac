"""Narrowing the view: the sidebar's filters, the `/` query, S's sort and escape's way back."""

from __future__ import annotations

from textual import on
from textual.widgets import Input

from tui.core.views import ALL, Filter
from tui.ui.app_saved import SavedSearches
from tui.ui.widgets.sidebar import Sidebar, filter_of, option_id


class SearchAndFilter(SavedSearches):
    def set_search(self, text: str) -> None:
        self.view.set_query(text)
        self._show_view(self.articles.current_row)

    @on(Sidebar.Selected, "#sidebar")
    def _sidebar_chosen(self, message: Sidebar.Selected) -> None:
        kind, _, name = message.option_id.partition(":")
        if kind == "saved":
            self.apply_saved(name)
            return
        self.apply_filter(filter_of(message.option_id, self.sidebar.highlighted_label))
        self.articles.focus()

    @on(Input.Submitted, "#search")
    def _search_submitted(self, message: Input.Submitted) -> None:
        if not message.value.strip():
            self.action_clear_search()
        else:
            self.articles.focus()

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

    def action_show_filter(self, option: str) -> None:
        self.show_filter(filter_of(option))

    def show_filter(self, flt: Filter) -> None:
        self.apply_filter(flt)
        self.sidebar.highlighted = self.sidebar.get_option_index(option_id(flt))

