"""What the config's ``[keys]`` table can rebind: every binding id, grouped by screen.

The command line checks a config against these before the app starts (unknown id,
two actions on one key), so a bad keymap is an error line, not a surprise later;
the app then hands the table to Textual's ``App.set_keymap``.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import App
from textual.binding import Binding, BindingType
from textual.keys import _normalize_key_list  # the normaliser set_keymap itself uses

from tui.ui.keys import (
    APP_BINDINGS,
    LIST_BINDINGS,
    READING_BINDINGS,
    SCROLL_BINDINGS,
    SIDEBAR_BINDINGS,
    STATS_BINDINGS,
)

# Keys Textual keeps for itself on every screen: the command palette, quit, copy.
RESERVED = (App.COMMAND_PALETTE_BINDING, "ctrl+q", "ctrl+c")


def _ids(bindings: Iterable[BindingType]) -> dict[str, list[str]]:
    table: dict[str, list[str]] = {}
    for binding in bindings:
        assert isinstance(binding, Binding) and binding.id, binding
        keys = table.setdefault(binding.id, [])
        keys.extend(k.strip() for k in binding.key.split(",") if k.strip() not in keys)
    return table


def binding_scopes() -> dict[str, dict[str, list[str]]]:
    """Where a key press looks for a binding, per focus: the focused widget's bindings,
    then its screen's, then the app's. Two ids clash only if one chain holds both (the
    list's `j` and the detail pane's `j` never compete). ``""`` holds reserved keys."""
    reserved = {"": list(RESERVED)}
    app = [*APP_BINDINGS]
    return {
        "list": _ids([*LIST_BINDINGS, *app]) | reserved,
        "sidebar": _ids([*SIDEBAR_BINDINGS, *app]) | reserved,
        "detail": _ids([*SCROLL_BINDINGS, *app]) | reserved,
        "reading view": _ids([*SCROLL_BINDINGS, *READING_BINDINGS, *app]) | reserved,
        "stats": _ids([*STATS_BINDINGS, *app]) | reserved,
    }


def normalize(keys: str) -> str:
    """ "?" and "question_mark" are the same key; compare them as Textual will."""
    return _normalize_key_list(keys)
