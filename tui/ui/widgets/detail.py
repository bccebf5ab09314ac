"""The detail pane: everything about one article, with the summary wrapped.

It shows a bounded window of each field: wrapping a 10 MB summary (which the
parser accepts) took 18 s per cursor move. Past ``SUMMARY_SHOWN`` characters
the pane says how much it left out; ``casebook list --json`` prints it all.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from tui.core.models import Article, ArticleState
from tui.ui.display import clean, clean_block, shorten

SUMMARY_SHOWN = 16_384  # characters: about ten screens of a wide pane, wrapped in ~10 ms
FIELD_SHOWN = 2_000  # title, company, tags


def summary_text(summary: str) -> str:
    shown, left_out = shorten(summary, SUMMARY_SHOWN)
    text = clean_block(shown)
    if left_out:
        text += (
            f" …\n\n({left_out:,} more characters not shown here; "
            "`casebook list --json` prints the whole summary)"
        )
    return text


def field_text(text: str) -> str:
    shown, left_out = shorten(text, FIELD_SHOWN)
    return clean(shown) + (" …" if left_out else "")


class DetailPane(VerticalScroll, can_focus=True):
    def compose(self) -> ComposeResult:
        yield Static(id="detail-title", markup=False)
        yield Static(id="detail-meta", markup=False)
        yield Static(id="detail-tags", markup=False)
        yield Static(id="detail-status", markup=False)
        yield Static(id="detail-summary", markup=False)

    def show(self, article: Article | None, state: ArticleState) -> None:
        parts = {
            "title": "",
            "meta": "",
            "tags": "",
            "status": "",
            "summary": "Nothing selected.",
        }
        if article is not None:
            minutes = f"{article.read_minutes} min read"
            parts = {
                "title": field_text(article.title),
                "meta": f"{field_text(article.company)} · {minutes}",
                "tags": field_text("  ".join(f"#{t}" for t in article.tags)),
                "status": ("● unread" if not state.read else "✓ read")
                + ("   ★ bookmarked" if state.bookmarked else "   ☆ not bookmarked"),
                "summary": summary_text(article.summary),
            }
        for name, text in parts.items():
            widget = self.query_one(f"#detail-{name}", Static)
            widget.update(text)
            widget.display = bool(text)
        self.scroll_home(animate=False)
