"""The command line in a hostile environment: odd output encodings, empty or wrong data dirs.

Real subprocesses: the output encoding is fixed when the interpreter starts, and only a
real process shows what a shell sees (exit code, one line on stderr, no traceback).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NON_ASCII = "Zürich Œuvre — “quoted” ● ★ 東京 🚀"


def run(*args: str, home: Path, **env: str) -> subprocess.CompletedProcess[bytes]:
    """``python -m tui ARGS`` with HOME and XDG_DATA_HOME in a temp dir: a default data dir
    (if one is ever used) lands there, never in the user's real library."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("CASEBOOK_", "PYTHONIO"))}
    base.update(
        PYTHONPATH=str(ROOT), HOME=str(home), XDG_DATA_HOME=str(home / "xdg"), COLUMNS="200"
    )
    base.update(env)
    return subprocess.run(
        [sys.executable, "-m", "tui", *args], capture_output=True, env=base, timeout=60
    )


def one_line(err: bytes, encoding: str = "ascii") -> str:
    text = err.decode(encoding.split(":")[0])  # valid in the stream's own encoding
    assert "Traceback" not in text, text
    assert text.endswith("\n") and text.count("\n") == 1, repr(text)
    return text[:-1]


@pytest.fixture
def store(tmp_path: Path) -> Path:
    """A store holding one article whose every field has non-ASCII text."""
    data = tmp_path / "data"
    doc = tmp_path / "doc.txt"
    doc.write_text(f"{NON_ASCII}\n{NON_ASCII} title\n{NON_ASCII}.\nunicode\n4 min\n")
    result = run("--data-dir", str(data), "import", str(doc), home=tmp_path)
    assert result.returncode == 0, result
    return data


ENCODINGS = ["ascii", "latin-1", "ascii:strict", "cp1252"]


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_json_falls_back_to_ascii_escapes(store: Path, tmp_path: Path, encoding: str) -> None:
    utf8 = run("--data-dir", str(store), "list", "--json", home=tmp_path)
    narrow = run(
        "--data-dir", str(store), "list", "--json", home=tmp_path, PYTHONIOENCODING=encoding
    )
    assert narrow.returncode == 0, narrow
    assert narrow.stderr == b""
    narrow.stdout.decode("ascii")  # pure ASCII on the wire (a latin-1 stdout cannot say 東京)
    assert json.loads(narrow.stdout) == json.loads(utf8.stdout.decode("utf-8"))
    assert any(a["title"] == f"{NON_ASCII} title" for a in json.loads(narrow.stdout))


def test_json_stays_utf8_when_stdout_can_encode_it(store: Path, tmp_path: Path) -> None:
    result = run("--data-dir", str(store), "list", "--json", home=tmp_path)
    assert f'"title": "{NON_ASCII} title"'.encode() in result.stdout


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_the_table_replaces_what_the_output_cannot_encode(
    store: Path, tmp_path: Path, encoding: str
) -> None:
    result = run("--data-dir", str(store), "list", home=tmp_path, PYTHONIOENCODING=encoding)
    assert result.returncode == 0, result
    assert result.stderr == b""
    out = result.stdout.decode(encoding.split(":")[0])
    assert "title" in out and "?" in out and "articles (" in out


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_error_messages_with_non_ascii_paths_are_one_line(tmp_path: Path, encoding: str) -> None:
    missing = tmp_path / f"{NON_ASCII}.txt"
    data = tmp_path / "data"
    for argv in (("import", str(missing)), ("mark", "zzzz", "--read")):
        result = run("--data-dir", str(data), *argv, home=tmp_path, PYTHONIOENCODING=encoding)
        assert result.returncode == 2, result
        one_line(result.stderr, encoding)
    not_a_dir = tmp_path / f"{NON_ASCII}-file"
    not_a_dir.write_text("x")
    result = run("--data-dir", str(not_a_dir), "list", home=tmp_path, PYTHONIOENCODING=encoding)
    assert result.returncode == 2, result
    assert one_line(result.stderr, encoding).startswith("casebook: ")


