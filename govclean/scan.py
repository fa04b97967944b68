"""Scanning many lines at once: lines joined by line breaks and searched in C, a group at a time.

A Python step per line costs more than a regular-expression search over thousands of lines
joined; a large document is never copied whole, only :data:`SCAN_GROUP` lines at a time.
"""

from __future__ import annotations

import math
import operator
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from itertools import accumulate, count

#: Lines joined for one scan.
SCAN_GROUP = 4096


def joined_groups(texts: Sequence[str]) -> Iterator[tuple[int, str]]:
    """``texts`` joined by line breaks ``SCAN_GROUP`` at a time, each with the index of its first.

    One scan in C of a group replaces a Python step per line, and a large document is never copied
    whole.
    """
    for first in range(0, len(texts), SCAN_GROUP):
        yield first, "\n".join(texts[first : first + SCAN_GROUP])


def rows_matching(texts: Sequence[str], *patterns: re.Pattern[str]) -> Iterator[int]:
    """The indices of the ``texts`` in which one of ``patterns`` finds a match, in order.

    The texts are scanned joined by line breaks, so a match may run on into the next text; each
    text is searched from its start all the same. A pattern must not depend on where the text
    around a match ends (no anchors, no lookaround), so that a match in one text is a match in
    the texts joined.
    """
    for first, text in joined_groups(texts):
        group = texts[first : first + SCAN_GROUP]
        rows = {row for pattern in patterns for row in rows_of_matches(group, text, pattern)}
        yield from (first + row for row in sorted(rows))


def rows_opening(texts: Sequence[str], pattern: re.Pattern[str]) -> Iterator[int]:
    """The indices of the ``texts`` that ``pattern`` matches at the start of, in order.

    ``pattern`` starts with a line break (``\\n…`` where a pattern for one line would start with
    ``(?m)^``): the texts are searched joined, a line break before each. A search for a pattern
    that starts with a literal character skips to that character in C, where an anchor is tried
    at every position. A text holding a line break of its own is matched after it too, as ``^``
    would be; a match must not run on past the end of its line.
    """
    for first, text in joined_groups(texts):
        group = texts[first : first + SCAN_GROUP]
        # Where the line break before each text stands in the group's text with one before it.
        breaks = list(map(operator.add, accumulate(map(len, group), initial=0), count()))
        last = -1
        for match in pattern.finditer("\n" + text):
            row = bisect_right(breaks, match.start()) - 1
            if row != last:
                yield first + row
                last = row


def rows_of_matches(texts: Sequence[str], joined: str, pattern: re.Pattern[str]) -> Iterator[int]:
    """The indices of the ``texts`` (``joined`` by line breaks) in which ``pattern`` starts a match."""
    found = pattern.search(joined)
    if found is None:
        return
    # Where each text's line break is, in C: a text may hold a line break of its own.
    breaks = list(map(operator.add, accumulate(map(len, texts)), count()))
    while found is not None:
        row = bisect_left(breaks, found.start())
        yield row
        found = pattern.search(joined, breaks[row] + 1)


def search_lines(
    pattern: re.Pattern[str], texts: Sequence[str | None], max_chars: float = math.inf
) -> Iterator[tuple[int, str]]:
    """The lines of ``texts`` (None: a blank line) no longer than ``max_chars`` in which
    ``pattern`` finds a match, with their position (see :func:`rows_matching`).

    One search finds the next line holding a match, however many lines hold none: much cheaper
    than searching line by line where few lines hold one.
    """
    kept = [text if text is not None and len(text) <= max_chars else "" for text in texts]
    for row in rows_matching(kept, pattern):
        if kept[row]:  # a left-out line holds no match
            yield row, kept[row]
