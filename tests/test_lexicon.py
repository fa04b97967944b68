"""The chrome lexicon: concepts cover reworded chrome on any site and in either script, not prose."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govclean import cache as datacache
from govclean import scan
from govclean.characters.fold import plain, plain_lines, simplified, simplified_lines
from govclean.characters.tables import data_text
from govclean.roles import lexicon
from govclean.roles.lexicon import (
    LEXICON_MAX_CHARS,
    NO_EVIDENCE,
    Evidence,
    LexiconError,
    chrome_evidence,
    chrome_evidence_lines,
    load_lexicon,
    parse_lexicon,
)
from govclean.roles.screen import RULE_MAX_CHARS

CONCEPTS = load_lexicon().concepts


@pytest.mark.parametrize("concept", CONCEPTS, ids=[c.id for c in CONCEPTS])
def test_concept_examples_are_chrome(concept) -> None:
    """Every example of a concept is chrome by its wording and names the concept."""
    assert len(concept.examples) >= 3, f"{concept.id} needs examples"
    for example in concept.examples:
        evidence = chrome_evidence(example)
        assert evidence.is_chrome, f"{concept.id}: {example!r} covered {evidence.coverage:.2f}"
        assert concept.id in evidence.concepts, f"{concept.id}: {example!r} names {evidence.concepts}"


@pytest.mark.parametrize("concept", CONCEPTS, ids=[c.id for c in CONCEPTS])
def test_concept_counterexamples_are_not_chrome(concept) -> None:
    """An article sentence using a concept's words is not chrome."""
    assert concept.counterexamples, f"{concept.id} needs counterexamples"
    for counterexample in concept.counterexamples:
        assert not chrome_evidence(counterexample).is_chrome, f"{concept.id}: {counterexample!r}"


# Reworded chrome of sites the lexicon was not written on: other separators, other numbers,
# traditional script, full-width forms.
REWORDED = [
    ("下载该文档需消耗1.5个积分", {"download", "points"}),
    ("開通VIP會員，海量資料免費下載", {"membership", "download"}),
    ("分享到：微信／QQ好友／新浪微博", {"share"}),
    ("本文仅支持前3页在线预览 请下载后阅读全部", {"preview", "download"}),
    ("您当前的位置 » 首页 » 通知公告", {"breadcrumb"}),
    ("还剩 12 页未读，点击继续阅读", {"pages_left", "preview"}),
    ("阅读：2048 ｜ 评论：17 ｜ 收藏：5", {"counters"}),
    ("客服QQ：800012345 工作时间：周一至周五", {"customer_service"}),
    ("本站文档均为用户上传，如有侵权请联系客服删除", {"takedown"}),
    ("Copyright © 2019—2024 All rights reserved", {"rights"}),
    ("粤ICP备19000000号-3", {"icp"}),
    ("【字号 大 中 小】 【打印】 【关闭】", {"page_tools"}),
    ("忘記密碼？ ｜ 立即註冊", {"login"}),
    ("網站地圖 · 聯繫我們 · 廣告服務", {"contact_ads"}),
    ("1,024人气", {"counters"}),
    ("下载积分：0.8", {"download", "points"}),
]


@pytest.mark.parametrize(("line", "concepts"), REWORDED, ids=[line for line, _ in REWORDED])
def test_reworded_chrome_is_covered(line: str, concepts: set[str]) -> None:
    evidence = chrome_evidence(line)
    assert evidence.is_chrome, f"{line!r} covered {evidence.coverage:.2f}, terms {evidence.term_share:.2f}"
    assert concepts <= evidence.concepts


PROSE = [
    "本文利用2015—2020年的省级面板数据，考察数字普惠金融对农户收入的影响。",
    "会员单位的代表在会上分享了各自在基层党建方面的经验。",
    "王建国 李晓梅 陈志远 赵一鸣 刘思远 吴敏",
    "图1 2010—2020年全国粮食产量",
    "表2 变量的描述性统计",
    "一、研究背景",
    "乡村旅游对农户收入的影响",
    "关键词：乡村旅游；农户收入；倾向得分匹配",
    "在乡村振兴背景下,乡村旅",
]


@pytest.mark.parametrize("line", PROSE)
def test_article_lines_are_not_chrome(line: str) -> None:
    assert not chrome_evidence(line).is_chrome


def test_a_line_without_terms_has_no_evidence() -> None:
    assert chrome_evidence("2020 2021") is NO_EVIDENCE
    assert chrome_evidence("倾向得分匹配的估计结果") is NO_EVIDENCE


