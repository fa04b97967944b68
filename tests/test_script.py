"""The script verdict: simplified, traditional, mixed or unknown, and when repairs are allowed."""

from __future__ import annotations

from collections import Counter

import pytest

from govclean.budget import SlowWayBudget
from govclean.characters import script
from govclean.characters.script import (
    MIN_SCRIPT_EVIDENCE,
    SIMPLIFIED_MAX_RATIO,
    TRADITIONAL_MIN_RATIO,
    repairs_allowed,
    scan_script,
    script_verdict,
)
from govclean.characters.tables import load_tables
from govclean.model import ScriptInfo

SIMPLIFIED = "国务院关于在线政务服务的若干规定，进一步规范网上办事，优化营商环境，便利企业和群众办事。"
TRADITIONAL = "國務院關於線上政務服務的若干規定，進一步規範網上辦事，優化營商環境，便利企業和群眾辦事。"


def test_simplified_text() -> None:
    """Clean simplified text: ratio 0 and verdict simplified, with the counts reported."""
    info = script_verdict(SIMPLIFIED, load_tables())
    assert (info.verdict, info.traditional_ratio, info.traditional) == ("simplified", 0.0, 0)
    assert info.simplified == info.script_specific >= MIN_SCRIPT_EVIDENCE


def test_simplified_text_with_strays_stays_simplified() -> None:
    """A few strays among many simplified characters do not move the verdict."""
    info = script_verdict(SIMPLIFIED.replace("务", "務"), load_tables())
    assert info.verdict == "simplified" and 0 < info.traditional_ratio <= SIMPLIFIED_MAX_RATIO


def test_traditional_text() -> None:
    """Traditional text: a ratio near 1 and verdict traditional; the report carries both ratios."""
    info = script_verdict(TRADITIONAL, load_tables())
    assert info.verdict == "traditional" and info.traditional_ratio >= TRADITIONAL_MIN_RATIO
    assert info.as_dict()["simplified_ratio"] == round(1 - info.traditional_ratio, 4)


def test_mixed_text() -> None:
    """Half and half is mixed."""
    assert script_verdict(SIMPLIFIED + TRADITIONAL, load_tables()).verdict == "mixed"


def test_too_little_evidence_is_unknown() -> None:
    """A few script-specific characters are not enough to decide."""
    assert script_verdict("服務管理", load_tables()).verdict == "unknown"
    assert script_verdict("abc 123", load_tables()).script_specific == 0


def test_kana_make_the_verdict_unknown() -> None:
    """Japanese text is neither script, however its kanji count."""
    info = script_verdict("国務院の関連規定によって、調査の結果を報告します。" * 3, load_tables())
    assert info.verdict == "unknown" and info.kana > 0


@pytest.mark.parametrize(
    ("info", "mode", "allowed"),
    [
        (ScriptInfo("simplified", 0.01, 100, 1, 99), "auto", True),
        (ScriptInfo("traditional", 0.99, 100, 99, 1), "auto", False),
        (ScriptInfo("mixed", 0.5, 100, 50, 50), "auto", False),
        (ScriptInfo("mixed", 0.5, 100, 50, 50), "simplified", True),
        (ScriptInfo("simplified", 0.01, 100, 1, 99), "off", False),
        (ScriptInfo("simplified", 0.01, 100, 1, 99), "traditional", False),
        (ScriptInfo("unknown", 0.2, 5, 1, 4), "auto", True),
        (ScriptInfo("unknown", 1.0, 2, 2, 0), "auto", False),
        (ScriptInfo("unknown", 0.0, 5, 0, 5, kana=30), "auto", False),
    ],
)
def test_repairs_allowed(info: ScriptInfo, mode: str, allowed: bool) -> None:
    """Only simplified documents (or short ones leaning simplified) are repaired, unless forced."""
    assert repairs_allowed(info, mode) is allowed


def _counted_one_by_one(text: str) -> tuple[int, int, int]:
    """The traditional, simplified and kana counts of a plain count of every character."""
    tables = load_tables()
    counts = Counter(text)
    traditional = sum(n for char, n in counts.items() if char in tables.traditional_only)
    simplified = sum(
        n
        for char, n in counts.items()
        if char in tables.simplified_only and char not in tables.traditional_only
    )
    kana = sum(n for char, n in counts.items() if "\u3041" <= char <= "\u30ff" and char not in "・ー")
    return traditional, simplified, kana


@pytest.mark.parametrize("counted_before_scans", [0, 10**9])
def test_scans_count_as_a_count_of_every_character(
    counted_before_scans: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Scanned or counted one by one, the counts agree, beyond the BMP and beside kana too."""
    monkeypatch.setattr(script, "_counted_before_scans", SlowWayBudget(counted_before_scans))
    tables = load_tables()
    astral_traditional = min(c for c in tables.traditional_only if c > "\uffff")
    astral_simplified = min(c for c in tables.simplified_only - tables.traditional_only if c > "\uffff")
    texts = [
        SIMPLIFIED,
        TRADITIONAL,
        SIMPLIFIED + TRADITIONAL,
        "abc 123",
        "",
        SIMPLIFIED + astral_traditional * 3 + astral_simplified * 2 + "😀",
        "国務院の関連規定によって、調査の結果を報告します。ー・" + SIMPLIFIED,
    ]
    for text in texts:
        info, rare = scan_script((text,), tables)
        assert (info.traditional, info.simplified, info.kana) == _counted_one_by_one(text), text
        assert tables.candidates.intersection(rare) == tables.candidates.intersection(text)


def test_kana_share_is_decided_against_every_han_character() -> None:
    """A few kana in long Chinese text are not Japanese; the same kana in a short one are."""
    kana = "の" * 6
    info = script_verdict(SIMPLIFIED * 10 + kana, load_tables())
    assert info.kana == len(kana) and info.verdict == "simplified"
    assert script_verdict(SIMPLIFIED[:20] + kana, load_tables()).verdict == "unknown"
