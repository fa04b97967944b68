"""Site-independent line evidence: prose, front matter, link lists, cut-off lines, folded view."""

from __future__ import annotations

import pytest

from govclean import CleanConfig, clean_text
from govclean.roles.evidence import (
    front_matter_label,
    front_matter_lines,
    has_function_words,
    is_cut_off,
    is_cut_off_sentence,
    is_link_list,
    is_prose,
    is_style_rule,
)

PARAGRAPHS = [
    "近年来，某市坚持把社区治理作为基层工作的重点，通过完善议事协商机制、培育社区社会组织，逐步形成了共建共治共享的治理格局。",
    "在议事协商方面，各社区普遍建立了居民议事会，围绕停车难、加装电梯、垃圾分类等群众关心的问题定期协商，做到公开透明。",
    "在社会组织培育方面，市里设立了专项扶持资金，为初创期的社区社会组织提供场地、培训和项目指导，全市社区社会组织超过一千家。",
]


def _roles(text: str) -> dict[str, tuple[str, str | None]]:
    result = clean_text(text, CleanConfig())
    return {line.stripped: (line.role, line.rule) for line in result.lines if line.role != "blank"}


@pytest.mark.parametrize(
    "line,concept",
    [
        ("摘要：本文利用统计学方法分析了资助效果。", "abstract"),
        ("摘 要:本文分析了", "abstract"),
        ("〔摘要〕基于Web of Science数据库", "abstract"),
        ("[关键词] 乡村旅游；农户收入", "keywords"),
        ("关 键 词：机器人;文献计量学", "keywords"),
        ("Key words: rural tourism; income", "keywords"),
        ("Keywords：tourism", "keywords"),
        ("中图分类号：F270 文献标识码：A", "class"),
        ("基金项目：国家自然科学基金（71273001）", "fund"),
        ("Fund supported: National Natural Science Foundation", "fund"),
        ("作者简介：王建国（1980—），男，教授。", "author"),
    ],
)
def test_front_matter_labels_any_spelling(line: str, concept: str) -> None:
    assert front_matter_label(line) == concept


@pytest.mark.parametrize("line", ["本文关键词：欧宝体育,德邦", "来源：某某网", "正文", "关于我们：公司简介"])
def test_other_labels_are_no_front_matter(line: str) -> None:
    assert front_matter_label(line) is None


def test_front_matter_needs_two_labels_together() -> None:
    """Abstract and keywords on consecutive lines are the article's; a lone tags line is not, nor
    one a line away from the abstract."""
    together = ["题目", "摘要：本文分析。", "关键词：甲；乙", "正文"]
    assert front_matter_lines(together) == {1, 2}
    assert front_matter_lines(["题目", "关键词：甲，乙", "正文"]) == set()
    apart = ["关键词：站点标签", "王建国 李晓梅", "〔摘要〕本文分析。", "〔关键词〕甲；乙"]
    assert front_matter_lines(apart) == {2, 3}


def test_truncated_excerpt_keeps_its_keywords_and_cut_off_line() -> None:
    """At the end of a cut-off excerpt the keyword line is the article's and the last line stays."""
    text = (
        "\n".join(
            [
                "乡村旅游对农户收入的影响研究",
                "来源：某某期刊网 | 上传用户：abc123",
                *PARAGRAPHS,
                "摘要：本文利用倾向得分匹配方法，评估了乡村旅游对农户收入的影响，发现参与户收入显著提高。",
                "关键词：乡村旅游；农户收入；倾向得分匹配",
                "在乡村振兴背景下,乡村旅",
            ]
        )
        + "\n"
    )
    roles = _roles(text)
    assert roles["关键词：乡村旅游；农户收入；倾向得分匹配"][0] == "body"
    assert roles["在乡村振兴背景下,乡村旅"][0] == "body"


@pytest.mark.parametrize(
    "line",
    [
        "在乡村振兴背景下,乡村旅",
        "在乡村振兴背景下乡村旅游发展迅速而且",
        "社会组织、志愿",
    ],
)
def test_cut_off_lines(line: str) -> None:
    assert is_cut_off(line)


@pytest.mark.parametrize("line", ["高效除氟剂G", "尼康 D80套机", "全文完。", "返回首页>>"])
def test_not_cut_off(line: str) -> None:
    assert not is_cut_off(line)


