"""The store against a plain model, driven by random sequences of everything a user can do.

The model is an ordered dict of articles (document order, updated in place) and
two sets of ids. After every step the store's catalogue, state and counts must
equal what the model implies, and the files must be consistent (``.bak`` equal,
no temp files).

Ids outside the catalogue: ``set_read``/``set_bookmarked``/``toggle_*`` are fed ids
from the whole pool of possible articles, including ones not imported (yet). The
store accepts them on purpose: state is keyed by the article id, kept apart from
the catalogue (``_set_flag`` does not consult it, ``Counts`` skips ids without a
row), so state saved for an article that arrives later applies when it does.
The model therefore keeps such ids in its sets and counts only catalogue rows.

Undo: the machine also makes changes through an ``UndoHistory`` (bulk marks and
toggles) and undoes them. The model keeps the stack of what each change flipped,
and the (flag, id) pairs something other than the history wrote since the
history last did (this store's own direct writes, another process): undo must
restore exactly the others and skip exactly those. Reopening starts a new session.
"""

from __future__ import annotations

import dataclasses
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from tests.test_store import assert_counts, assert_files_consistent
from tui.core.flags import Flag
from tui.core.library import TagChange, apply_tag_change, clean_note
from tui.core.models import Article, article_id
from tui.core.store import ImportResult, Store
from tui.core.undo import UndoHistory

# Case variants share an id (ids fold case), so imports also retype companies and titles.
COMPANIES = ["Netflix", "netflix", "Uber", "Ünicode GmbH", "Acme"]
TITLES = ["Alpha", "ALPHA", "Bravo", "Charlie’s log", "Delta"]
POOL = sorted({article_id(c, t) for c in COMPANIES for t in TITLES})
TAGS = ["kafka", "ml", "storage", "go", "c++"]

summaries = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=20)
tag_tuples = st.lists(st.sampled_from(TAGS), unique=True, max_size=3).map(tuple)
minutes = st.integers(1, 90)
articles = st.builds(
    Article.create,
    st.sampled_from(COMPANIES),
    st.sampled_from(TITLES),
    summaries,
    tag_tuples,
    minutes,
)
batches = st.lists(articles, max_size=6)
some_ids = st.lists(st.sampled_from(POOL), max_size=5)
flags = st.sampled_from(["read", "bookmarked"])
MY_TAGS = ["todo", "scaling", "re-read"]
notes_text = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=30)


class StoreMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.dir = Path(tempfile.mkdtemp(prefix="casebook-sm-"))
        self.store = Store.open(self.dir)
        self.articles: dict[str, Article] = {}
        self.read: set[str] = set()
        self.marked: set[str] = set()
        self.history = UndoHistory(self.store)
        self.undo_stack: list[tuple[Flag, dict[str, bool]]] = []  # what each change flipped
        self.foreign: set[tuple[str, str]] = set()  # (flag, id) written outside the history
        self.my_tags: dict[str, tuple[str, ...]] = {}
        self.notes: dict[str, str] = {}

    def teardown(self) -> None:
        self.store.close()
        shutil.rmtree(self.dir, ignore_errors=True)

    # -- the model ---------------------------------------------------------------
    def model_import(self, batch: list[Article]) -> ImportResult:
        incoming: dict[str, Article] = {}
        for a in batch:  # first position, last copy: what a dict does
            incoming[a.id] = a
        added = updated = unchanged = 0
        for a in incoming.values():
            if a.id not in self.articles:
                added += 1
            elif self.articles[a.id] != a:
                updated += 1
            else:
                unchanged += 1
            self.articles[a.id] = a  # an existing key keeps its place
        return ImportResult(added, updated, unchanged)

    def model_set(self, ids: list[str], flag: str, value: bool, *, foreign: bool = True) -> None:
        target = self.read if flag == "read" else self.marked
        if foreign:
            self.foreign.update((flag, i) for i in ids)
        if value:
            target.update(ids)
        else:
            target.difference_update(ids)

    @staticmethod
    def store_set(store: Store, ids: list[str], flag: str, value: bool) -> None:
        (store.set_read if flag == "read" else store.set_bookmarked)(ids, value)

    # -- rules ---------------------------------------------------------------------
    @rule(batch=batches)
    def import_batch(self, batch: list[Article]) -> None:
        expected = self.model_import(batch)
        assert self.store.import_articles(batch) == expected

    @precondition(lambda self: bool(self.articles))
    @rule(data=st.data())
    def import_edited(self, data: st.DataObject) -> None:
        ids = data.draw(st.lists(st.sampled_from(list(self.articles)), min_size=1, max_size=4))
        batch = [
            dataclasses.replace(
                self.articles[i],
                summary=data.draw(summaries),
                tags=data.draw(tag_tuples),
                read_minutes=data.draw(minutes),
            )
            for i in ids
        ]
        expected = self.model_import(batch)
        assert expected.added == 0
        assert self.store.import_articles(batch) == expected

    @rule(ids=some_ids, flag=flags, value=st.booleans())
    def set_flag(self, ids: list[str], flag: str, value: bool) -> None:
        self.store_set(self.store, ids, flag, value)
        self.model_set(ids, flag, value)

    @rule(article=st.sampled_from(POOL), flag=flags)
    def toggle(self, article: str, flag: str) -> None:
        target = self.read if flag == "read" else self.marked
        expected = article not in target
        toggle = self.store.toggle_read if flag == "read" else self.store.toggle_bookmarked
        assert toggle(article) is expected
        self.model_set([article], flag, expected)

    @rule()
    def reopen(self) -> None:
        self.store.close()
        self.store = Store.open(self.dir)
        assert self.store.notices == []
        self.history = UndoHistory(self.store)
        self.undo_stack.clear()
        self.foreign.clear()

    @rule(ids=some_ids, flag=flags, value=st.booleans())
    def bulk_mark(self, ids: list[str], flag: Flag, value: bool) -> None:
        target = self.read if flag == "read" else self.marked
        flipped = {i: not value for i in dict.fromkeys(ids) if (i in target) != value}
        change = self.history.mark(ids, flag, value)
        assert dict(change.before) == flipped and change.changed() == list(flipped)
        self.model_set(list(flipped), flag, value, foreign=False)
        self.foreign.difference_update((flag, i) for i in flipped)
        if flipped:
            self.undo_stack.append((flag, flipped))

    @rule(article=st.sampled_from(POOL), flag=flags)
    def history_toggle(self, article: str, flag: Flag) -> None:
        target = self.read if flag == "read" else self.marked
        value = article not in target
        assert self.history.toggle(article, flag).after == {article: value}
        self.model_set([article], flag, value, foreign=False)
        self.foreign.discard((flag, article))
        self.undo_stack.append((flag, {article: not value}))

    @rule()
    def undo(self) -> None:
        undone = self.history.undo()
        if not self.undo_stack:
            assert undone is None
            return
        assert undone is not None
        flag, before = self.undo_stack.pop()
        skipped = [i for i in before if (flag, i) in self.foreign]
        restored = {i: v for i, v in before.items() if (flag, i) not in self.foreign}
        assert (undone.restored, undone.skipped) == (len(restored), len(skipped))
        assert sorted(undone.change.skipped) == sorted(skipped)
        for value in (True, False):
            self.model_set([i for i, v in restored.items() if v is value], flag, value,
                           foreign=False)  # fmt: skip
        assert len(self.history) == len(self.undo_stack)

    @rule(ids=some_ids, flag=flags, value=st.booleans(), batch=batches)
    def other_store_writes_then_refresh(
        self, ids: list[str], flag: str, value: bool, batch: list[Article]
    ) -> None:
        """Another process writes; refresh picks it up and says which files changed."""
        before = (set(self.read), set(self.marked))
        other = Store.open(self.dir)
        self.store_set(other, ids, flag, value)
        self.model_set(ids, flag, value)
        result = other.import_articles(batch)
        assert result == self.model_import(batch)
        other.close()

        refreshed = self.store.refresh()
        assert refreshed.catalog == bool(result.added or result.updated)
        if (self.read, self.marked) != before:
            assert refreshed.state
        if not ids:
            assert not refreshed.state
        assert not self.store.refresh()

    @rule(
        theirs=st.tuples(some_ids, flags, st.booleans(), batches),
        mine=st.tuples(some_ids, flags, st.booleans(), batches),
    )
    def stale_store_writes_after_another(
        self,
        theirs: tuple[list[str], str, bool, list[Article]],
        mine: tuple[list[str], str, bool, list[Article]],
    ) -> None:
        """Our store has not refreshed: its writes must still start from the disk."""
        other = Store.open(self.dir)
        for store, (ids, flag, value, batch) in ((other, theirs), (self.store, mine)):
            self.store_set(store, ids, flag, value)
            self.model_set(ids, flag, value)
            assert store.import_articles(batch) == self.model_import(batch)
        other.close()
        self.store.refresh()

    @rule(
        article=st.sampled_from(POOL),
        add=st.lists(st.sampled_from(MY_TAGS), max_size=3),
        remove=st.lists(st.sampled_from(MY_TAGS), max_size=2),
        other=st.booleans(),
    )
    def change_my_tags(self, article: str, add: list[str], remove: list[str], other: bool) -> None:
        """Your tags, from this store or from another process (this one not refreshed)."""
        change = TagChange(tuple(dict.fromkeys(add)), tuple(dict.fromkeys(remove)))
        store = Store.open(self.dir) if other else self.store
        expected = apply_tag_change(self.my_tags.get(article, ()), change)
        assert store.change_my_tags(article, change) == expected
        if other:
            store.close()
            assert self.store.refresh().library
        self.my_tags[article] = expected

    @rule(article=st.sampled_from(POOL), text=notes_text)
    def set_note(self, article: str, text: str) -> None:
        self.notes[article] = self.store.set_note(article, text)
        assert self.notes[article] == clean_note(text)

    # -- invariants --------------------------------------------------------------------
    @invariant()
    def library_matches(self) -> None:
        for i in POOL:
            assert self.store.my_tags_of(i) == self.my_tags.get(i, ())
            assert self.store.note_of(i) == self.notes.get(i, "")

    @invariant()
    def catalogue_matches(self) -> None:
        assert list(self.store.articles()) == list(self.articles.values())

    @invariant()
    def state_matches(self) -> None:
        assert self.store.read == self.read
        assert self.store.bookmarked == self.marked
        for i in POOL:
            state = self.store.state_of(i)
            assert (state.read, state.bookmarked) == (i in self.read, i in self.marked)

    @invariant()
    def counts_match(self) -> None:
        assert_counts(self.store, self.articles.values(), self.read, self.marked)

    @invariant()
    def files_consistent(self) -> None:
        assert_files_consistent(self.dir)


StoreMachine.TestCase.settings = settings(
    max_examples=50,
    stateful_step_count=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
TestStoreMachine = StoreMachine.TestCase
