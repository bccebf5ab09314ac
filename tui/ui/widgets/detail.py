"""The detail pane: everything about one article, with the summary wrapped."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from tui.core.models import Article, ArticleState
from tui.ui.keys import SCROLL_BINDINGS


class DetailPane(VerticalScroll, can_focus=True):
    BINDINGS: ClassVar[list[BindingType]] = SCROLL_BINDINGS

    def compose(self) -> ComposeResult:
        yield Static(id="detail-title", markup=False)
        yield Static(id="detail-meta", markup=False)
        yield Static(id="detail-tags", markup=False)
        yield Static(id="detail-status", markup=False)
        yield Static(id="detail-summary", markup=False)
        yield Static(id="detail-mine", markup=False)
        yield Static(id="detail-note", markup=False)

    def show(
        self,
        article: Article | None,
        state: ArticleState,
        mine: tuple[str, ...] = (),
        note: str = "",
    ) -> None:
        parts = {
            "title": "",
            "meta": "",
            "tags": "",
            "status": "",
            "summary": "Nothing selected.",
            "mine": "",
            "note": "",
        }
        if article is not None:
            minutes = f"{article.read_minutes} min read"
            parts = {
                "title": article.title,
                "meta": f"{article.company} · {minutes}",
                "tags": "  ".join(f"#{t}" for t in article.tags),
                "status": ("● unread" if not state.read else "✓ read")
                + ("   ★ bookmarked" if state.bookmarked else "   ☆ not bookmarked"),
                "summary": article.summary,
                "mine": ("Your tags: " + "  ".join(f"#{t}" for t in mine)) if mine else "",
                "note": f"Your note:\n{note}" if note else "",
            }
        for name, text in parts.items():
            widget = self.query_one(f"#detail-{name}", Static)
            widget.update(text)
            widget.display = bool(text)
        self.scroll_home(animate=False)
