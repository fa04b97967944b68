"""Line roles: zones, metadata lines, appended lists, batch boilerplate and the safety rails."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from govclean import CleanConfig, clean_text
from govclean.characters.normalize import normalize_line
from govclean.roles.appended import closing_list_start, listing_span
from govclean.roles.boilerplate import EDGE_LINES, edge_lines, learn_boilerplate
from govclean.roles.metadata import parse_meta_line, parse_segment_row
from govclean.roles.shapes import (
    is_body_shaped,
    is_dated_item,
    is_keyword,
    is_paragraph,
    is_teaser,
    is_title_like,
)
from govclean.roles.topic import LineSet, bigrams, closeness, profile

PARAGRAPHS = [
    "近年来，某市坚持把社区治理作为基层工作的重点，通过完善议事协商机制、培育社区社会组织，逐步形成了共建共治共享的治理格局。",
    "在议事协商方面，各社区普遍建立了居民议事会，围绕停车难、加装电梯、垃圾分类等群众关心的问题定期协商，做到公开透明。",
    "在社会组织培育方面，市里设立了专项扶持资金，为初创期的社区社会组织提供场地、培训和项目指导，全市社区社会组织超过一千家。",
    "下一步，该市将继续深化社区治理改革，推动资源、服务和管理向基层下沉，让居民在家门口就能感受到社区治理效能的提升。",
]
ARTICLE = "\n".join(["某市社区治理呈现新气象", *PARAGRAPHS]) + "\n"


def _roles(text: str, config: CleanConfig | None = None) -> dict[str, tuple[str, str | None]]:
    result = clean_text(text, config or CleanConfig())
    return {line.stripped: (line.role, line.rule) for line in result.lines if line.role != "blank"}


def test_meta_line_reads_run_together_labels() -> None:
    """Labels printed without separators still split into their fields."""
    meta = parse_meta_line("文档序号:26939716发布日期:2021-10-12 15:03阅读:127来源:国知局")
    assert meta is not None
    assert meta.fields == {
        "doc_id": "26939716",
        "publish_date": "2021-10-12 15:03",
        "views": "127",
        "source": "国知局",
    }


def test_meta_line_allows_empty_values_and_print_links() -> None:
    """Empty values and trailing print/close links keep a line metadata; empty values report nothing."""
    meta = parse_meta_line("2015-03-02 08:42    来源:某某新闻网     打印本页 关闭")
    assert meta is not None and meta.fields == {"publish_date": "2015-03-02 08:42", "source": "某某新闻网"}
    empty = parse_meta_line("浏览量： 字号：")
    assert empty is not None and empty.fields == {}


def test_meta_line_remembers_a_label_whose_value_follows() -> None:
    """A label standing alone is open: the next short line may be its value."""
    meta = parse_meta_line("• 发文字号:")
    assert meta is not None and meta.open_field is not None and meta.open_field.name == "document_number"


def test_meta_line_rejects_prose() -> None:
    """A sentence that happens to contain a label is not a metadata line."""
    assert parse_meta_line("本文来源:新华社记者在现场的报道") is None
    assert parse_meta_line("据统计，来源:地方财政的资金占六成以上，说明了问题。") is None


def test_web_address_source_goes_to_source_url() -> None:
    """A source that is a web address is reported as source_url."""
    meta = parse_meta_line("文章来源:http://news.example.com/2019/0214/1.shtml")
    assert meta is not None and meta.fields == {"source_url": "http://news.example.com/2019/0214/1.shtml"}


def test_unreported_labels_mark_metadata_without_values() -> None:
    """A price label makes a metadata line, but its value is not reported."""
    meta = parse_meta_line("资源格式: PPT        下载积分:20金币")
    assert meta is not None and meta.fields == {"format": "PPT"}


def test_segment_row_with_a_date_is_metadata() -> None:
    """Unlabelled short segments with a date are a dateline; a table row without a date is not."""
    row = parse_segment_row("符法    某某网    2022-10-21    140")
    assert row is not None and row.fields == {"publish_date": "2022-10-21"}
    assert parse_segment_row("张三    男    北京    工程师") is None


def test_shapes() -> None:
    """Line shapes: bylines, teasers, dated entries, headings and paragraphs."""
    assert is_body_shaped("王 明, 李 华") and is_body_shaped("王明1, 李华2")
    assert not is_body_shaped("青年中国 吾辈当歌")
    assert is_teaser("绿茶属于不发酵茶，茶叶中的叶绿素在常温下容易.........")
    assert not is_teaser("他说：我还以为……")
    assert is_dated_item("某市启动春季农田水利建设 2023-03-20 10:00")
    assert is_title_like("培育社会组织") and not is_title_like("一、搭建议事平台")
    assert is_paragraph(PARAGRAPHS[0])
    assert not is_paragraph("某市启动春季农田水利建设工作会议顺利召开 2023-03-20")


def test_closeness_needs_enough_text() -> None:
    """Closeness is a share of shared bigrams, and unknown for a too short line or article."""
    vocabulary = profile(PARAGRAPHS)
    assert closeness("社区治理的经验与做法", vocabulary) is not None
    assert closeness("治理", vocabulary) is None
    assert closeness("社区治理的经验与做法", bigrams("社区治理")) is None


def test_closing_list_is_cut_only_when_off_topic() -> None:
    """A closing run of short lines goes to appended only when it is off the article's topic."""
    vocabulary = LineSet(PARAGRAPHS)
    on_topic = [
        "社区议事会如何组织居民协商",
        "社区社会组织培育的专项资金",
        "社区治理改革向基层下沉",
        "居民议事会的公开透明",
    ]
    off_topic = [
        "电脑开机很慢是什么原因",
        "新手学开车有哪些注意事项",
        "手机电池不耐用怎么办",
        "周末带孩子去哪里玩",
    ]
    assert closing_list_start([None, *on_topic], 0, vocabulary) is None
    assert closing_list_start([None, *off_topic], 0, vocabulary) == 1


