"""Your library: t edits your own tags on the article, e its note."""

from __future__ import annotations

from tui.core.library import TagChange
from tui.ui.app_base import AppBase
from tui.ui.note_editor import NoteEditor
from tui.ui.tag_prompt import TagPrompt


class YourLibrary(AppBase):
    def action_edit_tags(self) -> None:
        current = self._current_article()
        if current is None:
            return
        row, article_id = current
        store = self.store
        known = sorted(set(store.catalog.rows_by_tag) | set(store.library.rows_by_tag()))

        def apply(change: TagChange | None) -> None:
            if change is not None and self._write(
                lambda: store.change_my_tags(article_id, change)
            ):
                self._after_annotation(row)

        prompt = TagPrompt(store.catalog.titles[row], store.my_tags_of(article_id), known)
        self.push_screen(prompt, apply)

    def action_edit_note(self) -> None:
        current = self._current_article()
        if current is None:
            return
        row, article_id = current
        store = self.store

        def save(text: str | None) -> None:
            if text is not None and self._write(lambda: store.set_note(article_id, text)):
                self._after_annotation(row)
                self.notify("Note saved." if store.note_of(article_id) else "Note removed.")

        self.push_screen(NoteEditor(store.catalog.titles[row], store.note_of(article_id)), save)

    def _after_annotation(self, row: int) -> None:
        self.view.state_changed()  # `tag:` matches your tags too
        self.sidebar.set_extra(self.sections.build())
        self.articles.refresh_row(row)
        if self.articles.current_row == row:
            self._show_detail(row)

