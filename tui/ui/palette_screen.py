"""Textual's command palette, made safe against keys typed ahead of the screen.

A terminal delivers a fast typist's (or a pasted macro's) keys in one burst:
``ctrl+p`` ``help`` ``enter`` ``enter``. Textual 8.2.8's palette handles the
second ``enter``'s ``Input.Submitted`` after it has already dismissed itself,
so it dismisses again, popping the screen under it (``ScreenStackError``, the
app dies) or the dialog its command just opened, and runs the command twice.
Its search worker can also outlive the palette and then query a removed
``CommandList`` (``NoMatches``, the app dies), and a ``pagedown`` that arrives before
its list was first laid out (``ctrl+p`` ``pagedown`` at once, on a small terminal) looks
up a line that is not there yet (``KeyError``). Found by tests/test_key_fuzz.py.
This subclass drops what arrives after the palette has closed; the rest is Textual's.
"""

from __future__ import annotations

from textual import on
from textual.command import Command, CommandList, CommandPalette
from textual.widgets import Button, Input, OptionList


class TypeAheadPalette(CommandPalette):
    @on(Input.Submitted)
    @on(Button.Pressed)
    @on(OptionList.OptionSelected)
    def _drop_when_closed(
        self, event: Input.Submitted | Button.Pressed | OptionList.OptionSelected
    ) -> None:
        # Subclass handlers run first; prevent_default stops the base class's (the MRO walk).
        if not self.is_active:
            event.stop()
            event.prevent_default()

    def _action_command_list(self, action: str) -> None:
        if action in ("page_up", "page_down"):
            command_list = self.query_one(CommandList)
            if (command_list.highlighted or 0) not in command_list._index_to_line:
                return  # not laid out yet: there is no page to move by
        super()._action_command_list(action)

    def _refresh_command_list(
        self, command_list: CommandList, commands: list[Command], clear_current: bool
    ) -> None:
        if command_list.is_attached:  # not yet removed with the closed palette
            super()._refresh_command_list(command_list, commands, clear_current)

    def _watch__list_visible(self) -> None:
        if self.query(CommandList):
            super()._watch__list_visible()
