"""The `casebook` command line, held to the README's "The command line" and "Bad input" rules.

Most tests call ``tui.cli.main`` in-process (fast); a few run ``python -m tui`` in a real
subprocess, because only a real process proves the module entry point, the exit codes a
shell sees and that stderr never carries a traceback. Every test points the store at a
temporary directory, so the user's own library is never touched.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import shtab

import tui
from tui import cli
from tui.core import recovery, storage
from tui.core.document import parse_file
from tui.core.models import article_id

ROOT = Path(__file__).resolve().parent.parent
SEED_FILE = ROOT / "seeds" / "netflix.txt"
FIRST_SEED = "Democratizing Machine Learning at Netflix: Building the Model Lifecycle Graph"
KEYS = {
    "id", "company", "title", "summary", "tags", "read_minutes", "read", "bookmarked",
    "my_tags", "note",
    "url", "published",
}
PIP_INSTALL = (sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "-q")
BAD_LINE_5 = "casebook: {path}:5: expected a reading time like '5 min', found 'Acme'"


# -- helpers -------------------------------------------------------------------


@dataclass(frozen=True)
class Result:
    code: int
    out: str
    err: str


def one_line(err: str) -> str:
    """The README's promise for every error: exactly one line on stderr, never a traceback."""
    assert "Traceback" not in err, err
    assert err.endswith("\n") and err.count("\n") == 1, repr(err)
    return err[:-1]


def record(
    company: str,
    title: str,
    summary: str | None = None,
    tags: str = "general",
    minutes: int = 3,
) -> str:
    return f"{company}\n{title}\n{summary or f'{title}: what happened.'}\n{tags}\n{minutes} min\n"


def write_doc(path: Path, *records: str) -> Path:
    path.write_text("\n".join(records), encoding="utf-8")
    return path


class CLI:
    """Runs ``casebook --data-dir DIR ...`` in-process and captures what it printed."""

    def __init__(self, capsys: pytest.CaptureFixture[str], data_dir: Path) -> None:
        self.capsys = capsys
        self.data_dir = data_dir

    def raw(self, *argv: str) -> Result:
        self.capsys.readouterr()
        try:
            code = cli.main(list(argv))
        except SystemExit as exc:  # argparse's own --help / --version
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        captured = self.capsys.readouterr()
        return Result(code, captured.out, captured.err)

    def __call__(self, *args: str, data_dir: Path | None = None) -> Result:
        return self.raw("--data-dir", str(data_dir or self.data_dir), *args)

    def ok(self, *args: str, data_dir: Path | None = None) -> str:
        result = self(*args, data_dir=data_dir)
        assert (result.code, result.err) == (0, ""), result
        return result.out

    def usage_error(self, *args: str) -> str:
        """Exit 2 with one line on stderr and nothing on stdout."""
        result = self(*args)
        assert result.code == 2, result
        assert result.out == ""
        return one_line(result.err)

    def articles(self, *filters: str, data_dir: Path | None = None) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = json.loads(
            self.ok("list", *filters, "--json", data_dir=data_dir)
        )
        return items

    def titles(self, *filters: str) -> list[str]:
        return [a["title"] for a in self.articles(*filters)]

    def by_title(self) -> dict[str, dict[str, Any]]:
        return {a["title"]: a for a in self.articles()}


@pytest.fixture(autouse=True)
def _isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A forgotten --data-dir must land in a temp dir, never in the user's real library."""
    monkeypatch.setenv("CASEBOOK_DATA_DIR", str(tmp_path / "env-default"))


@pytest.fixture
def cb(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> CLI:
    return CLI(capsys, tmp_path / "data")


def seed_titles() -> list[str]:
    return [a.title for a in parse_file(SEED_FILE)]


def subprocess_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("CASEBOOK_DATA_DIR", "COLUMNS")}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env.update(extra)
    return env


def run_module(*args: str, cwd: Path = ROOT, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tui", *args],
        cwd=cwd,
        env=subprocess_env(**env),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )


# -- import ------------------------------------------------------------------------


def test_import_counts_and_a_second_import_changes_nothing(cb: CLI, tmp_path: Path) -> None:
    doc = write_doc(
        tmp_path / "acme.txt",
        record("Acme", "Sharding the Ledger"),
        record("Acme", "Queues All the Way Down"),
        record("Globex", "A Cache Called Bob"),
    )
    assert cb.ok("import", str(doc)) == "added 3, updated 0, unchanged 0\n"
    assert cb.ok("import", str(doc)) == "added 0, updated 0, unchanged 3\n"
    titles = cb.titles()
    assert len(titles) == 12
    assert titles[-3:] == ["Sharding the Ledger", "Queues All the Way Down", "A Cache Called Bob"]


def test_an_edited_record_is_updated_in_place_and_keeps_its_state(cb: CLI, tmp_path: Path) -> None:
    path = tmp_path / "acme.txt"
    write_doc(path, record("Acme", "Sharding the Ledger"), record("Acme", "Other"))
    cb.ok("import", str(path))
    before = cb.by_title()["Sharding the Ledger"]
    cb.ok("mark", before["id"], "--read")
    cb.ok("mark", before["id"], "--bookmark")
    order = [a["id"] for a in cb.articles()]

    # Same company and title up to case: the same article, edited.
    write_doc(
        path,
        record("ACME", "Sharding The Ledger", "Rewritten summary.", "kafka databases", 9),
        record("Acme", "Other"),
    )
    assert cb.ok("import", str(path)) == "added 0, updated 1, unchanged 1\n"
    after = cb.by_title()["Sharding The Ledger"]
    assert after == {
        "id": before["id"],
        "company": "ACME",
        "title": "Sharding The Ledger",
        "summary": "Rewritten summary.",
        "tags": ["kafka", "databases"],
        "read_minutes": 9,
        "read": True,
        "bookmarked": True,
        "my_tags": [],
        "note": None,
        "url": None,
        "published": None,
    }
    assert [a["id"] for a in cb.articles()] == order  # updated in place, not moved


