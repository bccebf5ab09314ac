"""Saved searches: a query kept under a name, shown in the sidebar's Saved section."""

from __future__ import annotations

from tui.core.views import ALL
from tui.ui.app_base import AppBase
from tui.ui.display import clean
from tui.ui.name_prompt import NamePrompt


class SavedSearches(AppBase):
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

