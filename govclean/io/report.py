"""The JSON Lines report (SPEC §3): one object per input, a view of the change records."""

from __future__ import annotations

import json
from typing import Any

from govclean.characters.repair import load_tables
from govclean.model import KEPT_ROLES, CleanResult
from govclean.roles.rules import load_rules

#: Steps whose changes have their own report fields: ``normalized``, ``removed``, ``fixes``.
STEPS_WITH_FIELDS = frozenset({"normalize_text", "classify_lines", "repair_characters"})


def result_report(result: CleanResult, source: str, output: str | None) -> dict[str, Any]:
    """Everything a user needs to see what changed and why, and to rebuild the input's lines.

    The status follows :attr:`CleanResult.changed`: for a file, whether the output bytes differ
    from the input bytes (a re-encoded or BOM-stripped file is cleaned even when its text is not).
    """
    return {
        "source": source,
        "output": output,
        "status": "cleaned" if result.changed else "unchanged",
        "encoding": result.encoding.as_dict(),
        "script": result.script.as_dict(),
        "metadata": result.metadata,
        "removed": [
            {"line": ln.number, "role": ln.role, "rule": ln.rule, "text": ln.text} for ln in result.removed
        ],
        "kept": [
            {"line": ln.number, "role": ln.role, "text": ln.text}
            for ln in result.lines
            if ln.role in KEPT_ROLES
        ],
        "fixes": [c.as_dict() for c in result.fixes],
        "normalized": [c.as_dict() for c in result.changes if c.step == "normalize_text"],
        # In-line edits of every other step (pinyin annotations, ...), in the order they were made;
        # columns refer to the line as that step got it, before the character repairs.
        "edits": [c.as_dict() for c in result.changes if c.step not in STEPS_WITH_FIELDS],
        "appended": list(result.appended),
        "warnings": list(result.warnings),
        "error": None,
        "data_versions": data_versions(),
    }


def failure_report(source: str, error: str) -> dict[str, Any]:
    """The object of an input that could not be cleaned: the same keys, nothing done, the reason."""
    return {
        "source": source,
        "output": None,
        "status": "failed",
        "encoding": None,
        "script": None,
        "metadata": {},
        "removed": [],
        "kept": [],
        "fixes": [],
        "normalized": [],
        "edits": [],
        "appended": [],
        "warnings": [],
        "error": error,
        "data_versions": data_versions(),
    }


def data_versions() -> dict[str, Any]:
    return {
        "rules": dict(load_rules().versions),
        "characters": load_tables().version,
    }


def explain_lines(result: CleanResult, source: str) -> list[str]:
    """Each recorded change and the rule that made it, one ``FILE:LINE[:COLUMN]: …`` line each."""
    lines = []
    for change in result.changes:
        where = f"{source}:{change.line}" + (f":{change.column}" if change.column else "")
        if change.role is not None and not change.after:
            verb = "separated" if change.role == "appended" else "removed"
            what = f"{change.role} line {verb}: {change.before}"
        else:
            what = f"{change.before!r} -> {change.after!r}"
        lines.append(f"{where}: {change.step} {change.rule}: {what}")
    return lines


def to_json_line(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False) + "\n"
