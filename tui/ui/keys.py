"""Every key casebook answers to, in one table: bindings, footer, help screen and palette read it.

Bindings carry ids so a future keymap file can rebind them (``App.set_keymap``).
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding, BindingType


@dataclass(frozen=True, slots=True)
class Key:
    keys: str  # as shown to people
    description: str
    where: str  # "list", "sidebar", "anywhere", ...


HELP: tuple[Key, ...] = (
    Key("j / k, ↓ / ↑", "move down / up", "list, sidebar"),
    Key("g / G, home / end", "first / last entry", "list, sidebar"),
    Key("pgup / pgdn", "page up / down", "list, sidebar"),
    Key("tab / shift+tab", "cycle focus: sidebar, list, detail", "anywhere"),
    Key("enter", "open the article and mark it read", "list"),
    Key("enter", "filter by this entry", "sidebar"),
    Key("r", "toggle read", "anywhere"),
    Key("b", "toggle bookmark", "anywhere"),
    Key("/", "search title, company, summary and tags (narrows the view)", "anywhere"),
    Key("escape", "clear the search", "list, search"),
    Key("s", "show / hide the sidebar", "anywhere"),
    Key("i", "reading stats", "anywhere"),
    Key("?", "this help", "anywhere"),
    Key("ctrl+p", "command palette: every action by name", "anywhere"),
    Key("q", "quit", "anywhere"),
)

APP_BINDINGS: list[BindingType] = [
    Binding("r", "toggle_read", "Read", id="toggle-read"),
    Binding("b", "toggle_bookmark", "Bookmark", id="toggle-bookmark"),
    # Priority: checked as the key arrives, so letters typed right after `/` reach the
    # search box instead of the list (the app declines it while typing; see check_action).
    Binding("slash", "search", "Search", id="search", key_display="/", priority=True),
    Binding("escape", "clear_search", "Clear search", show=False, id="clear-search"),
    Binding("s", "toggle_sidebar", "Sidebar", id="toggle-sidebar"),
    Binding("i", "stats", "Stats", show=False, id="stats"),
    Binding("question_mark", "help", "Help", id="help", key_display="?"),
    Binding("q", "quit", "Quit", id="quit"),
]

# Actions that act on the main screen's view: off while another screen or a dialog is up.
MAIN_SCREEN_ACTIONS = frozenset({"toggle_read", "toggle_bookmark", "toggle_sidebar", "stats"})

LIST_BINDINGS: list[BindingType] = [
    Binding("j,down", "cursor_down", "Down", show=False, id="cursor-down"),
    Binding("k,up", "cursor_up", "Up", show=False, id="cursor-up"),
    Binding("g,home", "first", "First", show=False, id="first"),
    Binding("G,end", "last", "Last", show=False, id="last"),
    Binding("pageup", "page_up", "Page up", show=False, id="page-up"),
    Binding("pagedown", "page_down", "Page down", show=False, id="page-down"),
    # Not in the footer (the help has it): the footer then shows the same keys whether the
    # sidebar or the list has focus, so moving focus does not rebuild it.
    Binding("enter", "select", "Open", show=False, id="open"),
]

# The same ids as the list's: a keymap entry moves both.
SIDEBAR_BINDINGS: list[BindingType] = [
    Binding("j", "cursor_down", "Down", show=False, id="cursor-down"),
    Binding("k", "cursor_up", "Up", show=False, id="cursor-up"),
    Binding("g", "first", "First", show=False, id="first"),
    Binding("G", "last", "Last", show=False, id="last"),
]

STATS_BINDINGS: list[BindingType] = [
    Binding("escape,q,i", "close", "Close", id="stats-close", key_display="esc"),
    Binding("j,down", "scroll_down", "Down", show=False, id="stats-down"),
    Binding("k,up", "scroll_up", "Up", show=False, id="stats-up"),
    Binding("pageup", "page_up", "Page up", show=False, id="stats-page-up"),
    Binding("pagedown,space", "page_down", "Page down", show=False, id="stats-page-down"),
    Binding("g,home", "scroll_home", "Top", show=False, id="stats-top"),
    Binding("G,end", "scroll_end", "Bottom", show=False, id="stats-bottom"),
]
