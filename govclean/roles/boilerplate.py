"""Boilerplate learned from a batch: lines that recur at the edges of many files of one run.

A site prints the same header and footer lines on every page; when many of its pages are
cleaned together, a line found among the first or last :data:`EDGE_LINES` lines of many files is
site furniture even if no rule names it (the idea behind CCNet's and trafilatura's line
deduplication, sized for small batches). The classifier removes such lines from the head and tail
of each document under the rule id ``batch.boilerplate``; it never removes them from the middle of
an article.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Collection, Iterable, Iterator
from itertools import islice

from govclean.characters.normalize import normalized

#: How many non-blank lines at each end of a file are looked at.
EDGE_LINES = 30
#: Lines shorter than this are too common to mean anything (``1``, ``目录``).
MIN_CHARS = 4
#: A line is boilerplate when at least this many files, and this share of the batch, hold it.
MIN_FILES = 3
MIN_SHARE = 0.2


def edge_lines(text: str) -> frozenset[str]:
    """The distinct lines among the first and last :data:`EDGE_LINES` non-blank lines of ``text``,
    normalized and stripped as the classifier sees them.

    Only the lines at the two ends are normalized: the middle of a long article is never looked at.
    """
    lines = text.splitlines()
    ends = (*islice(_non_blank(lines), EDGE_LINES), *islice(_non_blank(reversed(lines)), EDGE_LINES))
    return frozenset(line for line in ends if len(line) >= MIN_CHARS)


def _non_blank(lines: Iterable[str]) -> Iterator[str]:
    return (clean for clean in (normalized(line).strip() for line in lines) if clean)


def learn_boilerplate(
    texts: Iterable[str], min_files: int = MIN_FILES, min_share: float = MIN_SHARE,
) -> tuple[str, ...]:
    """Lines found at the edges of at least ``min_files`` files and ``min_share`` of the batch.

    ``texts`` are decoded documents. Pure; returns the lines sorted, ready for
    ``dataclasses.replace(config, boilerplate=...)``.

    >>> pages = [f"欢迎访问本站 | 帮助中心\\n标题{i}\\n正文{i}\\n版权所有 示例网" for i in range(3)]
    >>> learn_boilerplate(pages)
    ('欢迎访问本站 | 帮助中心', '版权所有 示例网')
    """
    return boilerplate_among(map(edge_lines, texts), min_files, min_share)


def boilerplate_among(
    edges: Iterable[Collection[str]], min_files: int = MIN_FILES, min_share: float = MIN_SHARE,
) -> tuple[str, ...]:
    """:func:`learn_boilerplate` from each file's :func:`edge_lines`, found where the files are."""
    counts: Counter[str] = Counter()
    files = 0
    for lines in edges:
        files += 1
        counts.update(lines)
    needed = max(min_files, math.ceil(min_share * files))
    return tuple(sorted(line for line, count in counts.items() if count >= needed))
