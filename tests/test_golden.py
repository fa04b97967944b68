"""Golden cases: every folder under tests/golden holds a raw document and its exact expected outputs.

A case folder has ``raw.txt`` (the input bytes, in any encoding), ``expected.txt`` (the exact clean
text) and optionally ``expected-appended.txt`` (the exact appended output, one item a line) and
``expected-metadata.json`` (metadata fields that must be extracted, a subset of the report's).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from govclean import clean_bytes

GOLDEN = Path(__file__).resolve().parent / "golden"
CASES = sorted(p for p in GOLDEN.iterdir() if (p / "raw.txt").exists())


@pytest.mark.parametrize("case", CASES, ids=[p.name for p in CASES])
def test_golden_text(case: Path) -> None:
    """The clean text equals expected.txt byte for byte."""
    result = clean_bytes((case / "raw.txt").read_bytes())
    assert result.text == (case / "expected.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("case", CASES, ids=[p.name for p in CASES])
def test_golden_appended(case: Path) -> None:
    """The appended output equals expected-appended.txt (empty when the file is absent)."""
    expected_file = case / "expected-appended.txt"
    expected = expected_file.read_text(encoding="utf-8") if expected_file.exists() else ""
    result = clean_bytes((case / "raw.txt").read_bytes())
    assert "".join(f"{item}\n" for item in result.appended) == expected


@pytest.mark.parametrize("case", CASES, ids=[p.name for p in CASES])
def test_golden_metadata(case: Path) -> None:
    """Every expected metadata field is extracted with its exact value."""
    expected_file = case / "expected-metadata.json"
    if not expected_file.exists():
        pytest.skip("no metadata expectations for this case")
    expected = json.loads(expected_file.read_text(encoding="utf-8"))
    metadata = clean_bytes((case / "raw.txt").read_bytes()).metadata
    assert {k: metadata.get(k) for k in expected} == expected


@pytest.mark.parametrize("case", CASES, ids=[p.name for p in CASES])
def test_golden_is_idempotent(case: Path) -> None:
    """Cleaning the clean text again changes nothing."""
    once = clean_bytes((case / "raw.txt").read_bytes()).text
    assert clean_bytes(once.encode("utf-8")).text == once
