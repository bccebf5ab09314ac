"""The config as the app uses it: checked against the app's themes and bindings, and shown.

``load_app_config`` is what ``casebook`` runs before the app starts (so a bad file is an
error line and exit 2, before any screen is drawn); ``effective`` and ``config_lines``
are what ``casebook config`` prints: every value and where it came from.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.theme import BUILTIN_THEMES

from tui.core.config import SETTINGS, Config, Source, check_keymap, check_theme, load_config
from tui.core.errors import StoreError
from tui.core.store import Store
from tui.ui.keymap import binding_scopes, normalize

if TYPE_CHECKING:
    from tui.ui.app import CasebookApp

FEEDS_NOTE = "not read by refresh yet"


def load_app_config(override: str | Path | None = None) -> Config:
    """Loads and fully checks the config; raises ConfigError with ``path:LINE: message``."""
    config = load_config(override)
    check_theme(config, BUILTIN_THEMES)
    check_keymap(config, binding_scopes(), normalize)
    return config


def stored_theme(store: Store) -> str | None:
    """The theme last chosen in the palette, if it still exists."""
    theme = store.preference("theme")
    return theme if isinstance(theme, str) and theme in BUILTIN_THEMES else None


def startup_theme(config: Config, store: Store) -> tuple[str, Source]:
    """The config's theme wins; then the one chosen in the app; then Textual's default."""
    if config.source["theme"] == "file":
        return str(config.theme), "file"
    stored = stored_theme(store)
    if stored is not None:
        return stored, "store"
    return str(config.theme), "default"


def _toml(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # a valid TOML basic string
    return str(value)


def config_lines(config: Config, store: Store) -> list[str]:
    """The effective config as TOML, each value commented with where it came from."""
    state = "" if config.found else " (not found: defaults in use)"
    out = [f"# {config.path}{state}"]
    theme, theme_source = startup_theme(config, store)
    rows: list[tuple[str, str, str]] = []
    for setting in SETTINGS:
        if "." in setting.key:
            continue
        value = theme if setting.key == "theme" else config.values[setting.key]
        source = theme_source if setting.key == "theme" else config.source[setting.key]
        rows.append((setting.key, _toml(value), source))
    rows.append(("", "", ""))
    rows.append(("[keys]", "", ""))
    defaults: dict[str, list[str]] = {}
    for bindings in binding_scopes().values():
        for binding_id, keys in bindings.items():
            if binding_id:
                defaults.setdefault(binding_id, keys)
    for binding_id in sorted(defaults):
        if binding_id in config.keys:
            rows.append((binding_id, _toml(config.keys[binding_id]), "file"))
        else:
            rows.append((binding_id, _toml(",".join(defaults[binding_id])), "default"))
    rows.append(("", "", ""))
    rows.append(("[feeds]", "", ""))
    for setting in SETTINGS:
        if setting.key.startswith("feeds."):
            origin = f"{config.source[setting.key]}; {FEEDS_NOTE}"
            key = setting.key.removeprefix("feeds.")
            rows.append((key, _toml(config.values[setting.key]), origin))
    width = max(len(k) + len(v) for k, v, _ in rows) + 3
    for key, value, origin in rows:
        if not value:
            out.append(key)
            continue
        out.append(f"{key} = {value}".ljust(width) + f"  # {origin}")
    return out


def apply_config(app: CasebookApp) -> None:
    """At mount: keymap, theme and sidebar; from then on a theme chosen is remembered (and
    the sidebar shown or hidden with `s`, unless the config fixes it)."""
    config, store = app.config, app.store
    app.set_keymap(config.keys)
    if config.sort != "document":
        app.view.set_default_sort(config.sort)
    app.theme, _ = startup_theme(config, store)
    shown = config.show_sidebar
    if shown == "auto":  # the config leaves it to the user: their last `s` holds
        remembered = store.preference("sidebar")
        shown = remembered if isinstance(remembered, bool) else "auto"
    if shown != "auto":  # as if `s` had chosen it: it holds at every width
        app.show_sidebar(bool(shown))

    def remember(theme: str) -> None:
        try:
            store.set_preference("theme", theme)
        except StoreError as exc:
            app.notify(str(exc), title="Theme not saved", severity="warning", markup=False)

    app.watch(app, "theme", remember, init=False)
