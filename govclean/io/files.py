"""Reading inputs and writing outputs: the only module besides the CLI that touches files.

Every write to a regular file goes to a temporary file beside its target and is renamed over it,
so a reader (or an interrupted run) never sees a partial file; devices and FIFOs are written into,
symbolic links written through. On Ctrl-C or SIGTERM (:mod:`govclean.io.signals`) the temporary
file is removed.
"""

from __future__ import annotations

import contextlib
import io
import itertools
import os
import stat
import sys
from collections.abc import Callable, Iterator, Sequence
from functools import cache
from typing import TYPE_CHECKING, BinaryIO

from govclean.io.signals import signals_held

if TYPE_CHECKING:
    from pathlib import Path

STDIN = "-"
#: The files a directory input contributes when no ``--include`` is given.
DEFAULT_INCLUDE = ("*.txt",)
#: An input rewritten in place keeps its original as FILE.orig (then FILE.orig.1, FILE.orig.2, ...).
BACKUP_SUFFIX = ".orig"
#: Temporary files are ``.NAME.RANDOM.tmp`` beside their target.
TEMPORARY_SUFFIX = ".tmp"
#: Lines encoded at a time when a text is written.
LINES_WINDOW = 4096


def as_path(name: str) -> Path:
    """``Path(name)``. Paths are made where a file is written: a run that only reads its inputs
    and writes to stdout never imports pathlib (and the URL parser pathlib imports)."""
    from pathlib import Path

    return Path(name)


def read_source(source: str) -> bytes:
    if source == STDIN:
        return sys.stdin.buffer.read()
    with open(source, "rb") as handle:
        return handle.read()


def read_ends(source: str, size: int) -> tuple[bytes, bytes | None]:
    """The first and the last ``size`` bytes of a file; the whole file and None when it is no
    longer than both together."""
    with open(source, "rb") as handle:
        head = handle.read(2 * size + 1)
        if len(head) <= 2 * size:
            return head, None
        handle.seek(-size, os.SEEK_END)
        return head[:size], handle.read()


def display_name(source: str) -> str:
    return "<stdin>" if source == STDIN else printable_path(source)


def printable_path(path: str | os.PathLike[str]) -> str:
    """A path as messages and reports show it. A name that is not UTF-8 (GBK names from zip
    archives reach Python as lone surrogates) shows its undecodable bytes as ``\\xNN`` escapes,
    so it can be printed and written as JSON; the file itself is still opened by its true name."""
    name = os.fspath(path)
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(name).decode("utf-8", "backslashreplace")
    return name


def file_identity(path: str | Path) -> tuple[int, int] | None:
    """Device and inode: the same file under any name (hard links, ``..``), None if it cannot be seen."""
    try:
        stat = os.stat(path)
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
    """A handle on the output ``path``, whole or untouched whatever happens in the block.

    A symbolic link is written through: its target is the file replaced, and the link stays. A
    character device or FIFO (``/dev/null``, a pipe) is written into, as a shell's ``>`` does:
    renaming a file over it would replace the device. Anything else is written to a temporary
    file beside it, renamed over it only when the block succeeds; a file that is replaced keeps
    its permission bits and, where the system allows, its owner; a new one gets the umask mode.
    Missing directories above ``path`` are created. An error names ``path``, never the
    temporary file.
    """
    with _naming(path):
        try:
            # Links followed by the system, as open() would: /dev/stdout's link names no path.
            existing: os.stat_result | None = path.stat()
        except (FileNotFoundError, NotADirectoryError):  # made, or refused by name, below
            existing = None
        special = existing is not None and is_special(existing)
        fd = os.open(path, os.O_WRONLY) if special else -1
    if special:
        with _handle(fd, path) as handle:
            yield handle
        return
    from pathlib import Path  # a run without output files never imports pathlib (see cache.py)

    target = Path(os.path.realpath(path))
    # The temporary name is chosen before the file exists, so a signal that lands between the
    # file's creation and the start of the cleanup block still finds a name to remove: with
    # tempfile.mkstemp the name is only known once it returns.
    tmp = _temporary_beside(target)
    try:
        with _naming(path):
            fd = _create(tmp)
    except FileExistsError:  # another writer's file of the same random name: not ours to remove
        raise
    except BaseException:
        _remove(tmp)
        raise
    try:
        with _handle(fd, path, before_close=lambda: _keep_mode_and_owner(fd, existing)) as handle:
            yield handle
        with _naming(path):
            tmp.replace(target)
    except BaseException:
        _remove(tmp)
        raise


@contextlib.contextmanager
def _handle(fd: int, path: Path, before_close: Callable[[], None] | None = None) -> Iterator[BinaryIO]:
    """``fd`` as a handle whose errors name ``path``; errors of the block itself pass unchanged
    (an input's, or stdout's), and the handle is closed however the block ends."""
    handle = _Output(fd, path)
    try:
        yield handle
    except BaseException:
        with contextlib.suppress(OSError):
            handle.close()
        raise
    with _naming(path):
        try:
            if before_close is not None:
                before_close()
        finally:
            handle.close()


