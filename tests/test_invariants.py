"""Invariants over every document of the shared corpus: nothing invented, nothing lost, stable.

Skipped when the shared corpus is not beside the clone.
"""

from __future__ import annotations

from functools import cache

import pytest

from bench.corpus import RAW, CorpusDocument, corpus_documents
from govclean import CleanResult, DecodeError, clean_bytes
from govclean.decoding.decode import decode_bytes

from .conftest import corpus_path
from .provenance import (
    assert_idempotent,
    assert_no_invented_text,
    assert_report_rebuilds_input,
    edited_lines,
)
from .true_strays import TRUE_STRAYS

DOCUMENTS = corpus_documents()
NAMES = [doc.name for doc in DOCUMENTS]
CLEAN_NAMES = [doc.name for doc in DOCUMENTS if doc.kind != RAW]


@cache
def _document(name: str) -> CorpusDocument:
    corpus_path()
    return next(doc for doc in DOCUMENTS if doc.name == name)


@cache
def _cleaned(name: str) -> CleanResult:
    try:
        return clean_bytes(_document(name).data)
    except DecodeError:
        pytest.skip("refused by the decoder")


def _source_text(name: str) -> str:
    """The decoded text of a document that :func:`_cleaned` cleaned."""
    return decode_bytes(_document(name).data).text


@pytest.mark.parametrize("name", NAMES)
def test_never_raises(name: str) -> None:
    """Every corpus document cleans, or is refused only with DecodeError (binary or undecodable)."""
    try:
        clean_bytes(_document(name).data)
    except DecodeError as exc:
        assert str(exc), "a refusal says why"


@pytest.mark.parametrize("name", NAMES)
def test_idempotent(name: str) -> None:
    """clean(clean(x)) == clean(x) on every corpus document."""
    assert_idempotent(_cleaned(name))


@pytest.mark.parametrize("name", NAMES)
def test_no_invented_text(name: str) -> None:
    """Every output line and appended item of every corpus document is one of its input lines."""
    assert_no_invented_text(_cleaned(name), _source_text(name))


@pytest.mark.parametrize("name", NAMES)
def test_report_rebuilds_input(name: str) -> None:
    """The report of every corpus document rebuilds all its input lines."""
    assert_report_rebuilds_input(_cleaned(name), _source_text(name))


@pytest.mark.parametrize("name", CLEAN_NAMES)
def test_clean_documents_come_back_unchanged(name: str) -> None:
    """Traditional and clean simplified documents lose no line and get no repair but the true strays.

    The only differences allowed are the recorded normalisation (and other recorded edits), the
    stripping of each line, the blank line after the title, and the repairs of the strays that
    ``tests/true_strays.py`` lists with their evidence.
    """
    result = _cleaned(name)
    expected = [text.strip() for text in edited_lines(result, _source_text(name)).values() if text.strip()]
    assert [line for line in result.text.splitlines() if line] == expected
    corpus_file = name.removeprefix("simplified/").partition("#")[0]
    allowed = set(TRUE_STRAYS.get(corpus_file, {}))
    assert {(c.before, c.after) for c in result.fixes} <= allowed