@pytest.mark.parametrize(
    "line",
    [
        "首页 | 新闻 | 体育 | 娱乐 | 财经",
        "网易首页-新闻-体育-NBA-娱乐-财经",
        "首頁 · 關於我們 · 聯繫我們",
        "环球网>财经>财经新闻>正文",
        "新闻 / 图片 / 视频 / 专题",
    ],
)
def test_link_lists(line: str) -> None:
    assert is_link_list(line)


@pytest.mark.parametrize(
    "line",
    [
        "王建国 李晓梅",  # too few segments
        "王建国 李晓梅 陈志远 赵一鸣 刘思远 吴敏",  # a byline
        "王建国，李晓梅，陈志远",
        "港澳 台湾 地方 法治",  # shaped like a byline: left to its neighbours
        "我们走访了三个村，村民说：收入比去年多了。",
        "国务院关于进一步加强和改进新时代基层治理工作的实施意见",
    ],
)
def test_not_link_lists(line: str) -> None:
    assert not is_link_list(line)


def test_prose_needs_sentences_not_length() -> None:
    assert is_prose(PARAGRAPHS[0])
    assert is_prose("The committee met on Monday, and it agreed to publish the full report next week.")
    long_title = "关于进一步加强和改进新时代基层社会治理体系和治理能力现代化建设的若干意见实施细则解读"
    assert len(long_title) > 40 and not is_prose(long_title)
    assert not is_prose("收稿日期:2021-03-02修回日期:2021-06-18网络出版日期:2021-09-30")
    assert not is_prose("首页 | 新闻中心 | 国内新闻 | 国际新闻 | 社会新闻 | 财经新闻 | 体育")


def test_traditional_page_loses_the_same_chrome_as_a_simplified_one() -> None:
    simplified, traditional = "您现在的位置：首页 > 新闻中心 > 正文", "您現在的位置：首頁 > 新聞中心 > 正文"
    for crumb, title in ((simplified, "某市社区治理呈现新气象"), (traditional, "某市社區治理呈現新氣象")):
        assert _roles("\n".join([crumb, title, *PARAGRAPHS]) + "\n")[crumb][0] == "chrome"


def test_long_title_does_not_open_the_article() -> None:
    """A title of 46 characters has no sentence in it: the header below it is still the header."""
    title = "关于进一步加强和改进新时代基层社会治理体系和治理能力现代化建设的若干意见解读与实施路径研究"
    header = "来源：某某论坛 | 被引量：3次 | 上传用户：abc123"
    roles = _roles("\n".join([title, header, *PARAGRAPHS]) + "\n")
    assert roles[title] == ("title", "title.head")
    assert roles[header][0] == "meta"


def test_menu_before_the_title_goes_and_the_title_is_found_by_topic() -> None:
    """Short menu entries open the page; the title is the head line on the article's topic."""
    menu = ["网站首页", "新闻", "体育", "财经", "娱乐 | 汽车 | 房产"]
    title = "某市社区治理呈现新气象：议事协商机制让居民做主"
    roles = _roles("\n".join([*menu, "2021-03-02 来源：某某日报", title, *PARAGRAPHS]) + "\n")
    assert roles[title][0] == "title"
    assert all(roles[line][0] == "chrome" for line in menu)
    assert all(roles[line][0] == "body" for line in PARAGRAPHS)


def test_a_short_list_far_below_the_article_goes() -> None:
    """Past the article's last lines, a run of short off-topic lines is a list of links."""
    tail = [
        "（责任编辑：张三）",
        "2021年3月2日",
        "热门推荐",
        "明星婚礼现场曝光",
        "新款手机开箱评测",
        "春季旅游攻略",
    ]
    roles = _roles("\n".join(["某市社区治理呈现新气象", *PARAGRAPHS, *tail]) + "\n")
    assert roles["（责任编辑：张三）"][0] == "body" and roles["2021年3月2日"][0] == "body"
    assert all(roles[line][0] != "body" for line in tail[3:])


def test_a_related_news_box_inside_the_article_does_not_end_it() -> None:
    """The article's prose after a short related-news list under a marker stays in the text."""
    box = ["相关新闻：", "明星婚礼现场曝光", "新款手机开箱评测"]
    text = "\n".join(["某市社区治理呈现新气象", PARAGRAPHS[0], *box, *PARAGRAPHS[1:]]) + "\n"
    result = clean_text(text, CleanConfig())
    assert all(paragraph in result.text for paragraph in PARAGRAPHS)
    assert "明星婚礼现场曝光" not in result.text and "明星婚礼现场曝光" in result.appended


