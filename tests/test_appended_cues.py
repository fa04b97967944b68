"""Cues that a line is another page's headline, wherever it stands; never a caption of the article."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govclean import clean_text
from govclean.roles.appended import (
    _COUNTER_LAST,
    _COUNTER_RE,
    has_popularity_counter,
    headline_cues,
    is_caption,
    is_cut_off_entry,
    is_item,
    is_question_headline,
    prev_next_headline,
    shared_prefix,
)

CAPTIONS = [
    "图1 2010—2020年全国粮食产量",
    "表2 变量的描述性统计",
    "图 3-2 样本分布",
    "Fig. 4 Study area",
    "Table 1 Descriptive statistics",
    "附表1 访谈对象基本信息",
]


@pytest.mark.parametrize("caption", CAPTIONS)
def test_captions_are_never_headlines(caption: str) -> None:
    assert is_caption(caption)
    assert headline_cues(caption) == frozenset()
    assert headline_cues(caption + " 1024人气") == frozenset()
    assert not is_item(caption + "...")


@pytest.mark.parametrize(
    ("line", "cue"),
    [
        ("红茶和绿茶哪个更适合冬天喝？", "question"),
        ("新买的白茶应该怎样保存?", "question"),
        ("孩子发烧到底要不要马上去医院？", "question"),
        ("乌龙茶的冲泡方法与注意…", "cut_off"),
        ("秋季养生喝什么茶比较好..", "cut_off"),
        ("普洱茶的功效 1024人气", "counter"),
        ("冬季如何科学进补 阅读 2.3万", "counter"),
        ("春茶上市时间表（35）次浏览", "counter"),
        ("上一篇：红茶的冲泡温度是多少", "prev_next"),
        ("下一篇 : 绿茶与肠胃健康", "prev_next"),
    ],
)
def test_headline_cues(line: str, cue: str) -> None:
    assert cue in headline_cues(line)


@pytest.mark.parametrize(
    "line",
    [
        "为什么这样做？我们认为，这是因为制度设计本身存在缺陷……",
        "研究发现，农户收入显著提高。",
        "他说：“真的吗？”",
        "一、研究背景",
        "乡村旅游对农户收入的影响",
        "等等。……",
    ],
)
def test_article_lines_carry_no_headline_cue(line: str) -> None:
    assert headline_cues(line) == frozenset()


def test_question_needs_a_question_word_and_one_clause() -> None:
    assert not is_question_headline("乡村振兴？")
    assert not is_question_headline("这是问题，也是机遇吗？")
    assert is_question_headline("乡村振兴靠什么？")


def test_cut_off_entry_is_short() -> None:
    assert is_cut_off_entry("绿茶的冲泡方法与…")
    assert not is_cut_off_entry("绿" * 60 + "…")


def test_popularity_counter_marks_an_item() -> None:
    assert has_popularity_counter("1024人气") is False  # a counter alone is no headline
    assert is_item("绿茶的保存方法 1024人气")
    assert not is_item("绿茶的保存方法")


def test_prev_next_headline() -> None:
    assert prev_next_headline("上一篇：红茶的功效") == "红茶的功效"
    assert prev_next_headline("下一篇") == ""
    assert prev_next_headline("上一篇文章里我们讲了原理。") is None


def test_shared_prefix() -> None:
    assert shared_prefix(["绿茶的功效与作用", "绿茶的冲泡方法", "绿茶的保存方法"]) == "绿茶的"
    assert shared_prefix(["绿茶的功效", "红茶的功效"]) == ""
    assert shared_prefix(["绿茶", "绿茶的冲泡方法"]) == ""  # a line that is all prefix
    assert shared_prefix(["绿茶的功效"]) == ""


_TEA = [
    "绿茶是未经发酵的茶，保存不当容易受潮、变味，因此买回家的绿茶应当密封、避光、低温保存，最好放入冰箱冷藏。",
    "保存绿茶时要远离有异味的物品，因为茶叶很容易吸附其他气味，一旦串味，绿茶原有的清香就会大打折扣。",
    "如果一次买得较多，可以把绿茶分成小包装，每次只打开一小包饮用，其余的继续密封冷藏，这样可以延长保存时间。",
]
_ON_TOPIC_QUESTIONS = [
    "绿茶应当怎样密封保存？",
    "绿茶放入冰箱冷藏可以吗？",
    "绿茶串味了怎么办？",
    "绿茶保存时间有多久？",
]


def test_closing_questions_on_the_articles_topic_are_other_pages_headlines() -> None:
    """Question headlines ending the page are marked entries: separated even on the article's topic."""
    result = clean_text("\n".join(["绿茶的保存方法", *_TEA, *_ON_TOPIC_QUESTIONS]) + "\n")
    assert result.appended == tuple(_ON_TOPIC_QUESTIONS)
    assert all(line in result.text for line in _TEA)


def test_closing_captions_stay_with_the_article() -> None:
    captions = ["图1 绿茶的密封保存", "图2 绿茶的冷藏保存", "表1 绿茶保存时间", "表2 绿茶的串味情况"]
    result = clean_text("\n".join(["绿茶的保存方法", *_TEA, *captions]) + "\n")
    assert result.appended == ()


@given(
    st.text(alphabet="绿茶人气阅读浏览看过播放评论赞热度点击量数次12３٣,.:：()（） \n万千kKwW", max_size=20)
)
def test_a_counter_ends_in_one_of_the_characters_looked_at_first(text: str) -> None:
    """Where the last character that is no space rules out a counter, the search finds none."""
    last = text.rstrip()[-1:]
    if last not in _COUNTER_LAST and not last.isdecimal():
        assert _COUNTER_RE.search(text) is None