def test_several_files_at_once(cb: CLI, tmp_path: Path) -> None:
    one = write_doc(tmp_path / "one.txt", record("Acme", "First"), record("Acme", "Second"))
    two = write_doc(
        tmp_path / "two.txt",
        record("Globex", "Third"),
        record("Acme", "Second", "The later file's copy."),  # repeats across files are fine
    )
    assert cb.ok("import", str(one), str(two)) == "added 3, updated 0, unchanged 0\n"
    assert cb.titles()[-3:] == ["First", "Second", "Third"]
    assert cb.by_title()["Second"]["summary"] == "The later file's copy."
    assert cb.ok("import", str(two), str(one)).startswith("added 0, ")


@pytest.mark.parametrize("bad_first", [False, True], ids=["good-then-bad", "bad-then-good"])
def test_import_is_all_or_nothing(cb: CLI, tmp_path: Path, bad_first: bool) -> None:
    good = write_doc(tmp_path / "good.txt", record("Acme", "Fine Article"))
    bad = tmp_path / "notes.txt"
    bad.write_text("Acme\nBroken Article\nA summary.\ngeneral\nAcme\n", encoding="utf-8")
    files = [str(bad), str(good)] if bad_first else [str(good), str(bad)]

    line = cb.usage_error("import", *files)

    assert line == BAD_LINE_5.format(path=bad)
    assert cb.titles() == seed_titles()  # nothing from the good file either


def _bad_files(tmp_path: Path) -> dict[str, tuple[Path, int | None]]:
    """Each bad input of the README, with the line its error must name.

    None: the whole file (no line); 0: some line, whichever the parser thinks best.
    """
    rec = record("Acme", "Title")
    cases: dict[str, tuple[bytes | None, int | None]] = {
        "missing": (None, None),
        "empty": (b"", None),
        "blank": (b"\n  \n\n", None),
        "non-utf8": ("Acme\nTitle\nCaf\u00e9 summary.\ngeneral\n3 min\n".encode("latin-1"), 3),
        "nul": (rec.encode().replace(b"Title", b"Ti\x00tle"), None),
        "control": (rec.replace("Title", "Ti\x07tle").encode(), 2),
        "repeated": ((rec + "\n" + rec).encode(), 7),
        "truncated": (b"Acme\nTitle\nA summary.\n", 0),
    }
    out = {}
    for name, (data, line) in cases.items():
        path = tmp_path / f"{name}.txt"
        if data is not None:
            path.write_bytes(data)
        out[name] = (path, line)
    return out


@pytest.mark.parametrize(
    "case", ["missing", "empty", "blank", "non-utf8", "nul", "control", "repeated", "truncated"]
)
def test_bad_input_is_one_line_with_path_and_line(cb: CLI, tmp_path: Path, case: str) -> None:
    path, line_no = _bad_files(tmp_path)[case]
    line = cb.usage_error("import", str(path))
    where = re.escape(str(path)) + {None: "", 0: r":\d+"}.get(line_no, f":{line_no}")
    assert re.fullmatch(rf"casebook: {where}: \S.{{5,}}", line), line  # and says what is wrong
    assert cb.titles() == seed_titles()


def test_non_utf8_names_the_problem(cb: CLI, tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes(b"Acme\nT\nCaf\xe9.\ngeneral\n3 min\n")
    assert "UTF-8" in cb.usage_error("import", str(path))


# -- list --------------------------------------------------------------------------


def test_first_use_seeds_the_bundled_articles_as_json(cb: CLI) -> None:
    items = cb.articles()
    assert len(items) == 9
    assert items[0]["title"] == FIRST_SEED
    assert [a["title"] for a in items] == seed_titles()  # document order
    for a in items:
        assert set(a) == KEYS
        assert a["company"] == "Netflix"
        assert a["id"] == article_id(a["company"], a["title"])
        assert isinstance(a["summary"], str) and a["summary"]
        assert isinstance(a["tags"], list) and a["tags"]
        assert all(isinstance(t, str) for t in a["tags"])
        assert type(a["read_minutes"]) is int
        assert a["read"] is False and a["bookmarked"] is False
        assert a["url"] is None and a["published"] is None  # the seeds carry no link or date
    assert (cb.data_dir / "catalog.json").is_file()


def test_list_prints_a_table_with_titles_and_a_count(
    cb: CLI, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "250")  # wide enough that rich does not wrap titles
    out = cb.ok("list")
    for title in seed_titles():
        assert title in out
    lines = [line.strip() for line in out.splitlines() if line.strip()]
    assert re.fullmatch(r"9 articles\b.*", lines[-1]), lines[-1]
    assert len(lines) == 1 + 9 + 1  # header, one row per article, footer

    first = cb.articles()[0]
    cb.ok("mark", first["id"], "--bookmark")
    out = cb.ok("list", "--bookmarked")
    lines = [line.strip() for line in out.splitlines() if line.strip()]
    assert re.fullmatch(r"1 articles?\b.*", lines[-1]), lines[-1]
    row = next(line for line in lines if FIRST_SEED in line)
    assert first["id"] in row and "★" in row


@pytest.fixture
def mixed(cb: CLI, tmp_path: Path) -> CLI:
    """Seeds plus two other companies, with some articles read and some bookmarked."""
    doc = write_doc(
        tmp_path / "mixed.txt",
        record("Acme", "Kafka at Acme", tags="kafka general"),
        record("Acme", "Billing at Acme", tags="databases"),
        record("Globex", "Kafka at Globex", tags="kafka"),
        record("Globex", "Search at Globex", tags="search"),
    )
    cb.ok("import", str(doc))
    ids = {a["title"]: a["id"] for a in cb.articles()}
    cb.ok("mark", ids["Kafka at Acme"], ids["Search at Globex"], ids[FIRST_SEED], "--read")
    cb.ok("mark", ids["Kafka at Acme"], ids["Kafka at Globex"], "--bookmark")
    return cb


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ((), 13),
        (("--tag", "kafka"), 2),
        (("--tag", "ml-systems"), 3),
        (("--company", "acme"), 2),
        (("--company", "GLOBEX"), 2),
        (("--company", "Netflix"), 9),
        (("--unread",), 10),
        (("--read",), 3),
        (("--bookmarked",), 2),
        (("--tag", "kafka", "--unread"), 1),
        (("--tag", "kafka", "--company", "globex"), 1),
        (("--company", "acme", "--read", "--bookmarked"), 1),
        (("--company", "acme", "--unread", "--bookmarked"), 0),
        (("--company", "netflix", "--read"), 1),
    ],
)
def test_list_filters_and_combinations(mixed: CLI, filters: tuple[str, ...], expected: int) -> None:
    everything = mixed.articles()
    opts = {f: filters[i + 1] if i + 1 < len(filters) else "" for i, f in enumerate(filters)}

    def wanted(a: dict[str, Any]) -> bool:
        return (
            ("--tag" not in opts or opts["--tag"] in a["tags"])
            and ("--company" not in opts or a["company"].lower() == opts["--company"].lower())
            and ("--unread" not in opts or not a["read"])
            and ("--read" not in opts or a["read"])
            and ("--bookmarked" not in opts or a["bookmarked"])
        )

    got = mixed.articles(*filters)
    assert got == [a for a in everything if wanted(a)]  # same objects, still in app order
    assert len(got) == expected


