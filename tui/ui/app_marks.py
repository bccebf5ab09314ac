"""Marks and undo: r and b toggle one article, A marks the whole view read (after asking),
u undoes the session's changes one by one; each then redraws what it touched."""

from __future__ import annotations

from tui.core.flags import FlagChange
from tui.ui.app_base import AppBase
from tui.ui.confirm_screen import ConfirmScreen


class MarksAndUndo(AppBase):
    def _toggle(self, read: bool) -> None:
        row = self.articles.current_row
        if row is None:
            self.bell()
            return
        article_id = self.store.catalog.ids[row]
        if self._write(lambda: self.history.toggle(article_id, "read" if read else "bookmarked")):
            self._after_toggle(row)

    def action_toggle_read(self) -> None:
        self._toggle(read=True)

    def action_toggle_bookmark(self) -> None:
        self._toggle(read=False)

    def rows_in_view(self) -> list[int]:
        """The rows the list shows now: what `A` marks."""
        return self.view.rows

    def action_mark_view_read(self) -> None:
        rows = list(self.rows_in_view())  # as counted in the question, whatever happens next
        if not rows:
            self.bell()
            self.notify("Nothing to mark: the view is empty.", markup=False)
            return
        ids = list(map(self.store.catalog.ids.__getitem__, rows))
        unread = len(ids) - sum(map(self.store.read.__contains__, ids))
        noun = "article" if len(ids) == 1 else "articles"

        def answered(yes: bool | None) -> None:
            if yes and self._write(lambda: self.history.mark(ids, "read", True)):
                self._after_marks()
                self.notify(f"Marked {len(ids)} {noun} read · u undoes it", markup=False)

        question = f"Mark {len(ids)} {noun} read?"
        detail = f"{unread} of them unread now."
        self.push_screen(ConfirmScreen(question, detail, title="Mark all read"), answered)

    def action_undo(self) -> None:
        if not self.history:
            self.bell()
            self.notify("Nothing to undo in this session.", markup=False)
            return
        undone = None

        def undo() -> None:
            nonlocal undone
            undone = self.history.undo()

        if not self._write(undo) or undone is None:
            return
        self._after_marks(undone.change)
        message = f"Undid: {undone.label}"
        if undone.skipped:
            message += f"\n{undone.skipped} skipped: changed elsewhere since"
        self.notify(
            message,
            title="Undo",
            severity="warning" if undone.skipped else "information",
            markup=False,
        )

    def _after_marks(self, change: FlagChange | None = None) -> None:
        """Redraws what a change of many flags touched (one article: as a toggle does)."""
        if change is not None and len(change.ids) == 1:
            row = self.store.catalog.row_of.get(change.ids[0])
            if row is not None:
                self._after_toggle(row)
                return
        self.view.state_changed()  # later queries must not reuse results from before
        self.articles.refresh()
        self._show_list_title()
        self.sidebar.refresh_counts(self.store.counts)
        self.sidebar.set_extra(self.sections.build())
        self._update_counts_display()
        self._show_detail(self.articles.current_row)
        self._show_reading()
