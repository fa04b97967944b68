"""The rule screen names every rule that matches a line: screened matching equals trying all rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from govclean import cache as datacache
from govclean.characters.fold import simplified, simplified_lines
from govclean.roles import rules as rules_module
from govclean.roles import screen
from govclean.roles.metadata import DATE_RE
from govclean.roles.rules import (
    PARSED_CACHE,
    Rule,
    RuleError,
    RuleSet,
    fingerprint_of,
    load_rules,
    parsed_files,
)
from govclean.roles.screen import RULE_MAX_CHARS, SCREEN_CACHE, Screen, analyse
from govclean.scan import SCAN_GROUP, search_lines

RULES = load_rules()


def _tried_one_by_one(text: str) -> tuple:
    """Every rule tried on the line's simplified view, by precedence."""
    if len(text) > RULE_MAX_CHARS:
        return ()
    matching = [rule for rule in RULES.rules if rule.pattern.search(simplified(text))]
    return tuple(sorted(matching, key=lambda rule: rule.precedence))


def _lines() -> list[str]:
    """Every example and counterexample, and variants that move their first and last characters."""
    lines = []
    for rule in RULES.rules:
        for text in (*rule.examples, *rule.counterexamples):
            text = text.strip()
            lines += [
                text,
                text[1:],
                text[:-1],
                f"前{text}",
                f"{text}后",
                f"{text}\n",
                text * 2,
                f"1{text}",
                f"٣{text}",
                f" {text}",
                f"\u3000{text}",
            ]
    return lines


def _fresh_rules() -> RuleSet:
    """The shipped rules with nothing remembered: every line is screened."""
    return RuleSet(RULES.rules, RULES.fields, RULES.versions, RULES.words, RULES.fingerprint)


def test_screened_matching_equals_trying_every_rule() -> None:
    for text in _lines():
        assert _fresh_rules().matching(text) == _tried_one_by_one(text), text


