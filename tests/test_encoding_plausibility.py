"""The Chinese plausibility score that judges candidate readings, and the data it reads."""

from __future__ import annotations

import unicodedata
from importlib import resources

import pytest

from govclean.budget import SlowWayBudget
from govclean.decoding import plausibility as plausibility_module
from govclean.decoding.plausibility import (
    COMMON_PUNCTUATION,
    Plausibility,
    common_hanzi,
    frequent_hanzi,
    is_common,
    plausibility,
    readable_share,
    reads_as_chinese,
)

ARTICLE = "国务院办公厅关于进一步加强政务公开工作的通知，各地区各部门要认真贯彻执行。"
TRADITIONAL = "行政院會議通過本條例修正草案，並請立法院審議，這是繁體中文的公文。"


def _data_lines() -> list[str]:
    text = resources.files("govclean").joinpath("data/encoding_frequent_hanzi.txt").read_text("utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


def test_frequent_data_file_holds_only_distinct_ideographs() -> None:
    """Every entry of the frequent-character file is one CJK ideograph, listed once."""
    characters = "".join(_data_lines())
    assert all(unicodedata.name(ch).startswith("CJK UNIFIED IDEOGRAPH") for ch in characters)
    assert len(characters) == len(set(characters)) == len(frequent_hanzi())


def test_frequent_set_covers_both_scripts() -> None:
    """The most frequent characters are there in simplified and traditional form."""
    assert set("的一是不了在人有我他这个们中国") <= frequent_hanzi()
    assert set("這個們國來說時會對發後") <= frequent_hanzi()


def test_common_set_comes_from_the_code_tables() -> None:
    """GB2312 level 1 and the Big5 frequent block: 3,755 + 5,401 characters, overlapping."""
    common = common_hanzi()
    assert {"啊", "座", "體", "龜"} <= common
    assert "硂" not in common  # a Big5-as-GB18030 garbage character
    # No Latin letter among them: plausibility drops those before telling common from other.
    assert not any("\u00c0" <= ch <= "\u024f" or "\u1e00" <= ch <= "\u1eff" for ch in common)
    assert 6000 < len(common) < 3755 + 5401


def test_one_character_lookup_agrees_with_the_common_set() -> None:
    """is_common, which encodes one character, holds for exactly the characters of common_hanzi."""
    every_character = (chr(point) for point in range(0x110000) if not 0xD800 <= point < 0xE000)
    assert frozenset(filter(is_common, every_character)) == common_hanzi()


@pytest.mark.parametrize(
    "text",
    [
        ARTICLE,
        TRADITIONAL,
        ARTICLE.encode().decode("gb18030", errors="replace"),
        "鍙樺寲 naïve ｶﾅ 丟",
    ],
)
def test_readable_share_is_the_same_looked_up_or_read_whole(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before and after the code tables' common blocks are read whole, the share is the same."""
    monkeypatch.setattr(plausibility_module, "_lookups_before_reading", SlowWayBudget(10**9))
    looked_up = readable_share(text)
    monkeypatch.setattr(plausibility_module, "_lookups_before_reading", SlowWayBudget(0))
    assert readable_share(text) == looked_up


@pytest.mark.parametrize("text", [ARTICLE, TRADITIONAL])
def test_real_text_scores_high(text: str) -> None:
    """Real simplified and traditional text both score well above the doubt threshold."""
    assert plausibility(text).score > 0.85


@pytest.mark.parametrize(
    ("right", "codec", "wrong"),
    [
        (TRADITIONAL, "big5", "gb18030"),
        (ARTICLE, "gb18030", "big5hkscs"),
        (ARTICLE, "utf-8", "gb18030"),
    ],
)
def test_wrong_readings_score_low(right: str, codec: str, wrong: str) -> None:
    """The same bytes read with the wrong codec score far below the right reading."""
    garbage = right.encode(codec).decode(wrong, errors="replace")
    assert plausibility(right).score - plausibility(garbage).score > 0.4


def test_ascii_and_latin_are_no_evidence() -> None:
    """ASCII and pinyin letters count for neither side: the score stays at 0.5."""
    judged = plausibility("Tiān dì xuán huáng, yǔ zhòu hóng huāng. 2024")
    assert (judged.evidence, judged.score) == (0, 0.5)


def test_replacement_characters_count_against() -> None:
    """U+FFFD is evidence against a reading."""
    assert plausibility("\ufffd" * 10 + "中国").score < 0.3


def test_readable_share_separates_mojibake() -> None:
    """The quick set-based look tells mojibake from text without scoring every character."""
    assert readable_share(ARTICLE) > 0.9
    assert readable_share(ARTICLE.encode().decode("gb18030", errors="replace")) < 0.6
    assert readable_share(ARTICLE.encode("gbk").decode("latin-1")) < 0.1
    assert readable_share("plain ASCII") == 1.0


def _sprinkled(text: str, every: int, garbage: str) -> str:
    """``text`` with every ``every``-th character replaced by the next character of ``garbage``."""
    return "".join(garbage[i // every % len(garbage)] if i % every == 0 else ch for i, ch in enumerate(text))


RARE = "".join(chr(code) for code in range(0x3400, 0x3400 + 400))  # CJK extension A: never readable


@pytest.mark.parametrize(
    "text",
    [
        "",
        "plain ASCII " * 20,
        ARTICLE,
        (ARTICLE + TRADITIONAL) * 10,
        (ARTICLE * 30).encode().decode("gb18030", errors="replace"),
        (ARTICLE * 30).encode("gbk").decode("latin-1"),
        *(
            _sprinkled((ARTICLE + TRADITIONAL) * 10, every, RARE[:kinds])
            for every in (2, 5, 20)
            for kinds in (5, 30, 100)
        ),
        # An unreadable head that only the rest of the text outweighs, and the other way round.
        RARE[:4] * 40 + (ARTICLE + TRADITIONAL) * 10,
        (ARTICLE + TRADITIONAL) * 3 + RARE,
    ],
)
@pytest.mark.parametrize("share", [0.0, 0.3, 0.6, 0.9, 1.0])
@pytest.mark.parametrize("looks_before_compiling", [0, 10**9])
def test_reads_as_chinese_is_readable_share_at_least(
    text: str, share: float, looks_before_compiling: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The shortcut decides exactly as the share it stands for, on either side of the threshold,
    with the compiled class and before it."""
    monkeypatch.setattr(plausibility_module, "_looks_before_compiling", SlowWayBudget(looks_before_compiling))
    assert reads_as_chinese(text, share) == (readable_share(text) >= share)


def _counted_one_by_one(text: str) -> Plausibility:
    """The score's definition, character by character."""
    frequent = common = other = 0
    for ch in text:
        if ch < "\x80":
            continue
        if ch in frequent_hanzi() or ch in COMMON_PUNCTUATION:
            frequent += 1
        elif ch in common_hanzi():
            common += 1
        elif not ("\u00c0" <= ch <= "\u024f" or "\u1e00" <= ch <= "\u1eff"):
            other += 1
    return Plausibility(frequent, common, other)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "plain ASCII",
        ARTICLE,
        TRADITIONAL,
        "Tiān dì xuán huáng 天地玄黃，宇宙洪荒。Ǹ ǹ ḿ ×÷",
        "\ufffd" * 10 + "中国",
        "かなカナ ΑΒΓ ─│┌ \ue000\uf8ff 𠀀𪚥 😀 ª º",
        ARTICLE.encode().decode("gb18030", errors="replace"),
        TRADITIONAL.encode("big5").decode("gb18030"),
        ARTICLE.encode("gbk").decode("latin-1"),
        ARTICLE.encode("utf-16-le").decode("utf-16-be", errors="replace"),
    ],
)
@pytest.mark.parametrize("tallies_before_compiling", [0, 10**9])
def test_plausibility_counts_every_character_by_its_class(
    text: str, tallies_before_compiling: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The counts by character class are those of looking at each character in turn, with the
    compiled class and before it."""
    budget = SlowWayBudget(tallies_before_compiling)
    monkeypatch.setattr(plausibility_module, "_tallies_before_compiling", budget)
    assert plausibility(text) == _counted_one_by_one(text)


def test_text_of_frequent_characters_is_judged_without_the_code_tables() -> None:
    """The frequent characters alone prove the share: the rare ones are not looked up, and the
    GB2312 and Big5 codecs the lookups need are never loaded (a fresh interpreter)."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from govclean.decoding.plausibility import reads_as_chinese\n"
        "loaded = lambda: ('encodings.gb2312' in sys.modules, 'encodings.big5' in sys.modules)\n"
        f"print(reads_as_chinese({(ARTICLE + RARE[:2])!r}, 0.6), *loaded())\n"
        f"print(reads_as_chinese({RARE[:4]!r}, 0.6), *loaded())\n"  # the lookups are still made
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    assert run.stdout.split() == ["True", "False", "False", "False", "True", "True"]
