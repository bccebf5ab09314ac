"""The panes and screens around the list: s shows or hides the sidebar, focus moves between
panes, ? opens the help, i the stats and the palette's Export view… the export dialog."""

from __future__ import annotations

from tui.ui.app_base import AppBase
from tui.ui.export_screen import ask_export
from tui.ui.help_screen import HelpScreen
from tui.ui.stats_screen import show_stats


class Panes(AppBase):
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
            self.push_screen(HelpScreen(self.config.keys))

    def action_focus_pane(self, which: str) -> None:
        self.query_one(f"#{which}").focus()

