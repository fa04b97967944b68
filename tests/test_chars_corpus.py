"""Stray-character repair over the shared corpus: the acceptance figures of the character issue."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from bench.characters import (
    INJECT_SEED,
    changed_positions,
    corpus_documents,
    inject_strays,
    normalized,
    repair_text,
    single_traditional_forms,
)

from .conftest import corpus_path
from .true_strays import TRUE_STRAYS


#: The true strays of the simplified corpus: (before, after) → count, per file, with the evidence.
@pytest.fixture(scope="module")
def simplified_docs() -> list[tuple[str, str]]:
    return corpus_documents(corpus_path("simplified"))


def test_simplified_corpus_changes_only_true_strays(simplified_docs: list[tuple[str, str]]) -> None:
    """Every simplified document is left as it is, except the listed true strays."""
    found = {}
    for name, text in simplified_docs:
        _, changes, script = repair_text(text)
        assert script.verdict == "simplified", name
        if changes:
            found[name] = dict(Counter((c.before, c.after) for c in changes))
    assert found == TRUE_STRAYS


def test_classical_retained_forms_are_not_converted(simplified_docs: list[tuple[str, str]]) -> None:
    """論語's 輗 軏 鮀 絺 蓧 騧 and 曹操's 讌 keep their form: their simplified forms are rare extensions."""
    texts = dict(simplified_docs)
    for name, kept in (("classical/lunyu.json", "輗軏鮀絺蓧騧於"), ("classical/caocao.json", "讌於")):
        repaired = repair_text(texts[name])[0]
        for char in kept:
            assert repaired.count(char) == normalized(texts[name]).count(char), (name, char)


def test_injected_strays_are_restored(simplified_docs: list[tuple[str, str]]) -> None:
    """One stray per 200 characters (fixed seed): at least 99.5 % restored and no other change."""
    forms = single_traditional_forms()
    rng = random.Random(INJECT_SEED)
    injected_total = restored = 0
    for name, text in simplified_docs:
        clean = repair_text(text)[0]  # the true strays repaired first, so only injected ones remain
        injected, positions = inject_strays(clean, forms, rng)
        repaired = repair_text(injected)[0]
        assert changed_positions(injected, repaired) <= set(positions), name
        injected_total += len(positions)
        restored += sum(repaired[i] == clean[i] for i in positions)
    assert injected_total >= 800  # one per 200 characters of about 175,000
    assert restored / injected_total >= 0.995, (restored, injected_total)


def test_traditional_corpus_is_left_alone() -> None:
    """Every traditional document: verdict traditional, not a single change."""
    for name, text in corpus_documents(corpus_path("traditional")):
        repaired, changes, script = repair_text(text)
        assert script.verdict == "traditional", name
        assert script.traditional_ratio >= 0.95, name
        assert not changes and repaired == normalized(text), name
