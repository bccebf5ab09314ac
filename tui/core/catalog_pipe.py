"""Decodes a catalogue file in a child process and streams it back in small pieces.

Why a process: ``orjson.loads`` of a 45 MB catalogue (100k articles) is one C call
that holds the GIL for ~160 ms, and the sorts behind the sidebar's tag and company
order and the sort keys hold it for 30-80 ms each; a thread cannot interrupt them,
so the app's keys would wait. The child (``python -m tui.core.catalog_pipe FD PATH
LIMIT``, a fresh interpreter, never a fork of the running app) reads the file the
app opened (the descriptor is inherited, so both see the same inode), parses and
checks it exactly as the store does, and writes it back as length-prefixed JSON
frames of about 256 KB each; decoding one costs the receiver ~1 ms. The receiver
(``receive``) reads them in a worker thread, resting between frames so the UI
thread gets the GIL within a few ms.

Frames, each an orjson array:
``["head", payload]`` the payload with the articles table's ids and columns empty;
``["col", name, values]`` the next values of a column (``"\\0ids"`` for the ids);
``["extra", name, values]`` what the child computed with the same ``Catalog`` code:
tag and company → rows (``[name, rows]`` pairs in the sidebar's order), sort ranks
and orders (see ``reload``);
``["columns"]`` every column is sent (the receiver indexes them while the child
computes the rest);
``["error", message]`` the file is damaged or unreadable: the caller falls back to
the store's own load, which restores a backup or reports it;
``["end"]``.
"""

from __future__ import annotations

import gc
import os
import struct
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import orjson

IDS = "\0ids"
FRAME_BYTES = 256 * 1024  # ~1 ms of orjson.loads in the receiver
GROUP_ROWS = 32_768  # row numbers per frame of tag or company groups (~1 ms to decode)
SORT_KEYS = ("title", "company", "minutes")
_LENGTH = struct.Struct(">I")


class PipeFailed(Exception):
    """The child could not deliver the catalogue; the message says why (for a fallback)."""


# -- the child -------------------------------------------------------------------------
def _send(out: IO[bytes], frame: list[Any]) -> None:
    data = orjson.dumps(frame)
    out.write(_LENGTH.pack(len(data)))
    out.write(data)