@pytest.mark.parametrize(
    "line",
    [
        "首页 > 新闻中心 > 正文",
        "您所在的位置： 查字典论文网 >> 中国对机器人基础研究领域的支持及效果分析",
        "你现在所处的位置：某某网 » 2011年第三期 » 正文",
        "網站首頁 → 新聞動態 → 本地新聞",
    ],
)
def test_breadcrumbs_by_shape(line: str) -> None:
    from govclean.roles.evidence import is_breadcrumb

    assert is_breadcrumb(line)


@pytest.mark.parametrize("line", ["当x > 0时，函数单调递增。", "A > B", "收入 > 支出 > 零。"])
def test_comparisons_are_no_breadcrumbs(line: str) -> None:
    from govclean.roles.evidence import is_breadcrumb

    assert not is_breadcrumb(line)


def test_reworded_chrome_goes_by_its_concepts() -> None:
    """Chrome no rule names, in any script, goes by the lexicon's concepts or its shape."""
    crumb = "您所在的位置：某某网 >> 论文 >> 某市社区治理呈现新气象"
    header = ["开通会员，免费下载全文", "分享至：QQ空间 新浪微博 朋友圈"]
    roles = _roles("\n".join([crumb, "某市社区治理呈现新气象", *header, *PARAGRAPHS]) + "\n")
    assert roles[crumb][0] == "chrome"
    assert all(roles[line][0] == "chrome" for line in header)
    assert roles["某市社区治理呈现新气象"][0] == "title"


def test_traditional_metadata_values_keep_the_page_script() -> None:
    roles = clean_text("\n".join(["某市社區治理呈現新氣象", "來源：新華社", *PARAGRAPHS]) + "\n")
    assert roles.metadata.get("source") == "新華社"


def test_passes_state_their_order_and_zones_change_nothing() -> None:
    from govclean.roles.classify import PASSES, PageState, Zones, find_zones

    assert [name for name, _ in PASSES] == ["appended", "edges", "body", "spun_page", "head", "tail"]
    lines: list[str | None] = [
        "首页 | 新闻 | 体育",
        "某市社区治理呈现新气象",
        *PARAGRAPHS,
        "网站地图 | 联系我们",
    ]
    page = PageState(lines, frozenset())
    zones = find_zones(page)
    assert isinstance(zones, Zones)
    assert (zones.head, zones.body) == (range(0, 2), range(2, 5))
    assert page.verdicts == [None] * len(lines)


def test_a_footer_notice_far_below_does_not_pull_menus_into_the_article() -> None:
    """Prose far below the article (a footer's notice) closes no article: the menus between go
    (but for the lines just below the article, which go only between site content)."""
    menus = [f"栏目{n}" for n in "一二三四五六七八九十"] + ["财经频道", "体育频道", "娱乐频道", "汽车频道"]
    footer = "Copyright © 1996-2012 Example Corporation, All Rights Reserved. Terms of use apply here."
    roles = _roles("\n".join(["某市社区治理呈现新气象", *PARAGRAPHS, *menus, footer]) + "\n")
    assert all(roles[line][0] != "body" for line in menus[2:])
    assert all(roles[line][0] == "body" for line in PARAGRAPHS)


def test_a_notice_keeps_its_own_contact_lines() -> None:
    tail = ["联系人：王老师", "电话：022-23508981", "传真：022-23500216"]
    roles = _roles("\n".join(["某市社区治理呈现新气象", *PARAGRAPHS, *tail]) + "\n")
    assert all(roles[line][0] == "body" for line in tail)


@pytest.mark.parametrize("line", ["typedef struct{/*坐标*/", "#include <stdio.h>", "x = a / b / c"])
def test_program_code_is_no_link_list(line: str) -> None:
    assert not is_link_list(line)


def test_excerpt_cut_off_after_a_list_of_code_keeps_its_last_line() -> None:
    """The page's last line, a sentence cut off mid-clause, is no entry of an off-topic closing
    list: the article runs on to it, and the lines above it stay too."""
    text = "\n".join(
        [
            "某市社区治理的经验",
            *PARAGRAPHS,
            "return value {",
            "} else {",
            "print answer",
            "end of block",
            "这种写法的好处是更加简洁,还可",
        ]
    )
    roles = _roles(text + "\n")
    assert roles["这种写法的好处是更加简洁,还可"][0] == "body"
    assert roles["} else {"][0] == "body"


