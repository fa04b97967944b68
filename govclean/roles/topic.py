"""Topical closeness of a line to the article: shared character bigrams of Chinese text.

A subheading or an on-topic closing list shares many bigrams with the article around it; another
document's title rarely does. Only runs of Han characters count, so numbers, Latin words and
punctuation neither help nor hurt.

A bigram is two adjacent Han characters, so it occurs in several lines exactly when it is a
substring of the lines joined by line breaks. Lines are looked up in that way (:class:`_Text`):
the first bigrams are searched in place, and the bigrams of the whole text are collected only once
the searches have read about as many characters as collecting costs. Most documents never compare
a line with their article, and most of those that do settle it with a few searches.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence, Sized
from itertools import chain

from govclean.patterns import compile_pattern

_HAN_RUN_RE = compile_pattern(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{2,}")
#: Fewer bigrams than this say nothing reliable about a line's topic.
MIN_BIGRAMS = 6
#: An article with fewer distinct bigrams than this is too short to have a topic to measure by.
MIN_VOCABULARY = 100
#: Characters a text's searches read, in multiples of its length, before its bigrams are collected
#: instead: a search that finds nothing reads the whole text once, and collecting its bigrams costs
#: about this many such searches.
READS_BEFORE_SET = 80


def bigrams(text: str) -> set[str]:
    """The distinct character bigrams of the Han runs of ``text``."""
    return {run[i : i + 2] for run in _HAN_RUN_RE.findall(text) for i in range(len(run) - 1)}


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
    return _share(bigrams(text), lambda: len(vocabulary) >= MIN_VOCABULARY, vocabulary.intersection)


def _share(own: set[str], judged: Callable[[], bool], held: Callable[[set[str]], Sized]) -> float | None:
    """The share of the bigrams ``own`` that the vocabulary holds (``held``: those of them it
    holds); None when they are too few or the vocabulary is too small to be ``judged`` by (asked
    only when ``own`` is long enough)."""
    if len(own) < MIN_BIGRAMS or not judged():
        return None
    return len(held(own)) / len(own)


class _Text:
    """Lines joined by line breaks, in which bigrams are looked up: searched in place until the
    searches have read :data:`READS_BEFORE_SET` times the text, then in the text's bigrams."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._unread = READS_BEFORE_SET * len(text)
        self._bigrams: set[str] | None = None

    def held(self, wanted: set[str]) -> Sized:
        """Those of ``wanted`` the text holds: one set intersection in C once the text's own
        bigrams are collected, else each looked up in turn."""
        if self._bigrams is not None:
            return wanted & self._bigrams
        # The searches of __contains__ in one loop, without a call per bigram; the text's bigrams
        # are collected, when the searches have read enough, before the next question.
        text = self._text
        found = []
        unread = self._unread
        for bigram in wanted:
            if bigram[0] not in text or bigram[1] not in text:
                continue
            at = text.find(bigram)
            if at < 0:
                unread -= len(text)
            else:
                unread -= at + 2
                found.append(bigram)
        self._unread = unread
        if unread < 0:
            self._bigrams = bigrams(text)
        return found

    def __contains__(self, bigram: str) -> bool:
        if self._bigrams is not None:
            return bigram in self._bigrams
        # Most missing bigrams hold a character the text lacks, and a single character is
        # searched for many times faster than two (with memchr), so those are looked for first.
        if bigram[0] not in self._text or bigram[1] not in self._text:
            return False
        at = self._text.find(bigram)
        self._unread -= len(self._text) if at < 0 else at + len(bigram)
        if self._unread < 0:
            self._bigrams = bigrams(self._text)
        return at >= 0


def _distinct_bigrams(texts: Iterable[str], bound: float, found: set[str]) -> int:
    """How many distinct bigrams the lines hold together with ``found`` (which grows), counted
    only until ``bound`` is reached: a Han run at a time, as one paragraph may reach it."""
    for text in texts:
        for run in _HAN_RUN_RE.findall(text):
            if len(found) >= bound:
                return len(found)
            found.update([run[i : i + 2] for i in range(len(run) - 1)])
    return len(found)


