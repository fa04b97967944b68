"""Site rules and metadata fields, loaded from the TOML data files under ``govclean/rules/``.

A rule names a site's fixed phrase or shape, never one document's text: it has an ``id``, the
``role`` it gives a matching line, the ``zone`` where it may fire and a regular ``pattern``
matched against the stripped line. Named groups of a pattern become metadata fields. Every rule
carries ``examples`` (lines it must match) and may carry ``counterexamples``; the test suite
checks both, so each rule is tested.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from govclean.model import Role

ROLES = ("title", "meta", "chrome", "body", "appended")
#: ``head`` and ``tail`` are the runs of lines before the first and after the last article
#: paragraph; ``appended`` is the block after an appended-content marker; ``edges`` is head, tail
#: and appended block; ``anywhere`` is every zone, the middle of the article included.
ZONES = ("head", "tail", "edges", "anywhere", "appended")
#: ``remove`` takes the line out; ``keep`` keeps it (body rules); ``start`` opens the appended
#: block; ``drop`` hides an appended line that is not an item (placeholder, type label);
#: ``preamble`` keeps a label that opens an editor's note printed before the title.
ACTIONS = ("remove", "keep", "start", "drop", "preamble")
FIELDS_FILE = "fields.toml"
#: Site furniture comes in short lines; longer lines are never matched against rules.
RULE_MAX_CHARS = 400
_NEVER = re.compile(r"(?!)")
_GROUP_NAME_RE = re.compile(r"\(\?P<\w+>")


class RuleError(ValueError):
    """A rule file is malformed; the message names the file and the rule."""


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    role: Role
    zone: str
    pattern: re.Pattern[str]
    action: str
    family: str
    examples: tuple[str, ...] = ()
    counterexamples: tuple[str, ...] = ()

    def applies_in(self, zone: str) -> bool:
        """Whether the rule may fire in ``zone``; the appended block is the far end of the tail."""
        if self.zone == "anywhere":
            return True
        if self.zone == "edges":
            return zone in ("head", "tail", "appended")
        if self.zone == "tail":
            return zone in ("tail", "appended")
        return self.zone == zone

    def fields(self, text: str) -> dict[str, str]:
        match = self.pattern.search(text)
        if not match:
            return {}
        return {k: v.strip() for k, v in match.groupdict().items() if v and v.strip()}


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    labels: tuple[str, ...]
    value: re.Pattern[str] | None = None
    #: Where a value goes when it is a web address (``文章来源:http://…`` is a ``source_url``).
    url_name: str | None = None
    #: False for labels that mark a metadata line but whose values are not worth reporting.
    report: bool = True
    #: False where an empty value is not printed on the next line: the next line is the article
    #: (``内容概述:`` above the text), never a value to take out.
    value_below: bool = True

    def clean_value(self, raw: str) -> str:
        """The value as reported: only the part the field's ``value`` pattern accepts, or nothing."""
        raw = raw.strip()
        if self.value is None:
            return raw
        match = self.value.search(raw)
        return match.group(0) if match else ""


@dataclass(frozen=True, slots=True)
class RuleSet:
    rules: tuple[Rule, ...]
    fields: tuple[Field, ...]
    versions: tuple[tuple[str, int], ...]
    #: Every rule's pattern combined (anchored, floating): a line neither matches meets no rule.
    screen: tuple[re.Pattern[str], re.Pattern[str]] = (_NEVER, _NEVER)

    def by_label(self) -> dict[str, Field]:
        return {label: f for f in self.fields for label in f.labels}

    def matching(self, text: str) -> list[Rule]:
        """Every rule whose pattern matches the stripped line, in rule-file order.

        Lines longer than :data:`RULE_MAX_CHARS` are article text and match no rule; the combined
        patterns of :attr:`screen` turn away the many lines no rule matches before rules are
        tried one by one.
        """
        anchored, floating = self.screen
        if len(text) > RULE_MAX_CHARS or not (anchored.match(text) or floating.search(text)):
            return []
        return [rule for rule in self.rules if rule.pattern.search(text)]