def test_excerpt_cut_off_in_comma_separated_clauses_is_no_keyword_list() -> None:
    """Without its final mark a sentence of short clauses has a keyword list's shape; at the page's
    end it is the excerpt's cut-off line. The same line ended is prose, and a real list of tags
    at the end still goes."""
    cut = "3.此外,在社区的议事场景中,由于涉及居民、物业等多种主体,协商过程较为复杂,不同小区或单"
    roles = _roles("\n".join(["某市社区治理的经验", *PARAGRAPHS, cut]) + "\n")
    assert roles[cut][0] == "body"
    tags = "社区治理,议事协商,社会组织,垃圾分类,加装电梯,停车管理"
    roles = _roles("\n".join(["某市社区治理的经验", *PARAGRAPHS, tags]) + "\n")
    assert roles[tags][0] != "body"


@pytest.mark.parametrize(
    "line,expected",
    [
        ("这种写法更加简洁,还可", True),
        ("由于涉及多种主体，协商过程较为复", True),
        ("社区治理、议事协商", False),  # an enumeration comma: a headline may hold one
        ("这种写法更加简洁,还可以。", False),
        ("上一篇：冰箱异味的处理方法", False),  # a label's colon is no clause
    ],
)
def test_cut_off_sentences(line: str, expected: bool) -> None:
    assert is_cut_off_sentence(line) is expected


@pytest.mark.parametrize(
    "line,expected",
    [
        ("由于涉及居民、物业等多种主体,协商过程较为复杂,不同小区或单", True),
        ("在议事协商方面，各社区普遍建立了居民议事会，围绕群众关心的问题定期协商", True),
        ("社区治理,议事协商,社会组织,垃圾分类,加装电梯,停车管理", False),
        ("冻煮蛤肉,冻生蛤肉价格,冻生蛤肉批发", False),
    ],
)
def test_function_words(line: str, expected: bool) -> None:
    assert has_function_words(line) is expected


def test_counted_list_the_article_names_is_its_own() -> None:
    """Counted entries below the last paragraph stay when the paragraph names them word for word
    (a report of the most discussed topics); a sidebar's counted facets below the same article
    still go."""
    report = (
        "据某市网统计，本周市民热议的话题中，社区加装电梯进展、老旧小区停车改造等讨论最多，"
        "此外垃圾分类新规也受到关注。"
    )
    named = ["社区加装电梯进展(8721)", "周末去哪儿玩(5310)", "老旧小区停车改造(4410)", "垃圾分类新规(3012)"]
    roles = _roles("\n".join(["某市本周热议话题", report, *named]) + "\n")
    assert all(roles[line][0] == "body" for line in named)
    facets = ["政策法规(228)", "通知公告(63)", "工作动态(811)", "图片新闻(65)"]
    roles = _roles("\n".join(["某市本周热议话题", report, *facets]) + "\n")
    assert all(roles[line][0] != "body" for line in facets)


@pytest.mark.parametrize(
    "line",
    [
        "body {",
        "#topnews .item:hover {",
        "}",
        "MARGIN: 0 0 0 0;",
        "*font-size : 18px; /* 20px * 0.8 */",
        "font-family : Verdana, Arial, 新細明體, 细明体;",
        "/* IE only */",
    ],
)
def test_style_sheet_lines(line: str) -> None:
    assert is_style_rule(line)
    assert not is_prose(line)


@pytest.mark.parametrize(
    "line",
    [
        "注意：本文内容仅供参考;",
        "时间：2012年;",
        "《中华人民共和国宪法》第一条规定：",
        "x = a / b / c",
        "{1, 2, 3}",
    ],
)
def test_text_is_no_style_sheet(line: str) -> None:
    assert not is_style_rule(line)


@pytest.mark.parametrize(
    "sheet",
    [
        [
            "#header .nav li {",
            "padding: 2px 6px 0 6px;",
            "line-height : 22px; /* old browsers */",
            "font-family: Tahoma, 宋体, sans-serif;",
            "}",
        ],
        [
            "BODY {",
            "MARGIN: 0px;",
            "FONT-FAMILY: 新細明體, 細明體;",
            "}",
            "/* 列印樣式 */",
            ".footer a:link {",
            "COLOR: #333333;",
            "}",
        ],
    ],
)
def test_a_style_sheet_before_the_article_goes(sheet: list[str]) -> None:
    """A page's CSS printed as text above the title goes, however its blocks are written; the
    title and the article stay."""
    title = "某市社区治理呈现新气象"
    roles = _roles("\n".join([*sheet, title, *PARAGRAPHS]) + "\n")
    assert all(roles[line] == ("chrome", "head.style_sheet") for line in sheet)
    assert roles[title][0] == "title"
    assert all(roles[line][0] == "body" for line in PARAGRAPHS)