class LineSet:
    """Several lines of one text, to which a text can be compared (an article's vocabulary).

    The lines may come from a generator, read on first use: most documents never compare a line
    with their article. Their distinct bigrams are counted only as far as the
    :data:`MIN_VOCABULARY` bound needs.
    """

    def __init__(self, texts: Iterable[str]) -> None:
        self._source = texts
        self._joined: _Text | None = None
        self._judged = False
        #: The closeness of each text asked about: a page asks about some lines more than once (a
        #: title candidate is judged on and off the topic): a third of the questions are repeats.
        self._known: dict[str, float | None] = {}

    def closeness(self, text: str) -> float | None:
        """:func:`closeness` of ``text`` to the lines together."""
        # A line of MIN_BIGRAMS characters or fewer holds fewer bigrams than that: no set is made
        # for it (nearly half the lines asked about are menu words that short).
        if len(text) <= MIN_BIGRAMS:
            return None
        known = self._known
        if text not in known:
            known[text] = _share(bigrams(text), self._large_enough, self._held)
        return known[text]

    def _large_enough(self) -> bool:
        if self._joined is None:
            texts = list(self._source)
            self._joined = _Text("\n".join(texts))
            self._judged = _distinct_bigrams(texts, MIN_VOCABULARY, set()) >= MIN_VOCABULARY
        return self._judged

    def _held(self, bigrams: set[str]) -> Sized:
        assert self._joined is not None  # asked only once the lines are judged large enough
        return self._joined.held(bigrams)


def off_topic_lines(texts: Sequence[str], candidates: Iterable[int], share: float) -> list[int]:
    """The candidate lines (indexes into ``texts``) whose closeness to the other lines is below
    ``share``, among those that can be judged: lines with :data:`MIN_BIGRAMS` bigrams, when all
    the lines hold :data:`MIN_VOCABULARY` bigrams more than the line does.

    A candidate's bigram occurs in another line exactly when it occurs in two lines or more, so
    this is settled once per bigram: without a search when two judged candidates hold it, else by
    looking in the other lines joined. A candidate counts its settled bigrams first and stops as
    soon as enough are found, or too many are missing for the rest to reach ``share``: a heading
    on the article's topic shares some bigram with another heading or finds one early in the text.
    """
    owns: dict[int, set[str]] = {}
    for k in candidates:
        if len(texts[k]) > MIN_BIGRAMS:  # fewer characters cannot make MIN_BIGRAMS bigrams
            own = bigrams(texts[k])
            if len(own) >= MIN_BIGRAMS:
                owns[k] = own
    if not owns:
        return []
    others = [text for k, text in enumerate(texts) if k not in owns]
    bound = MIN_VOCABULARY + max(map(len, owns.values()))
    vocabulary = _distinct_bigrams(others, bound, set().union(*owns.values()))
    held = Counter(chain.from_iterable(owns.values()))
    #: Whether a bigram occurs in two lines or more, for the bigrams settled so far.
    repeated = {bigram: True for bigram, lines in held.items() if lines > 1}
    rest = _Text("\n".join(others))

    def repeats(bigram: str) -> bool:
        found = repeated.get(bigram)
        if found is None:
            found = repeated[bigram] = bigram in rest
        return found

    return [
        k
        for k, own in owns.items()
        if vocabulary >= len(own) + MIN_VOCABULARY
        and not _reaches_share(sorted(own, key=repeated.__contains__, reverse=True), repeats, share)
    ]


def _reaches_share(own: list[str], holds: Callable[[str], bool], share: float) -> bool:
    """Whether at least ``share`` of the bigrams ``own`` are held, asking only until it is known."""
    found = missing = 0
    for bigram in own:
        if holds(bigram):
            found += 1
            if found / len(own) >= share:
                return True
        else:
            missing += 1
            if (len(own) - missing) / len(own) < share:
                return False
    return False
