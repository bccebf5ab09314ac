"""The tag sidebar: All, Unread, Bookmarked, then tags and companies with unread/total counts.

A few hundred entries at most, so Textual's OptionList is the right tool here.
"""

from __future__ import annotations

from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.text import Text
from textual.binding import BindingType
from textual.widgets import OptionList
from textual.widgets.option_list import Option, OptionDoesNotExist

from tui.core.counts import Counts
from tui.core.views import Filter
from tui.ui.keys import SIDEBAR_BINDINGS

LABEL_WIDTH = 22


def option_id(flt: Filter) -> str:
    return flt.kind if flt.kind in ("all", "unread", "bookmarked") else f"{flt.kind}:{flt.value}"


def filter_of(option: str) -> Filter:
    kind, _, value = option.partition(":")
    if kind == "tag":
        return Filter("tag", value)
    if kind == "company":
        return Filter("company", value)
    if kind == "unread":
        return Filter("unread")
    if kind == "bookmarked":
        return Filter("bookmarked")
    return Filter()


def entry(name: str, count: str) -> Text:
    """``name`` left, ``count`` right, in a fixed width so columns line up."""
    room = LABEL_WIDTH - cell_len(count) - 1
    if cell_len(name) > room:
        name = set_cell_size(name, room - 1) + "…"
    text = Text(set_cell_size(name, room) + " ")
    text.append(count, style="dim")
    return text


class Sidebar(OptionList):
    BINDINGS: ClassVar[list[BindingType]] = SIDEBAR_BINDINGS

    def rebuild(self, counts: Counts) -> None:
        """Recreates every entry (after a catalogue change); keeps the highlighted one."""
        keep = self.highlighted_option.id if self.highlighted_option is not None else "all"
        cat = counts.catalog
        options: list[Option | None] = [
            Option(self._prompt("all", counts), id="all"),
            Option(self._prompt("unread", counts), id="unread"),
            Option(self._prompt("bookmarked", counts), id="bookmarked"),
        ]
        if cat.rows_by_tag:
            options += [None, Option(Text("Tags", style="bold"), disabled=True)]
            options += [
                Option(self._prompt(f"tag:{t}", counts), id=f"tag:{t}") for t in cat.rows_by_tag
            ]
        if cat.rows_by_company:
            options += [None, Option(Text("Companies", style="bold"), disabled=True)]
            options += [
                Option(self._prompt(f"company:{c}", counts), id=f"company:{c}")
                for c in cat.rows_by_company
            ]
        self.set_options(options)
        try:
            self.highlighted = self.get_option_index(keep or "all")
        except OptionDoesNotExist:  # the entry went away; start at the top
            self.highlighted = 0

    def update_counts(self, counts: Counts, option_ids: list[str]) -> None:
        """Redraws just the entries a toggle changed."""
        for oid in ("all", "unread", "bookmarked", *option_ids):
            try:
                self.replace_option_prompt(oid, self._prompt(oid, counts))
            except OptionDoesNotExist:  # an entry not in this sidebar
                continue

    def refresh_counts(self, counts: Counts) -> None:
        """Redraws every entry's counts in place (after a bulk change): 5 ms for 360
        entries, where ``rebuild`` takes 25 ms."""
        ids = [option.id for option in self.options if option.id is not None]
        self.update_counts(counts, [i for i in ids if ":" in i])

    @staticmethod
    def _prompt(oid: str, counts: Counts) -> Text:
        kind, _, value = oid.partition(":")
        if kind == "all":
            return entry("All", str(counts.total))
        if kind == "unread":
            return entry("Unread", str(counts.unread))
        if kind == "bookmarked":
            return entry("Bookmarked", str(counts.bookmarked))
        if kind == "tag":
            total = len(counts.catalog.rows_by_tag.get(value, ()))
            return entry(value, f"{counts.tag_unread(value)}/{total}")
        total = len(counts.catalog.rows_by_company.get(value, ()))
        return entry(value, f"{counts.company_unread(value)}/{total}")