def test_unread_with_read_is_a_usage_error(cb: CLI) -> None:
    line = cb.usage_error("list", "--unread", "--read")
    assert "--read" in line and "--unread" in line


# -- mark --------------------------------------------------------------------------


def shortest_unique_prefix(ids: list[str], target: str) -> str:
    for n in range(4, len(target) + 1):
        if sum(i.startswith(target[:n]) for i in ids) == 1:
            return target[:n]
    raise AssertionError("ids are unique")


def test_mark_with_full_ids_and_unique_prefixes(cb: CLI) -> None:
    items = cb.articles()
    ids = [a["id"] for a in items]
    a, b, c = ids[0], ids[3], ids[8]
    short_b = shortest_unique_prefix(ids, b)
    assert len(short_b) >= 4

    cb.ok("mark", a, short_b, c[:8], "--read")
    assert {x["id"] for x in cb.articles("--read")} == {a, b, c}
    cb.ok("mark", "--unread", short_b)
    assert {x["id"] for x in cb.articles("--read")} == {a, c}
    cb.ok("mark", "--bookmark", a, b)
    assert {x["id"] for x in cb.articles("--bookmarked")} == {a, b}
    cb.ok("mark", a[:6], "--unbookmark")
    assert {x["id"] for x in cb.articles("--bookmarked")} == {b}
    assert {x["id"] for x in cb.articles("--read")} == {a, c}  # flags are independent


def colliding_titles() -> tuple[str, str]:
    """Two Acme titles whose ids share their first 4 characters (found by brute force)."""
    seen: dict[str, str] = {}
    for n in range(100_000):
        title = f"Collision {n}"
        prefix = article_id("Acme", title)[:4]
        if prefix in seen:
            return seen[prefix], title
        seen[prefix] = title
    raise AssertionError("no collision found")


@pytest.fixture
def colliding(cb: CLI, tmp_path: Path) -> tuple[str, str]:
    one, two = colliding_titles()
    cb.ok("import", str(write_doc(tmp_path / "c.txt", record("Acme", one), record("Acme", two))))
    return article_id("Acme", one), article_id("Acme", two)


@pytest.mark.parametrize("action", ["--read", "--bookmark"])
@pytest.mark.parametrize("bad", ["unknown", "ambiguous", "too-short"])
def test_a_bad_id_changes_nothing_not_even_the_good_ids(
    cb: CLI, colliding: tuple[str, str], bad: str, action: str
) -> None:
    ids = [a["id"] for a in cb.articles()]
    good = ids[0]
    three = next(i[:3] for i in ids if sum(j.startswith(i[:3]) for j in ids) == 1)
    given = {"unknown": "ffff0000ffff", "ambiguous": colliding[0][:4], "too-short": three}[bad]
    matches = sum(i.startswith(given) for i in ids)
    assert matches == {"unknown": 0, "ambiguous": 2, "too-short": 1}[bad]
    before = cb.articles()
    state = cb.data_dir / "state.json"
    assert not state.exists()

    line = cb.usage_error("mark", good, given, action)

    assert given in line
    assert line.startswith("casebook")
    assert cb.articles() == before
    assert not state.exists()


def test_a_bad_id_leaves_an_existing_state_file_byte_identical(
    cb: CLI, colliding: tuple[str, str]
) -> None:
    first = cb.articles()[0]["id"]
    cb.ok("mark", first, "--bookmark")
    state = cb.data_dir / "state.json"
    before = state.read_bytes()
    cb.usage_error("mark", colliding[1], first, colliding[0][:4], "--read")
    cb.usage_error("mark", colliding[1], "--read", "deadbeef")
    assert state.read_bytes() == before


@pytest.mark.parametrize(
    "argv",
    [
        ("mark", "abcd"),
        ("mark", "abcd", "--read", "--bookmark"),
        ("mark", "--read"),
        ("mark",),
    ],
    ids=["no-action", "two-actions", "no-ids", "nothing"],
)
def test_mark_usage_errors(cb: CLI, argv: tuple[str, ...]) -> None:
    cb.usage_error(*argv)
    assert not (cb.data_dir / "state.json").exists()


def test_the_readme_pipeline(cb: CLI, tmp_path: Path) -> None:
    """casebook list --unread --tag kafka --json | jq -r '.[].id' | xargs casebook mark --read"""
    doc = write_doc(
        tmp_path / "k.txt",
        record("Acme", "Kafka One", tags="kafka"),
        record("Acme", "Not Kafka", tags="general"),
        record("Globex", "Kafka Two", tags="kafka streaming"),
        record("Globex", "Kafka Three", tags="kafka"),
    )
    cb.ok("import", str(doc))
    cb.ok("mark", article_id("Globex", "Kafka Three"), "--read")

    ids = [a["id"] for a in cb.articles("--unread", "--tag", "kafka")]
    assert ids == [article_id("Acme", "Kafka One"), article_id("Globex", "Kafka Two")]
    cb.ok("mark", "--read", *ids)

    assert cb.articles("--unread", "--tag", "kafka") == []
    assert sorted(a["title"] for a in cb.articles("--read")) == [
        "Kafka One",
        "Kafka Three",
        "Kafka Two",
    ]


# -- options, help, version, data dir -------------------------------------------


def test_version(cb: CLI) -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    result = cb.raw("--version")
    assert result == Result(0, f"casebook {project['version']}\n", "")
    assert tui.__version__ == project["version"]


