"""Topical closeness of a line to the article: shared character bigrams of Chinese text.

A subheading or an on-topic closing list shares many bigrams with the article around it; another
document's title rarely does. Only runs of Han characters count, so numbers, Latin words and
punctuation neither help nor hurt.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

_HAN_RUN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{2,}")
#: Fewer bigrams than this say nothing reliable about a line's topic.
MIN_BIGRAMS = 6
#: An article with fewer distinct bigrams than this is too short to have a topic to measure by.
MIN_VOCABULARY = 100


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
    """Several lines of one text, so that each can be compared with all the others.

    Only the few lines compared need their bigrams: whether one of them occurs in another line is
    a substring test on the other lines joined (a bigram is two adjacent Han characters, so the
    pair occurs in a line exactly when it is one of that line's bigrams), and the vocabulary's
    size is counted only as far as the :data:`MIN_VOCABULARY` bound needs.
    """

    def __init__(self, texts: Sequence[str]) -> None:
        self._texts = list(texts)
        self._vocabulary: set[str] = set()
        self._counted = 0

    def closeness_to_others(self, index: int) -> float | None:
        """:func:`closeness` of line ``index`` to all the other lines: the share of its bigrams
        found in another line; None when it or the lines' vocabulary is too short."""
        own = bigrams(self._texts[index])
        if len(own) < MIN_BIGRAMS or not self._vocabulary_reaches(len(own) + MIN_VOCABULARY):
            return None
        others = "\n".join(self._texts[:index] + self._texts[index + 1:])
        return sum(1 for bigram in own if bigram in others) / len(own)

    def _vocabulary_reaches(self, size: int) -> bool:
        """Whether the lines together hold at least ``size`` distinct bigrams."""
        while len(self._vocabulary) < size and self._counted < len(self._texts):
            self._vocabulary |= bigrams(self._texts[self._counted])
            self._counted += 1
        return len(self._vocabulary) >= size


class Vocabulary:
    """An article's bigrams, computed on first use: most documents never need them."""

    def __init__(self, texts: Iterable[str]) -> None:
        self._texts = texts
        self._bigrams: set[str] | None = None

    def closeness(self, text: str) -> float | None:
        if self._bigrams is None:
            self._bigrams = profile(self._texts)
        return closeness(text, self._bigrams)
