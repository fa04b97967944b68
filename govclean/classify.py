"""Give every line its role (SPEC §1): title, meta, chrome, body or appended.

The text is cut into zones first. Article paragraphs ("anchors": long lines no rule claims)
mark the body; the lines before the first anchor are the head, the lines after the last one the
tail, and everything after an appended-content marker that follows the body is the appended
block. Rules fire only in their zone, so a `来源:` line quoting a source inside the article stays
body while the same shape in the header is site metadata. Unclaimed lines are body: losing a
body line is worse than keeping a chrome line.
"""

from __future__ import annotations

import re

from govclean.config import CleanConfig
from govclean.model import Change, Document, Line
from govclean.rules import Field, Rule, RuleSet, load_rules

STEP = "classify_lines"
#: A line at least this long that no rule claims is an article paragraph.
ANCHOR_MIN_CHARS = 30
#: A title is a short line; longer unclaimed head lines are body.
TITLE_MAX_CHARS = 80

_SEGMENT_SPLIT_RE = re.compile(r"\s*[|｜丨]\s*|\s{2,}|\u3000+")
_KEY_VALUE_RE = re.compile(r"^[•·●◆■▪*\-\s]*(?P<label>[^:：\s][^:：]{0,9}?)\s*[:：]\s*(?P<value>.*)$")


def parse_key_values(text: str, labels: dict[str, Field]) -> dict[str, str] | None:
    """Read a ``label: value | label: value`` line; None unless every label is a known one.

    >>> from govclean.rules import load_rules
    >>> parse_key_values("来源 :宁波通讯 | 被引量 : 0次", load_rules().by_label())
    {'source': '宁波通讯', 'cited_by': '0'}
    """
    found: dict[str, str] = {}
    for segment in _SEGMENT_SPLIT_RE.split(text.strip()):
        if not segment:
            continue
        match = _KEY_VALUE_RE.match(segment)
        if not match:
            return None
        field = labels.get(match["label"].replace(" ", ""))
        if field is None:
            return None
        value = field.clean_value(match["value"])
        if value:
            found.setdefault(field.name, value)
    return found if found or text.strip() else None


def _first_rule(rules: list[Rule], zone: str) -> Rule | None:
    return next((r for r in rules if r.applies_in(zone)), None)


def _zones(lines: tuple[Line, ...], matches: list[list[Rule]], ruleset: RuleSet) -> list[str]:
    labels = ruleset.by_label()
    anchors = [
        i for i, (line, rules) in enumerate(zip(lines, matches, strict=True))
        if line.role != "blank"
        and not any(r.role != "body" for r in rules)
        and len(line.stripped) >= ANCHOR_MIN_CHARS
        and parse_key_values(line.text, labels) is None
    ]
    if not anchors:
        return ["head"] * len(lines)
    first = anchors[0]
    start = next(
        (i for i in range(first + 1, len(lines))
         if any(r.action == "start" for r in matches[i])),
        len(lines),
    )
    last = max(i for i in anchors if i < start)
    zones = []
    for i in range(len(lines)):
        if i < first:
            zones.append("head")
        elif i >= start:
            zones.append("appended")
        elif i > last:
            zones.append("tail")
        else:
            zones.append("body")
    return zones


def classify_lines(doc: Document, config: CleanConfig) -> Document:
    """Give each line a role, record every line taken out of the text and collect metadata."""
    ruleset = load_rules()
    labels = ruleset.by_label()
    matches = [
        [] if line.role == "blank" else [r for r in ruleset.rules if r.pattern.search(line.stripped)]
        for line in doc.lines
    ]
    zones = _zones(doc.lines, matches, ruleset)
    metadata: dict[str, str] = {}
    changes: list[Change] = []
    out: list[Line] = []
    title_found = False
    for line, rules, zone in zip(doc.lines, matches, zones, strict=True):
        if line.role == "blank":
            out.append(line)
            continue
        rule = _first_rule(rules, zone)
        if zone == "appended":
            if rule is not None or any(r.action == "start" for r in rules):
                rule = rule or next(r for r in rules if r.action == "start")
                new = Line(line.number, line.text, "appended", rule.id, drop=True)
            else:
                new = Line(line.number, line.text, "appended", "appended.item")
        elif rule is not None and rule.action in ("remove", "start"):
            new = Line(line.number, line.text, rule.role, rule.id)  # type: ignore[arg-type]
            for key, value in rule.fields(line.stripped).items():
                metadata.setdefault(key, value)
        elif rule is None and zone in ("head", "tail") and (
            (values := parse_key_values(line.text, labels)) is not None
        ):
            new = Line(line.number, line.text, "meta", "meta.key_value")
            for key, value in values.items():
                metadata.setdefault(key, value)
        else:
            if rule is not None:
                for key, value in rule.fields(line.stripped).items():
                    metadata.setdefault(key, value)
            if zone == "head" and not title_found and len(line.stripped) <= TITLE_MAX_CHARS:
                title_found = True
                new = Line(line.number, line.text, "title", "title.first_head_line")
                metadata.setdefault("title", line.stripped)
            else:
                new = Line(line.number, line.text, "body", rule.id if rule else None)
        if new.role not in ("title", "body"):
            changes.append(Change(STEP, new.rule or "", line.number, line.text, "", role=new.role))
        out.append(new)
    return doc.with_changes(changes, lines=tuple(out), metadata={**doc.metadata, **metadata})