@pytest.mark.parametrize("command", [None, "import", "list", "mark"])
def test_help_everywhere(cb: CLI, command: str | None) -> None:
    result = cb(*([command] if command else []), "--help")
    assert (result.code, result.err) == (0, "")
    prog = f"casebook {command}" if command else "casebook"
    assert result.out.startswith(f"usage: {prog} ")
    expected = {
        None: ["import", "list", "mark", "--data-dir", "--version"],
        "import": ["FILE"],
        "list": ["--tag", "--company", "--unread", "--read", "--bookmarked", "--json"],
        "mark": ["ID", "--read", "--unread", "--bookmark", "--unbookmark"],
    }[command]
    for word in expected:
        assert word in result.out
    assert not cb.data_dir.exists()  # help touches no store


@pytest.mark.parametrize(
    "argv",
    [
        ("frobnicate",),
        ("--bogus",),
        ("list", "--bogus"),
        ("list", "--tag"),
        ("mark", "abcd", "--read", "--bogus"),
        ("import",),
    ],
)
def test_unknown_commands_and_options_are_usage_errors(cb: CLI, argv: tuple[str, ...]) -> None:
    cb.usage_error(*argv)


def test_env_data_dir_is_honoured_and_data_dir_beats_it(
    cb: CLI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env_dir, flag_dir = tmp_path / "from-env", tmp_path / "from-flag"
    monkeypatch.setenv("CASEBOOK_DATA_DIR", str(env_dir))
    first = cb.articles()[0]["id"]  # via --data-dir: the env dir is not used
    assert not env_dir.exists()

    assert cb.raw("mark", first, "--bookmark").code == 0  # no --data-dir: the env var
    assert (env_dir / "state.json").is_file()
    env_view = json.loads(cb.raw("list", "--bookmarked", "--json").out)
    assert [a["id"] for a in env_view] == [first]

    assert cb.articles("--bookmarked", data_dir=flag_dir) == []
    cb.ok("mark", first, "--read", data_dir=flag_dir)
    assert (flag_dir / "state.json").is_file()
    env_view = json.loads(cb.raw("list", "--json").out)
    assert [a["id"] for a in env_view if a["read"]] == []  # the flag's write stayed there


# -- damage and disk trouble ----------------------------------------------------


@pytest.mark.parametrize("name", ["catalog.json", "state.json"])
def test_damaged_store_without_backup_exits_1_and_names_the_file(cb: CLI, name: str) -> None:
    cb.data_dir.mkdir()
    damaged = cb.data_dir / name
    damaged.write_bytes(b'{"casebook": {"kind": "cata')
    for argv in (("list", "--json"), ("mark", "abcd", "--read")):
        result = cb(*argv)
        assert result.code == 1, result
        assert result.out == ""
        assert str(damaged) in one_line(result.err)
    assert damaged.read_bytes() == b'{"casebook": {"kind": "cata'  # never overwritten


@pytest.mark.parametrize("name", ["catalog.json", "state.json"])
def test_damaged_store_with_backup_is_restored_with_a_notice(cb: CLI, name: str) -> None:
    first = cb.articles()[0]["id"]
    cb.ok("mark", first, "--bookmark")
    expected = cb.articles()
    damaged = cb.data_dir / name
    damaged.write_bytes(b"\x00" * 64)

    result = cb("list", "--json")

    assert result.code == 0, result
    notice = one_line(result.err)
    assert notice.startswith("casebook: ") and name in notice and "restored" in notice
    assert json.loads(result.out) == expected
    aside = list(cb.data_dir.glob(f"{name}.corrupt-*"))
    assert [p.read_bytes() for p in aside] == [b"\x00" * 64]
    assert cb("list", "--json").err == ""  # restored once, then quiet


def test_disk_full_during_mark_exits_1_and_changes_nothing(
    cb: CLI, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = [a["id"] for a in cb.articles()]
    cb.ok("mark", ids[0], "--read")
    before = cb.articles()
    state_before = (cb.data_dir / "state.json").read_bytes()

    def full(path: Path, data: bytes) -> None:
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as m:
        m.setattr(storage, "atomic_write", full)
        for argv in ((ids[1], ids[2], "--read"), (ids[0], "--unread"), (ids[0], "--bookmark")):
            result = cb("mark", *argv)
            assert result.code == 1, result
            assert result.out == ""
            assert "No space left on device" in one_line(result.err)

    assert cb.articles() == before
    assert (cb.data_dir / "state.json").read_bytes() == state_before


def test_disk_full_during_import_exits_1_and_changes_nothing(
    cb: CLI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = cb.articles()
    doc = write_doc(tmp_path / "a.txt", record("Acme", "New"))

    def full(path: Path, data: bytes) -> None:
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as m:
        m.setattr(storage, "atomic_write", full)
        result = cb("import", str(doc))
    assert (result.code, result.out) == (1, "")
    assert "No space left on device" in one_line(result.err)
    assert cb.articles() == before


def test_unexpected_os_errors_are_one_line_too(cb: CLI) -> None:
    """Trouble the store does not name itself (here: catalog.json is a directory)."""
    (cb.data_dir / "catalog.json").mkdir(parents=True)
    result = cb("list")
    assert (result.code, result.out) == (1, "")
    assert one_line(result.err).startswith("casebook: ")


def test_a_failed_restore_loses_nothing(
    cb: CLI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Disk full while restoring a backup: exit 1, and the next run can still restore it."""
    cb.ok("import", str(write_doc(tmp_path / "a.txt", record("Acme", "Only In The Backup"))))
    expected = cb.articles()
    catalog = cb.data_dir / "catalog.json"
    catalog.write_bytes(b"garbage")

    def full(path: Path, data: bytes) -> None:
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as m:
        m.setattr(recovery, "atomic_write", full)
        m.setattr(storage, "atomic_write", full)
        result = cb("list", "--json")
    assert (result.code, result.out) == (1, "")
    one_line(result.err)

    result = cb("list", "--json")
    assert result.code == 0, result
    assert json.loads(result.out) == expected


# -- real processes -----------------------------------------------------------------


def test_python_m_tui_runs_the_commands(tmp_path: Path) -> None:
    data = tmp_path / "data"
    version = run_module("--version")
    assert (version.returncode, version.stdout, version.stderr) == (
        0,
        f"casebook {tui.__version__}\n",
        "",
    )

    listed = run_module(
        "--data-dir", str(data), "list", "--unread", "--tag", "ml-systems", "--json"
    )
    assert (listed.returncode, listed.stderr) == (0, "")
    ids = [a["id"] for a in json.loads(listed.stdout)]
    assert len(ids) == 3

    marked = run_module("--data-dir", str(data), "mark", "--read", *ids)
    assert (marked.returncode, marked.stderr) == (0, "")
    again = run_module("--data-dir", str(data), "list", "--read", "--json")
    assert [a["id"] for a in json.loads(again.stdout)] == ids

    from_env = run_module("list", "--read", "--json", CASEBOOK_DATA_DIR=str(data))
    assert [a["id"] for a in json.loads(from_env.stdout)] == ids


def test_real_exit_codes_and_no_tracebacks(tmp_path: Path) -> None:
    bad = tmp_path / "notes.txt"
    bad.write_text("Acme\nBroken\nA summary.\ngeneral\nAcme\n", encoding="utf-8")
    damaged = tmp_path / "damaged"
    damaged.mkdir()
    (damaged / "state.json").write_text("not json", encoding="utf-8")
    weird = tmp_path / "weird"
    (weird / "catalog.json").mkdir(parents=True)

    cases: list[tuple[tuple[str, ...], int, Callable[[str], bool]]] = [
        (("import", str(bad)), 2, lambda line: line == BAD_LINE_5.format(path=bad)),
        (("frobnicate",), 2, lambda line: line.startswith("casebook")),
        (("list", "--read", "--unread"), 2, lambda line: line.startswith("casebook list")),
        (("mark", "--read", "ffff0000ffff"), 2, lambda line: "ffff0000ffff" in line),
    ]
    for argv, code, check in cases:
        proc = run_module("--data-dir", str(tmp_path / "data"), *argv)
        assert (proc.returncode, proc.stdout) == (code, ""), (argv, proc)
        assert check(one_line(proc.stderr)), (argv, proc.stderr)

    for data_dir, mentioned in ((damaged, str(damaged / "state.json")), (weird, "casebook: ")):
        proc = run_module("--data-dir", str(data_dir), "list")
        assert (proc.returncode, proc.stdout) == (1, ""), proc
        assert mentioned in one_line(proc.stderr)


# -- packaging ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Builds the wheel like `pip install .` would (offline when hatchling is installed)."""
    out = tmp_path_factory.mktemp("wheel")
    try:
        import hatchling  # noqa: F401

        isolation = ["--no-build-isolation"]
    except ImportError:
        isolation = []  # pip fetches hatchling, exactly as `pip install .` does
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", *isolation, "-w", str(out), str(ROOT)],
        cwd=out,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    (built,) = out.glob("casebook-*.whl")
    return built


def test_the_wheel_bundles_the_seeds_and_the_console_script(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        assert "tui/_seeds/netflix.txt" in names
        assert zf.read("tui/_seeds/netflix.txt") == SEED_FILE.read_bytes()
        (entry_points,) = [n for n in names if n.endswith(".dist-info/entry_points.txt")]
        text = zf.read(entry_points).decode()
    section = text.split("[console_scripts]", 1)[1]
    assert re.search(r"^casebook\s*=\s*tui\.cli:main\s*$", section, re.MULTILINE), text


def test_a_non_editable_install_finds_the_bundled_seeds(wheel: Path, tmp_path: Path) -> None:
    target, elsewhere = tmp_path / "site", tmp_path / "cwd"
    elsewhere.mkdir()
    proc = subprocess.run(
        [*PIP_INSTALL, "--target", str(target), str(wheel)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    env = {k: v for k, v in os.environ.items() if k != "CASEBOOK_DATA_DIR"}
    env["PYTHONPATH"] = str(target)  # ahead of the checkout's editable install
    where = subprocess.run(
        [sys.executable, "-c", "import tui.core.paths as p; print(p.seeds_dir())"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert Path(where.stdout.strip()).resolve() == (target / "tui" / "_seeds").resolve(), where
    listed = subprocess.run(
        [sys.executable, "-m", "tui", "--data-dir", str(tmp_path / "data"), "list", "--json"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )
    assert (listed.returncode, listed.stderr) == (0, "")
    assert [a["title"] for a in json.loads(listed.stdout)] == seed_titles()


# -- a friendlier command line (issue 12) and shell completion (issue 11) --------


def global_dests() -> dict[str, str]:
    """dest -> first option string of every global option, read from the one definition."""
    probe = argparse.ArgumentParser(add_help=False)
    cli.add_global_options(probe, top_level=True)
    return {a.dest: a.option_strings[0] for a in probe._actions}


def test_every_command_takes_every_global_option_without_a_default_of_its_own() -> None:
    """Structural, so commands added later are covered: a command's parser must never set a
    default for a global option, or it would overwrite the value given before the command."""
    parser = cli.build_parser()
    commands = parser.commands()
    assert {"import", "list", "mark", "completion"} <= set(commands)
    assert global_dests()["data_dir"] == "--data-dir"
    top_level = {a.dest for a in parser._actions if a.option_strings} - {"help", "version"}
    assert top_level == set(global_dests()), "a top-level option must be added as a global one"
    for name, sub in commands.items():
        for dest, option in global_dests().items():
            assert option in sub.options(), name
            assert sub.get_default(dest) == argparse.SUPPRESS, name
        assert f"{option} " in sub.format_help(), name  # and --help shows it
    for dest in global_dests():
        assert parser.get_default(dest) is None


def test_a_command_added_later_gets_global_options_suggestions_and_completion(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """What a branch does when it adds a command (as feeds did): one add_parser call."""
    parser = cli.build_parser()
    (commands,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    bundles = commands.add_parser("bundles", help="list your bundles")
    bundles.add_argument("--all", action="store_true", help="every bundle")

    assert cli.parse(parser, ["--data-dir", "A", "bundles", "--all"]).data_dir == "A"
    assert cli.parse(parser, ["bundles", "--data-dir", "B"]).data_dir == "B"
    assert cli.parse(parser, ["--data-dir", "A", "bundles"]).data_dir == "A"  # not clobbered
    assert cli.parse(parser, ["bundles"]).data_dir is None
    with pytest.raises(cli.UsageError) as typo:
        cli.parse(parser, ["bundles", "--alll"])
    assert str(typo.value) == (
        "casebook bundles: unknown option '--alll'; did you mean --all? "
        "(see 'casebook bundles --help')"
    )
    with pytest.raises(cli.UsageError) as wrong:
        cli.parse(parser, ["bundels"])
    assert "did you mean bundles? (see 'casebook bundles --help')" in str(wrong.value)
    assert "--data-dir DIR" in bundles.format_help()
    assert "bundles" in shtab.complete(parser, "bash")


@pytest.mark.parametrize(
    "argv",
    [
        ("--data-dir", "{d}", "list", "--json"),
        ("list", "--data-dir", "{d}", "--json"),
        ("list", "--json", "--data-dir", "{d}"),
        ("list", "--json", "--data-dir={d}"),
        ("--data-dir", "{elsewhere}", "list", "--json", "--data-dir", "{d}"),  # the last wins
    ],
)
def test_global_options_before_or_after_the_command(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, argv: tuple[str, ...]
) -> None:
    d, elsewhere = tmp_path / "chosen", tmp_path / "elsewhere"
    result = CLI(capsys, d).raw(*(a.format(d=d, elsewhere=elsewhere) for a in argv))
    assert (result.code, result.err) == (0, "")
    assert [a["title"] for a in json.loads(result.out)] == seed_titles()
    assert (d / "catalog.json").is_file()
    assert not elsewhere.exists() and not (tmp_path / "env-default").exists()


def test_global_options_after_mark_and_import(cb: CLI, tmp_path: Path) -> None:
    d = str(cb.data_dir)
    doc = write_doc(tmp_path / "doc.txt", record("Acme", "After The Command"))
    assert cb.raw("import", str(doc), "--data-dir", d).code == 0
    assert cb.raw("import", "--data-dir", d, str(doc)).out == "added 0, updated 0, unchanged 1\n"
    first = cb.articles()[0]["id"]
    assert cb.raw("mark", first, "--data-dir", d, "--bookmark").code == 0
    assert cb.raw("mark", "--read", first, "--data-dir", d).code == 0
    assert [(a["read"], a["bookmarked"]) for a in cb.articles() if a["id"] == first] == [
        (True, True)
    ]
    assert not (tmp_path / "env-default").exists()


@pytest.mark.parametrize(
    ("argv", "line"),
    [
        (
            ("list", "--unraed"),
            "casebook list: unknown option '--unraed'; did you mean --unread? "
            "(see 'casebook list --help')",
        ),
        (
            ("lsit",),
            "casebook: unknown command 'lsit'; did you mean list? (see 'casebook list --help')",
        ),
        (
            ("mrak", "abcd", "--read"),
            "casebook: unknown command 'mrak'; did you mean mark? (see 'casebook mark --help')",
        ),
        (
            # the unknown option, not the missing --read it caused, is what gets reported
            ("mark", "abcd", "--raed"),
            "casebook mark: unknown option '--raed'; did you mean --read? "
            "(see 'casebook mark --help')",
        ),
        (
            ("list", "--tga=kafka"),
            "casebook list: unknown option '--tga'; did you mean --tag? "
            "(see 'casebook list --help')",
        ),
        (
            ("list", "--json", "--dat-dir", "x"),
            "casebook list: unknown option '--dat-dir'; did you mean --data-dir? "
            "(see 'casebook list --help')",
        ),
        (
            ("--dta-dir", "x", "list"),
            "casebook: unknown option '--dta-dir'; did you mean --data-dir? "
            "(see 'casebook --help')",
        ),
        (
            ("--unread",),
            "casebook: unknown option '--unread'; did you mean 'casebook list --unread'? "
            "(see 'casebook list --help')",
        ),
        (
            ("list", "--version"),
            "casebook list: --version goes before the command: 'casebook --version' "
            "(see 'casebook --help')",
        ),
        (
            ("completion", "bsh"),
            "casebook completion: SHELL cannot be 'bsh'; did you mean bash? "
            "(see 'casebook completion --help')",
        ),
        (
            ("frobnicate",),
            "casebook: unknown command 'frobnicate'; choose from "
            + ", ".join(cli.build_parser().commands())
            + " (see 'casebook --help')",
        ),
        (
            ("list", "stray"),
            "casebook list: unexpected argument 'stray' (see 'casebook list --help')",
        ),
        (
            ("list", "--zzzzzz"),
            "casebook list: unknown option '--zzzzzz' (see 'casebook list --help')",
        ),
    ],
)
def test_a_mistake_suggests_the_closest_and_names_that_commands_help(
    cb: CLI, argv: tuple[str, ...], line: str
) -> None:
    assert cb.usage_error(*argv) == line
    assert not cb.data_dir.exists()  # nothing ran


def test_a_suggestion_is_one_line_and_exit_2_in_a_real_process(tmp_path: Path) -> None:
    proc = run_module("--data-dir", str(tmp_path / "d"), "list", "--bookmraked")
    assert (proc.returncode, proc.stdout) == (2, "")
    assert one_line(proc.stderr) == (
        "casebook list: unknown option '--bookmraked'; did you mean --bookmarked? "
        "(see 'casebook list --help')"
    )


def test_abbreviated_options_still_work(cb: CLI) -> None:
    assert cb.articles("--bookm") == []  # argparse's unique prefixes are not "unknown"
    assert len(cb.titles("--unr")) == len(seed_titles())


def test_a_prefix_shorter_than_4_says_so(cb: CLI) -> None:
    ids = [a["id"] for a in cb.articles()]
    line = cb.usage_error("mark", ids[0], ids[1][:3], "--read")
    assert line == (
        f"casebook mark: id prefix '{ids[1][:3]}' is too short: use at least 4 characters; "
        "nothing was changed"
    )
    assert cb.articles("--read") == []


def test_mark_help_describes_each_flag(cb: CLI) -> None:
    out = cb.ok("mark", "--help")
    for flag in ("--read", "--unread", "--bookmark", "--unbookmark", "--data-dir"):
        assert re.search(rf"^  {flag}\b\S*\s+\w+", out, re.MULTILINE), (flag, out)
    assert "at least 4 characters" in out


@pytest.fixture
def companies(cb: CLI, tmp_path: Path) -> CLI:
    doc = write_doc(
        tmp_path / "companies.txt",
        record("Zalando SE", "Zalando One", tags="kafka"),
        record("Zalando Payments", "Zalando Two", tags="kafka-streams"),
        record("Booking.com", "Booking One", tags="search"),
        record("SE Ranking", "Ranking One", tags="seo"),
        record("Zalandoo", "Not Zalando", tags="general"),
    )
    cb.ok("import", str(doc))
    return cb


@pytest.mark.parametrize(
    ("filters", "titles"),
    [
        (("--company", "zalando"), ["Zalando One", "Zalando Two"]),
        (("--company", "ZALANDO SE"), ["Zalando One"]),
        (("--company", "  zalando   payments "), ["Zalando Two"]),
        (("--company", "booking"), ["Booking One"]),
        (("--company", "booking.com"), ["Booking One"]),
        (("--company", "se"), ["Ranking One"]),  # 'SE Ranking' starts with it; 'Zalando SE' not
        (("--company", "zalandoo"), ["Not Zalando"]),
        (("--tag", "KAFKA"), ["Zalando One"]),  # a whole tag: not kafka-streams
        (("--tag", "Kafka-Streams"), ["Zalando Two"]),
        (("--tag", "kafka", "--company", "Zalando"), ["Zalando One"]),
    ],
)
def test_tag_and_company_match_ignoring_case(
    companies: CLI, filters: tuple[str, ...], titles: list[str]
) -> None:
    assert companies.titles(*filters) == titles


@pytest.mark.parametrize(
    ("filters", "message"),
    [
        (("--tag", "kafak"), "casebook: no tag 'kafak'; did you mean 'kafka'?"),
        (("--tag", "Kafak"), "casebook: no tag 'Kafak'; did you mean 'kafka'?"),
        (("--tag", "zzzzzz"), "casebook: no tag 'zzzzzz'"),
        (("--company", "zalandp"), "casebook: no company 'zalandp'; did you mean 'Zalando'?"),
        (("--company", "bokking"), "casebook: no company 'bokking'; did you mean 'Booking.com'?"),
        (("--company", "qqqqqq"), "casebook: no company 'qqqqqq'"),
        (("--company", "zal"), "casebook: no company 'zal'; did you mean 'Zalando'?"),
        (("--tag", "kafak", "--unread"), "casebook: no tag 'kafak'; did you mean 'kafka'?"),
        (
            ("--company", "zalando sf"),
            "casebook: no company 'zalando sf'; did you mean 'Zalando SE'?",
        ),
    ],
)
def test_a_value_matching_nothing_says_what_is_close_and_exits_0(
    companies: CLI, filters: tuple[str, ...], message: str
) -> None:
    result = companies("list", *filters, "--json")
    assert (result.code, result.out) == (0, "[]\n")
    assert one_line(result.err) == message
    table = companies("list", *filters)
    assert table.code == 0 and "0 articles" in table.out and one_line(table.err) == message


def test_an_existing_value_that_other_filters_empty_is_not_reported(companies: CLI) -> None:
    assert companies.articles("--tag", "kafka", "--read") == []  # ok() asserts stderr is empty


def test_list_help_says_how_values_match(cb: CLI) -> None:
    out = " ".join(cb.ok("list", "--help").split())
    assert "ignoring case" in out and "whole words" in out and "'zal' does not" in out


def stdin_bytes(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def test_import_dash_reads_standard_input(cb: CLI, monkeypatch: pytest.MonkeyPatch) -> None:
    doc = record("Acme", "From A Pipe") + "\n" + record("Acme", "Also Piped", tags="kafka")
    stdin_bytes(monkeypatch, b"\xef\xbb\xbf" + doc.encode())
    assert cb.ok("import", "-") == "added 2, updated 0, unchanged 0\n"
    assert {"From A Pipe", "Also Piped"} <= set(cb.titles())


def test_import_dash_with_files_is_still_all_or_nothing(
    cb: CLI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = write_doc(tmp_path / "good.txt", record("Acme", "Good File"))
    bad = "Acme\nBroken\nSummary.\nkafka\nAcme\n"
    stdin_bytes(monkeypatch, bad.encode())
    line = cb.usage_error("import", str(good), "-")
    assert line == BAD_LINE_5.format(path="<stdin>")
    assert "Good File" not in cb.titles()
    stdin_bytes(monkeypatch, record("Acme", "Piped Too").encode())
    assert cb.ok("import", "-", str(good)) == "added 2, updated 0, unchanged 0\n"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "casebook: <stdin>: the file is empty"),
        (b"Acme\n\xff\n", "casebook: <stdin>:2: not UTF-8 text (byte 0xff cannot be decoded)"),
    ],
)
def test_import_dash_errors_name_stdin(
    cb: CLI, monkeypatch: pytest.MonkeyPatch, data: bytes, expected: str
) -> None:
    stdin_bytes(monkeypatch, data)
    assert cb.usage_error("import", "-") == expected


def test_import_dash_twice_is_a_usage_error(cb: CLI, monkeypatch: pytest.MonkeyPatch) -> None:
    stdin_bytes(monkeypatch, record("Acme", "Once").encode())
    assert "only once" in cb.usage_error("import", "-", "-")
    assert not cb.data_dir.exists()


def test_import_dash_in_a_real_pipe(tmp_path: Path) -> None:
    data = tmp_path / "d"
    proc = subprocess.run(
        [sys.executable, "-m", "tui", "import", "-", "--data-dir", str(data)],
        input=record("Acme", "Über Den Pipe"),
        env=subprocess_env(),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )
    assert (proc.returncode, proc.stdout, proc.stderr) == (
        0,
        "added 1, updated 0, unchanged 0\n",
        "",
    )
    listed = run_module("list", "--company", "acme", "--json", "--data-dir", str(data))
    assert [a["title"] for a in json.loads(listed.stdout)] == ["Über Den Pipe"]


def test_import_dash_from_a_terminal_says_how_to_end_the_document(tmp_path: Path) -> None:
    leader, follower = os.openpty()
    try:
        proc = subprocess.Popen(
            [sys.executable, "-m", "tui", "import", "-", "--data-dir", str(tmp_path / "d")],
            stdin=follower,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=subprocess_env(),
            text=True,
        )
        os.write(leader, record("Acme", "Typed At A Terminal").encode() + b"\x04")  # Ctrl-D
        out, err = proc.communicate(timeout=60)
    finally:
        os.close(leader)
        os.close(follower)
    assert (proc.returncode, out) == (0, "added 1, updated 0, unchanged 0\n")
    assert one_line(err) == "casebook: reading a document from the terminal; end it with Ctrl-D"


@pytest.mark.parametrize("command", ["list", "mark", "import", "completion", None])
def test_help_is_drawn_by_rich_argparse(tmp_path: Path, command: str | None) -> None:
    argv = [*([command] if command else []), "--help"]
    colour = run_module(*argv, FORCE_COLOR="1", COLUMNS="100")
    assert colour.returncode == 0 and "\x1b[" in colour.stdout  # styled by rich
    for env in ({}, {"NO_COLOR": "1", "FORCE_COLOR": "1"}, {"TERM": "dumb"}):
        plain = run_module(*argv, COLUMNS="100", **env)
        assert (plain.returncode, plain.stderr) == (0, ""), env
        assert "\x1b[" not in plain.stdout, env
        assert plain.stdout.startswith(f"usage: casebook{' ' + command if command else ''} ")
        assert "--data-dir DIR" in plain.stdout


# -- shell completion ---------------------------------------------------------------


def completion_script(cb: CLI, shell: str) -> str:
    result = cb.raw("completion", shell)
    assert (result.code, result.err) == (0, "")
    return result.out


def bash_complete(script: Path, *words: str) -> list[str]:
    """What bash offers for `casebook WORDS...` (the last word is the one being completed)."""
    quoted = " ".join(shlex.quote(w) for w in ("casebook", *words))
    program = (
        f"source {shlex.quote(str(script))}\n"
        f"COMP_WORDS=({quoted}); COMP_CWORD={len(words)}\n"
        f'COMP_LINE="${{COMP_WORDS[*]}}"; COMP_POINT=${{#COMP_LINE}}\n'
        '_shtab_casebook casebook "${COMP_WORDS[COMP_CWORD]}"\n'
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    proc = subprocess.run(
        ["bash", "--norc", "--noprofile", "-c", program],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert proc.returncode == 0, proc.stderr
    return sorted(set(proc.stdout.split()))


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_bash_completion_completes_commands_options_and_choices(cb: CLI, tmp_path: Path) -> None:
    script = tmp_path / "casebook.bash"
    script.write_text(completion_script(cb, "bash"), encoding="utf-8")
    commands = sorted(cli.build_parser().commands())
    assert bash_complete(script, "") == commands  # every command, including future ones
    assert bash_complete(script, "li") == ["list"]
    assert bash_complete(script, "list", "--un") == ["--unread"]
    assert bash_complete(script, "list", "--data-dir", "/tmp", "--bo") == ["--bookmarked"]
    assert bash_complete(script, "mark", "abcd", "--unb") == ["--unbookmark"]
    assert bash_complete(script, "completion", "") == ["bash", "fish", "zsh"]
    assert "--data-dir" in bash_complete(script, "import", "--")
    (tmp_path / "somedir").mkdir()
    (tmp_path / "somefile").write_text("x")
    dirs = bash_complete(script, "list", "--data-dir", f"{tmp_path}/some")
    assert dirs == [f"{tmp_path}/somedir"]
    files = bash_complete(script, "import", f"{tmp_path}/some")
    assert files == [f"{tmp_path}/somedir", f"{tmp_path}/somefile"]


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_every_shell_gets_every_command_and_option(cb: CLI, shell: str) -> None:
    script = completion_script(cb, shell)
    parser = cli.build_parser()
    for name, sub in parser.commands().items():
        assert name in script
        for option in sub.options():
            if shell == "fish":  # complete -l help / -s h
                option = f"-l {option[2:]}" if option.startswith("--") else f"-s {option[1:]}"
            assert option in script, (shell, name, option)
    assert {"bash": "complete -", "zsh": "#compdef casebook", "fish": "complete -c casebook"}[
        shell
    ] in script
    if shell != "bash":  # commands are described by their one-line help, not --help's text
        assert "import documents (all files or none)" in script
        assert "--tag matches a whole tag" not in script
    assert not cb.data_dir.exists()  # no store is opened to print a script


# -- the README's examples ----------------------------------------------------------


def readme_command_line_section() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return text.split("## The command line", 1)[1].split("\n## ", 1)[0]


def code_blocks(section: str, lang: str = "[a-z]*") -> list[str]:
    return re.findall(rf"^```{lang}\n(.*?)^```", section, re.MULTILINE | re.DOTALL)


def test_the_readme_examples_work_on_the_bundled_articles(cb: CLI) -> None:
    """Every `casebook ...` line in the command-line section's sh blocks, in order, on a
    fresh store; the one pipeline is run as the shell would (jq and xargs by hand)."""
    lines = [
        line
        for block in code_blocks(readme_command_line_section(), "sh")
        for line in block.splitlines()
        if line.startswith("casebook ") and ">" not in line  # not the completion installs
    ]
    assert len(lines) >= 5
    pipe = " | jq -r '.[].id' | xargs -r casebook "
    for line in lines:
        if pipe in line:
            left, right = line.split(pipe)
            ids = [a["id"] for a in json.loads(cb.ok(*shlex.split(left)[1:]))]
            assert ids, line
            cb.ok(*shlex.split(right), *ids)
            assert json.loads(cb.ok(*shlex.split(left)[1:])) == []
            continue
        argv = shlex.split(line)[1:]
        out = cb.ok(*argv, "--data-dir", str(cb.data_dir))  # the README's own dir is overridden
        if argv[0] == "list":
            assert "--json" not in argv or json.loads(out), line
            assert "--json" in argv or not out.rstrip().endswith(
                "\n0 articles (● unread, ★ bookmarked)"
            ), line


def test_the_readme_transcripts_are_what_casebook_prints(cb: CLI) -> None:
    section = readme_command_line_section()
    transcripts = [b for b in code_blocks(section) if b.startswith("$ casebook")]
    assert transcripts
    for block in transcripts:
        for command, expected in re.findall(r"^\$ (casebook .*)\n((?:[^$].*\n)*)", block, re.M):
            result = cb(*shlex.split(command)[1:])
            assert result.out + result.err == expected, command
    no_match = re.search(r"`(casebook: no tag '\w+'; did you mean '[\w-]+'\?)`", section)
    assert no_match, "the README shows a 'did you mean' for --tag"
    typo = re.search(r"no tag '(\w+)'", no_match.group(1))
    assert typo
    result = cb("list", "--tag", typo.group(1))
    assert one_line(result.err) == no_match.group(1)
