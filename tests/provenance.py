"""Checks that a clean invents nothing and loses nothing, shared by the property and corpus tests.

The input's lines are rebuilt here independently of the pipeline (BOM dropped, CR LF and CR to LF),
so a defect in the pipeline's own line splitting cannot hide itself.
"""

from __future__ import annotations

from typing import Any

from govclean import CleanResult, clean_text
from govclean.report import result_report


def input_lines(source_text: str) -> list[str]:
    """The decoded input's lines, as a user would count them in an editor."""
    text = source_text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return text.removesuffix("\n").split("\n")


def normalized_lines(result: CleanResult) -> dict[int, str]:
    """Each input line after the recorded normalisation; every record must match its line."""
    lines = dict(enumerate(input_lines(result.source_text), 1))
    for change in result.changes:
        if change.step == "normalize_text" and change.line > 0:
            assert lines[change.line] == change.before, f"normalisation record of line {change.line}"
            lines[change.line] = change.after
    return lines


def repaired_lines(result: CleanResult) -> dict[int, str]:
    """Each normalized line with the recorded character repairs applied at their columns."""
    lines = {number: list(text) for number, text in normalized_lines(result).items()}
    for fix in result.fixes:
        chars = lines[fix.line]
        assert fix.column is not None and chars[fix.column - 1] == fix.before, f"repair record {fix}"
        chars[fix.column - 1] = fix.after
    return {number: "".join(chars) for number, chars in lines.items()}


def assert_no_invented_text(result: CleanResult) -> None:
    """Every output line is an input line (stripped, repaired as recorded); every appended item too."""
    allowed = {text.strip() for text in repaired_lines(result).values()}
    invented = [line for line in result.text.splitlines() if line and line not in allowed]
    assert not invented, f"output lines that are not input lines: {invented[:3]}"
    sources = {text.strip() for text in normalized_lines(result).values()}
    foreign = [item for item in result.appended if item not in sources]
    assert not foreign, f"appended items that are not input lines: {foreign[:3]}"


def _undo_repairs(text: str, line: int, fixes: list[dict[str, Any]]) -> str:
    chars = list(text)
    for fix in fixes:
        if fix["line"] == line:
            chars[fix["column"] - 1] = fix["before"]
    return "".join(chars)


def assert_report_rebuilds_input(result: CleanResult) -> None:
    """The report's records alone give back every input line that holds text.

    Removed and kept lines are in the report with their text and undoing the recorded repairs
    gives the input line; a normalized line's record holds the line as it was. Lines absent from
    all three are the blank ones, which hold only whitespace.
    """
    report = result_report(result, "input", None)
    rebuilt: dict[int, str] = {}
    for record in report["removed"] + report["kept"]:
        rebuilt[record["line"]] = _undo_repairs(record["text"], record["line"], report["fixes"])
    for change in report["normalized"]:
        if change["line"] > 0:
            rebuilt[change["line"]] = change["before"]
    originals = dict(enumerate(input_lines(result.source_text), 1))
    lost = {n: text for n, text in originals.items() if text.strip() and rebuilt.get(n) != text}
    assert not lost, f"input lines the report cannot rebuild: {dict(list(lost.items())[:3])}"
    extra = {n for n in rebuilt if not originals.get(n, "").strip() and rebuilt[n].strip()}
    assert not extra, f"report lines that are not input lines: {sorted(extra)[:3]}"


def assert_idempotent(result: CleanResult) -> None:
    """Cleaning the clean text again gives the same text."""
    again = clean_text(result.text)
    assert again.text == result.text
