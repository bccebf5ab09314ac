"""`casebook tag` and `casebook note`, and your tags and notes in `casebook list`."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_cli import CLI, _isolated_env, cb  # noqa: F401  (fixtures)


def first_id(cb: CLI) -> str:
    return str(cb.articles()[0]["id"])


def test_tag_adds_removes_and_lists(cb: CLI) -> None:
    article = first_id(cb)
    assert cb.ok("tag", article, "+todo", "scaling").strip() == "todo scaling"
    # `-todo` is a removal, not an option; a prefix id works; global options may follow
    out = cb.raw("tag", article[:6], "-todo", "+later", "--data-dir", str(cb.data_dir))
    assert (out.code, out.out.strip()) == (0, "scaling later")
    assert cb.ok("tag", article).strip() == "scaling later"
    item = cb.articles()[0]
    assert item["my_tags"] == ["scaling", "later"]
    assert item["tags"] == ["ml-systems", "microservices"]
    assert [a["id"] for a in cb.articles("--tag", "later")] == [article]  # like any tag
    table = cb.ok("list", "--tag", "later")  # the table wraps: look for the words
    assert "+scaling" in table and "+later" in table


def test_tag_refuses_bad_words_and_short_prefixes(cb: CLI) -> None:
    article = first_id(cb)
    assert "'[b]' is not a tag" in cb.usage_error("tag", article, "+[b]")
    assert "too short" in cb.usage_error("tag", article[:3], "+x")
    assert cb.articles()[0]["my_tags"] == []


def test_note_set_show_clear_and_json(cb: CLI, monkeypatch: pytest.MonkeyPatch) -> None:
    article = first_id(cb)
    assert cb.articles()[0]["note"] is None
    assert cb.ok("note", article, "Re-read [b]this[/b]\x1b[2J").strip() == "note saved"
    assert cb.ok("note", article) == "Re-read [b]this[/b][2J\n"  # control characters dropped
    assert cb.articles()[0]["note"] == "Re-read [b]this[/b][2J"
    assert cb.ok("note", article, "--clear").strip() == "note removed"
    assert cb.ok("note", article) == ""
    assert cb.articles()[0]["note"] is None


def test_note_edit_runs_the_editor(
    cb: CLI, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    article = first_id(cb)
    cb.ok("note", article, "draft")
    script = tmp_path / "editor.sh"
    script.write_text('#!/bin/sh\nprintf "final" > "$1"\n')
    script.chmod(0o755)
    monkeypatch.setenv("VISUAL", str(script))
    assert cb.ok("note", article, "--edit").strip() == "note saved"
    assert cb.ok("note", article) == "final\n"
    monkeypatch.setenv("VISUAL", "false")  # an editor that fails changes nothing
    assert "exited with 1" in cb.usage_error("note", article, "--edit")
    assert cb.ok("note", article) == "final\n"


def test_mark_with_a_query_marks_what_it_selects(cb: CLI) -> None:
    assert cb.ok("mark", "--query", "tag:ml-systems", "--read").strip() == "read: 3 articles"
    assert len(cb.articles("--unread")) == 6
    assert all(a["read"] for a in cb.articles("--tag", "ml-systems"))
    assert "not both or neither" in cb.usage_error("mark", "--read")
    first = cb.articles()[0]["id"]
    assert "not both or neither" in cb.usage_error("mark", first, "--query", "x", "--read")
    assert cb.ok("mark", "--query", "zzzz-nothing", "--bookmark").strip() == "bookmark: 0 articles"
