"""The store's contact with the operating system: reading and replacing one file safely.

Why by hand: ``tempfile.mkstemp`` always creates 0600 files and ``Path.read_bytes``
reads whatever is there (a FIFO blocks forever, ``/dev/zero`` never ends), while a
store file must be a regular file of bounded size, and a rewrite must keep the
file's owner, group and mode, as editors and package managers do.

* ``read_regular`` opens without blocking, refuses anything but a regular file and
  reads at most ``limit`` bytes;
* ``atomic_write`` writes a temp file created with the umask, gives it the old
  file's owner, group and mode (or, for a new file, the directory's owner and
  group) when the process may, fsyncs it, renames it over the file and fsyncs the
  directory;
* every OS error leaves here as a ``StoreError`` naming the file.
"""

from __future__ import annotations

import errno
import os
import secrets
import stat
from contextlib import suppress
from pathlib import Path

from tui.core.errors import DataDirError, FileAccessError, NotRegularFileError, TooLargeError

MiB = 1 << 20
_READ_FLAGS = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
_CHUNK = 16 * MiB


def temp_prefix(path: Path) -> str:
    return f".{path.name}."


def check_regular(path: Path, st: os.stat_result, limit: int | None = None) -> None:
    """Raises unless ``st`` is a regular file of at most ``limit`` bytes."""
    if not stat.S_ISREG(st.st_mode):
        raise NotRegularFileError(path, st.st_mode)
    if limit is not None and st.st_size > limit:
        raise TooLargeError(path, st.st_size, limit)


def open_regular(path: Path, limit: int) -> tuple[int, os.stat_result] | None:
    """A read-only fd on ``path`` and its stat, if it is a regular file within ``limit``;
    None if it does not exist.

    O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer forever.
    """
    try:
        fd = os.open(path, _READ_FLAGS)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise FileAccessError(path, "read", exc) from None
    try:
        st = os.fstat(fd)
        check_regular(path, st, limit)
    except BaseException as exc:
        os.close(fd)
        if isinstance(exc, OSError):
            raise FileAccessError(path, "read", exc) from None
        raise
    return fd, st


def read_fd(fd: int, path: Path, limit: int) -> bytes:
    """Reads from offset 0 to the end, refusing a file that grew past ``limit`` meanwhile."""
    parts: list[bytes] = []
    size = 0
    try:
        while True:
            part = os.pread(fd, min(_CHUNK, limit + 1 - size), size)
            if not part:
                break
            parts.append(part)
            size += len(part)
            if size > limit:
                raise TooLargeError(path, size, limit)
    except OSError as exc:
        raise FileAccessError(path, "read", exc) from None
    return b"".join(parts)


def read_regular(path: Path, limit: int) -> bytes | None:
    """The bytes of a regular file of at most ``limit`` bytes; None if it does not exist."""
    opened = open_regular(path, limit)
    if opened is None:
        return None
    fd = opened[0]
    try:
        return read_fd(fd, path, limit)
    finally:
        os.close(fd)


def stat_or_none(path: Path) -> os.stat_result | None:
    """``os.stat``; None if missing; any other failure is a StoreError naming the file."""
    try:
        return os.stat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise FileAccessError(path, "read", exc) from None


def _template(path: Path) -> os.stat_result | None:
    """The file a rewrite replaces, whose owner and mode it keeps (None: a new file)."""
    with suppress(OSError):
        st = os.stat(path)
        if stat.S_ISREG(st.st_mode):
            return st
    return None


def adopt_owner(fd: int, uid: int, gid: int) -> None:
    """Gives the file ``uid``:``gid`` when the process may (root may; others only a group
    they belong to); otherwise leaves it as created."""
    st = os.fstat(fd)
    if (st.st_uid, st.st_gid) == (uid, gid):
        return
    try:
        os.fchown(fd, uid, gid)
    except PermissionError:
        with suppress(PermissionError):
            os.fchown(fd, -1, gid)  # a member of the group may still give it the group
    except OSError as exc:
        if exc.errno not in (errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
            raise  # EINVAL/ENOTSUP: a filesystem without owners (FAT, some FUSE)


def _keep_metadata(fd: int, directory: Path, template: os.stat_result | None) -> None:
    if template is None:  # a new file: the umask gave the mode; the directory's owner
        st = os.stat(directory)
        adopt_owner(fd, st.st_uid, st.st_gid)
        return
    adopt_owner(fd, template.st_uid, template.st_gid)
    try:
        os.fchmod(fd, stat.S_IMODE(template.st_mode))
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
            raise


def create_temp(path: Path) -> tuple[int, Path]:
    """Like mkstemp, but the mode follows the umask (mkstemp always makes 0600)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    for _ in range(100):
        tmp = path.with_name(f"{temp_prefix(path)}{secrets.token_hex(4)}.tmp")
        try:
            return os.open(tmp, flags, 0o666), tmp
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temp file name", str(path))


def fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(path: Path, data: bytes) -> None:
    """Temp file, fsync, replace, fsync the directory: a reader sees old or new, never half.

    The new file keeps the old one's owner, group and mode; a file that did not exist
    gets the umask's mode and the directory's owner and group. Raises OSError.
    """
    template = _template(path)
    fd, tmp = create_temp(path)
    try:
        with os.fdopen(fd, "wb") as f:
            _keep_metadata(f.fileno(), path.parent, template)
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with suppress(OSError):
            os.unlink(tmp)
        raise
    fsync_dir(path.parent)


def check_data_dir(directory: Path) -> None:
    """Raises DataDirError if ``directory`` exists but is not a directory (a missing one is
    fine: the store creates it)."""
    st = stat_or_none(directory)
    if st is not None and not stat.S_ISDIR(st.st_mode):
        raise DataDirError(f"{directory} is not a directory")


def prepare_lock_file(path: Path) -> None:
    """Checks a lock file before filelock opens it, and creates a missing one.

    A FIFO, a directory or a symlink there is refused with a clear message. A new lock
    file follows the umask and gets the directory's owner, so a lock file created by root
    in a user's store does not lock that user out; one left by root before is given back.
    """
    try:
        st: os.stat_result | None = os.lstat(path)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise FileAccessError(path, "lock", exc) from None
    if st is not None:
        check_regular(path, st)
        if os.geteuid() != 0:
            return
    try:
        owner = os.stat(path.parent)
        if st is None:
            flags = os.O_RDWR | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
            try:
                fd = os.open(path, flags, 0o666)
            except FileExistsError:  # another process was quicker; filelock opens theirs
                return
            try:
                adopt_owner(fd, owner.st_uid, owner.st_gid)
            finally:
                os.close(fd)
        elif (st.st_uid, st.st_gid) != (owner.st_uid, owner.st_gid):
            _give_back(path, owner)
    except OSError as exc:
        raise FileAccessError(path, "lock", exc) from None


def _give_back(path: Path, owner: os.stat_result) -> None:
    """Root gives an existing lock file the directory's owner, through a descriptor and only
    if it is what casebook makes (empty, one link): never a hard link planted to another file."""
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        st = os.fstat(fd)
        if stat.S_ISREG(st.st_mode) and st.st_nlink == 1 and st.st_size == 0:
            adopt_owner(fd, owner.st_uid, owner.st_gid)
    finally:
        os.close(fd)
