"""The detail pane: everything about one article, with the summary wrapped as it is scrolled.

A Line API widget: it wraps the summary a chunk at a time, only as far as the
pane is scrolled, and draws only the visible lines. A ``Static`` wraps the whole
text on every show and again on every layout: a 10 MB summary (which the
parser accepts) took 18 s per cursor move. Past ``SUMMARY_SHOWN`` characters
the pane says how much it left out (``casebook list --json`` prints it all),
so even jumping to the end wraps a bounded amount.
"""

from __future__ import annotations

from typing import ClassVar

from rich._wrap import divide_line  # Rich's own word wrap, by cells; Text.wrap calls it
from rich.cells import set_cell_size
from rich.segment import Segment
from textual.binding import BindingType
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.core.models import Article, ArticleState
from tui.ui.display import clean, shorten
from tui.ui.keys import SCROLL_BINDINGS
from tui.ui.widgets.quiet_size import set_virtual_size

SUMMARY_SHOWN = 256 * 1024  # characters; wrapping them all (the `end` key) takes ~40 ms
FIELD_SHOWN = 2_000  # title, company, tags
NOTE_SHOWN = 16_384  # your note: wrapped whole, after the summary
CHUNK = 2_048  # characters wrapped per step: ~0.3 ms, a screenful of a narrow pane

Line = tuple[str, str]  # text, component class


def field_text(text: str) -> str:
    shown, left_out = shorten(text, FIELD_SHOWN)
    return clean(shown) + (" …" if left_out else "")


def wrap(text: str, width: int) -> list[str]:
    """Word-wrapped lines of one paragraph of clean text, each at most ``width`` cells."""
    return wrap_at(text, width)[0]


def wrap_at(text: str, width: int) -> tuple[list[str], list[int]]:
    """The wrapped lines, and the offsets in ``text`` where lines after the first start."""
    if not text:
        return [""], []
    offsets = divide_line(text, max(1, width), fold=True)
    bounds = zip([0, *offsets], [*offsets, len(text)], strict=True)
    return [text[start:end].rstrip() for start, end in bounds], offsets


class DetailPane(ScrollView, can_focus=True):
    BINDINGS: ClassVar[list[BindingType]] = SCROLL_BINDINGS
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "detail--title",
        "detail--meta",
        "detail--tags",
        "detail--status",
        "detail--summary",
        "detail--mine",
        "detail--note",
    }

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._head: list[Line] = [("Nothing selected.", "detail--summary")]
        self._summary = ""
        self._left_out = 0
        self._width = 0
        self._lines: list[Line] = []  # wrapped so far
        self._pos = 0  # how far into the summary the lines reach
        self._carry = ""  # the cleaned start of a paragraph's last, unfinished line
        self._done = True
        self._tail: list[Line] = []  # after the summary: your tags and note

    def show(
        self,
        article: Article | None,
        state: ArticleState,
        mine: tuple[str, ...] = (),
        note: str = "",
    ) -> None:
        self._tail = []
        if mine:
            yours = field_text("Your tags: " + "  ".join(f"#{t}" for t in mine))
            self._tail += [("", "detail--mine"), (yours, "detail--mine")]
        if note:
            shown, left_out = shorten(note, NOTE_SHOWN)
            self._tail += [("", "detail--note"), ("Your note:", "detail--note")]
            self._tail += [(f"▎ {clean(line)}", "detail--note") for line in shown.split("\n")]
            if left_out:
                self._tail += [(f"▎ … {left_out:,} more characters", "detail--note")]
        if article is None:
            self._head = [("Nothing selected.", "detail--summary")]
            self._summary, self._left_out = "", 0
        else:
            status = ("● unread" if not state.read else "✓ read") + (
                "   ★ bookmarked" if state.bookmarked else "   ☆ not bookmarked"
            )
            minutes = article.read_minutes
            tags = field_text("  ".join(f"#{t}" for t in article.tags))
            self._head = [
                (field_text(article.title), "detail--title"),
                (f"{field_text(article.company)} · {minutes} min read", "detail--meta"),
                *([(tags, "detail--tags")] if tags else []),
                (status, "detail--status"),
                ("", "detail--status"),
            ]
            self._summary, self._left_out = shorten(article.summary, SUMMARY_SHOWN)
        self.scroll_to(y=0, animate=False, immediate=True)
        self._rewrap()

    @property
    def lines(self) -> list[str]:
        """Every line of the pane as text (wraps it all: for tests and small articles)."""
        self._wrap_until(10**9)
        return [text for text, _ in self._lines]

    # -- wrapping ----------------------------------------------------------
    def _rewrap(self) -> None:
        self._width = self.scrollable_content_region.width
        self._lines = [
            (piece, component)
            for text, component in self._head
            for piece in wrap(text, self._width)
        ]
        self._pos, self._carry, self._done = 0, "", False
        self._wrap_until(int(self.scroll_offset.y) + self.scrollable_content_region.height + 1)
        self.refresh()

    def _wrap_until(self, count: int) -> None:
        """Wraps the summary until there are ``count`` lines (or it ends); sizes the scroll."""
        grew = False
        while len(self._lines) < count and not self._done:
            self._wrap_step()
            grew = True
        if grew or self.virtual_size.height != self._estimated_height():
            # Quietly: its height changes with every article (see quiet_size).
            set_virtual_size(self, Size(self._width, self._estimated_height()))

    def _estimated_height(self) -> int:
        rest = len(self._summary) - self._pos
        return len(self._lines) + (0 if self._done else rest // max(1, self._width) + 1)

    def _wrap_step(self) -> None:
        text, pos, width = self._summary, self._pos, max(1, self._width)
        newline = text.find("\n", pos, pos + CHUNK)
        end = newline if newline >= 0 else min(len(text), pos + CHUNK)
        paragraph_ends = newline >= 0 or end == len(text)
        piece = self._carry + clean(text[pos:end])
        lines, offsets = wrap_at(piece, width)
        if paragraph_ends:
            self._carry = ""
            self._pos = end + 1
        else:  # the last line may go on in the next chunk: wrap it again with that
            self._carry = piece[offsets[-1] :] if offsets else piece
            lines = lines[:-1]
            self._pos = end
        self._lines += [(line, "detail--summary") for line in lines]
        if self._pos >= len(text):
            self._done = True
            if self._left_out:
                note = (
                    f"… {self._left_out:,} more characters not shown here; "
                    "`casebook list --json` prints the whole summary."
                )
                self._lines += [("", "detail--summary")]
                self._lines += [(line, "detail--status") for line in wrap(note, width)]
            self._lines += [
                (piece, component) for line, component in self._tail for piece in wrap(line, width)
            ]

    # -- scrolling and drawing ---------------------------------------------
    def watch_scroll_y(self, old: float, new: float) -> None:
        self._wrap_until(int(new) + self.scrollable_content_region.height + 1)
        super().watch_scroll_y(old, new)

    def action_scroll_end(self) -> None:
        self._wrap_until(10**9)  # the whole bounded summary, so the end is the real end
        super().action_scroll_end()

    def on_resize(self) -> None:
        if self.scrollable_content_region.width != self._width:
            self._rewrap()
        else:
            self._wrap_until(int(self.scroll_offset.y) + self.scrollable_content_region.height + 1)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        index = int(self.scroll_offset.y) + y
        base = self.rich_style
        if index >= len(self._lines):
            return Strip.blank(width, base)
        text, component = self._lines[index]
        style = base + self.get_component_rich_style(component)
        return Strip([Segment(set_cell_size(text, width), style)], width)
