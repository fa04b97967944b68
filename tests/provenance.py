"""Checks that a clean invents nothing and loses nothing, shared by the property and corpus tests.

The input's lines are rebuilt here independently of the pipeline (BOM dropped, CR LF and CR to LF),
so a defect in the pipeline's own line splitting cannot hide itself. Recorded edits are replayed
from their records: a whole-line record (no column) replaces the line it names, a record with a
column replaces ``before`` by ``after`` there; columns refer to the line as that step got it.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from typing import Any

from govclean import CleanResult, clean_text
from govclean.io.report import result_report
from govclean.pipeline import STEP_NAMES

#: The step whose records give a line its role rather than edit its text.
ROLE_STEP = "classify_lines"
#: Steps whose edits are made on the decoded text; earlier records (mojibake repair by the decoder)
#: are already part of the decoded text the checks below are given.
EDIT_STEPS = frozenset(STEP_NAMES) - {ROLE_STEP}


def input_lines(source_text: str) -> list[str]:
    """The decoded input's lines, as a user would count them in an editor."""
    text = source_text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return text.removesuffix("\n").split("\n")


def _edit_groups(changes: Iterable[Mapping[str, Any]]) -> list[list[Mapping[str, Any]]]:
    """The recorded text edits of lines, grouped by step and line in the order they were made."""
    edits = [c for c in changes if c["line"] > 0 and c["step"] in EDIT_STEPS]
    return [list(group) for _, group in itertools.groupby(edits, key=lambda c: (c["step"], c["line"]))]


def _apply(text: str, group: list[Mapping[str, Any]]) -> str:
    for edit in sorted(group, key=lambda c: c.get("column") or 0, reverse=True):
        column = edit.get("column")
        if column is None:
            assert text == edit["before"], f"whole-line record of line {edit['line']} does not match it"
            text = edit["after"]
            continue
        start = column - 1
        assert text[start : start + len(edit["before"])] == edit["before"], f"record {edit} does not match"
        text = text[:start] + edit["after"] + text[start + len(edit["before"]) :]
    return text


def _undo(text: str, group: list[Mapping[str, Any]]) -> str:
    for edit in sorted(group, key=lambda c: c.get("column") or 0):
        column = edit.get("column")
        if column is None:
            text = edit["before"]
            continue
        start = column - 1
        text = text[:start] + edit["before"] + text[start + len(edit["after"]) :]
    return text


def edited_lines(result: CleanResult, source_text: str) -> dict[int, str]:
    """Each input line with every recorded edit applied; every record must match its line."""
    lines = dict(enumerate(input_lines(source_text), 1))
    for group in _edit_groups(change.as_dict() for change in result.changes):
        number = group[0]["line"]
        lines[number] = _apply(lines[number], group)
    return lines


def assert_no_invented_text(result: CleanResult, source_text: str) -> None:
    """Every output line and appended item is an input line, stripped and edited as recorded."""
    allowed = {text.strip() for text in edited_lines(result, source_text).values()}
    invented = [line for line in result.text.splitlines() if line and line not in allowed]
    assert not invented, f"output lines that are not input lines: {invented[:3]}"
    foreign = [item for item in result.appended if item not in allowed]
    assert not foreign, f"appended items that are not input lines: {foreign[:3]}"


def assert_report_rebuilds_input(result: CleanResult, source_text: str) -> None:
    """The report's records alone give back every input line that holds text.

    Removed and kept lines are in the report with their final text; undoing the edits the report
    records, last first, gives the input line. Lines absent from the report are the blank ones,
    which hold only whitespace.
    """
    report = result_report(result, "input", None)
    rebuilt = {record["line"]: record["text"] for record in report["removed"] + report["kept"]}
    for group in reversed(_edit_groups(report["normalized"] + report["edits"] + report["fixes"])):
        number = group[0]["line"]
        rebuilt[number] = _undo(rebuilt.get(number, ""), group)
    originals = dict(enumerate(input_lines(source_text), 1))
    lost = {n: text for n, text in originals.items() if text.strip() and rebuilt.get(n) != text}
    assert not lost, f"input lines the report cannot rebuild: {dict(list(lost.items())[:3])}"
    extra = {n for n in rebuilt if not originals.get(n, "").strip() and rebuilt[n].strip()}
    assert not extra, f"report lines that are not input lines: {sorted(extra)[:3]}"


def assert_idempotent(result: CleanResult) -> None:
    """Cleaning the clean text again gives the same text."""
    again = clean_text(result.text)
    assert again.text == result.text
