"""The script verdict: is a document simplified, traditional, mixed, or too short to tell?

The evidence is the share of traditional-only characters among the characters that exist in only
one of the two scripts. On real text the two populations are far apart (simplified documents stay
below 0.03 even with stray characters, traditional ones above 0.98, and 200-character windows of
either stay on their side of 0.29 and 0.975), so the thresholds below leave a wide ``mixed`` band
where nothing is repaired and the report says why.

Two regex scans count the evidence, several times faster than a count of every character: one
collects the characters that are rare in simplified text, the other only counts the simplified-only
ones, which are frequent there. Until compiling them has paid off, characters are counted one by
one.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import cache

from govclean.budget import SlowWayBudget
from govclean.characters.tables import CharTables
from govclean.model import ScriptInfo, ScriptMode, ScriptVerdict
from govclean.patterns import compile_pattern, escape
from govclean.scan import joined_groups

#: Fewer script-specific characters than this and the script is ``unknown``.
MIN_SCRIPT_EVIDENCE = 10
SIMPLIFIED_MAX_RATIO = 0.35
TRADITIONAL_MIN_RATIO = 0.75
#: Japanese text uses 浄 査 伝 as its own characters: with this share of kana it is never repaired.
KANA_MIN_SHARE = 0.05


def _is_kana(char: str) -> bool:
    return "\u3041" <= char <= "\u30ff" and char not in "\u30fb\u30fc"


#: Hiragana and katakana, without the middle dot and the prolonged sound mark that Chinese
#: text uses too.
_KANA = frozenset(filter(_is_kana, map(chr, range(0x3041, 0x3100))))
#: Every character outside the Basic Multilingual Plane, as one range of a character class.
ASTRAL_RANGE = "\U00010000-\U0010ffff"


@cache
def _han_runs() -> re.Pattern[str]:
    """Runs of the Han characters that the kana share is measured against; compiled on first use,
    since only a text with kana needs it and its class of every ideograph is slow to compile."""
    return compile_pattern("[\u3400-\u9fff]+")


def char_class(chars: Iterable[str], extra: str = "") -> str:
    """A regex character class of the BMP characters among ``chars``, plus the ranges ``extra``.

    A class of BMP characters is matched by one table lookup, but each character beyond the BMP
    it names is tried in turn after that lookup fails: hundreds of them slow a scan down some fifty
    times. Such characters are left to a range in ``extra``. Consecutive code points are written
    as ranges, which compile faster.
    """
    points = sorted(ord(char) for char in set(chars) if char <= "\uffff")
    runs: list[str] = []
    start = 0
    for index, point in enumerate(points):
        if index + 1 == len(points) or points[index + 1] != point + 1:
            first = escape(chr(points[start]))
            runs.append(first if start == index else f"{first}-{escape(chr(point))}")
            start = index + 1
    return f"[{''.join(runs)}{extra}]"


#: Characters a process counts one by one before it compiles the two scans. Compiling them costs
#: some 8 ms, about what counting 200,000 characters one by one costs beyond scanning them: a
#: short run (one line, one page) never pays for it, and a long one soon earns it back.
_counted_before_scans = SlowWayBudget(200_000)


@cache
def _scanners(tables: CharTables) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The two scans of a verdict, compiled on first use (a few milliseconds), once per process.

    The first finds the characters rare in simplified text, to be counted one by one: the
    traditional-only ones, kana, the candidates of the character repair (which learns from these
    counts which of them a text holds), and every character beyond the BMP. The second matches
    the simplified-only characters of the BMP that the first does not; its empty group makes
    ``findall`` return the shared empty string for each, so counting them creates no objects.
    """
    rare = tables.traditional_only | tables.candidates | _KANA
    common = tables.simplified_only - rare
    return compile_pattern(char_class(rare, ASTRAL_RANGE)), compile_pattern(char_class(common) + "()")


def scan_script(lines: Sequence[str], tables: CharTables) -> tuple[ScriptInfo, Counter[str]]:
    """The verdict on ``lines``, and counts of their characters that name the repair's candidates.

    The counts cover at least the characters rare in simplified text (the first scan of
    :func:`_scanners`). Until compiling the scans has paid off (:mod:`govclean.budget`), a text
    is counted character by character; after, the lines are scanned in groups, so a large
    document is never copied whole.
    """
    if _counted_before_scans.take(sum(map(len, lines))):
        counts = Counter("".join(lines))
        common_simplified = 0
    else:
        rare_scanner, common_simplified_scanner = _scanners(tables)
        found: list[str] = []
        common_simplified = 0
        for _, text in joined_groups(lines):
            found += rare_scanner.findall(text)
            common_simplified += len(common_simplified_scanner.findall(text))
        counts = Counter(found)
    # The counts hold a few thousand distinct characters at most: scans in C pick those that
    # count instead of a test of each in Python.
    distinct = "".join(counts)
    traditional_chars = tables.traditional_chars.among(distinct)
    simplified_chars = tables.simplified_chars.among(distinct) - traditional_chars
    kana_chars = _KANA.intersection(counts) - traditional_chars - simplified_chars
    traditional = sum(map(counts.__getitem__, traditional_chars))
    simplified = sum(map(counts.__getitem__, simplified_chars)) + common_simplified
    kana = sum(map(counts.__getitem__, kana_chars))
    return _verdict(traditional, simplified, kana, _is_japanese(lines, kana)), counts


def script_verdict(text: str, tables: CharTables) -> ScriptInfo:
    """Count the script-specific characters of ``text`` and decide its script."""
    return scan_script((text,), tables)[0]


def _is_japanese(lines: Sequence[str], kana: int) -> bool:
    """Whether ``kana`` is at least ``KANA_MIN_SHARE`` of the Han and kana characters of ``lines``.

    The Han characters are counted run by run only until the share falls below: in Chinese text
    with a few kana, that is after a small part of it.
    """
    if not kana:
        return False
    han = 0
    for _, text in joined_groups(lines):
        for run in _han_runs().finditer(text):
            han += run.end() - run.start()
            if kana < KANA_MIN_SHARE * (han + kana):
                return False
    return True


def _verdict(traditional: int, simplified: int, kana: int, japanese: bool) -> ScriptInfo:
    evidence = traditional + simplified
    ratio = round(traditional / evidence, 4) if evidence else 0.0
    verdict: ScriptVerdict
    if japanese or evidence < MIN_SCRIPT_EVIDENCE:
        verdict = "unknown"
    elif ratio <= SIMPLIFIED_MAX_RATIO:
        verdict = "simplified"
    elif ratio >= TRADITIONAL_MIN_RATIO:
        verdict = "traditional"
    else:
        verdict = "mixed"
    return ScriptInfo(verdict, ratio, evidence, traditional, simplified, kana)


def repairs_allowed(info: ScriptInfo, mode: ScriptMode) -> bool:
    """Whether stray characters are repaired, given the verdict and ``--script``.

    ``auto`` repairs simplified documents, and short ones (``unknown``) only when their little
    evidence points to simplified and no kana says Japanese.
    """
    if mode == "simplified":
        return True
    if mode != "auto":
        return False
    if info.verdict == "simplified":
        return True
    return (
        info.verdict == "unknown"
        and info.kana == 0
        and info.simplified > 0
        and info.traditional_ratio <= SIMPLIFIED_MAX_RATIO
    )