def test_long_lines_are_skipped() -> None:
    """Prose-length lines are never looked at, however chrome-like their words."""
    line = "下载 " * (LEXICON_MAX_CHARS // 3 + 1)
    assert len(line) > LEXICON_MAX_CHARS
    assert chrome_evidence(line) is NO_EVIDENCE
    assert chrome_evidence(line[:LEXICON_MAX_CHARS]).is_chrome


def test_traditional_and_simplified_read_the_same() -> None:
    traditional, simplified_line = "您現在的位置：首頁 > 新聞中心", "您现在的位置：首页 > 新闻中心"
    assert chrome_evidence(traditional) == chrome_evidence(simplified_line)


def test_the_fold_keeps_positions_and_leaves_simplified_text_alone() -> None:
    text = "猜你喜歡：ＱＱ空間"
    assert len(simplified(text)) == len(plain(text)) == len(text)
    assert simplified(text) == "猜你喜欢：ＱＱ空间"
    assert plain(text) == "猜你喜欢：QQ空间"
    same = "乾隆年间，他於是写道"  # valid simplified characters are not folded
    assert simplified(same) is same


def test_the_lexicon_view_is_made_from_the_rules_view() -> None:
    """The classifier hands over the lines' simplified view for the rules (of lines up to
    RULE_MAX_CHARS): the lexicon's view made from it is the one made from the lines."""
    assert RULE_MAX_CHARS >= LEXICON_MAX_CHARS
    texts = ["猜你喜歡：ＱＱ空間", None, "分享至：ＱＱ空间 新浪微博", "下载本资料需要3.5积分", "長" * 100]
    folded = simplified_lines(texts, max_chars=RULE_MAX_CHARS)
    views = plain_lines(folded, max_chars=LEXICON_MAX_CHARS)
    assert views[:4] == ["猜你喜欢：QQ空间", None, "分享至：QQ空间 新浪微博", "下载本资料需要3.5积分"]
    assert chrome_evidence_lines(texts, folded=folded) == chrome_evidence_lines(texts)


@pytest.mark.parametrize("group", [1, 3, 4096])
def test_a_traditional_page_folded_whole_reads_as_its_lines_folded_alone(
    group: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A group of lines dense with characters to fold is folded whole: each line gets its own
    fold, and a line the fold leaves alone, or too long to look at, is the same object."""
    monkeypatch.setattr(scan, "SCAN_GROUP", group)
    lines = ["猜你喜歡：ＱＱ空間", None, "這是一個關於服務管理與互助性隊伍的報導", "abc", "國際" * 30]
    texts = [*lines, "乾隆年间"] * 20
    for wide, max_chars in ((False, RULE_MAX_CHARS), (True, LEXICON_MAX_CHARS), (False, 15)):
        fold = plain if wide else simplified
        folded = simplified_lines(texts, wide=wide, max_chars=max_chars)
        for text, view in zip(texts, folded, strict=True):
            if text is None or len(text) > max_chars or fold(text) == text:
                assert view is text
            else:
                assert view == fold(text)


@given(
    st.lists(
        st.one_of(
            st.none(), st.sampled_from([*(line for line, _ in REWORDED), *PROSE]), st.text(max_size=30)
        ),
        max_size=12,
    )
)
def test_lines_scanned_joined_read_as_each_alone(texts: list[str | None]) -> None:
    """Scanning a page's lines joined gives each line the evidence it has alone."""
    texts = [t.replace("\n", " ").replace("\r", " ") if t else t for t in texts]
    joined = chrome_evidence_lines(texts)
    assert joined == [chrome_evidence(t) if t else NO_EVIDENCE for t in texts]
    assert chrome_evidence_lines(texts, folded=simplified_lines(texts, max_chars=RULE_MAX_CHARS)) == joined
    assert simplified_lines(texts) == [simplified(t) if t is not None else None for t in texts]


def test_an_anchored_concept_pattern_keeps_the_skip_to_first_characters() -> None:
    """A concept pattern anchored at the start (``^…版权所有``) still lets the finder skip to the
    characters a match can start with; it matches where it did, at the start only."""
    data = {
        "concept": [
            {"id": "rights", "terms": ["版权"], "patterns": [r"^[^\s，。]{2,12}\s?版权所有"]},
            {"id": "download", "terms": ["下载"]},
        ]
    }
    found = parse_lexicon(data)
    assert found.holds_concept.pattern.startswith("(?=[")
    assert found.pattern.pattern.startswith("(?=[")
    assert found.holds_concept.search("某某网站版权所有")
    assert found.holds_concept.match("某某网站 版权所有")
    assert found.holds_concept.search("新闻\n某某网站") is None
    assert [m.group() for m in found.pattern.finditer("某某网站版权所有")] == ["某某网站版权所有"]


def test_a_term_listed_twice_is_refused() -> None:
    data = {"concept": [{"id": "a", "terms": ["下载"]}, {"id": "b", "terms": ["下载"]}]}
    with pytest.raises(LexiconError, match="listed twice"):
        parse_lexicon(data)


def test_a_glue_word_that_is_a_term_is_refused() -> None:
    data = {"concept": [{"id": "a", "terms": ["下载"]}], "glue": {"words": ["下载"]}}
    with pytest.raises(LexiconError, match="glue"):
        parse_lexicon(data)


@pytest.fixture
def fresh_lexicon(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A cache folder of the test's own, and a lexicon loaded anew (the process's is restored)."""
    monkeypatch.setenv(datacache.CACHE_ENV, str(tmp_path / "cache"))
    lexicon.load_lexicon.cache_clear()
    lexicon._reckon.cache_clear()
    yield tmp_path / "cache"
    lexicon.load_lexicon.cache_clear()
    lexicon._reckon.cache_clear()


def _shipped_analysis() -> dict[str, object]:
    return lexicon.analyse_lexicon(tomllib.loads(data_text(lexicon.LEXICON_FILE)))


def _cached_analysis() -> dict[str, object]:
    """The analysis in the cache, its patterns' compiled code checked and set aside."""
    fingerprint = lexicon.lexicon_fingerprint(data_text(lexicon.LEXICON_FILE))
    cached = datacache.read_cached(datacache.cache_file(fingerprint, lexicon.LEXICON_CACHE), fingerprint)
    compiled = cached.pop("compiled")
    assert compiled == {key: datacache.pattern_data(cached[key]) for key in ("pattern", "holds_concept")}
    return cached  # type: ignore[no-any-return]


def _evidence_of_examples() -> list[Evidence]:
    lines = [line for concept in CONCEPTS for line in (*concept.examples, *concept.counterexamples)]
    return chrome_evidence_lines([*lines, *(line for line, _ in REWORDED), *PROSE])


def test_the_analysis_is_cached_by_the_data_files_fingerprint(fresh_lexicon: Path) -> None:
    """The first start analyses the data file and caches it; the next reads the cache, and reads
    the same evidence as a lexicon made from the TOML (its patterns made from their cached code
    equal to the patterns compiled: equal code, flags and source)."""
    uncached = _evidence_of_examples()
    assert _cached_analysis() == _shipped_analysis()
    lexicon.load_lexicon.cache_clear()
    lexicon._reckon.cache_clear()
    assert lexicon.load_lexicon() == parse_lexicon(tomllib.loads(data_text(lexicon.LEXICON_FILE)))
    assert _evidence_of_examples() == uncached
    assert any(evidence.is_chrome for evidence in uncached)


def test_a_changed_data_file_is_analysed_again(fresh_lexicon: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A term added to the data file counts at the next start, from a cache file of its own (the
    shipped file's stays for other installs sharing the cache)."""
    shipped = data_text(lexicon.LEXICON_FILE)
    lexicon.load_lexicon()
    assert chrome_evidence("榴莲酥饼") == NO_EVIDENCE
    changed = shipped.replace("terms = [", 'terms = ["榴莲酥饼", ', 1)
    edited = fresh_lexicon.parent / lexicon.LEXICON_FILE
    edited.write_text(changed, encoding="utf-8")
    monkeypatch.setattr(lexicon, "data_path", lambda name: edited)
    lexicon.load_lexicon.cache_clear()
    lexicon._reckon.cache_clear()
    assert chrome_evidence("榴莲酥饼").concepts == {CONCEPTS[0].id}
    assert lexicon.lexicon_fingerprint(changed) != lexicon.lexicon_fingerprint(shipped)
    assert len(list(fresh_lexicon.glob(f"{lexicon.LEXICON_CACHE}-*"))) == 2


def test_a_damaged_cache_file_is_analysed_again(fresh_lexicon: Path) -> None:
    fingerprint = lexicon.lexicon_fingerprint(data_text(lexicon.LEXICON_FILE))
    path = Path(datacache.cache_file(fingerprint, lexicon.LEXICON_CACHE))
    datacache.write_cached(path, fingerprint, {"concepts": [["only"]]})
    assert lexicon.load_lexicon().concepts == CONCEPTS
    assert _cached_analysis() == _shipped_analysis()


def test_an_unwritable_cache_folder_still_loads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A cache folder that cannot be made (a file stands in its place) costs only the cache."""
    expected = _evidence_of_examples()
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(datacache.CACHE_ENV, str(blocker / "cache"))
    lexicon.load_lexicon.cache_clear()
    lexicon._reckon.cache_clear()
    try:
        assert _evidence_of_examples() == expected
        assert lexicon.load_lexicon().concepts == CONCEPTS
    finally:
        lexicon.load_lexicon.cache_clear()
        lexicon._reckon.cache_clear()
