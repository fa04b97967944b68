"""Reading inputs and writing outputs: the only module besides the CLI that touches files.

Every write goes to a temporary file beside its target and is renamed over it, so a reader (or
an interrupted run) never sees a partial file; on Ctrl-C or SIGTERM (:mod:`govclean.io.signals`)
the temporary file is removed.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator, Sequence
from functools import cache
from pathlib import Path
from typing import BinaryIO

STDIN = "-"
#: The files a directory input contributes when no ``--include`` is given.
DEFAULT_INCLUDE = ("*.txt",)
BACKUP_SUFFIX = ".orig"
#: Lines encoded at a time when a text is written.
LINES_WINDOW = 4096


def read_source(source: str) -> bytes:
    if source == STDIN:
        return sys.stdin.buffer.read()
    return Path(source).read_bytes()


def read_ends(source: str, size: int) -> tuple[bytes, bytes | None]:
    """The first and the last ``size`` bytes of a file; the whole file and None when it is no
    longer than both together."""
    with Path(source).open("rb") as handle:
        head = handle.read(2 * size + 1)
        if len(head) <= 2 * size:
            return head, None
        handle.seek(-size, os.SEEK_END)
        return head[:size], handle.read()


def display_name(source: str) -> str:
    return "<stdin>" if source == STDIN else source


def file_identity(path: str | Path) -> tuple[int, int] | None:
    """Device and inode: the same file under any name (hard links, ``..``), None if it cannot be seen."""
    try:
        stat = Path(path).stat()
    except OSError:
        return None
    return stat.st_dev, stat.st_ino


def error_reason(exc: BaseException) -> str:
    """Why an operation failed, for a message that names the file itself: the system's words for
    an OS error ("No such file or directory", not "[Errno 2] ... 'x'"), else the exception's own
    message, else its type (a truncated gzip stream raises an EOFError with no message)."""
    return getattr(exc, "strerror", None) or str(exc) or type(exc).__name__


@cache
def _new_file_mode() -> int:
    """The mode ``open()`` would give a new file; mkstemp's private 0600 is wrong for outputs."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


@contextlib.contextmanager
def atomic_writer(path: Path) -> Iterator[BinaryIO]:
    """A handle on a temporary file beside ``path``, renamed over it only when the block succeeds.

    A file that is replaced keeps its permission bits; a new one gets the usual umask mode.
    Missing directories above ``path`` are created.
    """
    try:
        mode = path.stat().st_mode & 0o7777
    except OSError:
        mode = _new_file_mode()
    # The temporary name is chosen before the file exists, so a signal that lands between the
    # file's creation and the start of the cleanup block still finds a name to remove: with
    # tempfile.mkstemp the name is only known once it returns.
    tmp = path.parent / f".{path.name}.{os.urandom(6).hex()}.tmp"
    try:
        fd = _create(tmp)
    except FileExistsError:  # another writer's file of the same random name: not ours to remove
        raise
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            os.fchmod(fd, mode)
        tmp.replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def _create(tmp: Path) -> int:
    """Create ``tmp``, readable only by its owner until it is complete; its directory is made only
    when it is missing, which saves a system call on every other output."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL
    try:
        return os.open(tmp, flags, 0o600)
    except (FileNotFoundError, NotADirectoryError):
        # Made here, or refused with an error that names the directory rather than the temporary file.
        tmp.parent.mkdir(parents=True, exist_ok=True)
    return os.open(tmp, flags, 0o600)


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` so that ``path`` holds either its old content or all of the new, never a part."""
    with atomic_writer(path) as handle:
        handle.write(data)


def write_lines_atomic(path: Path, lines: Sequence[str]) -> None:
    """:func:`write_atomic` of the lines' UTF-8, each line ending with a line break, encoded a group
    of lines at a time: a large text is never held whole, as text or as bytes."""
    with atomic_writer(path) as handle:
        for start in range(0, len(lines), LINES_WINDOW):
            handle.write(("\n".join(lines[start:start + LINES_WINDOW]) + "\n").encode("utf-8"))


def replace_in_place(path: Path, original: bytes, data: bytes, *, backup: bool) -> None:
    """Rewrite an input atomically, first saving its original bytes as ``FILE.orig`` if asked."""
    if backup:
        write_atomic(path.with_name(path.name + BACKUP_SUFFIX), original)
    write_atomic(path, data)