def test_listing_page_needs_teasers_close_together() -> None:
    """Teasers every few lines make a listing page; teasers far apart do not."""
    teaser = "这是另一篇文章的开头，介绍了相关的内容和背景........"
    close_together = ["标题一", teaser, "标题二", teaser, "标题三", teaser]
    assert listing_span(close_together) == (1, 5)
    assert listing_span([teaser, *["正文"] * 12, teaser, teaser]) is None


def test_on_topic_tail_list_stays_in_the_text() -> None:
    """A short closing list on the article's own subject is body, not appended."""
    tail = [
        "社区议事会如何组织居民协商",
        "社区社会组织培育的专项资金",
        "社区治理改革向基层下沉",
        "居民议事会的公开透明",
    ]
    result = clean_text(ARTICLE + "\n".join(tail) + "\n")
    assert result.appended == ()
    assert all(item in result.text for item in tail)


def test_header_and_footer_are_both_removed() -> None:
    """Head and tail are judged separately: a page with both loses both."""
    roles = _roles("当前位置：首页 > 新闻中心\n" + ARTICLE + "返回顶部\n版权所有 某市新闻网\n")
    assert roles["当前位置：首页 > 新闻中心"] == ("chrome", "nav.breadcrumb")
    assert roles["返回顶部"][0] == "chrome" and roles["版权所有 某市新闻网"] == ("chrome", "footer.copyright")
    assert roles["某市社区治理呈现新气象"][0] == "title"


def test_every_removed_line_is_recorded_with_role_and_rule() -> None:
    """Each line taken out of the text has a change record naming its role and rule."""
    result = clean_text("当前位置：首页 > 新闻中心\n" + ARTICLE + "上一篇：某市召开工作会议\n")
    removed = {c.line: (c.role, c.rule) for c in result.changes if c.step == "classify_lines"}
    assert removed == {1: ("chrome", "nav.breadcrumb"), 7: ("chrome", "nav.prev_next")}


