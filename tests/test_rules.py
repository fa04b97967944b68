"""Every rule of every rule file: its examples match, its counterexamples do not, its data is sound."""

from __future__ import annotations

import re
import tomllib
from importlib import resources

import pytest

from govclean import clean_text
from govclean.characters.tables import load_tables
from govclean.roles.rules import (
    ACTIONS,
    ROLES,
    ZONES,
    RuleError,
    load_rules,
    parse_rules,
    parse_words,
)
from govclean.roles.screen import analyse

RULES = load_rules().rules
IDS = [rule.id for rule in RULES]


@pytest.mark.parametrize("rule", RULES, ids=IDS)
def test_rule_examples_match(rule) -> None:
    """Each example line of a rule is matched by its pattern."""
    assert rule.examples, f"{rule.id} has no examples"
    for example in rule.examples:
        assert rule.pattern.search(example.strip()), f"{rule.id} misses {example!r}"


WITH_COUNTEREXAMPLES = [rule for rule in RULES if rule.counterexamples]


@pytest.mark.parametrize("rule", WITH_COUNTEREXAMPLES, ids=[rule.id for rule in WITH_COUNTEREXAMPLES])
def test_rule_counterexamples_do_not_match(rule) -> None:
    """No counterexample line of a rule is matched by its pattern."""
    for counterexample in rule.counterexamples:
        assert not rule.pattern.search(counterexample.strip()), f"{rule.id} matches {counterexample!r}"


@pytest.mark.parametrize("rule", RULES, ids=IDS)
def test_examples_pass_the_combined_screen(rule) -> None:
    """The combined screening pattern lets every example through, so no rule is shadowed."""
    ruleset = load_rules()
    for example in rule.examples:
        assert rule in ruleset.matching(example.strip())


def test_rule_ids_are_unique_and_namespaced() -> None:
    """Rule ids are unique and start with their family or a generic kind."""
    assert len(IDS) == len(set(IDS))
    assert all(re.fullmatch(r"[a-z_]+\.[a-z_]+", rule_id) for rule_id in IDS)


def test_every_rule_file_is_versioned() -> None:
    """Each shipped rule file declares a family and a version, reported in the report."""
    folder = resources.files("govclean") / "roles" / "rules"
    names = sorted(p.name for p in folder.iterdir() if p.name.endswith(".toml") and p.name != "fields.toml")
    versions = dict(load_rules().versions)
    for name in names:
        data = tomllib.loads((folder / name).read_text(encoding="utf-8"))
        assert "version" in data and "family" in data, name
        assert name.removesuffix(".toml") in versions


def test_roles_zones_and_actions_are_known() -> None:
    """Every loaded rule uses a known role, zone and action."""
    for rule in RULES:
        assert rule.role in ROLES and rule.zone in ZONES and rule.action in ACTIONS


def test_bad_pattern_is_reported_with_rule_id() -> None:
    """A malformed pattern fails the rules' analysis with the rule named."""
    data = {"rule": [{"id": "x.broken", "role": "chrome", "pattern": "(unclosed"}]}
    rules, _version = parse_rules("broken.toml", data)
    with pytest.raises(RuleError, match=r"x\.broken"):
        analyse(tuple(rules))


def test_verbose_pattern_is_refused_with_rule_id() -> None:
    """The screen reads a pattern's alternatives as text, which verbose mode would make wrong."""
    data = {"rule": [{"id": "x.verbose", "role": "chrome", "pattern": "(?x)^ab c $ | ^de f$"}]}
    rules, _version = parse_rules("verbose.toml", data)
    with pytest.raises(RuleError, match=r"x\.verbose.*verbose"):
        analyse(tuple(rules))


def test_every_shipped_pattern_parses_and_compiles() -> None:
    """The shipped patterns are checked here, whatever analysis a cache file holds."""
    analyse(load_rules().rules)
    for rule in RULES:
        assert rule.pattern.pattern == rule.source


def test_long_lines_match_no_rule() -> None:
    """A line longer than the rule limit is article text and is tried against no rule."""
    assert load_rules().matching("返回顶部" + "正文" * 300) == ()


def test_field_labels_are_unique() -> None:
    """A label names one field only, so a metadata value cannot land in two fields."""
    labels = [label for field in load_rules().fields for label in field.labels]
    assert len(labels) == len(set(labels))


def test_field_value_pattern_keeps_only_the_number() -> None:
    """A counter's value keeps its digits and drops a unit, or is empty when there are none."""
    fields = load_rules().by_label()
    assert fields["被引量"].clean_value(" 0次") == "0"
    assert fields["浏览量"].clean_value("浏览") == ""


def test_word_lists_are_expanded_where_named() -> None:
    """``{name}`` stands for the list's words as literal alternatives, in order; repetition
    counts and escaped braces stay as they are."""
    words = parse_words("a.toml", {"words": {"tools": ["打印", "关闭", "a.b"]}})
    data = {"rule": [{"id": "x.tools", "role": "chrome", "pattern": r"^\S{1,2}{tools}\{tools}$"}]}
    rules, _version = parse_rules("a.toml", data, words)
    assert rules[0].source == r"^\S{1,2}(?:打印|关闭|a\.b)\{tools}$"
    assert rules[0].pattern.search("x关闭{tools}") and not rules[0].pattern.search("x关闭")