# -- the data directory ----------------------------------------------------------


@pytest.mark.parametrize("value", ["", " "])
@pytest.mark.parametrize("argv", [("list",), ("mark", "abcd", "--read"), ()])
def test_an_empty_data_dir_is_a_usage_error_never_the_real_library(
    tmp_path: Path, value: str, argv: tuple[str, ...]
) -> None:
    """A script's ``--data-dir "$DIR"`` with DIR unset: exit 2, nothing created anywhere
    (the app too: it never starts)."""
    result = run("--data-dir", value, *argv, home=tmp_path)
    assert result.returncode == 2, result
    assert one_line(result.stderr) == (
        "casebook: --data-dir is empty (an unset variable?); give a directory"
    )
    assert not (tmp_path / "xdg").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_an_empty_env_data_dir_means_unset(tmp_path: Path) -> None:
    """As with the XDG variables, an empty $CASEBOOK_DATA_DIR falls back to the default."""
    result = run("list", "--json", home=tmp_path, CASEBOOK_DATA_DIR="")
    assert result.returncode == 0, result
    assert (tmp_path / "xdg" / "casebook" / "catalog.json").is_file()


@pytest.mark.parametrize("via", ["flag", "env"])
def test_a_data_dir_that_is_a_file_is_a_usage_error(tmp_path: Path, via: str) -> None:
    target = tmp_path / "notes.txt"
    target.write_text("keep me")
    argv = ("--data-dir", str(target), "list") if via == "flag" else ("list",)
    env = {"CASEBOOK_DATA_DIR": str(target)} if via == "env" else {}
    result = run(*argv, home=tmp_path, **env)
    assert result.returncode == 2, result
    assert one_line(result.stderr) == f"casebook: {target} is not a directory"
    assert target.read_text() == "keep me"


@pytest.mark.parametrize(
    "args",
    [["list"], ["list", "--json"], ["stats"], ["feeds", "list"], ["export", "--format", "md"]],
    ids=["list", "json", "stats", "feeds", "export"],
)
def test_a_reader_that_closes_the_pipe_is_not_an_error(tmp_path: Path, args: list[str]) -> None:
    """`casebook list | head -1` under `set -o pipefail`: exit 0, nothing on stderr. The read
    end is closed before the child writes, so every write meets EPIPE, not just a late one."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("CASEBOOK_", "PYTHONIO"))}
    base.update(PYTHONPATH=str(ROOT), HOME=str(tmp_path), XDG_DATA_HOME=str(tmp_path / "xdg"))
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "tui", "--data-dir", str(tmp_path / "d"), *args],
            stdout=write_end, stderr=subprocess.PIPE, env=base, timeout=60,
        )
    finally:
        os.close(write_end)
    assert (done.returncode, done.stderr.decode()) == (0, "")


@pytest.mark.parametrize("source", ["file", "stdin"])
def test_an_endless_document_is_refused_at_the_cap(tmp_path: Path, source: str) -> None:
    """`import /dev/zero` (or `... < /dev/zero`) used to read until memory ran out."""
    data = tmp_path / "d"
    assert run("--data-dir", str(data), "list", home=tmp_path).returncode == 0  # seeded
    before = (data / "catalog.json").read_bytes()
    args = ["--data-dir", str(data), "import", "/dev/zero" if source == "file" else "-"]
    with open("/dev/zero", "rb") as zero:
        done = subprocess.run(
            [sys.executable, "-m", "tui", *args], stdin=zero, capture_output=True, timeout=60,
            env={**os.environ, "PYTHONPATH": str(ROOT), "HOME": str(tmp_path)},
        )
    name = "/dev/zero" if source == "file" else "<stdin>"
    assert done.returncode == 2
    assert one_line(done.stderr) == (
        f"casebook: {name}: larger than 256 MiB: split it into several documents"
    )
    assert (data / "catalog.json").read_bytes() == before