def _compile(source: str, rule_id: str, pattern: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise RuleError(f"{source}: rule {rule_id}: bad pattern: {exc}") from exc


def parse_rules(source: str, data: dict[str, object]) -> tuple[list[Rule], int]:
    family = str(data.get("family", source.removesuffix(".toml")))
    version = int(data.get("version", 1))  # type: ignore[call-overload]
    rules: list[Rule] = []
    for entry in data.get("rule", []):  # type: ignore[attr-defined]
        rule_id = entry.get("id")
        if not rule_id:
            raise RuleError(f"{source}: a rule has no id")
        role, zone = entry.get("role"), entry.get("zone", "anywhere")
        action = entry.get("action", "keep" if role == "body" else "remove")
        if role not in ROLES or zone not in ZONES or action not in ACTIONS:
            raise RuleError(f"{source}: rule {rule_id}: bad role, zone or action")
        rules.append(Rule(
            id=rule_id, role=role, zone=zone, action=action, family=family,
            pattern=_compile(source, rule_id, entry["pattern"]),
            examples=tuple(entry.get("examples", ())),
            counterexamples=tuple(entry.get("counterexamples", ())),
        ))
    return rules, version


def parse_fields(data: dict[str, object]) -> list[Field]:
    return [
        Field(
            name=entry["name"], labels=tuple(entry["labels"]),
            value=_compile(FIELDS_FILE, entry["name"], entry["value"]) if "value" in entry else None,
            url_name=entry.get("url_name"), report=entry.get("report", True),
            value_below=entry.get("value_below", True),
        )
        for entry in data.get("field", [])  # type: ignore[attr-defined]
    ]


@cache
def load_rules() -> RuleSet:
    """Load every rule file shipped in the package, in file-name order, once per process."""
    folder = resources.files("govclean") / "rules"
    rules: list[Rule] = []
    fields: list[Field] = []
    versions: list[tuple[str, int]] = []
    seen: set[str] = set()
    for item in sorted(folder.iterdir(), key=lambda p: p.name):
        if not item.name.endswith(".toml"):
            continue
        data = tomllib.loads(item.read_text(encoding="utf-8"))
        if item.name == FIELDS_FILE:
            fields = parse_fields(data)
            continue
        file_rules, version = parse_rules(item.name, data)
        for rule in file_rules:
            if rule.id in seen:
                raise RuleError(f"{item.name}: duplicate rule id {rule.id}")
            seen.add(rule.id)
        rules.extend(file_rules)
        versions.append((item.name.removesuffix(".toml"), version))
    return RuleSet(tuple(rules), tuple(fields), tuple(versions), screen=_screen(rules))


def _top_level_branches(pattern: str) -> list[str]:
    """The alternatives of a pattern's outermost ``|``, brackets and escapes respected."""
    branches, current, depth, in_class, i = [], [], 0, False, 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            current.append(pattern[i:i + 2])
            i += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char in "()":
            depth += 1 if char == "(" else -1
        elif char == "|" and depth == 0:
            branches.append("".join(current))
            current = []
            i += 1
            continue
        current.append(char)
        i += 1
    branches.append("".join(current))
    return branches


def _screen(rules: list[Rule]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Every rule's alternatives as two patterns: those anchored at the line start, tried only there
    (cheap however many), and the few that may match anywhere. Named groups become plain groups."""
    anchored: list[str] = []
    floating: list[str] = []
    for rule in rules:
        for branch in _top_level_branches(_GROUP_NAME_RE.sub("(?:", rule.pattern.pattern)):
            if branch.startswith("^"):
                anchored.append(f"(?:{branch[1:]})")
            else:
                floating.append(f"(?:{branch})")
    return (re.compile("|".join(anchored)) if anchored else _NEVER,
            re.compile("|".join(floating)) if floating else _NEVER)
