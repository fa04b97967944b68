"""Topical closeness of a line to the article: shared character bigrams of Chinese text.

A subheading or an on-topic closing list shares many bigrams with the article around it; another
document's title rarely does. Only runs of Han characters count, so numbers, Latin words and
punctuation neither help nor hurt.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from itertools import accumulate

_HAN_RUN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{2,}")
#: Fewer bigrams than this say nothing reliable about a line's topic.
MIN_BIGRAMS = 6
#: An article with fewer distinct bigrams than this is too short to have a topic to measure by.
MIN_VOCABULARY = 100
#: Bigrams searched in the text of the lines compared with before their bigrams are collected instead.
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
    return _share(bigrams(text), lambda: len(vocabulary) >= MIN_VOCABULARY, vocabulary.__contains__)


def _share(own: set[str], judged: Callable[[], bool], holds: Callable[[str], bool]) -> float | None:
    """The share of the bigrams ``own`` that the vocabulary ``holds``; None when they are too few
    or the vocabulary is too small to be ``judged`` by (asked only when ``own`` is long enough)."""
    if len(own) < MIN_BIGRAMS or not judged():
        return None
    return sum(map(holds, own)) / len(own)


class LineSet:
    """Several lines of one text, so that a text, or one of the lines, can be compared with them.

    A bigram is two adjacent Han characters, so it occurs in the lines exactly when it is a
    substring of the lines joined, and in a line other than one exactly when it is found outside
    that line: the first bigrams looked up are searched in place, each search costing about a
    ninetieth of collecting the lines' bigrams, which are collected once
    :data:`SEARCHES_BEFORE_SET` searches have been made. The lines' bigrams are counted (those
    held by two lines or more on the way) only as far as the :data:`MIN_VOCABULARY` bound or
    the collection needs, each line's once. The lines may come from a generator, read on first
    use: most documents never compare a line with their article.
    """

    def __init__(self, texts: Iterable[str]) -> None:
        self._source = texts
        self._texts: list[str] | None = None
        self._joined = ""
        self._starts: list[int] = []
        self._vocabulary: set[str] = set()
        self._shared: set[str] = set()
        self._counted = 0
        self._searches = 0

    def closeness(self, text: str) -> float | None:
        """:func:`closeness` of ``text`` to the lines together."""
        return _share(bigrams(text), lambda: self._vocabulary_reaches(MIN_VOCABULARY), self._holds)

    def off_topic(self, index: int, share: float) -> bool:
        """Whether line ``index`` is judged and less than ``share`` of its bigrams occur in another
        line (its :func:`closeness` to the others is below ``share``).

        Counting stops as soon as the share is reached: a heading on the article's topic finds
        its first bigrams early in the text.
        """
        own = bigrams(self._lines()[index])
        if len(own) < MIN_BIGRAMS or not self._vocabulary_reaches(len(own) + MIN_VOCABULARY):
            return False
        found = 0
        for bigram in own:
            if self._holds(bigram, outside=index):
                found += 1
                if found / len(own) >= share:
                    return False
        return True

    def _holds(self, bigram: str, outside: int | None = None) -> bool:
        """Whether a bigram occurs in the lines, or in a line other than line ``outside``."""
        if self._searches < SEARCHES_BEFORE_SET:
            self._searches += 1
            if outside is None:
                return bigram in self._joined
            if not self._starts:  # where each line starts in the lines joined, needed only here
                self._starts = [0, *accumulate(len(text) + 1 for text in self._lines())]
            start = self._starts[outside]
            end = start + len(self._lines()[outside])
            return self._joined.find(bigram, 0, start) >= 0 or self._joined.find(bigram, end) >= 0
        self._vocabulary_reaches(math.inf)
        return bigram in (self._vocabulary if outside is None else self._shared)

    def _lines(self) -> list[str]:
        if self._texts is None:
            self._texts = list(self._source)
            self._joined = "\n".join(self._texts)
        return self._texts

    def _vocabulary_reaches(self, size: float) -> bool:
        """Whether the lines together hold at least ``size`` distinct bigrams, counting their
        bigrams only as far as needed."""
        texts = self._lines()
        while len(self._vocabulary) < size and self._counted < len(texts):
            own = bigrams(texts[self._counted])
            self._shared |= own & self._vocabulary
            self._vocabulary |= own
            self._counted += 1
        return len(self._vocabulary) >= size
