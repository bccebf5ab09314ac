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
    Key("A", "mark the whole view read (asks first)", "anywhere"),
    Key("u", "undo the last change: r, b, enter or A", "anywhere"),
    Key("/", "search title, company, summary and tags (narrows the view)", "anywhere"),
    Key("escape", "clear the search", "list, search"),
    Key("s", "show / hide the sidebar", "anywhere"),
    Key("?", "this help", "anywhere"),
    Key("ctrl+p", "command palette: every action by name", "anywhere"),
    Key("q", "quit", "anywhere"),
)

APP_BINDINGS: list[BindingType] = [
    Binding("r", "toggle_read", "Read", id="toggle-read"),
    Binding("b", "toggle_bookmark", "Bookmark", id="toggle-bookmark"),
    # Not in the footer (help and palette have them), so the main footer stays as it was.
    Binding("A", "mark_view_read", "Mark all read", show=False, id="mark-view-read"),
    Binding("u", "undo", "Undo", show=False, id="undo"),
    # Priority: checked as the key arrives, so letters typed right after `/` reach the
    # search box instead of the list (the app declines it while typing; see check_action).
    Binding("slash", "search", "Search", id="search", key_display="/", priority=True),
    Binding("escape", "clear_search", "Clear search", show=False, id="clear-search"),
    Binding("s", "toggle_sidebar", "Sidebar", id="toggle-sidebar"),
    Binding("question_mark", "help", "Help", id="help", key_display="?"),
    Binding("q", "quit", "Quit", id="quit"),
]

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

SIDEBAR_BINDINGS: list[BindingType] = [
    Binding("j", "cursor_down", "Down", show=False),
    Binding("k", "cursor_up", "Up", show=False),
    Binding("g", "first", "First", show=False),
    Binding("G", "last", "Last", show=False),
]
