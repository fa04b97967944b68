"""Pinyin annotations left by machine-converting mirror sites: 學(xué), 發(fā)現(xiàn).

Such pages convert simplified text to traditional and leave a toned syllable in parentheses after
the characters they converted. An annotation is removed only when it is unambiguous: a character
found only in traditional text, then parentheses holding exactly one toned pinyin syllable that is
a reading of that very character (readings from ``data/pinyin.txt``). Ordinary parentheses are left
alone: a column label (人民觀察), an English gloss, a syllable that does not read the character
before it, and the reading notes of annotated editions (醪（láo）, 涴（wò）), whose characters are
the same in both scripts. Every removal is a recorded change.
"""

from __future__ import annotations

import re
from functools import cache

from govclean.characters.tables import data_text, load_tables
from govclean.config import CleanConfig
from govclean.model import Change, Document, Line
from govclean.patterns import compile_pattern
from govclean.scan import rows_matching

STEP = "strip_pinyin_annotations"
RULE = "pinyin.annotation"
READINGS_FILE = "pinyin.txt"

TONE_MARKED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
#: What every annotation holds, a pattern for each opening parenthesis: a scan for one is a
#: search for one character, where the annotation pattern tries every ideograph. They find the
#: few lines worth that slower scan.
_SYLLABLE_IN_PARENTHESES = tuple(
    compile_pattern(rf"{opening}[a-zü{TONE_MARKED}]{{1,6}}[)）]") for opening in (r"\(", "（")
)


@cache
def _annotation_re() -> re.Pattern[str]:
    """An ideograph and its annotation, compiled on first use: its class of every ideograph costs
    a start some 3 ms, and most documents have no line that needs it."""
    return compile_pattern(
        rf"([\u3400-\u9fff])(?:\(([a-zü{TONE_MARKED}]{{1,6}})\)|（([a-zü{TONE_MARKED}]{{1,6}})）)"
    )


@cache
def load_readings() -> dict[str, str]:
    """Toned syllable → every ideograph read so, as one string (membership is a substring test)."""
    text = data_text(READINGS_FILE)
    readings: dict[str, str] = {}
    for row in text.splitlines():
        if row and not row.startswith("#"):
            syllable, _, chars = row.partition("\t")
            readings[syllable] = chars
    return readings


def is_reading(char: str, syllable: str) -> bool:
    """True when ``syllable`` (one tone mark, NFC) is a Mandarin reading of ``char``."""
    return char in load_readings().get(syllable, "")


def strip_line(text: str) -> tuple[str, list[tuple[int, str, str]]]:
    """Remove the annotations of one line; return the new text and (column, before, after) of each."""
    converted = load_tables().traditional_only
    removed: list[tuple[int, str, str]] = []
    pieces: list[str] = []
    last = 0
    for match in _annotation_re().finditer(text):
        char = match.group(1)
        if char not in converted or not is_reading(char, match.group(2) or match.group(3)):
            continue
        pieces.append(text[last : match.start()] + char)
        last = match.end()
        removed.append((match.start() + 1, match.group(), char))
    if not removed:
        return text, removed
    return "".join(pieces) + text[last:], removed


def strip_pinyin_annotations(doc: Document, config: CleanConfig) -> Document:
    """Remove pinyin annotations from every line; columns refer to the line as this step got it."""
    rows = list(rows_matching([line.text for line in doc.lines], *_SYLLABLE_IN_PARENTHESES))
    if not rows:
        return doc
    changes: list[Change] = []
    lines = list(doc.lines)
    for row in rows:
        line = lines[row]
        text, removed = strip_line(line.text)
        if removed:
            changes += [
                Change(STEP, RULE, line.number, before, after, column=column, role=line.role)
                for column, before, after in removed
            ]
            lines[row] = Line(line.number, text, line.role, line.rule, line.drop)
    return doc.with_changes(changes, lines=tuple(lines))