def test_an_unknown_or_malformed_word_list_is_reported() -> None:
    data = {"rule": [{"id": "x.tools", "role": "chrome", "pattern": "{tools}"}]}
    with pytest.raises(RuleError, match=r"x\.tools.*tools"):
        parse_rules("a.toml", data, {})
    with pytest.raises(RuleError, match="Tools"):
        parse_words("a.toml", {"words": {"Tools": ["打印"]}})
    for not_words in ([], "打印|关闭", [""]):
        with pytest.raises(RuleError, match="tools"):
            parse_words("a.toml", {"words": {"tools": not_words}})


def test_shipped_patterns_and_their_screen_see_the_words() -> None:
    """Every word list named in a shipped rule is expanded before the rules are analysed."""
    ruleset = load_rules()
    assert ruleset.words
    for rule in RULES:
        for name in ruleset.words:
            assert "{" + name + "}" not in rule.source, rule.id
    gambling = next(rule for rule in RULES if rule.id == "spam.gambling")
    assert all(word in gambling.source for word in ruleset.words["gambling"])


# -- every example in its zone of a small document ---------------------------------------------

_TITLE = "社区治理的实践与思考"
_PARAGRAPHS = (
    "近年来，某市坚持把社区治理作为基层工作的重点，通过完善议事协商机制、培育社区社会组织，推动治理重心下移。",
    "在议事协商方面，各社区普遍建立了居民议事会，围绕停车难、加装电梯、垃圾分类等问题定期协商，取得了明显成效。",
)


def _document_with(example: str, zone: str) -> tuple[str, int]:
    """A small article with ``example`` where ``zone`` is, and the example's line number."""
    first, second = _PARAGRAPHS
    layouts = {
        "head": [example, _TITLE, first, second],
        "tail": [_TITLE, first, second, example],
        "edges": [_TITLE, first, second, example],
        "appended": [_TITLE, first, second, "相关推荐", example],
        "anywhere": [_TITLE, first, example, second],
    }
    lines = layouts[zone]
    return "\n".join(lines) + "\n", lines.index(example) + 1


@pytest.mark.parametrize("rule", RULES, ids=IDS)
def test_rule_examples_fire_in_their_zone_of_a_document(rule) -> None:
    """Each example, placed in its rule's zone of an article, is classified under that rule:
    no other rule, label or shape takes it first."""
    for example in rule.examples:
        text, number = _document_with(example.strip(), rule.zone)
        line = next(line for line in clean_text(text).lines if line.number == number)
        assert (line.role, line.rule) == (rule.role if rule.action != "start" else "appended", rule.id), (
            f"{example!r} in the {rule.zone} went to {line.role}/{line.rule}"
        )


def test_no_two_rules_of_equal_priority_match_one_example() -> None:
    """Where rules overlap, their priorities decide, never their order in the files."""
    ruleset = load_rules()
    for rule in RULES:
        for example in rule.examples:
            matching = [r for r in ruleset.matching(example.strip()) if r.role != "body"]
            priorities = [r.priority for r in matching]
            assert len(priorities) == len(set(priorities)), (
                f"{example!r}: {[(r.id, r.priority) for r in matching]}"
            )


def test_matches_are_ordered_by_priority_not_by_file() -> None:
    ruleset = load_rules()
    rules = ruleset.matching("网站地图 | 联系我们 | 网站声明网站地图 | 联系我们 | 网站声明")
    assert [r.priority for r in rules] == sorted((r.priority for r in rules), reverse=True)
    assert rules[0].id == "government.footer"  # a family's rule before the generic keyword row


def _traditional(text: str) -> str:
    """``text`` with each simplified character that has one traditional form in the repair tables
    written in it (so that the simplified view gives ``text`` back)."""
    back: dict[str, str] = {}
    for traditional, simplified_char in sorted(load_tables().single.items()):
        back.setdefault(simplified_char, traditional)
    return "".join(back.get(char, char) for char in text)


@pytest.mark.parametrize("rule", RULES, ids=IDS)
def test_rules_match_traditional_pages(rule) -> None:
    """A rule written in simplified characters matches its examples printed in traditional."""
    ruleset = load_rules()
    for example in rule.examples:
        assert rule in ruleset.matching(_traditional(example.strip())), _traditional(example)


def test_fields_are_cut_from_the_line_as_printed() -> None:
    rule = next(r for r in RULES if r.id == "body.author_affiliation")
    assert rule.fields("（作者單位：浙江大學）") == {"author_affiliation": "浙江大學"}
    assert clean_text("您現在的位置：首頁 > 新聞中心\n" + "\n".join(_PARAGRAPHS) + "\n").text.startswith(
        _PARAGRAPHS[0][:10]
    )
