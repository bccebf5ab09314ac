"""The command palette: casebook's own commands first, then every tag and company by name.

Textual's system provider sorts its discoveries by name and ranks its own
commands (themes, screenshot, ...) level with ours; readers look for
casebook's actions first, so one provider yields ours ahead and ranks Textual's
just below an equal match. Filters get their own provider because there may be
200,000 of them: it scores only names that contain what was typed.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Protocol

from textual.app import App, SystemCommand
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher

from tui.core.views import Filter
from tui.ui.display import clean

if TYPE_CHECKING:
    from tui.core.catalog import Catalog

# Textual's own commands rank just below casebook's on an equal match.
TEXTUAL_RANK = 0.98
# A filter search scores at most this many names per keystroke (fuzzy matching is slow).
FILTER_CANDIDATES = 2000
FILTER_HITS = 40
FILTER_WORDS = {"show", "tag", "tag:", "company", "company:", "filter"}


class PaletteApp(Protocol):
    """What the providers need from the app (kept narrow so they are easy to test)."""

    def casebook_commands(self) -> Iterable[SystemCommand]: ...

    def palette_catalog(self) -> Catalog: ...

    def show_filter(self, flt: Filter) -> None: ...


def _host(provider: Provider) -> PaletteApp:
    app = provider.app
    assert hasattr(app, "casebook_commands")
    return app  # type: ignore[return-value]


class CasebookCommands(Provider):
    def _commands(self) -> list[tuple[SystemCommand, float]]:
        ours = [(c, 1.0) for c in _host(self).casebook_commands()]
        textual = [(c, TEXTUAL_RANK) for c in App.get_system_commands(self.app, self.screen)]
        return ours + textual

    async def discover(self) -> Hits:
        for command, _rank in self._commands():
            if command.discover:
                yield DiscoveryHit(Content(command.title), command.callback, help=command.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command, rank in self._commands():
            score = matcher.match(command.title)
            if score > 0:
                yield Hit(
                    score * rank, plain_highlight(matcher, command.title), command.callback,
                    help=command.help,
                )


def filter_candidates(catalog: Catalog, query: str) -> list[Filter]:
    """Tags and companies whose name contains every word typed (besides 'show', 'tag', ...)."""
    words = [w for w in query.casefold().split() if w not in FILTER_WORDS]
    if not words:
        return []
    found: list[Filter] = []
    for kind, names in (("tag", catalog.rows_by_tag), ("company", catalog.rows_by_company)):
        for name in names:
            folded = name.casefold()
            if all(w in folded for w in words):
                found.append(Filter(kind, name))  # type: ignore[arg-type]
                if len(found) >= FILTER_CANDIDATES:
                    return found
    return found


def plain_highlight(matcher: Matcher, candidate: str) -> Content:
    """Matcher.highlight parses the candidate as markup (a company called `[/]` would crash
    the palette); this highlights the same offsets on plain text."""
    content = Content(candidate)
    score, offsets = matcher.fuzzy_search.match(matcher.query, candidate)
    if not score:
        return content
    style = matcher._match_style  # the matcher's own highlight style
    for offset in offsets:
        if not candidate[offset].isspace():
            content = content.stylize(style, offset, offset + 1)
    return content


def filter_title(flt: Filter) -> str:
    return f"Show {flt.kind}: {clean(flt.value)}"  # tabs and zero-width characters drawn safely


class FilterCommands(Provider):
    async def search(self, query: str) -> Hits:
        host = _host(self)
        matcher = self.matcher(query)
        scored: list[tuple[float, Filter]] = []
        for flt in filter_candidates(host.palette_catalog(), query):
            score = matcher.match(filter_title(flt))
            if score > 0:
                scored.append((score, flt))
        scored.sort(key=lambda pair: pair[0], reverse=True)
        for score, flt in scored[:FILTER_HITS]:
            title = filter_title(flt)
            yield Hit(
                score,
                plain_highlight(matcher, title),
                lambda flt=flt: host.show_filter(flt),
                help=f"Filter the list to this {flt.kind}",
            )
