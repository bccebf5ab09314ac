"""Keys as people see them after their ``config.toml`` rebinding.

The help screen and the palette name keys; with `toggle-read = "x"` in the config they
must say `x`, not the default `r`. A row shows its curated default text (`j / k, ↓ / ↑`)
until one of its binding ids is rebound, then the keys that work now.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from textual.binding import Binding
from textual.keys import format_key

from tui.ui.keys import BINDING_TABLES, Command, Key


def _defaults() -> dict[str, str]:
    found: dict[str, str] = {}
    for binding in (b for table in BINDING_TABLES for b in table):
        if isinstance(binding, Binding) and binding.id:
            found.setdefault(binding.id, binding.key)
    return found


DEFAULT_KEYS = _defaults()


def shown(key: str) -> str:
    """`question_mark` → `?`, `down` → `↓`, `ctrl+n` stays `ctrl+n` (as the help writes it)."""
    *modifiers, name = key.strip().split("+")
    return "+".join([*modifiers, format_key(name)])


def keys_of(binding_id: str, keymap: Mapping[str, str]) -> list[str]:
    keys = keymap.get(binding_id, DEFAULT_KEYS.get(binding_id, ""))
    return [shown(k) for k in keys.split(",") if k.strip()]


def _rebound(ids: Iterable[str], keymap: Mapping[str, str]) -> bool:
    return any(i in keymap for i in ids)


def help_keys(row: Key, keymap: Mapping[str, str]) -> str:
    if not _rebound(row.ids, keymap):
        return row.keys
    return " / ".join(", ".join(keys_of(i, keymap)) for i in row.ids)


def command_help(command: Command, keymap: Mapping[str, str]) -> str:
    """The palette's line of help, ending with the command's first key: `... (r)`."""
    keys = keys_of(command.binding, keymap) if command.binding else []
    return f"{command.help} ({keys[0]})" if keys else command.help
