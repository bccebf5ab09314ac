"""Ownership and modes: the owner is never locked out of their own store.

README "Your data": a rewrite keeps the file's owner, group and mode; a new file follows
the umask and belongs to the data directory's owner. The issue's case is run for real:
``nobody`` owns a store, root (``sudo casebook mark``) writes to it, and ``nobody`` can
still read and write it. Processes drop privileges with subprocess's ``user=``/``group=``,
so these tests need root (CI containers run as root); the umask tests run as anyone.
"""

from __future__ import annotations

import functools
import json
import os
import pwd
import shutil
import site
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.workers.harness import WORKERS, Lines, cleanup

ROOT = Path(__file__).resolve().parent.parent
STORE_FILES = ("catalog.json", "catalog.json.bak", "state.json", "state.json.bak")
LOCK_FILES = ("catalog.json.lock", "state.json.lock")


def _nobody() -> tuple[int, int] | None:
    try:
        entry = pwd.getpwnam("nobody")
    except KeyError:
        return None
    return entry.pw_uid, entry.pw_gid


NOBODY = _nobody()
IS_ROOT = os.geteuid() == 0


def _env() -> dict[str, str]:
    """The project and its installed dependencies importable by any interpreter of this
    version (the venv's python may live under a home only root can enter)."""
    paths = [str(ROOT), *site.getsitepackages()]
    env = {k: v for k, v in os.environ.items() if k != "CASEBOOK_DATA_DIR"}
    env.update(PYTHONPATH=os.pathsep.join(paths), HOME=tempfile.gettempdir(), PYTHONNOUSERSITE="1")
    return env


@functools.cache
def nobody_python() -> str | None:
    """An interpreter ``nobody`` may run that can import casebook, or None."""
    if not IS_ROOT or NOBODY is None:
        return None
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    candidates = [sys.executable, os.path.realpath(sys.executable)]
    candidates += [f"{d}/python{version}" for d in ("/usr/bin", "/usr/local/bin")]
    for python in dict.fromkeys(candidates):
        try:
            probe = subprocess.run(
                [python, "-c", "import tui.cli, orjson, tinydb, filelock, platformdirs, rich"],
                user=NOBODY[0], group=NOBODY[1], extra_groups=[], env=_env(),
                capture_output=True, timeout=60, cwd="/",
            )  # fmt: skip
        except OSError:
            continue
        if probe.returncode == 0:
            return python
    return None


needs_nobody = pytest.mark.skipif(
    not IS_ROOT or NOBODY is None, reason="needs root and a 'nobody' user to drop privileges"
)


def cli(
    data: Path, *args: str, as_nobody: bool = False, umask: int = 0o022
) -> subprocess.CompletedProcess[str]:
    """``casebook --data-dir DATA ARGS`` as this user or as ``nobody``, with ``umask``."""
    python = sys.executable
    extra: dict[str, Any] = {}
    if as_nobody:
        found = nobody_python()
        if found is None:
            pytest.skip("no Python interpreter that 'nobody' may run")
        assert NOBODY is not None
        python, extra = found, {"user": NOBODY[0], "group": NOBODY[1], "extra_groups": []}
    return subprocess.run(
        [python, "-m", "tui", "--data-dir", str(data), *args],
        capture_output=True, text=True, encoding="utf-8", timeout=60,
        env=_env(), cwd="/", umask=umask, **extra,
    )  # fmt: skip


def ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result
    return result.stdout


def owners(data: Path, names: tuple[str, ...]) -> dict[str, tuple[int, int, str]]:
    out = {}
    for name in names:
        st = (data / name).stat()
        out[name] = (st.st_uid, st.st_gid, stat.filemode(st.st_mode))
    return out


def ids(data: Path) -> list[str]:
    return [a["id"] for a in json.loads(ok(cli(data, "list", "--json")))]


@pytest.fixture
def nobody_dir() -> Iterator[Path]:
    """A directory owned by nobody, outside pytest's root-only temp tree."""
    assert NOBODY is not None
    top = Path(tempfile.mkdtemp(prefix="casebook-owner-"))
    try:
        os.chmod(top, 0o755)
        data = top / "data"
        data.mkdir()
        os.chown(data, *NOBODY)
        yield data
    finally:
        shutil.rmtree(top)


# -- new files follow the umask (any user) ------------------------------------------


@pytest.mark.parametrize("umask", [0o027, 0o002, 0o077])
def test_new_files_follow_the_umask(tmp_path: Path, umask: int) -> None:
    data = tmp_path / "data"
    data.mkdir()
    first = ids(data)[0]  # creates the catalogue and the lock files with umask 022
    for name in LOCK_FILES:
        (data / name).unlink()
    ok(cli(data, "mark", first, "--read", umask=umask))
    want = stat.filemode(stat.S_IFREG | (0o666 & ~umask))
    for name in ("state.json", "state.json.bak", "state.json.lock"):
        assert stat.filemode((data / name).stat().st_mode) == want, name


