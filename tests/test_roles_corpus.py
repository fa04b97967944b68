"""Line roles on the annotated real pages of the shared corpus (skipped when it is absent).

Per case: no body snippet is ever lost, the title and the expected metadata are right. Over all
cases: at least 95 % of chrome snippets are removed and 95 % of appended snippets separated.
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import cache

import pytest

from govclean import CleanResult, clean_bytes

from .conftest import CORPUS, corpus_path

CASES_DIR = CORPUS / "cases"
#: Case folder names; one placeholder when the corpus is absent, so the tests skip instead of vanishing.
NAMES = sorted(p.parent.name for p in CASES_DIR.glob("*/expect.json")) or ["(no corpus)"]
_SPACE_RE = re.compile(r"\s+")
MIN_SHARE = 0.95


def _norm(text: str) -> str:
    return _SPACE_RE.sub(" ", unicodedata.normalize("NFC", text)).strip()


@cache
def _case(name: str) -> tuple[dict, CleanResult]:
    folder = corpus_path("cases", name)
    expect = json.loads((folder / "expect.json").read_text(encoding="utf-8"))
    return expect, clean_bytes((folder / "raw.txt").read_bytes())


@pytest.mark.parametrize("name", NAMES)
def test_no_body_snippet_is_lost(name: str) -> None:
    """Every keep snippet of the case is in the clean text."""
    expect, result = _case(name)
    text = _norm(result.text)
    assert [s for s in expect.get("keep", []) if _norm(s) not in text] == []


@pytest.mark.parametrize("name", NAMES)
def test_title_is_the_first_line(name: str) -> None:
    """The expected title, when the page shows one, is the first line of the clean text."""
    expect, result = _case(name)
    if not expect.get("title"):
        pytest.skip("no title on this page")
    assert _norm(result.text.splitlines()[0]) == _norm(expect["title"])


@pytest.mark.parametrize("name", NAMES)
def test_expected_metadata_is_extracted(name: str) -> None:
    """Every expected metadata field has its expected value."""
    expect, result = _case(name)
    wanted = expect.get("metadata") or {}
    assert {k: _norm(result.metadata.get(k, "")) for k in wanted} == {k: _norm(v) for k, v in wanted.items()}


def test_chrome_and_appended_shares() -> None:
    """Over all cases, chrome is removed and appended content separated in at least 95 % of snippets."""
    corpus_path("cases")
    drops = removed = items = separated = 0
    for name in NAMES:
        expect, result = _case(name)
        text, appended = _norm(result.text), _norm("\n".join(result.appended))
        drops += len(expect.get("drop", []))
        removed += sum(_norm(s) not in text for s in expect.get("drop", []))
        items += len(expect.get("appended", []))
        separated += sum(_norm(s) not in text and _norm(s) in appended for s in expect.get("appended", []))
    assert removed >= MIN_SHARE * drops
    assert separated >= MIN_SHARE * items
