"""A Footer that recomposes only when the keys it shows change.

Textual's Footer rebuilds all its key widgets on every focus change, even when
the same keys stay on show: that costs a frame or two (a sidebar entry's
filter reached the screen 35 ms later because of it) and, in Textual 8.2.8,
the discarded key widgets are never freed, which feeds long GC pauses.
"""

from __future__ import annotations

from typing import Any

from textual.screen import Screen
from textual.widgets import Footer


def shown_keys(screen: Screen[Any]) -> tuple[tuple[str, str, str, bool], ...]:
    return tuple(
        (binding.key, binding.description, binding.action, enabled)
        for _node, binding, enabled, _tooltip in screen.active_bindings.values()
        if binding.show
    )


class QuietFooter(Footer):
    _shown: tuple[tuple[str, str, str, bool], ...] | None = None

    def bindings_changed(self, screen: Screen[Any]) -> None:
        shown = shown_keys(screen)
        if shown == self._shown:
            return
        self._shown = shown
        super().bindings_changed(screen)