def test_a_rewrite_keeps_a_mode_the_user_chose(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    first, second = ids(data)[:2]
    ok(cli(data, "mark", first, "--read"))
    for name in ("state.json", "state.json.bak"):
        (data / name).chmod(0o640)
    ok(cli(data, "mark", second, "--read", umask=0o077))
    for name in ("state.json", "state.json.bak"):
        assert stat.filemode((data / name).stat().st_mode) == "-rw-r-----", name


# -- root writing to the owner's store --------------------------------------------


@needs_nobody
def test_root_writing_to_the_owners_store_keeps_owner_group_and_mode(nobody_dir: Path) -> None:
    data = nobody_dir
    listed = json.loads(ok(cli(data, "list", "--json", as_nobody=True, umask=0o077)))
    a, b, c = (x["id"] for x in listed[:3])
    ok(cli(data, "mark", a, "--read", as_nobody=True, umask=0o077))
    before = owners(data, STORE_FILES + LOCK_FILES)
    assert {v[:2] for v in before.values()} == {NOBODY}
    assert {v[2] for v in before.values()} == {"-rw-------"}

    ok(cli(data, "mark", b, "--read"))  # root, umask 022
    ok(cli(data, "mark", c, "--bookmark"))
    (data / "catalog.json").write_bytes((data / "catalog.json").read_bytes())  # keeps owner
    assert owners(data, STORE_FILES + LOCK_FILES) == before

    ok(cli(data, "mark", a, "--unread", as_nobody=True))  # the owner is not locked out
    state = {x["id"]: x for x in json.loads(ok(cli(data, "list", "--json", as_nobody=True)))}
    assert (state[a]["read"], state[b]["read"], state[c]["bookmarked"]) == (False, True, True)
    assert owners(data, STORE_FILES + LOCK_FILES) == before


@needs_nobody
def test_files_root_creates_in_the_owners_store_belong_to_the_owner(nobody_dir: Path) -> None:
    data = nobody_dir
    first = json.loads(ok(cli(data, "list", "--json", as_nobody=True)))[0]["id"]
    for name in LOCK_FILES:  # safe to delete when no casebook runs (README)
        (data / name).unlink()
    assert not (data / "state.json").exists()

    ok(cli(data, "mark", first, "--bookmark", umask=0o027))  # root creates the state file
    made = owners(data, ("state.json", "state.json.bak", *LOCK_FILES))
    assert {v[:2] for v in made.values()} == {NOBODY}
    assert {v[2] for v in made.values()} == {"-rw-r-----"}
    ok(cli(data, "mark", first, "--read", as_nobody=True))


@needs_nobody
def test_a_lock_file_root_left_behind_is_given_back(nobody_dir: Path) -> None:
    """A store touched by an older casebook as root has root-owned 0644 lock files."""
    data = nobody_dir
    first = json.loads(ok(cli(data, "list", "--json", as_nobody=True)))[0]["id"]
    for name in LOCK_FILES:
        os.chown(data / name, 0, 0)
    ok(cli(data, "mark", first, "--read"))  # root again, now the current casebook
    assert {v[:2] for v in owners(data, LOCK_FILES).values()} == {NOBODY}
    ok(cli(data, "mark", first, "--unread", as_nobody=True))


@needs_nobody
def test_root_never_gives_away_a_file_planted_as_a_lock_file(nobody_dir: Path) -> None:
    """A hard link to someone else's file in place of a lock file keeps its owner."""
    data = nobody_dir
    first = json.loads(ok(cli(data, "list", "--json", as_nobody=True)))[0]["id"]
    secret = data.parent / "secret"
    secret.write_text("root's")
    secret.chmod(0o600)
    (data / "state.json.lock").unlink()
    os.link(secret, data / "state.json.lock")
    ok(cli(data, "mark", first, "--read"))  # root
    st = secret.stat()
    assert (st.st_uid, st.st_gid, stat.S_IMODE(st.st_mode)) == (0, 0, 0o600)
    assert secret.read_text() == "root's"


class Shell:
    """tests/workers/store_shell.py as nobody: a Store held open, as by the owner's app."""

    def __init__(self, proc: subprocess.Popen[bytes]) -> None:
        self.proc, self.lines, self.seen = proc, Lines(proc), 0
        assert self.next_line() == "ready"

    def next_line(self) -> str:
        self.seen += 1
        return self.lines.wait_for(self.seen, timeout=30)[self.seen - 1]

    def ask(self, command: str) -> dict[str, Any]:
        assert self.proc.stdin is not None
        self.proc.stdin.write(command.encode() + b"\n")
        self.proc.stdin.flush()
        reply: dict[str, Any] = json.loads(self.next_line())
        return reply


def nobody_shell(data: Path) -> subprocess.Popen[bytes]:
    python = nobody_python()
    if python is None:
        pytest.skip("no Python interpreter that 'nobody' may run")
    assert NOBODY is not None
    return subprocess.Popen(
        [python, str(WORKERS / "store_shell.py"), str(data)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        env=_env(), cwd="/", user=NOBODY[0], group=NOBODY[1], extra_groups=[],
    )  # fmt: skip


@needs_nobody
def test_the_owners_open_store_follows_roots_writes_and_keeps_writing(nobody_dir: Path) -> None:
    data = nobody_dir
    a, b = ids(data)[:2]
    for name in STORE_FILES[:2] + LOCK_FILES:
        os.chown(data / name, *NOBODY)
    with cleanup([nobody_shell(data)]) as procs:
        shell = Shell(procs[0])
        assert shell.ask("read " + a) == {"ok": True}
        ok(cli(data, "mark", b, "--bookmark"))  # root
        assert shell.ask("refresh") == {"ok": True, "changed": True}
        assert shell.ask("bookmark " + a) == {"ok": True}
        assert shell.ask("state") == {"ok": True, "read": [a], "bookmarked": sorted([a, b])}


@needs_nobody
def test_a_state_file_made_unreadable_under_an_open_store_is_a_store_error(
    nobody_dir: Path,
) -> None:
    """The issue's case for real: state.json replaced by a file the owner cannot read,
    while the owner's store is open; the poll reports a StoreError, every time, and
    recovers once the file is readable again."""
    data = nobody_dir
    a = ids(data)[0]
    for name in STORE_FILES[:2] + LOCK_FILES:
        os.chown(data / name, *NOBODY)
    with cleanup([nobody_shell(data)]) as procs:
        shell = Shell(procs[0])
        assert shell.ask("read " + a) == {"ok": True}
        state = data / "state.json"
        locked = data / "locked.tmp"
        locked.write_bytes(state.read_bytes())
        locked.chmod(0o600)  # root:root 0600
        os.replace(locked, state)
        for _ in range(2):
            reply = shell.ask("refresh")
            assert reply["ok"] is False and reply["store_error"] is True, reply
            assert str(state) in reply["error"] and "Permission denied" in reply["error"]
        os.chown(state, *NOBODY)
        assert shell.ask("refresh") == {"ok": True, "changed": True}
        assert shell.ask("state") == {"ok": True, "read": [a], "bookmarked": []}


@needs_nobody
def test_a_data_dir_the_user_may_not_enter_is_one_line(nobody_dir: Path) -> None:
    data = nobody_dir
    ok(cli(data, "list"))
    os.chown(data, 0, 0)
    data.chmod(0o700)
    for argv in (("list",), ("mark", "0000", "--read")):
        result = cli(data, *argv, as_nobody=True)
        assert result.returncode == 1, result
        assert "Traceback" not in result.stderr and result.stderr.count("\n") == 1
        assert result.stderr.startswith("casebook: ") and "Permission denied" in result.stderr


def _read_only_bind_works() -> bool:
    if not IS_ROOT or shutil.which("unshare") is None:
        return False
    probe = subprocess.run(
        ["unshare", "-m", "sh", "-c", "mount --bind -o ro /tmp /tmp"],
        capture_output=True, timeout=30,
    )  # fmt: skip
    return probe.returncode == 0


@pytest.mark.skipif(not _read_only_bind_works(), reason="needs root and mount namespaces")
def test_a_read_only_filesystem_reads_and_refuses_writes_in_one_line(tmp_path: Path) -> None:
    """A real read-only bind mount, in a private mount namespace (gone when the command ends)."""
    data = tmp_path / "data"
    data.mkdir()
    first = ids(data)[0]
    ok(cli(data, "mark", first, "--read"))
    before = {p.name: p.read_bytes() for p in data.iterdir()}

    def read_only(*argv: str) -> subprocess.CompletedProcess[str]:
        script = 'mount --bind -o ro "$1" "$1" && shift && exec "$@"'
        command = [sys.executable, "-m", "tui", "--data-dir", str(data), *argv]
        return subprocess.run(
            ["unshare", "-m", "sh", "-c", script, "sh", str(data), *command],
            capture_output=True, text=True, encoding="utf-8", timeout=60, env=_env(),
        )  # fmt: skip

    listed = json.loads(ok(read_only("list", "--json")))
    assert [x["read"] for x in listed if x["id"] == first] == [True]
    result = read_only("mark", first, "--unread")
    assert result.returncode == 1, result
    lock = data / "state.json.lock"
    assert result.stderr == f"casebook: could not lock {lock} (Read-only file system)\n"
    assert {p.name: p.read_bytes() for p in data.iterdir()} == before
