"""Stray-character repair: what changes, what never changes, and how each change is recorded."""

from __future__ import annotations

import pytest

from govclean import CleanConfig, clean_text
from govclean.characters.repair import STEP, load_tables, protected_pattern, repair_characters, repair_line
from govclean.model import Document, Line
from govclean.pipeline import run

#: A clean simplified paragraph long enough for a confident verdict; tests put strays into it.
CONTEXT = (
    "社会组织在基层治理中发挥着越来越重要的作用，街道党工委坚持党建引领，推动各类组织协同参与，"
    "为群众办实事、解难题，形成共建共治共享的良好局面。"
)


def repaired(sentence: str, config: CleanConfig | None = None) -> tuple[str, list[tuple[str, str, str]]]:
    """Clean the sentence after the context paragraph; return its clean line and its fixes."""
    result = clean_text(f"{CONTEXT}\n{sentence}\n", config or CleanConfig())
    line = result.text.splitlines()[-1]
    return line, [(c.before, c.after, c.rule) for c in result.fixes]


@pytest.mark.parametrize(
    ("sentence", "expected", "rule"),
    [
        ("互助性隊伍在服務管理中", "互助性队伍在服务管理中", "chars.single_form"),
        ("欧陽炯为花间集作序", "欧阳炯为花间集作序", "chars.single_form"),
        ("崔绍涵的调査报告", "崔绍涵的调查报告", "chars.single_form"),
        ("安装浄水设备", "安装净水设备", "chars.variant"),
        ("衣服晾乾净了", "衣服晾干净了", "chars.phrase"),
        ("关於进一步加强管理的通知", "关于进一步加强管理的通知", "chars.phrase"),
        ("对情况有所瞭解", "对情况有所了解", "chars.phrase"),
    ],
)
def test_strays_are_repaired(sentence: str, expected: str, rule: str) -> None:
    """Single forms, Japanese variants and phrase entries repair the stray, with the right rule."""
    line, fixes = repaired(sentence)
    assert line == expected
    assert fixes and all(r == rule for _, _, r in fixes)


@pytest.mark.parametrize(
    "sentence",
    [
        "乾隆年间修建的乾清宫",  # 乾 is simplified in names
        "於铄王师，遵养时晦",  # 於 read wū, classical
        "医保已覆盖全体居民，颠覆性创新",  # 覆 is simplified here
        "瞭望塔上的士兵",  # 瞭 is simplified in 瞭望
        "子曰：“苟志於仁矣，无恶也。”",  # 於 alone, no phrase entry matches
    ],
)
def test_characters_valid_in_simplified_do_not_change_alone(sentence: str) -> None:
    """乾 於 覆 瞭 … change only inside a phrase entry, never on their own."""
    line, fixes = repaired(sentence)
    assert (line, fixes) == (sentence, [])


def test_classical_characters_with_extension_forms_are_kept() -> None:
    """輗 軏 騧 keep their form: their simplified forms lie outside the common ideograph block."""
    line, fixes = repaired("大车无輗，小车无軏，騧骊是骖")
    assert (line, fixes) == ("大车无輗，小车无軏，騧骊是骖", [])


def test_several_forms_use_the_default_and_are_flagged() -> None:
    """鍾 has two simplified forms: alone it takes the first, and the change's note says so."""
    result = clean_text(f"{CONTEXT}\n钟楼旁的鍾表店\n")
    (fix,) = result.fixes
    assert (fix.before, fix.after, fix.rule) == ("鍾", "钟", "chars.several_default")
    assert fix.note is not None and "钟/锺" in fix.note


def test_several_forms_follow_a_phrase() -> None:
    """千鍾粟 is a TSPhrases entry: 鍾 becomes 锺 there, not the default 钟."""
    line, fixes = repaired("书中自有千鍾粟")
    assert line == "书中自有千锺粟"
    assert fixes == [("鍾", "锺", "chars.phrase")]


def test_protected_words_never_change() -> None:
    """二噁英 is on the shipped protection list; 噁 alone is still repaired."""
    line, fixes = repaired("二噁英排放达标，噁心")
    assert line == "二噁英排放达标，恶心"
    assert fixes == [("噁", "恶", "chars.single_form")]


def test_user_protection_extends_the_list() -> None:
    """A word passed in ``CleanConfig.protect`` keeps its characters; the rest still repair."""
    line, fixes = repaired("張家港的隊伍", CleanConfig(protect=("張家港",)))
    assert line == "張家港的队伍"
    assert [before for before, _, _ in fixes] == ["隊"]


