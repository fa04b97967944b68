"""Topical closeness of a line to the article: shared character bigrams of Chinese text.

A subheading or an on-topic closing list shares many bigrams with the article around it; another
document's title rarely does. Only runs of Han characters count, so numbers, Latin words and
punctuation neither help nor hurt.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence

_HAN_RUN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{2,}")
#: Fewer bigrams than this say nothing reliable about a line's topic.
MIN_BIGRAMS = 6
#: An article with fewer distinct bigrams than this is too short to have a topic to measure by.
MIN_VOCABULARY = 100
#: Bigrams searched in an article's text before its set of bigrams is built instead.
SEARCHES_BEFORE_SET = 90


def bigrams(text: str) -> set[str]:
    """The distinct character bigrams of the Han runs of ``text``."""
    return {run[i:i + 2] for run in _HAN_RUN_RE.findall(text) for i in range(len(run) - 1)}


def profile(texts: Iterable[str]) -> set[str]:
    """The bigrams of several lines together: the vocabulary of an article."""
    found: set[str] = set()
    for text in texts:
        found |= bigrams(text)
    return found


def closeness(text: str, vocabulary: set[str]) -> float | None:
    """The share of the line's bigrams found in ``vocabulary``; None when either is too short.

    >>> article = bigrams("基层治理离不开社会组织的参与" * 10 + "".join(map(chr, range(0x4E00, 0x4E80))))
    >>> round(closeness("社会组织激发基层治理活力", article), 2)
    0.55
    """
    own = bigrams(text)
    if len(own) < MIN_BIGRAMS or len(vocabulary) < MIN_VOCABULARY:
        return None
    return len(own & vocabulary) / len(own)


class LineSet:
    """Several lines of one text, so that a line can be compared with all the others.

    Only the lines compared need their bigrams: a bigram is two adjacent Han characters, so it
    occurs in another line exactly when it is a substring of the other lines (searched in place
    in the lines joined); after :data:`SEARCHES_BEFORE_SET` searches, the bigrams held by two
    lines or more are collected once instead. The lines' vocabulary is counted only as far as
    the :data:`MIN_VOCABULARY` bound needs.
    """

    def __init__(self, texts: Sequence[str]) -> None:
        self._texts = list(texts)
        self._joined = "\n".join(self._texts)
        self._starts: list[int] = []
        start = 0
        for text in self._texts:
            self._starts.append(start)
            start += len(text) + 1
        self._vocabulary: set[str] = set()
        self._counted = 0
        self._searches = 0
        self._shared: set[str] | None = None

    def off_topic(self, index: int, share: float) -> bool:
        """Whether line ``index`` is judged and less than ``share`` of its bigrams occur in another
        line (its :func:`closeness` to the others is below ``share``).

        Counting stops as soon as the share is reached: a heading on the article's topic finds
        its first bigrams early in the text.
        """
        own = bigrams(self._texts[index])
        if len(own) < MIN_BIGRAMS or not self._vocabulary_reaches(len(own) + MIN_VOCABULARY):
            return False
        found = 0
        for bigram in own:
            if self._in_another_line(bigram, index):
                found += 1
                if found / len(own) >= share:
                    return False
        return True

    def _in_another_line(self, bigram: str, index: int) -> bool:
        """Whether a bigram of line ``index`` occurs in another line."""
        if self._shared is None and self._searches < SEARCHES_BEFORE_SET:
            self._searches += 1
            start, end = self._starts[index], self._starts[index] + len(self._texts[index])
            return self._joined.find(bigram, 0, start) >= 0 or self._joined.find(bigram, end) >= 0
        if self._shared is None:
            seen: set[str] = set()
            self._shared = set()
            for text in self._texts:
                own = bigrams(text)
                self._shared |= own & seen
                seen |= own
        return bigram in self._shared

    def _vocabulary_reaches(self, size: int) -> bool:
        """Whether the lines together hold at least ``size`` distinct bigrams."""
        while len(self._vocabulary) < size and self._counted < len(self._texts):
            self._vocabulary |= bigrams(self._texts[self._counted])
            self._counted += 1
        return len(self._vocabulary) >= size


class Vocabulary:
    """An article's bigrams, for the few documents that compare lines with their article.

    A bigram is two adjacent Han characters, so it is one of the article's bigrams exactly when
    it occurs in the article's lines joined: the first lines compared are looked up in that text,
    each search costing about a ninetieth of building the set of bigrams, which is built once
    :data:`SEARCHES_BEFORE_SET` bigrams have been searched.
    """

    def __init__(self, texts: Iterable[str]) -> None:
        self._source = texts
        self._texts: list[str] | None = None
        self._joined = ""
        self._bigrams: set[str] = set()
        self._counted = 0
        self._searches = 0

    def closeness(self, text: str) -> float | None:
        """:func:`closeness` of ``text`` to the article."""
        own = bigrams(text)
        if len(own) < MIN_BIGRAMS or not self._reaches(MIN_VOCABULARY):
            return None
        if self._searches < SEARCHES_BEFORE_SET:
            self._searches += len(own)
            return sum(1 for bigram in own if bigram in self._joined) / len(own)
        self._reaches(math.inf)
        return len(own & self._bigrams) / len(own)

    def _reaches(self, size: float) -> bool:
        """Whether the article holds at least ``size`` distinct bigrams, counting its lines only
        as far as needed."""
        if self._texts is None:
            self._texts = list(self._source)
            self._joined = "\n".join(self._texts)
        while len(self._bigrams) < size and self._counted < len(self._texts):
            self._bigrams |= bigrams(self._texts[self._counted])
            self._counted += 1
        return len(self._bigrams) >= size
