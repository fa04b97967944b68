"""The JSON Lines report (SPEC §3): one object per input, a view of the change records."""

from __future__ import annotations

import json
from typing import Any

from govclean.chars import load_tables
from govclean.model import KEPT_ROLES, CleanResult
from govclean.rules import load_rules


def result_report(result: CleanResult, source: str, output: str | None) -> dict[str, Any]:
    """Everything a user needs to see what changed and why, and to rebuild the input's lines."""
    return {
        "source": source,
        "output": output,
        "status": "cleaned" if result.changed else "unchanged",
        "encoding": result.encoding.as_dict(),
        "script": result.script.as_dict(),
        "metadata": result.metadata,
        "removed": [
            {"line": ln.number, "role": ln.role, "rule": ln.rule, "text": ln.text}
            for ln in result.removed
        ],
        "kept": [
            {"line": ln.number, "role": ln.role, "text": ln.text}
            for ln in result.lines if ln.role in KEPT_ROLES
        ],
        "fixes": [c.as_dict() for c in result.fixes],
        "normalized": [c.as_dict() for c in result.changes if c.step == "normalize_text"],
        "appended": list(result.appended),
        "warnings": list(result.warnings),
        "error": None,
        "data_versions": data_versions(),
    }


def failure_report(source: str, error: str) -> dict[str, Any]:
    return {"source": source, "output": None, "status": "failed", "error": error}


def data_versions() -> dict[str, Any]:
    return {
        "rules": dict(load_rules().versions),
        "characters": load_tables().version,
    }


def to_json_line(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False) + "\n"
