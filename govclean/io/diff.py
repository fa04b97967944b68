"""Unified diffs of a clean, with headers that carry no timestamps so runs compare equal."""

from __future__ import annotations

import difflib


def unified_diff(source_text: str, clean_text: str, name: str) -> str:
    """The decoded input against the clean text, as ``diff -u`` prints it; empty when equal.

    The ``(original)``/``(cleaned)`` labels sit after a tab, where ``patch`` expects a date.
    """
    before = _lines(source_text)
    after = _lines(clean_text)
    lines = difflib.unified_diff(before, after, f"{name}\t(original)", f"{name}\t(cleaned)")
    return "".join(
        line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines
    )


def _lines(text: str) -> list[str]:
    """Lines ending at LF only: a stray U+2028 or form feed inside a line is content to show."""
    lines = [line + "\n" for line in text.split("\n")]
    lines[-1] = lines[-1][:-1]
    return lines if lines[-1] else lines[:-1]
