"""The user's ``config.toml``: what a person sets once (theme, keys, reading habits).

Read with ``tomllib``; every value is checked here, and anything wrong is a
``ConfigError`` whose message is ``PATH:LINE: what is wrong``, so the command line can
report it and exit 2 before the app draws anything. casebook never writes this file.

``tomllib`` does not say where a key was, so ``key_lines`` scans the text for key lines
itself (a TOML library that keeps positions would be a dependency for one error line).
Theme names and binding ids belong to the UI; ``check_theme`` and ``check_keymap`` take
them as arguments so this module stays free of Textual.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import platformdirs

ENV_CONFIG = "CASEBOOK_CONFIG"
CONFIG_NAME = "config.toml"
SORTS = ("document", "newest", "title", "company", "minutes")
MAX_CONFIG_BYTES = 1 << 20

Source = Literal["default", "file", "store"]
SidebarSetting = bool | Literal["auto"]


class ConfigError(Exception):
    """A bad config file; ``str()`` is the one-line message (``path:LINE: message``)."""

    def __init__(self, path: Path, line: int | None, message: str) -> None:
        self.path = path
        self.line = line
        self.message = message
        where = f"{path}:{line}" if line is not None else str(path)
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True, slots=True)
class Setting:
    """One documented key: its default and what it accepts (for errors and the README)."""

    key: str  # dotted: "feeds.concurrency"
    default: Any
    accepts: str
    check: Callable[[Any], bool]


def _is_bool(v: Any) -> bool:
    return isinstance(v, bool)


def _is_int_in(low: int, high: int) -> Callable[[Any], bool]:
    return lambda v: isinstance(v, int) and not isinstance(v, bool) and low <= v <= high


def _is_seconds(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool) and 0 < v <= 600


SETTINGS: tuple[Setting, ...] = (
    Setting("theme", "textual-dark", "a theme name (see the palette's 'Change theme')",
            lambda v: isinstance(v, str) and bool(v.strip())),
    Setting("mark_read_on_open", True, "true or false", _is_bool),
    Setting("show_sidebar", "auto", 'true, false or "auto"',
            lambda v: isinstance(v, bool) or v == "auto"),
    Setting("sort", "document", " or ".join(f'"{s}"' for s in SORTS), lambda v: v in SORTS),
    Setting("feeds.concurrency", 8, "a whole number from 1 to 32", _is_int_in(1, 32)),
    Setting("feeds.timeout_seconds", 20, "a number of seconds above 0, at most 600",
            _is_seconds),
)  # fmt: skip
SETTING_OF = {s.key: s for s in SETTINGS}
TABLES = ("keys", "feeds")
_KEY_NAME = re.compile(r"[^\s,]+")


@dataclass(slots=True)
class Config:
    """The effective configuration; ``source`` says where each value came from."""

    path: Path = Path(CONFIG_NAME)
    found: bool = False
    values: dict[str, Any] = field(default_factory=lambda: {s.key: s.default for s in SETTINGS})
    keys: dict[str, str] = field(default_factory=dict)  # binding id -> "key,key"
    source: dict[str, Source] = field(default_factory=lambda: {s.key: "default" for s in SETTINGS})
    lines: dict[str, int] = field(default_factory=dict)  # dotted key -> line in the file

    @property
    def theme(self) -> str:
        return str(self.values["theme"])

    @property
    def mark_read_on_open(self) -> bool:
        return bool(self.values["mark_read_on_open"])

    @property
    def show_sidebar(self) -> SidebarSetting:
        value: SidebarSetting = self.values["show_sidebar"]
        return value

    @property
    def sort(self) -> str:
        return str(self.values["sort"])

    def error(self, key: str, message: str) -> ConfigError:
        return ConfigError(self.path, self.lines.get(key), message)


def config_path(override: str | Path | None = None) -> tuple[Path, bool]:
    """``--config`` beats ``$CASEBOOK_CONFIG`` beats the platform's config dir.

    Also says whether the path was named explicitly: a named file must exist, the
    default one may be absent.
    """
    chosen = override or os.environ.get(ENV_CONFIG)
    if chosen:
        return Path(chosen).expanduser(), True
    directory = platformdirs.user_config_dir("casebook", appauthor=False)
    return Path(directory) / CONFIG_NAME, False


# -- where keys are --------------------------------------------------------------
_BARE = r"[A-Za-z0-9_-]+"
_BASIC = r'"(?:[^"\\]|\\.)*"'
_LITERAL = r"'[^']*'"
_KEY_PART = rf"\s*(?:{_BARE}|{_BASIC}|{_LITERAL})\s*"
_DOTTED = rf"{_KEY_PART}(?:\.{_KEY_PART})*"
_TABLE_LINE = re.compile(rf"\s*\[\[?({_DOTTED})\]\]?\s*(?:#.*)?$")
_KEY_LINE = re.compile(rf"({_DOTTED})=")
_PART = re.compile(rf"\s*({_BARE}|{_BASIC}|{_LITERAL})\s*")


def _key_parts(dotted: str) -> tuple[str, ...]:
    parts = []
    for match in _PART.finditer(dotted):
        raw = match.group(1)
        if raw.startswith('"'):
            raw = tomllib.loads(f"k = {raw}")["k"]
        elif raw.startswith("'"):
            raw = raw[1:-1]
        parts.append(raw)
    return tuple(parts)


def key_lines(text: str) -> dict[str, int]:
    """Dotted key -> the line it is set on (tables too), first occurrence wins.

    Good enough for error messages: keys inside multi-line strings or inline tables
    fall back to the nearest enclosing key the caller can find.
    """
    lines: dict[str, int] = {}
    table: tuple[str, ...] = ()
    for number, line in enumerate(text.splitlines(), start=1):
        header = _TABLE_LINE.match(line)
        if header:
            table = _key_parts(header.group(1))
            lines.setdefault(".".join(table), number)
            continue
        key = _KEY_LINE.match(line)
        if key:
            lines.setdefault(".".join(table + _key_parts(key.group(1))), number)
    return lines


def _line_of(lines: Mapping[str, int], key: str) -> int | None:
    """The line of a key, or of the closest table around it."""
    parts = key.split(".")
    while parts:
        found = lines.get(".".join(parts))
        if found is not None:
            return found
        parts.pop()
    return None


# -- loading -----------------------------------------------------------------------
_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)$|\s*\(at end of document\)$")


def _decode_error(path: Path, text: str, exc: tomllib.TOMLDecodeError) -> ConfigError:
    message = str(exc)
    match = _TOML_POSITION.search(message)
    if match is None:
        return ConfigError(path, None, f"not valid TOML: {message}")
    what = message[: match.start()]
    if match.group(1):
        return ConfigError(path, int(match.group(1)), f"not valid TOML: {what} (column "
                           f"{match.group(2)})")  # fmt: skip
    return ConfigError(path, text.count("\n") + 1, f"not valid TOML: {what} (at the end)")


def _type_name(value: Any) -> str:
    names = {bool: "a boolean", int: "an integer", float: "a number", str: "a string",
             list: "an array", dict: "a table"}  # fmt: skip
    return names.get(type(value), type(value).__name__)


def _flatten(data: Mapping[str, Any]) -> Iterator[tuple[str, Any]]:
    for key, value in data.items():
        if key in TABLES:
            if not isinstance(value, dict):
                yield key, value  # reported as the wrong type
                continue
            for sub, subvalue in value.items():
                yield f"{key}.{sub}", subvalue
        else:
            yield key, value


def read_text(path: Path) -> str:
    try:
        with path.open("rb") as f:
            data = f.read(MAX_CONFIG_BYTES + 1)
    except OSError as exc:
        raise ConfigError(path, None, f"cannot read the file ({exc.strerror})") from None
    if len(data) > MAX_CONFIG_BYTES:
        raise ConfigError(path, None, "too large for a config file (over 1 MiB)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ConfigError(path, line, "not UTF-8 text") from None


def parse_config(text: str, path: Path) -> Config:
    """Checks every key and type; binding ids and theme names are checked later."""
    config = Config(path, found=True)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _decode_error(path, text, exc) from None
    lines = key_lines(text)
    for key, _value in _flatten(data):
        config.lines[key] = _line_of(lines, key) or 1
    for key, value in _flatten(data):
        if key in TABLES:
            raise config.error(key, f"'{key}' must be a table ([{key}]), found {_type_name(value)}")
        if key.startswith("keys."):
            binding_id = key.removeprefix("keys.")
            config.keys[binding_id] = _key_string(config, key, value)
            continue
        setting = SETTING_OF.get(key)
        if setting is None:
            known = ", ".join(s.key for s in SETTINGS if "." not in s.key) + ", [keys], [feeds]"
            if key.startswith("feeds."):
                known = ", ".join(s.key for s in SETTINGS if s.key.startswith("feeds."))
            raise config.error(key, f"unknown key '{key}' (known: {known})")
        if not setting.check(value):
            raise config.error(
                key, f"'{key}' must be {setting.accepts}, found {_type_name(value)} {value!r}"
            )
        config.values[key] = value
        config.source[key] = "file"
    return config


def _key_string(config: Config, key: str, value: Any) -> str:
    """A binding's keys: "ctrl+s", "j,down" or ["j", "down"]."""
    items = value if isinstance(value, list) else [value]
    if not items or not all(isinstance(i, str) for i in items):
        raise config.error(
            key, f"'{key}' must be a key like \"ctrl+s\" or a list of keys, found "
            f"{_type_name(value)} {value!r}"
        )  # fmt: skip
    keys = [k.strip() for item in items for k in item.split(",")]
    bad = next((k for k in keys if not _KEY_NAME.fullmatch(k)), None)
    if bad is not None:
        raise config.error(key, f"'{key}' holds a malformed key {bad!r} (keys like \"ctrl+s\")")
    return ",".join(keys)


