"""Options from TOML: ``[tool.govclean]`` in the nearest ``pyproject.toml``, or ``--config FILE``.

Keys are the command's long option names (``jobs``, ``include``, ``script``, ``skip``, ...), with
``-`` or ``_``; values are what the option takes (a list for a repeatable option). The command
line wins over the file. An unknown key is an error that names it, so a typo never goes unnoticed.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Iterable
from typing import TYPE_CHECKING, Any

from govclean.io.files import error_reason

if TYPE_CHECKING:
    from pathlib import Path

PYPROJECT = "pyproject.toml"
#: A directory holding one of these is a project root: the search for pyproject.toml stops there.
ROOT_MARKERS = (".git", ".hg")


class ConfigFileError(ValueError):
    """The configuration file cannot be read, is not TOML, or holds an unknown key."""


def find_pyproject(sources: Iterable[str], cwd: str | os.PathLike[str] | None = None) -> Path | None:
    """The ``pyproject.toml`` nearest above the inputs (the working directory for stdin).

    The search starts at the inputs' common directory and stops at a project root or ``/``. It
    runs on every start, with paths as strings: pathlib is imported only when a file is found.
    """
    cwd = os.fspath(cwd) if cwd is not None else os.getcwd()
    # realpath, not Path.resolve: a symbolic link that loops is an input that fails later, by
    # name, not a reason to stop the search with a RuntimeError.
    paths = [os.path.realpath(os.path.join(cwd, source)) for source in sources if source != "-"]
    directory = _common_directory(paths) if paths else os.path.realpath(cwd)
    while True:
        candidate = os.path.join(directory, PYPROJECT)
        if os.path.isfile(candidate):
            from pathlib import Path

            return Path(candidate)
        if any(os.path.exists(os.path.join(directory, marker)) for marker in ROOT_MARKERS):
            return None
        parent = os.path.dirname(directory)
        if parent == directory:
            return None
        directory = parent


def _common_directory(paths: list[str]) -> str:
    """The deepest directory holding every path (the first path itself when it is a directory)."""
    first = paths[0] if os.path.isdir(paths[0]) else os.path.dirname(paths[0])
    return os.path.commonpath([first, *paths])


def read_options(path: Path, allowed: Collection[str], path_keys: Collection[str] = ()) -> dict[str, Any]:
    """The options of a TOML file, keyed by option name (``-`` read as ``_``).

    The table used is ``[tool.govclean]`` when the file has one (any ``pyproject.toml``), else the
    file's top level. Relative paths under ``path_keys`` are relative to the file's directory.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigFileError(f"{path}: cannot read: {error_reason(exc)}") from exc
    if path.name == PYPROJECT and "govclean" not in text:
        # Another tool's file (a run inside any Python project finds one): not parsed, so a
        # one-line clean there does not pay for the TOML parser.
        return {}
    import tomllib  # only a run that has a configuration file pays for the parser

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigFileError(f"{path}: not valid TOML: {exc}") from exc
    tool = data.get("tool")
    if isinstance(tool, dict) and "govclean" in tool:
        table, where = tool["govclean"], "[tool.govclean]"
    elif path.name == PYPROJECT:
        return {}
    else:
        table, where = data, "top level"
    if not isinstance(table, dict):
        raise ConfigFileError(f"{path}: {where} must be a table")
    options: dict[str, Any] = {}
    for key, value in table.items():
        name = key.replace("-", "_")
        if name not in allowed:
            raise ConfigFileError(f"{path}: unknown option {key!r} in {where}")
        if name in path_keys and isinstance(value, str) and value != "-":
            # A trailing "/" says the path names a directory (a --report folder): keep it.
            value = str(path.parent / value) + ("/" if value.endswith("/") else "")
        options[name] = value
    return options
