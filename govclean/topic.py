"""Topical closeness of a line to the article: shared character bigrams of Chinese text.

A subheading or an on-topic closing list shares many bigrams with the article around it; another
document's title rarely does. Only runs of Han characters count, so numbers, Latin words and
punctuation neither help nor hurt.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_HAN_RUN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{2,}")
#: Fewer bigrams than this say nothing reliable about a line's topic.
MIN_BIGRAMS = 6


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
    """The share of the line's bigrams found in ``vocabulary``; None for too short a line.

    >>> round(closeness("社会组织激发基层治理活力", bigrams("基层治理离不开社会组织的参与")), 2)
    0.55
    """
    own = bigrams(text)
    if len(own) < MIN_BIGRAMS:
        return None
    return len(own & vocabulary) / len(own)