def test_batch_boilerplate_is_removed_at_the_edges_only() -> None:
    """Learned boilerplate goes from head and tail under its own rule, never from the body."""
    footer = "本站部分内容来自网络投稿"
    text = "\n".join(["某市社区治理呈现新气象", PARAGRAPHS[0], footer, *PARAGRAPHS[1:], footer]) + "\n"
    roles = clean_text(text, CleanConfig(boilerplate=(footer,))).lines
    assert [(ln.number, ln.role, ln.rule) for ln in roles if ln.stripped == footer] == [
        (3, "body", None),
        (7, "chrome", "batch.boilerplate"),
    ]


def test_learn_boilerplate_counts_files_not_lines() -> None:
    """A line must recur at the edges of enough files; repeats inside one file do not count."""
    pages = [f"欢迎访问某某网\n标题{i}\n{PARAGRAPHS[i]}\n联系我们 | 网站地图\n" for i in range(4)]
    assert learn_boilerplate(pages) == ("欢迎访问某某网", "联系我们 | 网站地图")
    assert learn_boilerplate(pages[:2]) == ()
    assert learn_boilerplate(["重复的一行\n" * 10] * 2) == ()


def test_learn_boilerplate_scales_with_the_batch() -> None:
    """In a big batch a line needs min_share of the files, not only min_files."""
    pages = [f"欢迎访问某某网\n正文{i}\n" for i in range(5)] + [f"标题{i}\n正文{i}\n" for i in range(45)]
    assert learn_boilerplate(pages) == ()
    assert learn_boilerplate(pages, min_share=0.1) == ("欢迎访问某某网",)


def test_edge_lines_are_the_first_and_last_non_blank_lines() -> None:
    """Only the two ends are read, yet the lines are those of the whole list of non-blank lines."""

    def every_line_read(text: str) -> frozenset[str]:
        lines = [c for c in (normalize_line(line)[0].strip() for line in text.splitlines()) if c]
        return frozenset(line for line in lines[:EDGE_LINES] + lines[-EDGE_LINES:] if len(line) >= 4)

    numbered = [f"第{i}行的文字\u200b" if i % 3 else "  " for i in range(5 * EDGE_LINES)]
    for size in (0, 5, EDGE_LINES, EDGE_LINES + 7, 2 * EDGE_LINES, 5 * EDGE_LINES):
        text = "\n".join(numbered[:size])
        assert edge_lines(text) == every_line_read(text)
    assert "第74行的文字" not in edge_lines("\n".join(numbered))


SPUN_PAGE = (
    (Path(__file__).parent / "golden" / "generic_injected_headlines" / "raw.txt")
    .read_text(encoding="utf-8")
    .splitlines()
)


def test_a_spun_page_loses_its_sown_keywords() -> None:
    """Once other stories' headlines show a page is spun, its bare keywords go, in the head too."""
    lines = ["袋鼠皮革", *SPUN_PAGE[:3], "绿板", *SPUN_PAGE[3:6], "闸把", *SPUN_PAGE[6:]]
    roles = _roles("\n".join(lines))
    for keyword in ("袋鼠皮革", "绿板", "闸把"):
        assert roles[keyword] == ("chrome", "topic.sown_keyword")
    assert roles[SPUN_PAGE[0]] == ("title", "title.head")


def test_a_spun_page_keeps_a_short_title_the_article_uses() -> None:
    """A keyword-shaped title that the article's own lines use is its title, not a sown word."""
    lines = ["存放茶叶", *SPUN_PAGE[1:3], "绿板", *SPUN_PAGE[3:]]
    roles = _roles("\n".join(lines))
    assert roles["存放茶叶"] == ("title", "title.head")
    assert roles["绿板"] == ("chrome", "topic.sown_keyword")


def test_an_ordinary_page_keeps_its_short_headings() -> None:
    """The same shape on a page with no sown headlines is the article's own heading."""
    lines = [SPUN_PAGE[0], SPUN_PAGE[1], "存放要点", SPUN_PAGE[3], "结语", SPUN_PAGE[5]]
    roles = _roles("\n".join(lines))
    assert roles["存放要点"][0] == "body" and roles["结语"][0] == "body"


