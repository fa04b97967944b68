"""The pre-commit hooks shipped in .pre-commit-hooks.yaml run govclean as a checker and a fixer."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from click.testing import CliRunner

from govclean.cli import cli

from .cli_fixtures import CLEAN, SEED
from .conftest import ROOT


def _hooks() -> dict[str, list[str]]:
    """Hook id -> the arguments of its entry after the program name."""
    text = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    ids = re.findall(r"^- id: (\S+)$", text, re.MULTILINE)
    entries = re.findall(r"^  entry: (.+)$", text, re.MULTILINE)
    assert len(ids) == len(entries)
    for entry in entries:
        assert shlex.split(entry)[0] == "govclean"
    return {hook: shlex.split(entry)[1:] for hook, entry in zip(ids, entries, strict=True)}


def _staged(tmp_path: Path) -> list[str]:
    """Two staged files as pre-commit passes them: one raw, one already clean."""
    raw, clean = tmp_path / "raw.txt", tmp_path / "clean.txt"
    raw.write_bytes(SEED.read_bytes())
    clean.write_text(CLEAN, encoding="utf-8")
    return [str(raw), str(clean)]


def test_check_hook_fails_on_a_raw_file_and_names_it(tmp_path: Path) -> None:
    """govclean-check exits 1 naming the raw file and modifies nothing."""
    files = _staged(tmp_path)
    before = [Path(f).read_bytes() for f in files]
    result = CliRunner().invoke(cli, [*_hooks()["govclean-check"], *files])
    assert result.exit_code == 1 and f"would clean {files[0]}" in result.stderr
    assert [Path(f).read_bytes() for f in files] == before


def test_fix_hook_cleans_in_place_without_backups(tmp_path: Path) -> None:
    """govclean rewrites the raw file, leaves no FILE.orig, and a second pass finds nothing."""
    files = _staged(tmp_path)
    hooks = _hooks()
    assert CliRunner().invoke(cli, [*hooks["govclean"], *files]).exit_code == 0
    assert not list(tmp_path.glob("*.orig"))
    assert CliRunner().invoke(cli, [*hooks["govclean-check"], *files]).exit_code == 0
