"""The README documents the command as it is: its options table lists every option, and no other."""

from __future__ import annotations

import re
from pathlib import Path

import click

from govclean.cli import cli

README = Path(__file__).resolve().parent.parent / "README.md"
#: An option's spellings in the first column of the table: ``-o``, ``--output``, ``--no-backup``.
_SPELLING_RE = re.compile(r"(?<![\w-])--?[a-z][a-z-]*")


def _table_rows() -> list[str]:
    """The first cells of the rows of the README's options table."""
    section = README.read_text(encoding="utf-8").split("\n### Options\n", 1)[1].split("\n#", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    return [row[2:].split("` |", 1)[0] for row in rows]


def _documented() -> set[str]:
    return {spelling for cell in _table_rows() for spelling in _SPELLING_RE.findall(cell)}


def _params() -> list[click.Parameter]:
    # The command's own context settings: click keeps the help option it makes for the first
    # context, and ``-h`` is one of the command's help options.
    return cli.get_params(click.Context(cli, **cli.context_settings))


def _options() -> set[str]:
    params = _params()
    return {name for p in params if isinstance(p, click.Option) for name in (*p.opts, *p.secondary_opts)}


def test_readme_options_table_lists_every_option_of_the_command() -> None:
    assert _options() - _documented() == set(), "options missing from the README's table"


def test_readme_options_table_lists_no_option_the_command_lacks() -> None:
    assert _documented() - _options() == set(), "stale options in the README's table"


def test_each_option_has_one_row() -> None:
    rows = _table_rows()
    assert len(rows) == len({frozenset(_SPELLING_RE.findall(cell)) for cell in rows})
    assert len(rows) == sum(1 for p in _params() if isinstance(p, click.Option))
