"""How much a decoded text looks like real Chinese: the judge between candidate encodings.

A strict decode is no proof: Big5 bytes decode without error as GB18030 into rare characters,
kana and private-use code points (這是繁體 → 硂琌羉砰), UTF-8 read as GBK gives rare level-2
characters (变化 → 鍙樺寲), and EUC-TW read as GB2312 gives valid but meaningless ones. Real
Chinese text is mostly made of a thousand or so very frequent characters and almost entirely of
the characters the national standards call common, while a wrong reading spreads evenly over the
code table. So each non-ASCII character weighs 1 when it is frequent (or common punctuation),
1/2 when it is only common, and 0 otherwise; the score is the mean weight. The characters are
sorted by compiled character classes, so that no Python code runs once per character of the text.

The frequent set is a data file (``data/encoding_frequent_hanzi.txt``); the common set is read
from the codecs themselves: GB2312 level 1 (3,755 characters, the 常用字 of mainland standards,
bytes B0A1–D7F9) and the Big5 frequently-used block (5,401 characters, the 常用國字 of Taiwan,
bytes A440–C67E).

Every UTF-8 file also gets a cruder first look for mojibake: the share of its distinct non-ASCII
characters that are frequent, common or punctuation (:func:`readable_share`). Once a process has
looked at enough files to repay compiling it, a character class finds the unreadable ones in C,
and a short head of the text usually proves the share high enough (:func:`reads_as_chinese`), so
no set of every character is built for ordinary text.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import cache

from govclean.budget import SlowWayBudget
from govclean.patterns import compile_pattern, escape
from govclean.record import Record

#: Full-width punctuation and forms that Chinese text of either script uses every few characters.
COMMON_PUNCTUATION = frozenset(
    "，。、：；！？“”‘’（）《》〈〉【】「」『』〔〕…—–·～　％＃＆＊＋－／＜＝＞＠［］＿｛｝｜"
    "０１２３４５６７８９ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ"
    "ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ"
)
#: Unicode blocks of Latin letters (pinyin tone marks, Western names): neither evidence for nor
#: against Chinese, so they are not counted.
_LATIN_RANGES = ((0x00C0, 0x024F), (0x1E00, 0x1EFF))
#: A text this short is judged by :func:`reads_as_chinese` with a set of all its characters at
#: once: that is quick, and a one-line input then never compiles the character classes.
SHORT_TEXT = 128
#: Longer texts :func:`reads_as_chinese` also judges with a set before it compiles the unreadable
#: class: compiling costs about as much as 150 such looks.
_looks_before_compiling = SlowWayBudget(150)
#: Texts :func:`plausibility` tells common from other characters in with a tally before it
#: compiles the unreadable class, for the same reason: a run over a few legacy files never pays.
_tallies_before_compiling = SlowWayBudget(30)
#: Characters of a text's head looked at for each distinct unreadable character of the whole
#: text: their readable ones usually outnumber the unreadable ones enough to settle
#: :func:`reads_as_chinese` without a set of every character.
HEAD_PER_UNREADABLE = 32
#: Characters :func:`readable_share` looks up one by one in the code tables before it reads their
#: common blocks whole: reading them costs about as much as 4,000 lookups.
_lookups_before_reading = SlowWayBudget(4000)


#: Where the common characters are in each code table: the codec, the lead bytes and the trail
#: bytes of the block.
_COMMON_BLOCKS: tuple[tuple[str, range, frozenset[int]], ...] = (
    ("gb2312", range(0xB0, 0xD8), frozenset(range(0xA1, 0xFF))),
    ("big5", range(0xA4, 0xC7), frozenset([*range(0x40, 0x7F), *range(0xA1, 0xFF)])),
)


def _codec_block(codec: str, leads: range, trails: frozenset[int]) -> frozenset[str]:
    pairs = [bytes((lead, trail)) for lead in leads for trail in trails]
    decoded = b"\n".join(pairs).decode(codec, errors="replace").split("\n")
    return frozenset(ch for ch in decoded if len(ch) == 1 and unicodedata.category(ch) == "Lo")


@cache
def common_hanzi() -> frozenset[str]:
    """The common characters of both scripts, read from the GB2312 and Big5 code tables."""
    return frozenset().union(*(_codec_block(*block) for block in _COMMON_BLOCKS))


def is_common(char: str) -> bool:
    """Whether ``char`` is one of :func:`common_hanzi`, told by its code in each table.

    Reading the whole blocks costs some 5 ms; a text's few characters that are not frequent are
    looked up one by one for much less.
    """
    for codec, leads, trails in _COMMON_BLOCKS:
        try:
            code = char.encode(codec)
        except UnicodeEncodeError:
            continue
        if len(code) == 2 and code[0] in leads and code[1] in trails:
            return unicodedata.category(char) == "Lo"
    return False


@cache
def frequent_hanzi() -> frozenset[str]:
    """The most frequent characters of modern Chinese in both scripts (a shipped data file)."""
    from govclean.characters.tables import frequent_characters

    return frozenset(frequent_characters())


class Plausibility(Record):
    """Counts of the non-ASCII characters of a text by how much they speak for Chinese."""

    frequent: int
    common: int
    other: int

    @property
    def evidence(self) -> int:
        return self.frequent + self.common + self.other

    @property
    def score(self) -> float:
        """Mean weight of the counted characters, smoothed so that no evidence scores 0.5."""
        return (self.frequent + self.common / 2 + 1) / (self.evidence + 2)


@cache
def _frequent_or_punctuation() -> frozenset[str]:
    return frequent_hanzi() | COMMON_PUNCTUATION


@cache
def _readable() -> frozenset[str]:
    return _frequent_or_punctuation() | common_hanzi()


# Texts are sorted into frequent, common and other characters by compiled character classes rather
# than one character at a time: the regex engine tests each character against a class without
# making a string of it, and removing runs of one class leaves a short string for the next. The
# classes are compiled on first use, except the large unreadable one: a process compiles it only
# once it has judged enough texts to repay that (:mod:`govclean.budget`).
#
# A pattern that starts with a class is searched by a quick scan for that class; one that starts
# with a repeat tries a match at every character. Small classes are therefore written ``[c][c]*``
# rather than ``[c]+``; the large ones are not, as that would compile them twice.


@cache
def _frequent_runs() -> re.Pattern[str]:
    return compile_pattern(f"[{escape(''.join(sorted(_frequent_or_punctuation())))}]+")


@cache
def _unreadable() -> re.Pattern[str]:
    """One non-ASCII character that is not readable: one, not a run, so that the search is a
    quick scan, and mostly there is little to find."""
    return compile_pattern(f"[^\\x00-\\x7f{escape(''.join(sorted(_readable())))}]")


def _runs(character_class: str) -> re.Pattern[str]:
    return compile_pattern(f"{character_class}{character_class}*")


@cache
def _ascii_runs() -> re.Pattern[str]:
    return _runs("[\\x00-\\x7f]")


@cache
def _latin_runs() -> re.Pattern[str]:
    return _runs("[" + "".join(f"{chr(low)}-{chr(high)}" for low, high in _LATIN_RANGES) + "]")


def readable_share(text: str) -> float:
    """Share of the distinct non-ASCII characters of ``text`` that are common Chinese.

    A cruder, set-based cousin of :func:`plausibility`, fast enough to look at every UTF-8 file.
    """
    return _readable_share(text, 0.0)


def _readable_share(text: str, enough: float) -> float:
    """:func:`readable_share`, or any share of at least ``enough`` that the frequent characters
    alone prove: then the others are not looked up (the code tables' codecs, which the lookups
    import, are not even loaded by a run that reads only Chinese)."""
    distinct = {ch for ch in set(text) if ch >= "\x80"}
    if not distinct:
        return 1.0
    # Most characters of Chinese text are frequent: the few others are looked up one by one.
    rest = distinct.difference(_frequent_or_punctuation())
    at_least = (len(distinct) - len(rest)) / len(distinct)
    if not rest or (enough and at_least >= enough):
        return at_least
    if _lookups_before_reading.take(len(rest)):
        return (len(distinct) - len(rest) + sum(map(is_common, rest))) / len(distinct)
    return len(distinct & _readable()) / len(distinct)


def reads_as_chinese(text: str, share: float) -> bool:
    """Whether ``readable_share(text) >= share`` (for a ``share`` of at most 1), mostly without
    putting every character of ``text`` into a set.

    The regex finds the distinct unreadable characters of the whole text; the readable ones of its
    head are fewer than those of the whole, and the share grows with them, so a head that reaches
    ``share`` proves the text does. Only a text whose head falls short is counted in full, and so
    is a short text, or any text before compiling the class has paid off in this process.
    """
    if len(text) <= SHORT_TEXT or _looks_before_compiling.take():
        return _readable_share(text, share) >= share
    unreadable = set(_unreadable().findall(text))
    if not unreadable:
        return True
    head = _ascii_runs().sub("", text[: HEAD_PER_UNREADABLE * len(unreadable)])
    # Matched against the few unreadable characters, not the large readable set: a file's first
    # look comes between other work that has pushed that set out of the processor's caches.
    readable_in_head = len(set(head).difference(unreadable))
    if readable_in_head / (readable_in_head + len(unreadable)) >= share:
        return True
    return _readable_share(text, share) >= share


def plausibility(text: str) -> Plausibility:
    """Count the non-ASCII characters of ``text`` as frequent, common or other.

    ASCII and Latin letters are not counted; U+FFFD, rare hanzi, kana, Greek, box drawing and
    private-use code points are ``other``.
    """
    non_ascii = _ascii_runs().sub("", text)
    infrequent = _frequent_runs().sub("", non_ascii)
    # No Latin letter is common (a test keeps it so): any left here is not counted at all.
    counted = _latin_runs().sub("", infrequent)
    if _tallies_before_compiling.take():
        tally = Counter(counted)
        common = sum(map(tally.__getitem__, tally.keys() & common_hanzi()))
    else:
        common = len(_unreadable().sub("", counted))
    return Plausibility(frequent=len(non_ascii) - len(infrequent), common=common, other=len(counted) - common)
