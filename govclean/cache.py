"""The user's cache of data derived from shipped sources: built once, read by every later start.

Each kind of data (the character tables, the rule files as parsed, the rule screen's analysis) is
kept in one file named by its kind, the Python version and the fingerprint (a SHA-256 hash) of
its sources; a file whose fingerprint does not match is never read. A start learns the
fingerprints without reading the sources where their sizes and modification times are those a
start before hashed (:func:`known_fingerprint`). Cache files hold plain data
(dicts, lists, strings, numbers) in marshal's format, which reads about twice as fast as JSON and
needs no module to be imported. Writing is best effort: a cache that cannot be written only costs
the next start a rebuild.
"""

from __future__ import annotations

import marshal
import os
import re
import sys
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pathlib import Path
    from typing import Protocol

CACHE_ENV = "GOVCLEAN_CACHE_DIR"
CACHE_SUFFIX = ".marshal"
#: The cache kind of the fingerprints known by their sources' stamps (see :func:`known_fingerprint`).
STAMPS_KIND = "stamps"
#: The stamps file keeps this many, the latest: the sources of a few installs and checkouts.
MAX_STAMPS = 32
#: Files of one kind (and one Python version) kept for different sources, the newest.
KEPT_PER_KIND = 4

_stamps: dict[str, str] | None = None


# Paths here are strings: a one-line run should not import pathlib (and the URL parser it
# imports) to name a few files.


def cache_dir() -> str:
    """``$GOVCLEAN_CACHE_DIR``, else ``$XDG_CACHE_HOME/govclean``, else ``~/.cache/govclean``."""
    if os.environ.get(CACHE_ENV):
        return os.environ[CACHE_ENV]
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "govclean")


def cache_file(fingerprint: str, kind: str) -> str:
    """Where data of one ``kind`` derived from sources with this fingerprint is cached. The
    interpreter is named in the file name: marshal data and pattern analyses belong to one Python
    version, and two versions sharing the folder must not remove each other's files
    (:func:`write_cached` removes only its own version's stale ones)."""
    interpreter = f"{sys.implementation.name}{sys.version_info[0]}{sys.version_info[1]}"
    return os.path.join(cache_dir(), f"{kind}-{interpreter}-{fingerprint[:24]}{CACHE_SUFFIX}")


def source_of(module_file: str | None) -> str:
    """The ``.py`` source of a module, also where ``module_file`` is its compiled extension."""
    folder, name = os.path.split(module_file or "")
    return os.path.join(folder, name.split(".", 1)[0] + ".py")


if TYPE_CHECKING:  # a Protocol class costs a start its making; the type checker alone needs it

    class Digest(Protocol):
        """What a cache key needs of a hash object."""

        def update(self, data: bytes, /) -> None: ...
        def hexdigest(self) -> str: ...


def sha256(data: bytes) -> Digest:
    """A SHA-256 digest object over ``data``: the standard library's own implementation where the
    interpreter has it, the same digest without ``hashlib``, whose import loads OpenSSL and costs
    a one-line run some 3 ms (the keys of every cache file are hashed on each start).

    >>> sha256(b"abc").hexdigest()[:16]
    'ba7816bf8f01cfea'
    """
    try:
        from _sha256 import sha256 as builtin  # Python 3.11
    except ImportError:
        try:
            from _sha2 import sha256 as builtin  # Python 3.12 on
        except ImportError:  # an interpreter built without them: OpenSSL's
            from hashlib import sha256 as builtin
    digest: Digest = builtin(data)
    return digest


def fingerprint_of(*texts: str, modules: Iterable[str | None] = ()) -> str:
    """The key of data derived from ``texts`` by the code of ``modules`` (their ``__file__``): a
    hash of the Python version, the modules' sources and the texts, so that changed data or
    changed code never reads data cached before. The sources are hashed in the compiled build
    too (a compiled module's ``__file__`` is its extension, whose bytes do not change with the
    code): both builds of one version share one cache file."""
    digest = sha256(sys.version.encode())
    for module_file in modules:
        with open(source_of(module_file), "rb") as source:
            digest.update(source.read())
    for text in texts:
        digest.update(b"\0")
        digest.update(text.encode("utf-8"))
    return digest.hexdigest()


def stamp_of(paths: Iterable[str | os.PathLike[str]], *texts: str) -> str:
    """The sources at ``paths`` as they are now, named without reading them: each file's path,
    size and modification time in nanoseconds, with ``texts`` (a distribution's version) and the
    Python version. A missing file raises :class:`OSError`."""
    parts = [sys.version, *texts]
    for path in paths:
        status = os.stat(path)
        parts.append(f"{path}\0{status.st_size}\0{status.st_mtime_ns}")
    return "\n".join(parts)