def load_config(override: str | Path | None = None) -> Config:
    """The effective config: defaults overlaid with the file, if there is one."""
    path, explicit = config_path(override)
    if not explicit and not path.exists():
        return Config(path)
    return parse_config(read_text(path), path)


def check_theme(config: Config, themes: Collection[str]) -> None:
    theme = config.theme
    if theme not in themes:
        shown = ", ".join(sorted(themes)[:12])
        raise config.error("theme", f"unknown theme {theme!r} (for example: {shown})")


def check_keymap(
    config: Config,
    scopes: Mapping[str, Mapping[str, Sequence[str]]],
    normalize: Callable[[str], str],
) -> None:
    """Every binding id must exist; within one scope (a screen) no key may do two things.

    ``scopes`` maps a scope name to {binding id: default keys}; ids are unique per action
    but may appear in several scopes (the list and the sidebar share ``cursor-down``). A key
    the toolkit reserves is given under the id ``""`` so no binding can take it.
    """
    known = {i for bindings in scopes.values() for i in bindings if i}
    for binding_id in config.keys:
        if binding_id not in known:
            raise config.error(
                f"keys.{binding_id}",
                f"unknown binding id '{binding_id}' (see 'casebook config' for every id)",
            )
    for bindings in scopes.values():
        owner: dict[str, str] = {}
        for binding_id, default in bindings.items():
            keys = config.keys.get(binding_id, ",".join(default)) if binding_id else ",".join(
                default
            )
            for key in normalize(keys).split(","):
                other = owner.setdefault(key, binding_id)
                if other == binding_id or (
                    binding_id not in config.keys and other not in config.keys
                ):
                    continue  # two defaults on one key are casebook's design (escape)
                # Blame the entry that took the key second: the later line of the two
                # rebound ones, or the only one rebound (a default cannot be wrong alone).
                line = {i: config.lines.get(f"keys.{i}", 0) for i in (binding_id, other)
                        if i in config.keys}  # fmt: skip
                rebound = max(line, key=line.__getitem__) if line else binding_id
                clash_with = other if rebound == binding_id else binding_id
                what = f"'{clash_with}'" if clash_with else "the command palette or quit"
                raise config.error(
                    f"keys.{rebound}", f"key '{key}' of '{rebound}' is already bound to {what}"
                )