def test_screening_a_document_equals_trying_every_rule_on_each_line() -> None:
    """Lines screened together (blank ones among them, over more than one block of lines) get
    the rules each matches alone."""
    lines = _lines()
    copies = lines * (SCAN_GROUP // len(lines) + 2)
    document = [None if i % 7 == 0 else text for i, text in enumerate(copies)]
    assert len(document) > SCAN_GROUP
    expected = [() if text is None else _tried_one_by_one(text) for text in document]
    # The document repeats its lines, which take their rules from memory when met again; made
    # distinct, every line is screened.
    assert _fresh_rules().matching_lines(document) == expected
    unique = [None if text is None else f"{text}{i}" for i, text in enumerate(document)]
    expected_unique = [() if t is None else _tried_one_by_one(t) for t in unique]
    assert _fresh_rules().matching_lines(unique) == expected_unique
    folded = simplified_lines(document, max_chars=RULE_MAX_CHARS)
    assert _fresh_rules().matching_lines(document, folded=folded) == expected
    # Without a line holding a line break of its own, the lines are screened joined.
    joinable = [text for text in document if text is None or "\n" not in text]
    expected_joinable = [() if t is None else _tried_one_by_one(t) for t in joinable]
    assert _fresh_rules().matching_lines(joinable) == expected_joinable


def test_lines_met_before_take_the_rules_they_matched(monkeypatch: pytest.MonkeyPatch) -> None:
    """A rule set remembers the rules of the short lines it matched, at most KNOWN_LINES of them,
    and gives a line met again the same rules as the first time."""
    monkeypatch.setattr(rules_module, "KNOWN_LINES", 50)
    rules = _fresh_rules()
    lines = [*_lines(), "x" * (RULE_MAX_CHARS + 1)]
    expected = [_tried_one_by_one(text) for text in lines]
    assert rules.matching_lines(lines) == expected
    assert rules.matching_lines(lines) == expected
    assert rules.matching_lines(list(reversed(lines))) == expected[::-1]
    known = rules._known
    assert 0 < len(known) <= 50
    assert all(len(text) <= RULE_MAX_CHARS for text in known)
    assert all(known[text] == _tried_one_by_one(text) for text in known)


def test_search_lines_finds_each_line_holding_a_match_once() -> None:
    texts = ["无", None, "2021-10-12 与 2022-01-01", "", "x" * 500 + "2021-10-12", "共 2023年5月6日"]
    assert list(search_lines(DATE_RE, texts)) == [(2, texts[2]), (4, texts[4]), (5, texts[5])]
    assert list(search_lines(DATE_RE, texts, max_chars=100)) == [(2, texts[2]), (5, texts[5])]


def test_analysis_is_cached_by_the_rules_fingerprint(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A start reads the analysis its rule files were analysed to; a damaged file is analysed again."""
    monkeypatch.setenv(datacache.CACHE_ENV, str(tmp_path))
    fingerprint = RULES.fingerprint
    path = Path(datacache.cache_file(fingerprint, SCREEN_CACHE))
    list(Screen(RULES.rules, fingerprint).lines_to_try(["版权所有"]))
    assert datacache.read_cached(path, fingerprint) == analyse(RULES.rules)
    datacache.write_cached(path, fingerprint, {"longest": []})
    screen = Screen(RULES.rules, fingerprint)
    assert dict(screen.lines_to_try(["版权所有"])) == dict(RULES.screen.lines_to_try(["版权所有"]))
    assert datacache.read_cached(path, fingerprint) == analyse(RULES.rules)


def test_parsed_rule_files_are_cached_by_the_rules_fingerprint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A start reads the rule files as parsed before; a damaged or foreign cache is parsed again."""
    import tomllib

    monkeypatch.setenv(datacache.CACHE_ENV, str(tmp_path))
    texts = {"a.toml": 'family = "a"\nversion = 1\n[[rule]]\nid = "a.x"\n', "b.toml": '[words]\nw = ["甲"]\n'}
    parsed = {name: tomllib.loads(text) for name, text in texts.items()}
    fingerprint = fingerprint_of(texts)
    path = Path(datacache.cache_file(fingerprint, PARSED_CACHE))
    assert parsed_files(list(texts), fingerprint, lambda: texts) == parsed
    assert datacache.read_cached(path, fingerprint) == parsed
    assert parsed_files(list(texts), fingerprint, dict) == parsed  # read from the cache
    datacache.write_cached(path, fingerprint, {"a.toml": {}})
    assert parsed_files(list(texts), fingerprint, lambda: texts) == parsed
    path.write_bytes(b"\x00broken")
    assert parsed_files(list(texts), fingerprint, lambda: texts) == parsed


def test_fingerprint_follows_the_rule_files() -> None:
    texts = {"a.toml": "x = 1"}
    assert fingerprint_of(texts) == fingerprint_of(dict(texts))
    assert fingerprint_of({"a.toml": "x = 2"}) != fingerprint_of(texts)


def test_first_characters_and_needed_text_of_patterns() -> None:
    from re import _parser

    from govclean.roles.screen import DIGIT, _first_chars, _needed_text

    assert _first_chars(_parser.parse("(?:版权|版權)所有")) == (frozenset("版"), False)
    assert _first_chars(_parser.parse(r"\S{2}"))[0] is None
    assert _first_chars(_parser.parse(r"[\d、]+$")) == (frozenset({DIGIT, "、"}), False)
    assert _first_chars(_parser.parse("(?:前)?$")) == (frozenset("前"), True)
    assert _needed_text(_parser.parse(r"ICP[备证]\s*\d")) == frozenset({"ICP"})
    assert _needed_text(_parser.parse(r"\d+")) is None
    assert _needed_text(_parser.parse(r"(?=.*(?:首页|尾页))\S+")) == frozenset({"首页", "尾页"})


def test_patterns_anchored_at_the_start_of_the_text() -> None:
    from govclean.roles.screen import anchored_at_start

    assert anchored_at_start(r"(?P<p2>^[^\s，。]{2,12}\s?版权所有)")
    assert anchored_at_start("^(?:首页|尾页)")
    assert not anchored_at_start("版权所有")
    assert not anchored_at_start("(?m)^版权")  # ^ after every line break
    assert not anchored_at_start("(?i:^vip)")  # a group with flags is not looked into
    assert not anchored_at_start("(?:^a|b)")  # one alternative unanchored
    assert not anchored_at_start("([")  # no pattern: the caller judges it otherwise


def test_characters_a_whole_line_match_cannot_hold() -> None:
    """Characters listed in a negated class that nothing else in a ``^…$`` pattern consumes."""
    from govclean.roles.rules import Rule
    from govclean.roles.screen import _excluded_chars, _parser

    assert _excluded_chars(_parser.parse(r"^[^\s。！？]+(?:，[^\s。！？]+)*$")) == frozenset("。！？")
    assert _excluded_chars(_parser.parse(r"^[^\s。！？]+(?:，[^\s。]+)*$")) == frozenset("。")
    assert _excluded_chars(_parser.parse(r"^[^。！]+(?=.*！)[\d！]$")) == frozenset("。")
    assert _excluded_chars(_parser.parse(r"^[^。！]+.$")) == frozenset()
    assert _excluded_chars(_parser.parse(r"^[^。！]+(?i:[^a])$")) == frozenset()

    def rule(pattern: str) -> Rule:
        return Rule(id="r", role="chrome", zone="head", source=pattern, action="remove")

    rules = (rule(r"^[^。！？]+$|^[^。！]+\|$"), rule(r"^[^。]+$|[^。]+x"), rule(r"^[^：]+$"))
    assert analyse(rules)["excluded"] == {"0": "。！", "2": "："}
    screen = Screen((rule(r"^[^。！？]+$"),), "")
    assert {index: set(tried) for index, tried in screen.lines_to_try(["有句号。", "没有", None])} == {0: {1}}


def test_alternatives_tried_on_every_line_rule_out_lines_by_their_characters() -> None:
    """``^[^。：]+$`` is tried on lines holding neither ``。`` nor ``：``; its rule's other
    alternative (``\\|``) still makes a line holding ``|`` worth trying."""
    from govclean.roles.rules import Rule

    rule = Rule(id="r", role="chrome", zone="head", source=r"^[^。：\s]+$|^[^。\s]+\|", action="remove")
    assert analyse((rule,))["always"] == {"0": "。："}
    texts = ["甲乙", "甲：乙", "甲：乙|", "甲。乙|", None]
    # The second alternative does not end at the line end, so 。 rules no line out for it.
    assert {index: set(tried) for index, tried in Screen((rule,), "").lines_to_try(texts)} == {0: {0, 2, 3}}
    assert [bool(rule.pattern.search(text or "")) for text in texts] == [True, False, True, False, False]


def _unscreened_rule_set() -> RuleSet:
    """The shipped rules with a screen built now, not read from a cache file."""
    return RuleSet(RULES.rules, RULES.fields, RULES.versions, RULES.words, fingerprint="")


@pytest.mark.parametrize("failure", ["no parser", "parser changed"])
def test_without_a_usable_private_parser_every_rule_is_tried_with_the_same_matches(
    failure: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where re._parser is missing or the analysis fails on it, the screen offers every line to
    every rule: slower, and the matches are exactly those of the screened rules."""
    if failure == "no parser":
        monkeypatch.setattr(screen, "_parser", None)
    else:

        def changed(_rules: object) -> dict[str, object]:
            raise AttributeError("'SubPattern' object has no attribute 'data'")

        monkeypatch.setattr(screen, "analyse", changed)
    fallback = _unscreened_rule_set()
    lines = _lines()
    document = [None if i % 7 == 0 else text for i, text in enumerate(lines * 2)]
    assert fallback.matching_lines(document) == RULES.matching_lines(document)
    assert fallback.screen.longest == [RULE_MAX_CHARS] * len(RULES.rules)


def test_the_fallback_still_names_a_bad_pattern() -> None:
    rules = (Rule("x.broken", "chrome", "anywhere", "(unclosed", "remove"),)
    with pytest.raises(RuleError, match=r"x\.broken"):
        screen.unscreened(rules)