def test_code_inside_the_article_and_a_lone_declaration_stay() -> None:
    """CSS between the paragraphs is the article's example; one ``key: value;`` line above the
    title is no style sheet."""
    code = ["a:hover {", "color: red;", "}"]
    roles = _roles("\n".join(["某市社区治理呈现新气象", PARAGRAPHS[0], *code, *PARAGRAPHS[1:]]) + "\n")
    assert all(roles[line][0] == "body" for line in code)
    lone = "Tel: 022-23508981;"
    roles = _roles("\n".join([lone, "某市社区治理呈现新气象", *PARAGRAPHS]) + "\n")
    assert roles[lone][1] != "head.style_sheet"


@pytest.mark.parametrize(
    "notice",
    [
        [
            "某某新闻网版权与免责声明：",
            "① 凡本网注明“来源：某某新闻网”的作品，版权均属本网，未经授权不得转载。",
            "② 本网转载的稿件不代表本网观点，如涉及版权问题，请与本网联系。",
        ],
        [
            "某某在線版權相關聲明：",
            "1. 本網轉載其他媒體稿件是為傳播更多信息，不代表本網觀點。",
            "2. 在本網論壇發表言論者，文責自負。",
        ],
        [
            "暂无评论",
            "•所有留言均为网友自行发布，不代表本站立场。",
            "•留言不得含有违法或侵害他人权益的内容，违者删除。",
        ],
    ],
)
def test_a_site_notice_and_its_clauses_below_the_article_go(notice: list[str]) -> None:
    """Below the article, a site's notice heading (or its comment box) and the enumerated clauses
    under it go, in any script and with any enumerator; the article stays."""
    page = ["某市社区治理呈现新气象", *PARAGRAPHS, "【打印】【关闭】", *notice]
    result = clean_text("\n".join(page) + "\n")
    roles = [(line.role, line.rule) for line in result.lines if line.role != "blank"]
    assert all(role == "chrome" for role, _ in roles[-len(notice) :]), roles
    assert all(rule == "tail.notice_clause" for _, rule in roles[-len(notice) + 1 :])
    assert all(role == "body" for role, _ in roles[1:4])


def test_an_article_s_own_numbered_list_stays() -> None:
    """Numbered clauses of the article, after its last paragraph or under a tool row, are not a
    site's notice: their heading names no notice."""
    clauses = ["1. 各社区要落实责任，及时处理居民反映的问题。", "2. 街道负责联系协调，定期通报进展情况。"]
    roles = _roles("\n".join(["某市社区治理呈现新气象", *PARAGRAPHS, "具体要求如下：", *clauses]) + "\n")
    assert all(roles[line][0] == "body" for line in clauses)
    roles = _roles(
        "\n".join(["某市社区治理呈现新气象", PARAGRAPHS[0], "【打印】", *clauses, *PARAGRAPHS[1:]]) + "\n"
    )
    assert all(roles[line][0] == "body" for line in clauses)


@pytest.mark.parametrize(
    "ranking",
    [
        [
            "1.某报：某国外交陷入困境 强硬派抬头评论369条",
            "2.某地暴雨致多条道路积水 市民出行受阻评论302条",
            "3.专家：房价调控政策应当保持连续性和稳定性评论152条",
        ],
        ["台湾为何在北京冬奥会上变成“中华台北”？", "十字架报：彭帅：沉默的代价与国际社会的关注"],
        [
            "某地高鐵晚點途中停車3小時 乘客一支煙為何導致晚點？",
            "國瓷材料、安科瑞兩只新股明日上市定位分析報告",
        ],
    ],
)
def test_a_run_of_headlines_between_site_content_below_the_article_goes(ranking: list[str]) -> None:
    """Other stories' headlines below the article, too long for a short line's vote (a question,
    a colon, a counter), go when site content stands on both sides of their run."""
    tail = ["【打印】【关闭】", "网友评论排行：", *ranking, "网站地图 | 联系我们"]
    result = clean_text("\n".join(["某市社区治理呈现新气象", *PARAGRAPHS, *tail]) + "\n")
    roles = [line.role for line in result.lines if line.role != "blank"]
    assert all(role == "chrome" for role in roles[-len(ranking) - 1 : -1]), roles
    assert roles[1:4] == ["body"] * 3