def test_keyword_shape() -> None:
    assert all(map(is_keyword, ["绿板", "袋鼠皮革", "植物遗传学"]))
    assert not any(map(is_keyword, ["板", "青年中国 吾辈当歌", "结语：", "2021年", "苏炳级也就最大数量"]))


def test_warning_when_most_of_the_text_is_removed() -> None:
    """A document that keeps less than half of its characters gets a warning."""
    header = "\n".join(f"• 栏目{i}>" for i in range(40))
    result = clean_text(header + "\n" + ARTICLE)
    assert any("kept" in w for w in result.warnings)
    assert clean_text(ARTICLE).warnings == ()


def test_warning_when_nothing_is_left() -> None:
    """A page made only of site furniture gets a warning instead of silent emptiness."""
    result = clean_text("返回顶部\n首页 上一页 1 2 3 下一页 尾页\n")
    assert result.text == ""
    assert any("no article text" in w for w in result.warnings)


def test_title_after_an_off_topic_first_line() -> None:
    """A hot-search keyword above the title yields to the line that matches the article."""
    roles = _roles("本周天气预报查询\n" + ARTICLE)
    assert roles["本周天气预报查询"] == ("chrome", "head.before_title")
    assert roles["某市社区治理呈现新气象"] == ("title", "title.head")


def test_clean_text_without_site_content_is_unchanged() -> None:
    """An article with no site furniture comes back line for line."""
    result = clean_text(ARTICLE)
    assert result.text.replace("\n\n", "\n", 1) == ARTICLE


def test_learned_boilerplate_matches_lines_as_the_classifier_sees_them() -> None:
    """Lines are learned normalized, so a footer with zero-width characters is still recognised."""
    footer = "本站部分内容来自网络\u200b投稿"
    pages = [f"社区治理报道之{i}\n{PARAGRAPHS[i]}\n{footer}\n" for i in range(3)]
    learned = learn_boilerplate(pages)
    assert learned == ("本站部分内容来自网络投稿",)
    result = clean_text(pages[0], CleanConfig(boilerplate=learned))
    assert [ln.rule for ln in result.lines if ln.number == 3] == ["batch.boilerplate"]


def test_empty_summary_label_does_not_take_the_title_below_it() -> None:
    """A value is read from the next line only for fields printed that way, never the article."""
    page = "• 发文字号:\n\n某政发〔2023〕5号\n• 内容概述:\n\n" + ARTICLE
    result = clean_text(page)
    assert result.metadata["document_number"] == "某政发〔2023〕5号"
    assert result.text.startswith("某市社区治理呈现新气象\n")


def test_rows_of_channel_names_below_a_menu_line_are_the_menu() -> None:
    """Rows of two-character words look like a byline, but below a menu line, holding a channel
    name, they are the menu's next rows: any separator, traditional script, a number in a row."""
    page = (
        "首頁 新聞 國內 國際\n港澳 台灣 地方 法治\n社區　論壇　曝料\n財經 金融 證券 理財 2\n某市政务\n"
        + ARTICLE
    )
    roles = _roles(page)
    for row in ("港澳 台灣 地方 法治", "社區　論壇　曝料", "財經 金融 證券 理財 2"):
        assert roles[row] == ("chrome", "head.before_title"), row
    assert roles["某市社区治理呈现新气象"][0] == "title"


def test_a_byline_below_the_title_stays_whatever_stands_above() -> None:
    """Names of authors by the title are the article's, even under a menu line, and a row of
    names without a channel word does not continue a menu."""
    page = (
        "首页 新闻 国内 国际\n某市社区治理呈现新气象\n王建国 李晓梅 陈志远\n" + "\n".join(PARAGRAPHS) + "\n"
    )
    roles = _roles(page)
    assert roles["王建国 李晓梅 陈志远"][0] == "body"
    names = _roles("首页 新闻 国内 国际\n王建国 李晓梅 陈志远\n本周要闻\n" + ARTICLE)
    assert names["王建国 李晓梅 陈志远"][0] == "body"