def test_every_repair_is_recorded_with_line_and_column() -> None:
    """Each change names its step, rule, line, 1-based column, role, before and after."""
    result = clean_text(f"{CONTEXT}\n服務隊\n")
    assert [(c.step, c.line, c.column, c.role, c.before, c.after) for c in result.fixes] == [
        (STEP, 2, 2, "body", "務", "务"),
        (STEP, 2, 3, "body", "隊", "队"),
    ]


def test_only_kept_lines_are_repaired() -> None:
    """A chrome line keeps its characters: removed text must be recoverable as it was."""
    lines = (Line(1, CONTEXT, "body"), Line(2, "下载到本地，服務更方便", "chrome"), Line(3, "服務", "body"))
    doc = repair_characters(Document(lines), CleanConfig())
    assert [ln.text for ln in doc.lines] == [CONTEXT, "下载到本地，服務更方便", "服务"]
    assert [(c.line, c.column) for c in doc.changes] == [(3, 2)]


def test_repair_line_reports_columns() -> None:
    """``repair_line`` repairs one line on its own, numbering columns from 1."""
    text, changes = repair_line("服務隊伍", 7, load_tables())
    assert text == "服务队伍"
    assert [(c.line, c.column) for c in changes] == [(7, 2), (7, 3)]


def test_traditional_document_is_left_alone() -> None:
    """A traditional text is verdict traditional and keeps every character."""
    text = "國家發展委員會應依據本條例規定，會同相關機關辦理各項業務，並將執行情形報告行政院。\n"
    result = clean_text(text)
    assert result.script.verdict == "traditional"
    assert result.fixes == () and result.text == text


def test_mixed_document_is_reported_not_repaired() -> None:
    """Half traditional, half simplified: verdict mixed, a warning, no repair unless forced."""
    text = "國家發展委員會應依據本條例規定辦理業務。\n国家发展委员会应当依据本条例规定办理业务。\n"
    result = clean_text(text)
    assert result.script.verdict == "mixed"
    assert result.fixes == ()
    assert any("mixed" in w for w in result.warnings)
    forced = clean_text(text, CleanConfig(script="simplified"))
    assert forced.text.splitlines()[0] == "国家发展委员会应依据本条例规定办理业务。"
    assert forced.script.decided_by == "simplified"


@pytest.mark.parametrize("mode", ["off", "traditional"])
def test_script_modes_that_disable_repairs(mode: str) -> None:
    """``--script off`` and ``--script traditional`` repair nothing, even in simplified text."""
    assert clean_text(f"{CONTEXT}\n服務\n", CleanConfig(script=mode)).fixes == ()


def test_short_text_with_only_traditional_evidence_is_not_repaired() -> None:
    """A one-liner of traditional characters cannot be told from a traditional document: unknown."""
    result = clean_text("服務管理\n")
    assert result.script.verdict == "unknown"
    assert result.fixes == ()


def test_japanese_text_is_not_repaired() -> None:
    """Kana mark Japanese, where 浄 and 査 are the ordinary characters."""
    text = "浄水器の価格を調査しました。検査の結果は良好です。\n"
    result = clean_text(text, CleanConfig(script="auto"))
    assert result.fixes == ()
    assert result.script.kana > 0


def test_repair_step_can_be_switched_off() -> None:
    """The step switch leaves the text as classified."""
    result = run(f"{CONTEXT}\n服務\n", CleanConfig(repair_characters=False))
    assert result.fixes == () and "服務" in result.text


def test_protected_pattern_keeps_only_words_that_can_change() -> None:
    """Words without any candidate character do not enter the protection pattern."""
    tables = load_tables()
    pattern = protected_pattern(tables, ("北京", "張家港"))
    assert pattern is not None
    assert pattern.search("北京") is None and pattern.search("張家港")


def test_compatibility_ideographs_and_kangxi_radicals_are_folded_then_repaired() -> None:
    """U+F9D0 (compatibility 類) folds to 類 and is then a stray; the Kangxi radical ⼈ becomes 人."""
    line, fixes = repaired("\uf9d0似的⼈民团体")
    assert line == "类似的人民团体"
    assert fixes == [("類", "类", "chars.single_form")]


def test_traditional_passage_in_simplified_document_is_left_whole() -> None:
    """A quoted traditional paragraph keeps its characters and is named; strays elsewhere repair."""
    quote = "國家發展委員會應依據本條例規定，會同相關機關辦理各項業務，並將執行情形報告行政院。"
    text = f"{CONTEXT}\n{CONTEXT}\n{quote}\n服務\n"
    result = clean_text(text)
    assert quote in result.text.splitlines()
    assert [(c.line, c.before) for c in result.fixes] == [(4, "務")]
    assert any("traditional passages" in w and "3" in w for w in result.warnings)
    forced = clean_text(text, CleanConfig(script="simplified"))
    assert quote not in forced.text.splitlines()
