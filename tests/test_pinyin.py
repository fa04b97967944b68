"""Mirror sites' pinyin annotations: removed when unambiguous, ordinary parentheses kept."""

from __future__ import annotations

import json
import re
import unicodedata
from importlib import resources

import pytest

from govclean import CleanConfig, clean_bytes, clean_text
from govclean.characters.pinyin import RULE, STEP, TONE_MARKED, is_reading, load_readings, strip_line

from .conftest import corpus_path

MIRROR_CASES = (
    "jizihe_2018_0107_4645667",
    "victorzhang_2012_0429_24210872",
    "thegardenzadar_2021_0326_610488_trad_mirror",
)
_LEFTOVER_RE = re.compile(rf"[\u3400-\u9fff]\([a-zü{TONE_MARKED}]+\)")


def test_annotations_are_removed() -> None:
    """學(xué) and 發(fā)現(xiàn) lose their pinyin; each removal is recorded with its column."""
    text, removed = strip_line("研究發(fā)現(xiàn):學(xué)科")
    assert text == "研究發現:學科"
    assert removed == [(3, "發(fā)", "發"), (8, "現(xiàn)", "現"), (16, "學(xué)", "學")]


@pytest.mark.parametrize(
    "line",
    [
        "讓基層既充滿活力又安定有序(人民觀察)",  # a column label
        "杯深旋（xuán）被香醪（láo）涴（wò）",  # reading notes of an annotated edition
        "中國(China)與學(xue)",  # an English gloss; a syllable without a tone mark
        "學(fā)習",  # a toned syllable that is not a reading of 學
        "(xué)開頭",  # no character before the parenthesis
    ],
)
def test_ordinary_parentheses_are_kept(line: str) -> None:
    """Anything but a toned reading of the traditional character before it stays."""
    assert strip_line(line) == (line, [])


def test_step_records_changes_and_can_be_switched_off() -> None:
    """The pipeline step records each removal; its switch turns it off."""
    text = "研究發(fā)現(xiàn)了新的學(xué)科\n"
    result = clean_text(text)
    changes = [c for c in result.changes if c.step == STEP]
    assert [(c.rule, c.line, c.column, c.before, c.after) for c in changes] == [
        (RULE, 1, 3, "發(fā)", "發"),
        (RULE, 1, 8, "現(xiàn)", "現"),
        (RULE, 1, 18, "學(xué)", "學"),
    ]
    assert result.lines[0].text == "研究發現了新的學科"
    assert clean_text(text, CleanConfig(strip_pinyin_annotations=False)).lines[0].text == text.strip()


@pytest.mark.parametrize("case", MIRROR_CASES)
def test_mirror_pages_lose_every_annotation(case: str) -> None:
    """The three mirror pages keep their text and script, and no annotation is left."""
    folder = corpus_path("cases", case)
    expect = json.loads((folder / "expect.json").read_text(encoding="utf-8"))
    result = clean_bytes((folder / "raw.txt").read_bytes())
    removed = [c for c in result.changes if c.step == STEP]
    assert len(removed) >= 10
    assert _LEFTOVER_RE.search(result.text) is None
    assert result.script.verdict == expect["script"] == "traditional"
    assert not [c for c in result.changes if c.step == "repair_characters"]
    for snippet in expect["keep"]:
        assert snippet in result.text


def test_readings_data_is_well_formed() -> None:
    """Every line: one NFC toned syllable with exactly one tone mark, then CJK ideographs, no repeats."""
    text = (resources.files("govclean") / "data" / "pinyin.txt").read_text(encoding="utf-8")
    rows = [row for row in text.splitlines() if row and not row.startswith("#")]
    syllables = [row.split("\t")[0] for row in rows]
    assert len(syllables) == len(set(syllables)) > 1000
    for row in rows:
        syllable, chars = row.split("\t")
        assert unicodedata.is_normalized("NFC", syllable)
        assert re.fullmatch(rf"[a-zü{TONE_MARKED}]+", syllable)
        assert sum(ch in TONE_MARKED for ch in syllable) == 1
        assert chars and all("\u3400" <= ch <= "\u9fff" for ch in chars)
        assert len(set(chars)) == len(chars)


def test_readings_cover_both_scripts() -> None:
    """Traditional and simplified forms share their readings; heteronyms have several."""
    assert is_reading("學", "xué") and is_reading("学", "xué")
    assert is_reading("數", "shù") and is_reading("數", "shǔ")
    assert not is_reading("學", "fā")
    assert len(load_readings()) > 1000
