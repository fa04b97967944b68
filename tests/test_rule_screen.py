"""The rule screen names every rule that matches a line: screened matching equals trying all rules."""

from __future__ import annotations

from govclean.rules import RULE_MAX_CHARS, load_rules

RULES = load_rules()


def _tried_one_by_one(text: str) -> list:
    return [rule for rule in RULES.rules if rule.pattern.search(text)] if len(text) <= RULE_MAX_CHARS else []


def _lines() -> list[str]:
    """Every example and counterexample, and variants that move their first and last characters."""
    lines = []
    for rule in RULES.rules:
        for text in (*rule.examples, *rule.counterexamples):
            text = text.strip()
            lines += [text, text[1:], text[:-1], f"前{text}", f"{text}后", f"{text}\n", text * 2,
                      f"1{text}", f"٣{text}", f" {text}", f"\u3000{text}"]
    return lines


def test_screened_matching_equals_trying_every_rule() -> None:
    for text in _lines():
        assert RULES.matching(text) == _tried_one_by_one(text), text


def test_first_characters_and_needed_text_of_patterns() -> None:
    from re import _parser

    from govclean.rules import DIGIT, _first_chars, _needed_text

    assert _first_chars(_parser.parse("(?:版权|版權)所有")) == (frozenset("版"), False)
    assert _first_chars(_parser.parse(r"\S{2}"))[0] is None
    assert _first_chars(_parser.parse(r"[\d、]+$")) == (frozenset({DIGIT, "、"}), False)
    assert _first_chars(_parser.parse("(?:前)?$")) == (frozenset("前"), True)
    assert _needed_text(_parser.parse(r"ICP[备证]\s*\d")) == frozenset({"ICP"})
    assert _needed_text(_parser.parse(r"\d+")) is None
    assert _needed_text(_parser.parse(r"(?=.*(?:首页|尾页))\S+")) == frozenset({"首页", "尾页"})
