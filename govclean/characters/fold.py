"""A simplified-folded view of lines, for matching only: output text is never folded.

Site rules and the chrome lexicon are written in simplified Chinese; a traditional page prints the
same furniture in traditional characters (``您現在的位置：首頁``, ``猜你喜歡``). Matching on a view
where every character with a simplified form is replaced by it lets one rule serve both scripts.

The fold replaces one character by one character, so a position in the view is the same position
in the line: a match found in the view is cut out of the original line (metadata values keep the
page's own script). Its table is the repair tables' unconditional replacements plus the first
form of characters with several (鍾 → 钟); characters that are also valid simplified (乾, 於) are
left alone, as a simplified page means them as they stand.

Folding every line would cost more than matching it (``str.translate`` with a table of thousands
of characters runs at a few MB/s), so the lines are first searched, joined, for any character
the fold changes; most pages hold none and come back as they are.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from functools import cache

from govclean import scan
from govclean.budget import SlowWayBudget
from govclean.characters.tables import load_tables
from govclean.patterns import compile_pattern, escape
from govclean.scan import joined_groups, rows_of_matches

#: Full-width letters and digits (ＱＱ, ３): the lexicon's view folds these to ASCII as well.
#: Full-width punctuation is left alone in both views: the lexicon counts any punctuation as a
#: separator, and rule patterns name the full-width forms they mean.
_WIDE_RANGES = ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A))
_WIDE_OFFSET = 0xFEE0


#: A group of lines is folded whole (see :func:`_folded_lines`) when at least DENSE_MIN_CHANGED
#: of the DENSE_PROBE_CHARS characters from its first changed one are changed too.
DENSE_PROBE_CHARS = 400
DENSE_MIN_CHANGED = 40

#: Characters a process folds one by one (:func:`_fold_char`) before it makes the fold's
#: translation table, which costs about 1 ms: a page with a few strays never makes it.
_folded_before_table = SlowWayBudget(2000)


@cache
def _han_table() -> dict[int, str]:
    tables = load_tables()
    table = {ord(char): forms[0] for char, forms in tables.several.items()}
    table.update(tables.simplify_table)
    return table


def _fold_char(char: str) -> str:
    """What :func:`_han_table` makes of ``char``, without the table: a variant's form, else the
    single form, else the first of several (the order the table is filled in)."""
    tables = load_tables()
    form = tables.variants.get(char) or tables.single_form(char)
    if form is None:
        forms = tables.several.get(char)
        form = forms[0] if forms else char
    return form


def _fold_match(match: re.Match[str]) -> str:
    char = match.group()
    return _wide_letters().get(ord(char)) or _fold_char(char)


@cache
def _wide_letters() -> dict[int, str]:
    """Full-width letters and digits, each to its ASCII form."""
    return {code: chr(code - _WIDE_OFFSET) for first, last in _WIDE_RANGES for code in range(first, last + 1)}


@cache
def _wide_table() -> dict[int, str]:
    return {**_han_table(), **_wide_letters()}


@cache
def _wide_letters_re() -> re.Pattern[str]:
    """Any full-width letter or digit (see :func:`plain_lines`)."""
    return compile_pattern("[" + "".join(f"{chr(first)}-{chr(last)}" for first, last in _WIDE_RANGES) + "]")


@cache
def _changed_re(wide: bool) -> re.Pattern[str]:
    """Any character the fold changes (made on first use: a class of some 3,000 members, whose
    compiling would cost every start ~10 ms; the pattern store keeps its compiled code)."""
    chars = _han_chars()
    if wide:
        chars = "".join(sorted(chars + "".join(map(chr, _wide_letters()))))
    return compile_pattern("[" + escape(chars) + "]")


def _han_chars() -> str:
    """The keys of :func:`_han_table`, sorted, without making it: the repair's candidates (kept
    sorted with the tables) are these and the phrase-only characters, of which those with no
    form of their own are taken out."""
    tables = load_tables()
    chars = tables.candidate_chars.chars
    for char in tables.phrase_only:
        if char not in tables.variants and char not in tables.several and tables.single_form(char) is None:
            chars = chars.replace(char, "")
    return chars


def simplified(text: str) -> str:
    """``text`` with each character that has a simplified form replaced by it (same length).

    >>> simplified("您現在的位置：首頁")
    '您现在的位置：首页'
    """
    return text.translate(_han_table()) if _changed_re(False).search(text) else text


def plain(text: str) -> str:
    """The simplified view with full-width letters and digits folded too: the lexicon's view.

    >>> plain("分享至：ＱＱ空間")
    '分享至：QQ空间'
    """
    return text.translate(_wide_table()) if _changed_re(True).search(text) else text


def simplified_lines(
    texts: Sequence[str | None], wide: bool = False, max_chars: float = math.inf
) -> list[str | None]:
    """Each line's simplified view (``wide``: the lexicon's view, see :func:`plain`); blank lines
    (None) stay None, and a line the fold leaves alone, or longer than ``max_chars`` (which the
    caller does not look at), is returned as the same object.

    The lines are scanned joined (:func:`_folded_lines`) for a character the fold
    changes: one scan skips every line holding none.
    """
    changed = _changed_re(wide)

    def fold(line: str) -> str:
        if _folded_before_table.take(len(line)):
            return changed.sub(_fold_match, line)
        return line.translate(_wide_table() if wide else _han_table())

    return _folded_lines(texts, changed, fold, max_chars)


def plain_lines(folded: Sequence[str | None], max_chars: float = math.inf) -> list[str | None]:
    """The lexicon's view (:func:`plain`) of lines of at most ``max_chars``, from their simplified
    view ``folded`` (``simplified_lines(texts, max_chars=…)`` of at least as many characters):
    only full-width letters and digits are left to fold, as the two folds change different
    characters. A class of 62 of them is scanned for much faster than the fold's thousands.
    Longer lines, and lines the fold leaves alone, are returned as they stand in ``folded``.
    """
    table = _wide_letters()
    return _folded_lines(folded, _wide_letters_re(), lambda line: line.translate(table), max_chars)


def _folded_lines(
    texts: Sequence[str | None], changed: re.Pattern[str], fold: Callable[[str], str], max_chars: float
) -> list[str | None]:
    """``texts`` with ``fold`` applied to each line of at most ``max_chars`` that ``changed``
    finds a character in; the others are returned as the same objects.

    The lines are scanned joined, :data:`~govclean.scan.SCAN_GROUP` at a time. A group that
    holds changed characters densely (a traditional page, nearly every line of which holds
    some) is folded whole and split again, the fold changing one character for one and never
    a line break: one call instead of a search and a fold for each of its lines.
    """
    short = [text if text is not None and len(text) <= max_chars else "" for text in texts]
    out = list(texts)
    for first, joined in joined_groups(short):
        found = changed.search(joined)
        if found is None:  # most pages
            continue
        group = short[first : first + scan.SCAN_GROUP]
        start = found.start()
        if len(changed.findall(joined, start, start + DENSE_PROBE_CHARS)) >= DENSE_MIN_CHANGED:
            pieces = fold(joined).split("\n")
            if len(pieces) == len(group):  # else a line holds a line break of its own
                for row, (piece, line) in enumerate(zip(pieces, group, strict=True), first):
                    if piece != line:
                        out[row] = piece
                continue
        for row in rows_of_matches(group, joined, changed):
            out[first + row] = fold(group[row])
    return out