def known_fingerprint(stamp: str, compute: Callable[[], str]) -> str:
    """The fingerprint of sources, ``compute()`` (which reads and hashes them), remembered by
    their :func:`stamp_of` in a file of this cache: a start whose sources are as a start before
    found them reads none of them (reading and hashing the character tables', rule files' and
    lexicon's sources cost a one-line run some 3 ms). The stamp must name every file the
    fingerprint hashes, the sources of the code among them, so that one stamp stands for one
    fingerprint.

    This is the check Python makes before it runs a module's cached bytecode (size and mtime,
    there in whole seconds), and it has the same blind spot: a file rewritten with content of the
    very same size and the very same modification time would be taken for the old one. That
    takes a tool that sets times on purpose, or two writes within one tick of the clock the
    system stamps files with (some milliseconds); where the sources are another distribution's
    (OpenCC's), its version is part of the stamp besides. Reading every source on every start to
    close that gap costs more than the rest of loading the caches. The fingerprint itself stays a
    hash of the content: cached data is named by it, so installs and checkouts of the same
    sources share their cache files, and the tables' version names their content.
    """
    global _stamps
    path = cache_file(interpreter_fingerprint(), STAMPS_KIND)
    if _stamps is None:
        stored = read_cached(path, interpreter_fingerprint())
        _stamps = stored if isinstance(stored, dict) else {}
    fingerprint = _stamps.get(stamp)
    if not isinstance(fingerprint, str):
        fingerprint = _stamps[stamp] = compute()
        for old in list(_stamps)[:-MAX_STAMPS]:
            del _stamps[old]
        write_cached(path, interpreter_fingerprint(), _stamps)
    return fingerprint


def interpreter_fingerprint() -> str:
    """The fingerprint of data that depends on the Python version alone (compiled patterns,
    :func:`known_fingerprint`'s stamps): the cache file checks the whole version."""
    return f"{sys.hexversion:024x}{sys.version}"  # the file name shows the first 24 characters


def pattern_data(source: str, flags: int = 0) -> list[Any] | None:
    """A pattern as the ``re`` module compiles it (its code, groups and flags), as plain data a
    cache file can hold; None where the private compiler is missing or changed. The code belongs
    to one Python version: a fingerprint (:func:`fingerprint_of`) names the version."""
    try:
        from re import _compiler, _parser  # type: ignore[attr-defined]

        parsed = _parser.parse(source, flags)
        code = [int(op) for op in _compiler._code(parsed, flags)]  # opcodes are an int subclass
        groups = {str(name): int(index) for name, index in parsed.state.groupdict.items()}
        return [source, int(parsed.state.flags), code, int(parsed.state.groups) - 1, groups]
    except Exception:  # the private compiler is missing or changed: the cache holds no code
        return None


def pattern_from(source: str, data: Any, flags: int = 0) -> re.Pattern[str]:
    """The pattern of ``source`` from its :func:`pattern_data` (a fraction of a millisecond where
    compiling a large alternation costs several); compiled anew where the data is missing or
    is not that of ``source``."""
    try:
        import _sre

        cached_source, cached_flags, code, groups, group_index = data
        if cached_source == source and cached_flags & flags == flags:
            names: list[str | None] = [None] * (groups + 1)
            for name, index in group_index.items():
                names[index] = name
            return _sre.compile(source, cached_flags, code, groups, group_index, tuple(names))  # type: ignore[no-any-return]
    except Exception:  # no data, damaged data or a changed private compiler: compiled anew
        pass
    return re.compile(source, flags)


def read_cached(path: str | os.PathLike[str], fingerprint: str) -> Any:
    """The data cached in ``path`` for ``fingerprint``; None when missing, stale or unreadable."""
    try:
        with open(path, "rb") as file:
            record = marshal.loads(file.read())
        return record["tables"] if record.get("fingerprint") == fingerprint else None
    except (OSError, EOFError, ValueError, KeyError, TypeError, AttributeError):
        return None


def write_cached(path: str | os.PathLike[str], fingerprint: str, data: Any) -> None:
    """Best effort: a cache directory that cannot be written only costs the next run a rebuild.

    Of the files of the same kind this Python version cached for other sources (other versions
    of OpenCC or govclean, other checkouts), the newest :data:`KEPT_PER_KIND` are kept and older
    ones removed on the way: installs that share the user's cache and take turns (a checkout and
    an installed release, a pure and a compiled build) each find their own file instead of
    removing each other's at every start.
    """
    from pathlib import Path  # as the file helpers: needed only on a cache miss

    from govclean.io.files import write_atomic

    target = Path(path)
    record = {"fingerprint": fingerprint, "tables": data}
    kind = target.name.rsplit("-", 1)[0]
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, marshal.dumps(record))
        others = [other for other in target.parent.glob(f"{kind}-*") if other != target]
        for stale in sorted(others, key=_modified, reverse=True)[KEPT_PER_KIND - 1 :]:
            stale.unlink(missing_ok=True)
    except (OSError, ValueError):  # ValueError: a value marshal cannot hold
        pass


def _modified(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:  # removed meanwhile: the oldest, to be removed again (harmlessly)
        return 0.0
