"""Every key casebook answers to, in one table: bindings, footer, help screen and palette read it.

Bindings carry ids so a future keymap file can rebind them (``App.set_keymap``).
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding, BindingType


@dataclass(frozen=True, slots=True)
class Key:
    keys: str  # as shown to people, while none of ``ids`` is rebound
    description: str
    where: str  # "list", "sidebar", "anywhere", ...
    ids: tuple[str, ...] = ()  # the bindings whose keys this row names (tui/ui/key_labels.py)


HELP: tuple[Key, ...] = (
    Key("j / k, ↓ / ↑", "move down / up", "list, sidebar", ("cursor-down", "cursor-up")),
    Key("g / G, home / end", "first / last entry", "list, sidebar", ("first", "last")),
    Key("pgup / pgdn", "page up / down", "list, sidebar", ("page-up", "page-down")),
    Key("tab / shift+tab", "cycle focus: sidebar, list, detail", "anywhere"),
    Key("enter", "read the article (reading view) and mark it read", "list", ("open",)),
    Key("n / p", "next / previous unread article (wraps, with a bell)", "list, reading",
        ("next-unread", "previous-unread")),
    Key("j / k, space, g / G", "scroll the article", "detail, reading",
        ("scroll-down", "scroll-up", "scroll-page-down", "scroll-top", "scroll-bottom")),
    Key("q, escape, h, ←, backspace", "back to the list, cursor where it was", "reading",
        ("reading-back",)),
    Key("enter", "filter by this entry", "sidebar", ("open",)),
    Key("r", "toggle read", "anywhere", ("toggle-read",)),
    Key("b", "toggle bookmark", "anywhere", ("toggle-bookmark",)),
    Key("A", "mark the whole view read (asks first)", "anywhere", ("mark-view-read",)),
    Key("u", "undo the last change: read, bookmark, open, mark all", "anywhere", ("undo",)),
    Key("o", "open the article's link in the browser (http and https only)", "anywhere",
        ("open-link",)),
    Key("R", "refresh every feed in the background (progress in the header)", "anywhere",
        ("refresh-feeds",)),
    Key("t", "add / remove your own tags (+scaling -todo)", "anywhere", ("edit-tags",)),
    Key("e", "write a note on the article (ctrl+s saves)", "anywhere", ("edit-note",)),
    Key("/", "search: words, \"phrases\", tag: company: is:unread min:<10 -not OR sort:",
        "anywhere", ("search",)),
    Key("escape", "clear the search (and its sort); without one, leave the tag or company "
        "(back to All)", "list, search", ("clear-search",)),
    Key("S", "sort: document order, newest, title, company, reading time", "anywhere",
        ("cycle-sort",)),
    Key("s", "show / hide the sidebar", "anywhere", ("toggle-sidebar",)),
    Key("? / i", "this help / reading stats", "anywhere", ("help", "stats")),
    Key("ctrl+p", "command palette: every action by name", "anywhere"),
    Key("q", "quit", "anywhere", ("quit",)),
)

APP_BINDINGS: list[BindingType] = [
    # First, so a narrow footer (which cuts from the right) never drops them.
    Binding("q", "quit", "Quit", id="quit"),
    Binding("question_mark", "help", "Help", id="help", key_display="?"),
    # One of these two is active at a time (see CasebookApp.check_action); the footer shows it,
    # so there is always a visible way back while a search or a filter narrows the view.
    Binding("escape", "clear_search", "Clear search", id="clear-search", key_display="esc"),
    Binding("escape", "leave_filter", "All articles", id="leave-filter", key_display="esc"),
    Binding("r", "toggle_read", "Read", id="toggle-read"),
    Binding("b", "toggle_bookmark", "Bookmark", id="toggle-bookmark"),
    # Not in the footer (help and palette have them), so the main footer stays as it was.
    Binding("A", "mark_view_read", "Mark all read", show=False, id="mark-view-read"),
    Binding("u", "undo", "Undo", show=False, id="undo"),
    # Priority: checked as the key arrives, so letters typed right after `/` reach the
    # search box instead of the list (the app declines it while typing; see check_action).
    Binding("slash", "search", "Search", id="search", key_display="/", priority=True),
    Binding("n", "next_unread(1)", "Next unread", show=False, id="next-unread"),
    Binding("p", "next_unread(-1)", "Previous unread", show=False, id="previous-unread"),
    Binding("o", "open_link", "Open link", show=False, id="open-link"),
    Binding("R", "refresh_feeds", "Refresh", show=False, id="refresh-feeds"),
    Binding("t", "edit_tags", "Tags", show=False, id="edit-tags"),
    Binding("e", "edit_note", "Note", show=False, id="edit-note"),
    Binding("s", "toggle_sidebar", "Sidebar", id="toggle-sidebar"),
    # Writes the `sort:` term into the query, so box, border and CLI agree on one order.
    Binding("S", "cycle_sort", "Sort", show=False, id="cycle-sort"),
    Binding("i", "stats", "Stats", show=False, id="stats"),
]

# Actions on the article under the list's cursor: off while the stats screen hides it.
MAIN_SCREEN_ACTIONS = frozenset(
    {"toggle_read", "toggle_bookmark", "toggle_sidebar", "stats", "edit_tags", "edit_note",
     "next_unread", "leave_filter", "clear_search"}
)  # fmt: skip

# Cursor movement, shared by the article list and the sidebar (the same ids: a keymap
# entry moves both).
CURSOR_BINDINGS: list[BindingType] = [
    Binding("j,down", "cursor_down", "Down", show=False, id="cursor-down"),
    Binding("k,up", "cursor_up", "Up", show=False, id="cursor-up"),
    Binding("g,home", "first", "First", show=False, id="first"),
    Binding("G,end", "last", "Last", show=False, id="last"),
    Binding("pageup", "page_up", "Page up", show=False, id="page-up"),
    Binding("pagedown", "page_down", "Page down", show=False, id="page-down"),
]

LIST_BINDINGS: list[BindingType] = [
    *CURSOR_BINDINGS,
    # Not in the footer (the help has it): the footer then shows the same keys whether the
    # sidebar or the list has focus, so moving focus does not rebuild it.
    # An app action, run as the list handles the key: the reading view is then open before
    # the keys typed behind `enter` are handled (a Selected message would reach the app after
    # them, and open the view over whatever they did).
    Binding("enter", "app.open_current", "Open", show=False, id="open"),
]

# For reading panes (help, detail, reading view): the list's movement keys scroll instead.
SCROLL_BINDINGS: list[BindingType] = [
    Binding("j,down", "scroll_down", "Down", show=False, id="scroll-down"),
    Binding("k,up", "scroll_up", "Up", show=False, id="scroll-up"),
    Binding("g,home", "scroll_home", "Top", show=False, id="scroll-top"),
    Binding("G,end", "scroll_end", "Bottom", show=False, id="scroll-bottom"),
    Binding("space,pagedown", "page_down", "Page down", show=False, id="scroll-page-down"),
    Binding("pageup", "page_up", "Page up", show=False, id="scroll-page-up"),
]

READING_BINDINGS: list[BindingType] = [
    Binding("q,escape,h,left,backspace", "back", "Back", id="reading-back", key_display="q"),
    Binding("n", "app.next_unread(1)", "Next unread", id="reading-next-unread"),
    Binding("p", "app.next_unread(-1)", "Previous unread", id="reading-previous-unread"),
    Binding("o", "app.open_link", "Open link", id="reading-open-link"),
]

SIDEBAR_BINDINGS: list[BindingType] = [
    *CURSOR_BINDINGS,
    Binding("enter", "select", "Filter", show=False, id="open"),
]

STATS_BINDINGS: list[BindingType] = [
    Binding("escape,q,i", "close", "Close", id="stats-close", key_display="esc"),
    *SCROLL_BINDINGS,
]


# Every binding table, for lookups by binding id (an id may sit in several: first wins).
BINDING_TABLES: tuple[list[BindingType], ...] = (
    APP_BINDINGS, LIST_BINDINGS, SIDEBAR_BINDINGS, SCROLL_BINDINGS, READING_BINDINGS,
    STATS_BINDINGS,
)

@dataclass(frozen=True, slots=True)
class Command:
    """A palette entry: a name, a line of help and the app action it runs."""

    title: str
    help: str  # without the key: tui/ui/key_labels.py adds the one that works now
    action: str  # a Textual action on the app, e.g. "show_filter('unread')"
    binding: str = ""  # the binding id whose first key the help names


# casebook's own palette entries, before Textual's (see tui/ui/palette.py).
PALETTE: tuple[Command, ...] = (
    Command("Toggle read", "Mark the current article read or unread",
            "toggle_read", binding="toggle-read"),
    Command("Toggle bookmark", "Bookmark or unbookmark the current article",
            "toggle_bookmark", binding="toggle-bookmark"),
    Command("Mark all read", "Mark every article in the view read, after asking",
            "mark_view_read", binding="mark-view-read"),
    Command("Undo", "Undo the last change of this session", "undo", binding="undo"),
    Command("Open article", "Open the current article and mark it read",
            "open_current", binding="open"),
    Command("Search", "Search title, company, summary and tags", "search", binding="search"),
    Command("Clear search", "Show the whole view again", "clear_search", binding="clear-search"),
    Command("Cycle sort", "Document order, newest, title, company, reading time",
            "cycle_sort", binding="cycle-sort"),
    Command("First article", "Jump to the first article", "list_jump('first')", binding="first"),
    Command("Last article", "Jump to the last article", "list_jump('last')", binding="last"),
    Command("Show all", "Filter: every article", "show_filter('all')"),
    Command("Show unread", "Filter: unread articles", "show_filter('unread')"),
    Command("Show bookmarked", "Filter: bookmarked articles", "show_filter('bookmarked')"),
    Command("Focus sidebar", "Move focus to the tag sidebar", "focus_pane('sidebar')"),
    Command("Focus article list", "Move focus to the article list", "focus_pane('articles')"),
    Command("Focus detail", "Move focus to the detail pane", "focus_pane('detail')"),
    Command("Toggle sidebar", "Show or hide the sidebar",
            "toggle_sidebar", binding="toggle-sidebar"),
    Command("Edit your tags", "Add or remove your own tags on this article",
            "edit_tags", binding="edit-tags"),
    Command("Edit note", "Write a note on this article", "edit_note", binding="edit-note"),
    Command("Open link", "Open the article's link in the browser",
            "open_link", binding="open-link"),
    Command("Refresh feeds", "Fetch every feed in the background",
            "refresh_feeds", binding="refresh-feeds"),
    Command("Save search…", "Save the current query under a name (sidebar: Saved)",
            "save_search"),
    Command("Help", "Every key casebook knows", "help", binding="help"),
    Command("Stats", "Reading stats per tag, company and week", "stats", binding="stats"),
    Command("Export view…", "Write the articles on show to a file (md, json, csv, doc)",
            "export_view"),
)  # fmt: skip