def test_a_tool_row_between_the_paragraphs_goes_next_to_other_site_content() -> None:
    """Lines the lexicon covers whole go from inside the article when they stand next to other
    site content: any wording, separators, traditional script, counters with numbers."""
    for tools in (
        ["0条评论 | 12条总评论", "打印", "转发"],
        ["【列印】", "【關閉】"],
        ["字号：大 中 小", "收藏 · 纠错"],
    ):
        page = "\n".join(["某市社区治理呈现新气象", *PARAGRAPHS[:2], *tools, *PARAGRAPHS[2:]]) + "\n"
        roles = _roles(page)
        for line in tools:
            assert roles[line][0] == "chrome", line
        assert all(roles[p][0] == "body" for p in PARAGRAPHS)


def test_a_lone_lexicon_word_between_the_paragraphs_stays() -> None:
    """A short line the lexicon covers, among paragraphs only, is the article's own heading."""
    page = "\n".join(["某市社区治理呈现新气象", *PARAGRAPHS[:2], "社区动态", *PARAGRAPHS[2:]]) + "\n"
    assert _roles(page)["社区动态"][0] == "body"


def test_markup_between_the_paragraphs_stays_whatever_the_lexicon_says() -> None:
    """A corpus dump's record bounds are no tool row, though the lexicon knows the word doc."""
    page = (
        "\n".join(["某市社区治理呈现新气象", PARAGRAPHS[0], "</doc>", "<doc>", "打印", *PARAGRAPHS[1:]])
        + "\n"
    )
    roles = _roles(page)
    assert roles["</doc>"][0] == "body" and roles["<doc>"][0] == "body"


def test_the_owner_of_the_rights_named_at_the_tail_is_chrome() -> None:
    """``X 版权所有`` and ``版权归 X 所有`` lines after the article go, in any script; a sentence
    about whose rights a work is stays."""
    tail = ["本文版權歸某某日報所有", "某某信息网 版权所有 2012"]
    claim = "法院判决该作品版权归原告所有，被告应赔偿经济损失两万元。"
    roles = _roles(ARTICLE + claim + "\n" + "\n".join(tail) + "\n")
    assert all(roles[line][0] == "chrome" for line in tail)
    assert roles[claim][0] == "body"


def test_a_comment_box_after_the_article_is_chrome() -> None:
    """The comment box's prompt, rules and empty state go, in any script and language; a
    sentence about a message board stays."""
    box = ["【我說兩句】", "评论内容：需审核，请耐心等待", "No Comments Yet"]
    board = "村民在留言板上写下了对道路改造的意见，工作人员逐条作了答复。"
    roles = _roles(ARTICLE + board + "\n" + "\n".join(box) + "\n")
    assert all(roles[line][0] == "chrome" for line in box)
    assert roles[board][0] == "body"


@given(st.lists(st.text(alphabet="作者 1２,，.（）\x00\n\t*张三", max_size=12), max_size=8))
def test_fingerprints_of_lines_joined_are_each_lines_own(texts: list[str]) -> None:
    """One substitution over the lines joined gives each line's own fingerprint, a line holding
    the joining character among them."""
    from govclean.roles.classify import PageState

    assert PageState.fingerprints(texts) == {PageState.fingerprint(text) for text in texts}
    assert PageState.fingerprints(iter(texts)) == PageState.fingerprints(texts)


_FINGERPRINT_TEXTS = st.text(alphabet="作者 1２,，.（）\x00\t*张三", max_size=12)


@given(st.lists(st.none() | _FINGERPRINT_TEXTS, max_size=8), st.lists(_FINGERPRINT_TEXTS, max_size=3))
def test_fingerprints_matching_finds_every_wanted_fingerprint(
    texts: list[str | None], wanted: list[str]
) -> None:
    """The lines set aside by their first character hold none of the wanted fingerprints."""
    from govclean.roles.classify import PageState

    page = PageState(texts, frozenset())
    everything = PageState.fingerprints(text for text in texts if text is not None)
    wanted_fingerprints = {PageState.fingerprint(text) for text in wanted}
    found = page.fingerprints_matching(0, wanted_fingerprints)
    assert found & wanted_fingerprints == everything & wanted_fingerprints
