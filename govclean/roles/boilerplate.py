"""Boilerplate learned from a batch: lines that recur at the edges of many files of one run.

A site prints the same header and footer lines on every page; when many of its pages are
cleaned together, a line found among the first or last :data:`EDGE_LINES` lines of many files is
site furniture even if no rule names it (the idea behind CCNet's and trafilatura's line
deduplication, sized for small batches). The classifier removes such lines from the head and tail
of each document under the rule id ``batch.boilerplate``; it never removes them from the middle of
an article.

Only lines shaped like furniture are learned, never lines shaped like an article's own text:
documents of one kind share their structure (six regulations each end with ``第四章 附则`` and
``第三十二条 本办法自发布之日起施行。``), and those lines must survive however many of the
documents are cleaned together. So a heading or numbered article (``第一章``, ``第三条``, ``一、``,
``（二）``, ``3.``) and a sentence (:func:`~govclean.roles.shapes.ends_sentence`) are never learned.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Sequence
from itertools import compress, count, islice

from govclean.characters.normalize import needs_nothing, normalized
from govclean.patterns import compile_pattern
from govclean.roles.shapes import ends_sentence

#: How many non-blank lines at each end of a file are looked at.
EDGE_LINES = 30
#: Lines shorter than this are too common to mean anything (``1``, ``目录``).
MIN_CHARS = 4
#: A line is boilerplate when at least this many files, and this share of the batch, hold it.
MIN_FILES = 3
MIN_SHARE = 0.2
#: The numbering of an article's structure: chapters, sections, articles (第一章, 第三十一条),
#: and numbered headings (一、 （二） 3. 4、 ①).
_ARTICLE_NUMBER_RE = compile_pattern(
    r"第[一二三四五六七八九十百千零〇两\d]{1,6}\s*[章节条款篇编部卷]|[一二三四五六七八九十]{1,3}\s*[、.．]|"
    r"[(（]\s*(?:\d{1,3}|[一二三四五六七八九十]{1,3})\s*[)）]|\d{1,3}(?:\.\d{1,3})*\s*[、.．]\s*\D|[①-⑳]"
)


def is_article_shaped(line: str) -> bool:
    """A heading, a numbered article or a sentence: text of the article, never learned as furniture.

    >>> [is_article_shaped(line) for line in ("第四章 附则", "第三十二条 本办法自发布之日起施行。",
    ...                                        "一、总体要求", "欢迎访问本站 | 帮助中心", "版权所有 示例网")]
    [True, True, True, False, False]
    """
    return _ARTICLE_NUMBER_RE.match(line) is not None or ends_sentence(line)


def edge_lines(head: str, tail: str | None = None) -> frozenset[str]:
    """The distinct lines among the first :data:`EDGE_LINES` non-blank lines of ``head`` and the
    last of ``tail`` (by default, of ``head`` too: one whole text), normalized and stripped as the
    classifier sees them, that could be furniture (see :func:`is_article_shaped`).

    Only the lines at the two ends are normalized: the middle of a long article is never looked at.
    """
    lines = head.splitlines()
    last = lines if tail is None else tail.splitlines()
    # A text of fewer than twice EDGE_LINES lines has lines at both ends: each is looked at once.
    ends = {*_non_blank(lines), *_non_blank(last[::-1])}
    return frozenset(line for line in ends if len(line) >= MIN_CHARS and not is_article_shaped(line))


def _non_blank(lines: Sequence[str]) -> Iterable[str]:
    """The first :data:`EDGE_LINES` lines that are not blank once normalized, normalized and
    stripped."""
    # Nearly always the lines read up to the last of them (all the lines, when fewer are found)
    # need no normalizing: then one scan in C of those lines joined says so, and they are picked
    # and stripped in C, without a call of normalized() for each line.
    rows = list(islice(compress(count(), map(str.strip, lines)), EDGE_LINES))
    read = lines[: rows[-1] + 1] if len(rows) == EDGE_LINES else lines
    if needs_nothing("\n".join(read)):
        return map(str.strip, map(lines.__getitem__, rows))
    return islice(_normalized_non_blank(lines), EDGE_LINES)


def _normalized_non_blank(lines: Iterable[str]) -> Iterator[str]:
    return (clean for clean in (normalized(line).strip() for line in lines) if clean)


def learn_boilerplate(
    texts: Iterable[str],
    min_files: int = MIN_FILES,
    min_share: float = MIN_SHARE,
) -> tuple[str, ...]:
    """Lines found at the edges of at least ``min_files`` files and ``min_share`` of the batch.

    ``texts`` are decoded documents. Pure; returns the lines sorted, ready for
    ``config.replace(boilerplate=...)``.

    >>> pages = [f"欢迎访问本站 | 帮助中心\\n标题{i}\\n正文{i}\\n版权所有 示例网" for i in range(3)]
    >>> learn_boilerplate(pages)
    ('欢迎访问本站 | 帮助中心', '版权所有 示例网')
    """
    return boilerplate_among(map(edge_lines, texts), min_files, min_share)


def boilerplate_among(
    edges: Iterable[Collection[str]],
    min_files: int = MIN_FILES,
    min_share: float = MIN_SHARE,
) -> tuple[str, ...]:
    """:func:`learn_boilerplate` from each file's :func:`edge_lines`, found where the files are."""
    counts: Counter[str] = Counter()
    files = 0
    for lines in edges:
        files += 1
        counts.update(lines)
    needed = max(min_files, math.ceil(min_share * files))
    return tuple(sorted(line for line, count in counts.items() if count >= needed))
