"""Replay every input the fuzzer ever found (``tests/fuzz_regressions/``) against the fuzz properties."""

from __future__ import annotations

from pathlib import Path

import pytest

from fuzz.fuzz_clean_bytes import check

REGRESSIONS = sorted(p for p in (Path(__file__).parent / "fuzz_regressions").iterdir() if p.is_file())


@pytest.mark.parametrize("path", REGRESSIONS, ids=[p.name for p in REGRESSIONS])
def test_fuzz_regression(path: Path) -> None:
    """A once-failing fuzz input now cleans with every fuzz property kept."""
    check(path.read_bytes())