def is_special(status: os.stat_result) -> bool:
    """A character device, FIFO or socket: written into, never replaced."""
    return stat.S_ISCHR(status.st_mode) or stat.S_ISFIFO(status.st_mode) or stat.S_ISSOCK(status.st_mode)


class _Output(io.BufferedWriter):
    """An output's handle whose write errors name the output: a full disk names no file at all."""

    def __init__(self, fd: int, output: Path) -> None:
        super().__init__(io.FileIO(fd, "w"))
        self.output = output

    def write(self, data: bytes) -> int:  # type: ignore[override]
        try:
            return super().write(data)
        except OSError as exc:
            raise _named(exc, self.output) from exc


def _named(exc: OSError, path: Path) -> OSError:
    """``exc`` naming ``path`` when it named nothing or a temporary file: the person who asked for
    ``path`` knows nothing of ``.out.txt.1a2b.tmp``. Other names (a directory in the way) stay."""
    if exc.filename is not None and not _is_temporary(exc.filename):
        return exc
    return type(exc)(exc.errno, exc.strerror or error_reason(exc), str(path))


@contextlib.contextmanager
def _naming(path: Path) -> Iterator[None]:
    try:
        yield
    except OSError as exc:
        raise _named(exc, path) from exc


def _is_temporary(name: object) -> bool:
    return isinstance(name, str | bytes) and os.fsdecode(name).endswith(TEMPORARY_SUFFIX)


def _remove(tmp: Path) -> None:
    with contextlib.suppress(OSError):
        tmp.unlink()


def _temporary_beside(target: Path) -> Path:
    return target.parent / f".{target.name}.{os.urandom(6).hex()}{TEMPORARY_SUFFIX}"


def _keep_mode_and_owner(fd: int, existing: os.stat_result | None) -> None:
    """The replaced file's owner and permission bits on the file replacing it (the owner first:
    changing it clears set-id bits); an owner only root may give is kept only when run as root."""
    if existing is None:
        os.fchmod(fd, _new_file_mode())
        return
    with contextlib.suppress(PermissionError):
        os.fchown(fd, existing.st_uid, existing.st_gid)
    os.fchmod(fd, stat.S_IMODE(existing.st_mode))


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
            handle.write(("\n".join(lines[start : start + LINES_WINDOW]) + "\n").encode("utf-8"))


def replace_in_place(path: Path, original: bytes, data: bytes, *, backup: bool) -> Path | None:
    """Rewrite an input, first saving its original bytes as a backup if asked; the backup's path.

    A symbolic link is written through to its target. A file with other hard links is rewritten
    in its own inode, so every name still shows the same file (see :func:`_rewrite_inode`);
    any other file is replaced atomically like every output.
    """
    saved = write_backup(path, original) if backup else None
    from pathlib import Path

    target = Path(os.path.realpath(path))
    with _naming(path):
        if target.stat().st_nlink > 1:
            _rewrite_inode(target, original, data)
        else:
            write_atomic(target, data)
    return saved


def write_backup(path: Path, original: bytes) -> Path:
    """Save ``original`` as the first free name of ``FILE.orig``, ``FILE.orig.1``, ``FILE.orig.2``, …

    An existing backup is never overwritten: the first one holds the true original of an earlier
    run. The backup is complete before it gets its name (linked from a finished temporary file,
    which fails rather than replaces when the name is taken), and has the input's mode and owner.
    """
    existing = path.stat()
    first = path.with_name(path.name + BACKUP_SUFFIX)
    with _naming(first):
        tmp = _temporary_beside(first)
        fd = _create(tmp)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(original)
                _keep_mode_and_owner(fd, existing)
            for number in itertools.count():
                backup = first if number == 0 else first.with_name(f"{first.name}.{number}")
                try:
                    os.link(tmp, backup)
                except FileExistsError:
                    continue
                return backup
        finally:
            with contextlib.suppress(OSError):
                tmp.unlink()
    raise AssertionError("unreachable")  # itertools.count() never ends


def _rewrite_inode(target: Path, original: bytes, data: bytes) -> None:
    """Write ``data`` over the file's own bytes, keeping its inode and so its other hard links.

    Ctrl-C and SIGTERM wait until the bytes are written (they take effect right after), and a
    write that fails (a full disk) puts the original bytes back before the error is raised, so
    the file is never left half rewritten by anything short of SIGKILL or a crash.
    """
    fd = os.open(target, os.O_WRONLY)
    try:
        with signals_held():
            try:
                _write_all(fd, data)
                os.ftruncate(fd, len(data))
            except OSError:
                _write_all(fd, original)
                os.ftruncate(fd, len(original))
                raise
    finally:
        os.close(fd)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    offset = 0
    while offset < len(view):
        offset += os.pwrite(fd, view[offset:], offset)