def test_headlines_the_page_ends_below_stay() -> None:
    """A run of headline-shaped lines the page ends below keeps its place: an excerpt may end in
    lines of its own."""
    ranking = [
        "某地连日暴雨致多条道路严重积水 市民出行受阻评论302条",
        "专家：房价调控政策应当保持连续性和稳定性评论152条",
    ]
    tail = ["【打印】【关闭】", "网友评论排行：", *ranking]
    result = clean_text("\n".join(["某市社区治理呈现新气象", *PARAGRAPHS, *tail]) + "\n")
    assert set(ranking) <= {line.stripped for line in result.lines if line.role == "body"}


@pytest.mark.parametrize(
    "line,headline",
    [
        ("1.某报：某国外交陷入困境 强硬派抬头评论369条", True),
        ("台湾为何在北京冬奥会上变成“中华台北”？", True),
        ("某某会务组负责人联系方式：", False),
        ("近年来，某市坚持把社区治理作为基层工作的重点，逐步形成了共建共治共享的格局。", False),
        ("电话：022-23501436；022-23508004；", False),
        ("<description>终于决定把别的blog上的内容搬到这里", False),
    ],
)
def test_headline_shape(line: str, headline: bool) -> None:
    from govclean.roles.classify import is_headline_shaped

    assert is_headline_shaped(line) is headline


@pytest.mark.parametrize(
    "page",
    [
        ["某某头条", "文娱", "体育", "财汇", "聚场", "军事", "扬眼画事", "B座西窗"],
        [
            "本站域名：",
            "example.com",
            "最新軍情",
            "軍事評論",
            "軍事書籍",
            "史海鉤沉",
            "各國軍隊",
            "當前位置：首頁->軍事技術",
        ],
        ["某某网", "港股", "NBA", "娱乐", "买车", "体育", "美容", "购物"],
    ],
)
def test_a_menu_of_words_some_named_sections_goes(page: list[str]) -> None:
    """A run of one-word lines before the article, some of them a site's sections by the
    lexicon, is a menu: its other words (the site's own column names) go with them."""
    result = clean_text("\n".join([*page, "某市社区治理呈现新气象", *PARAGRAPHS]) + "\n")
    roles = [(line.role, line.rule) for line in result.lines if line.role != "blank"]
    assert all(role == "chrome" for role, _ in roles[: len(page)]), roles
    assert "nav.menu_words_run" in {rule for _, rule in roles}
    assert roles[len(page)][0] == "title"


def test_a_title_with_its_names_and_units_is_no_menu() -> None:
    """Short lines under a title with no section word among them are its header, and an author
    named just above the date row stays."""
    header = ["某市社区治理", "王建国", "李晓梅", "某某大学", "社会学院"]
    roles = _roles("\n".join(["首页 > 新闻", *header, *PARAGRAPHS]) + "\n")
    assert all(roles[line][0] in ("body", "title") for line in header)
    from govclean.roles.classify import PageState

    lines: list[str | None] = [
        "文娱",
        "王建国",
        "2021-03-02 来源：某某日报",
        "某市社区治理呈现新气象",
        *PARAGRAPHS,
    ]
    page = PageState(lines, frozenset())
    page.classify_edge(range(0, 3), "head")
    assert page.is_menu_word(0) and not page.is_menu_word(1)


@pytest.mark.parametrize(
    "line,row",
    [
        ("财经 金融 证券 理财", True),
        ("論壇 軍事 歷史 文學", True),
        ("体育  娱乐", True),
        ("王建国 李晓梅 陈志远", False),
        ("专区 访谈 数码 英语 对外 出版", False),
        ("新闻", False),
    ],
)
def test_section_rows(line: str, row: bool) -> None:
    """A row of spaced words, half of them a site's sections, is a menu row; names are a byline."""
    from govclean.roles.classify import is_section_row

    assert is_section_row(line) is row


def test_a_section_row_goes_at_the_head_and_a_byline_stays() -> None:
    lines = ["论坛 军事 历史 文学", "某市社区治理呈现新气象", "王建国 李晓梅", *PARAGRAPHS]
    roles = _roles("\n".join(lines) + "\n")
    assert roles["论坛 军事 历史 文学"] == ("chrome", "nav.section_row")
    assert roles["王建国 李晓梅"][0] == "body"