def _chunks(values: list[Any]) -> Iterator[list[Any]]:
    """Consecutive slices of about FRAME_BYTES each once encoded."""
    if not values:
        return
    if isinstance(values[0], tuple):  # (name, rows) groups: sized by their rows
        yield from _group_chunks(values)
        return
    sample = values[:64]
    per_item = max(1, len(orjson.dumps(sample)) // len(sample))
    step = max(64, FRAME_BYTES // per_item)
    for start in range(0, len(values), step):
        yield values[start : start + step]


def _group_chunks(groups: list[tuple[str, list[int]]]) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    size = 0
    for group in groups:
        chunk.append(group)
        size += len(group[1]) + 4
        if size >= GROUP_ROWS:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


def _extras(columns: dict[str, list[Any]]) -> Iterator[tuple[str, list[Any]]]:
    """What the receiver would otherwise sort itself, from the catalogue's own code."""
    from tui.core.catalog import Catalog

    catalog = Catalog.from_columns(columns)
    yield "rows_by_tag", list(catalog.rows_by_tag.items())
    yield "rows_by_company", list(catalog.rows_by_company.items())
    yield "title_rank", catalog.title_rank
    yield "company_rank", catalog.company_rank
    for key in SORT_KEYS:
        yield f"order:{key}", catalog.sort_order(key, descending=False)


def serve(fd: int, path: Path, limit: int, out: IO[bytes]) -> None:
    """The child's work: parse ``fd`` as the store would, then stream it to ``out``."""
    from tui.core.catalog import upgrade_catalog
    from tui.core.errors import StoreError
    from tui.core.files import read_fd
    from tui.core.storage import parse_payload
    from tui.core.store import check_catalog

    try:
        payload = parse_payload(read_fd(fd, path, limit), path, "catalog")
        check_catalog(payload)
        upgrade_catalog(payload)
    except (StoreError, ValueError) as exc:
        _send(out, ["error", str(exc)])
        return
    articles = payload["tables"].get("articles")
    columns: dict[str, list[Any]] = {}
    if articles is None or "docs" in articles:  # no table, or rows with differing keys: whole
        _send(out, ["head", payload])
    else:
        ids, columns = articles["ids"], articles["columns"]
        articles["ids"], articles["columns"] = [], {name: [] for name in columns}
        _send(out, ["head", payload])
        for name, values in ((IDS, ids), *columns.items()):
            for chunk in _chunks(values):
                _send(out, ["col", name, chunk])
    _send(out, ["columns"])
    out.flush()
    if columns:
        # All computed before the first is sent: meanwhile the receiver indexes the columns
        # (and does not read the pipe, whose buffer would otherwise stop this process).
        for name, values in list(_extras(columns)):
            for chunk in _chunks(values):
                _send(out, ["extra", name, chunk])
    _send(out, ["end"])
    out.flush()


def main(argv: list[str]) -> int:
    gc.disable()  # a short-lived process: collections over 100k rows would only cost time
    fd, path, limit = int(argv[0]), Path(argv[1]), int(argv[2])
    serve(fd, path, limit, sys.stdout.buffer)
    return 0


# -- the receiver ----------------------------------------------------------------------
@dataclass
class Received:
    payload: dict[str, Any]
    extras: dict[str, list[Any]] = field(default_factory=dict)


def receive(
    fd: int,
    path: Path,
    limit: int,
    rest: Callable[[], None],
    on_columns: Callable[[dict[str, Any]], None] | None = None,
) -> Received:
    """Runs the child on ``fd`` (a descriptor of the catalogue the caller holds) and
    rebuilds the payload; ``rest`` is called between frames (it gives the GIL away),
    ``on_columns`` with the payload once its columns are complete, while the child
    computes the extras.
    Raises PipeFailed if the child reports damage or dies; the caller then loads the
    file itself, which restores or reports exactly as the store always has."""
    command = [sys.executable, "-m", "tui.core.catalog_pipe", str(fd), str(path), str(limit)]
    try:
        child = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,  # the app owns the terminal
            pass_fds=(fd,),
            env={**os.environ, "PYTHONPATH": _import_root()},
        )
    except (OSError, ValueError) as exc:  # ValueError: no pass_fds (not POSIX)
        raise PipeFailed(f"could not start the reader ({exc})") from None
    try:
        assert child.stdout is not None
        return _read_frames(child.stdout, rest, on_columns)
    except (ValueError, KeyError, IndexError, TypeError, OSError) as exc:  # not our frames
        raise PipeFailed(f"the reader sent something unexpected ({exc!r})") from None
    finally:
        if child.stdout is not None:
            child.stdout.close()
        if child.poll() is None:
            child.kill()
        child.wait()


def _import_root() -> str:
    """The directory holding the ``tui`` package, so the child imports this very copy."""
    root = str(Path(__file__).resolve().parents[2])
    inherited = os.environ.get("PYTHONPATH")
    return root if not inherited else os.pathsep.join((root, inherited))


def _read_frames(
    stream: IO[bytes],
    rest: Callable[[], None],
    on_columns: Callable[[dict[str, Any]], None] | None,
) -> Received:
    received: Received | None = None
    columns: dict[str, list[Any]] = {}
    while True:
        head = stream.read(_LENGTH.size)
        if len(head) < _LENGTH.size:
            raise PipeFailed("the reader stopped early")
        (size,) = _LENGTH.unpack(head)
        data = stream.read(size)
        if len(data) < size:
            raise PipeFailed("the reader stopped early")
        frame = orjson.loads(data)
        kind = frame[0]
        if kind == "error":
            raise PipeFailed(str(frame[1]))
        if kind == "head":
            received = Received(frame[1])
            articles = received.payload["tables"].get("articles")
            if articles is not None and "columns" in articles:
                columns = {IDS: articles["ids"], **articles["columns"]}
        elif received is None:
            raise PipeFailed("the reader sent data before its header")
        elif kind == "col":
            columns[frame[1]].extend(frame[2])
        elif kind == "columns":
            if on_columns is not None:
                on_columns(received.payload)
        elif kind == "extra":
            received.extras.setdefault(frame[1], []).extend(frame[2])
        elif kind == "end":
            return received
        rest()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
