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
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources

ROLES = ("title", "meta", "chrome", "body", "appended")
#: ``head`` and ``tail`` are the runs of lines before the first and after the last article
#: paragraph; ``edges`` is either; ``appended`` is the block after an appended-content marker.
ZONES = ("head", "tail", "edges", "anywhere", "appended")
ACTIONS = ("remove", "keep", "start", "drop")
FIELDS_FILE = "fields.toml"


class RuleError(ValueError):
    """A rule file is malformed; the message names the file and the rule."""


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    role: str
    zone: str
    pattern: re.Pattern[str]
    action: str
    family: str
    examples: tuple[str, ...] = ()
    counterexamples: tuple[str, ...] = ()

    def applies_in(self, zone: str) -> bool:
        if self.zone == "anywhere":
            return zone != "appended"
        if self.zone == "edges":
            return zone in ("head", "tail")
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

    def clean_value(self, raw: str) -> str:
        raw = raw.strip()
        if self.value is None:
            return raw
        match = self.value.search(raw)
        return match.group(0) if match else raw


@dataclass(frozen=True, slots=True)
class RuleSet:
    rules: tuple[Rule, ...]
    fields: tuple[Field, ...]
    versions: tuple[tuple[str, int], ...]

    def by_label(self) -> dict[str, Field]:
        return {label: f for f in self.fields for label in f.labels}

    def matching(self, text: str, zone: str) -> Iterator[Rule]:
        for rule in self.rules:
            if rule.applies_in(zone) and rule.pattern.search(text):
                yield rule


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
    return RuleSet(tuple(rules), tuple(fields), tuple(versions))
