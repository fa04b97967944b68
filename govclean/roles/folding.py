"""A simplified-folded view of a page's short lines, for matching only.

Site rules, metadata labels and chrome words are written in simplified script. A traditional page
prints the same furniture in its own script (``您現在的位置：首頁``, ``猜你喜歡``, ``來源：``), so
the lines are matched as if folded to simplified, one character for one character; the output
keeps the page's own characters, and a value read from a folded line is taken back from the line
as printed (:func:`unfold`).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from govclean.characters.tables import load_tables


@cache
def fold_table() -> dict[int, str]:
    """Traditional and variant forms to one simplified form each (several: the first)."""
    tables = load_tables()
    several = {ord(k): v[0] for k, v in tables.several.items() if v and len(v[0]) == 1}
    return {**several, **tables.simplify_table}


@cache
def _foldable() -> frozenset[str]:
    return frozenset(map(chr, fold_table()))


def folded_lines(texts: Sequence[str | None], max_chars: int) -> list[str | None] | None:
    """The lines up to ``max_chars`` long folded to simplified (longer ones and blanks as they
    are), or None when no such line holds a character to fold (most pages: one set of their
    characters, built in C, says so)."""
    short = [text for text in texts if text is not None and len(text) <= max_chars]
    if _foldable().isdisjoint("".join(short)):
        return None
    table = fold_table()
    return [
        text.translate(table) if text is not None and len(text) <= max_chars else text
        for text in texts
    ]


def unfold(value: str, folded: str, original: str) -> str:
    """``value``, found in the ``folded`` line, as the ``original`` line prints it (folding keeps
    every character in its place)."""
    start = folded.find(value)
    return original[start:start + len(value)] if start >= 0 else value
