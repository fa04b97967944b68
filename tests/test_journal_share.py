"""The seed's site family beyond the seed: every header, block and encoding variant of its pages.

Pages are assembled by :mod:`tests.journal_share` from article text (the seed's own article, and
when the shared corpus is beside the clone, real news and law texts), so the expected outputs do not
come from govclean.
"""

from __future__ import annotations

import codecs
import dataclasses
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govclean import clean_bytes
from govclean.roles.classify import PageState, titles_site_metadata

from . import hypothesis_profiles  # noqa: F401  (registers and loads the profile)
from .conftest import ROOT, corpus_path
from .journal_share import TITLE_PARTS, Page, make_title

SEED_EXPECTED = (ROOT / "tests" / "seed_expected" / "expected.txt").read_text(encoding="utf-8")
SEED_TITLE, _, SEED_BODY = SEED_EXPECTED.partition("\n\n")
#: The seed article's paragraphs and subheadings, without its affiliation and editor lines.
ARTICLE = [ln for ln in SEED_BODY.splitlines() if not ln.startswith(("(作者单位", "责任编辑"))]
ABSTRACTS = [
    "本文从供给侧结构性改革的视角出发,分析了县域经济转型升级中存在的主要问题,并提出了相应的",
    "以某市三个社区为样本,采用问卷调查与深度访谈相结合的方法,考察了居民参与社区治理的意愿和",
    "基于2010—2019年省级面板数据,运用空间计量模型检验了财政分权对地方公共服务供给效率的影",
    "随着数字技术的快速发展,基层政府的治理方式正在发生深刻变化。本文梳理了数字治理的理论",
]

VARIANTS: dict[str, Page] = {
    "other_metadata": Page(
        "社区协商议事的实践与思考",
        ARTICLE[:6],
        source="中国民政",
        cited_by=12,
        uploader="zhang_wei88",
        affiliation="某市民政局基层政权处",
        editor="李 华",
        appended=[("期刊", ABSTRACTS[0]), ("学位论文", ABSTRACTS[1])],
    ),
    "full_width_colons": Page(
        SEED_TITLE,
        ARTICLE,
        full_width=True,
        affiliation="鄞州区委政法委",
        editor="张逸龙",
        appended=[("会议论文", ABSTRACTS[2]), (None, ABSTRACTS[3])],
    ),
    "ideographic_indent": Page(SEED_TITLE, ARTICLE[:10], indent="　　", appended=[("报纸", ABSTRACTS[0])]),
    "no_indent": Page(SEED_TITLE, ARTICLE[:4], indent="", appended=[("期刊", ABSTRACTS[1])]),
    "without_affiliation_and_editor": Page(SEED_TITLE, ARTICLE, appended=[("期刊", ABSTRACTS[3])]),
    "editor_only": Page(SEED_TITLE, ARTICLE[:8], editor="王芳", appended=[("期刊", ABSTRACTS[2])]),
    "many_abstracts": Page(
        SEED_TITLE,
        ARTICLE,
        affiliation="某区委政法委",
        appended=[
            (label, text)
            for label, text in zip(
                ["期刊", None, "学位论文", None, "会议论文", "报纸", None, "期刊"], ABSTRACTS * 2, strict=True
            )
        ],
    ),
    "single_abstract_without_label": Page(SEED_TITLE, ARTICLE[:5], appended=[(None, ABSTRACTS[0])]),
    "no_appended_block": Page(SEED_TITLE, ARTICLE, affiliation="某街道办事处", editor="张逸龙"),
    "strays_in_body": Page(
        SEED_TITLE,
        ARTICLE,
        appended=[("期刊", ABSTRACTS[0])],
        strays=[("务", "務"), ("队", "隊"), ("这", "這"), ("经", "經")],
    ),
}
#: A journal article's own front matter under the page's header: the article's text, kept.
FRONT_MATTER = [
    "收稿日期:2021-03-02修回日期:2021-06-18网络出版日期:2021-09-30",
    "摘要:社会组织是基层社会治理的重要力量。本文以百丈街道为例,考察社会组织参与基层治理的路径。",
    "关键词:社会组织;基层治理;系统治理",
]
#: Front matter as journals print it: all of it, the dates line alone or with the keywords, and
#: dates with full-width colons and spaces; or none.
FRONT_MATTERS = [
    [],
    FRONT_MATTER,
    FRONT_MATTER[:1],
    [FRONT_MATTER[0], FRONT_MATTER[2]],
    ["收稿日期：2021-03-02 修回日期：2021-06-18 网络出版日期：2021-09-30", *FRONT_MATTER[1:]],
]
#: Header values other than the seed's: sources with numbers, counts, uploaders' names.
HEADERS = [
    ("中国行政管理2021年第3期", 1024, "王小明_2019"),
    ("Journal of Public Affairs", 7, "user-007"),
    ("人民论坛·学术前沿", 36, "张三"),
]
#: Title lengths from one character to the longest title, 100 characters.
TITLE_LENGTHS = (1, 2, 8, 20, 45, 60, 80, 100)
ENCODINGS = {
    "utf-8": lambda text: text.encode("utf-8"),
    "utf-8-bom": lambda text: codecs.BOM_UTF8 + text.encode("utf-8"),
    "gb18030": lambda text: text.encode("gb18030"),
    "utf-16": lambda text: text.encode("utf-16"),
    "utf-16-be-bom": lambda text: codecs.BOM_UTF16_BE + text.encode("utf-16-be"),
}


def check_page(page: Page, raw: bytes) -> None:
    result = clean_bytes(raw)
    assert result.text == page.expected_text()
    assert "".join(f"{item}\n" for item in result.appended) == page.expected_appended()
    expected_meta = page.expected_metadata()
    assert {k: result.metadata.get(k) for k in expected_meta} == expected_meta


@pytest.mark.parametrize("name", list(VARIANTS))
def test_variant(name: str) -> None:
    """Each page variant of the family cleans to its exact text, appended items and metadata."""
    check_page(VARIANTS[name], VARIANTS[name].raw_text().encode("utf-8"))


@pytest.mark.parametrize("encoding", list(ENCODINGS))
def test_encodings(encoding: str) -> None:
    """The same page in any supported encoding cleans to the same UTF-8 output."""
    page = VARIANTS["many_abstracts"]
    check_page(page, ENCODINGS[encoding](page.raw_text()))


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_line_endings(newline: str) -> None:
    """CRLF and CR files clean to LF output."""
    page = VARIANTS["other_metadata"]
    check_page(page, page.raw_text(newline).encode("utf-8"))


def test_strays_are_recorded() -> None:
    """Every injected stray is repaired and recorded; nothing else changes."""
    page = VARIANTS["strays_in_body"]
    result = clean_bytes(page.raw_text().encode("utf-8"))
    assert sorted((c.before, c.after) for c in result.fixes) == sorted((t, s) for s, t in page.strays)


def _article_paragraphs(path: Path) -> tuple[str, list[str]]:
    lines = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines()]
    title = next(ln.lstrip("# ") for ln in lines if ln.startswith("# "))
    body = [ln for ln in lines if ln and not ln.startswith(("#", "<!--"))]
    return title, body[:40]


def test_real_articles_in_family_pages() -> None:
    """Real news and law texts wrapped in the family's furniture come out exactly as written."""
    folder = corpus_path("simplified")
    files = sorted(folder.glob("xwlb_*.md")) + sorted(folder.glob("law_*.md"))
    assert files
    for i, path in enumerate(files):
        title, body = _article_paragraphs(path)
        page = Page(
            title,
            body,
            source=f"来源刊物{i}",
            cited_by=i,
            uploader=f"user{i}",
            affiliation="某研究院" if i % 2 else None,
            editor="编辑甲" if i % 3 else None,
            appended=[("期刊" if j % 2 else None, ABSTRACTS[j % len(ABSTRACTS)]) for j in range(i % 5)],
            full_width=bool(i % 2),
            indent=["  ", "　　", ""][i % 3],
        )
        check_page(page, page.raw_text().encode("gb18030" if i % 4 == 0 else "utf-8"))


@pytest.mark.parametrize("length", TITLE_LENGTHS)
@pytest.mark.parametrize("start", [0, 3, 9, 12, 18])
def test_titles_of_any_length(length: int, start: int) -> None:
    """A title of any length, with or without subtitle dashes, colons, commas, spaces and Latin
    words, is the title: the header under it goes, even when the title is as long as a paragraph."""
    page = Page(
        make_title(length, start),
        ARTICLE[:8],
        affiliation="某区委政法委",
        editor="张逸龙",
        appended=[("期刊", ABSTRACTS[0]), (None, ABSTRACTS[1])],
        full_width=bool(start % 2),
    )
    check_page(page, page.raw_text().encode("utf-8"))


@pytest.mark.parametrize("length", [20, 45, 100])
@pytest.mark.parametrize("name", list(VARIANTS))
def test_variants_with_titles_of_any_length(name: str, length: int) -> None:
    """Every page variant of the family stays exact under a short, a long and a 100-character
    title, in UTF-8 and with CRLF line endings in GB18030."""
    page = dataclasses.replace(VARIANTS[name], title=make_title(length, length % len(TITLE_PARTS)))
    check_page(page, page.raw_text().encode("utf-8"))
    check_page(page, page.raw_text("\r\n").encode("gb18030"))


@given(
    length=st.integers(1, 100),
    start=st.integers(0, len(TITLE_PARTS) - 1),
    header=st.sampled_from(HEADERS),
    full_width=st.booleans(),
    front_matter=st.sampled_from(FRONT_MATTERS),
)
def test_any_title_header_and_front_matter(
    length: int, start: int, header: tuple[str, int, str], full_width: bool, front_matter: list[str]
) -> None:
    """Any title length with any header values, and the article's own front matter or none."""
    source, cited_by, uploader = header
    page = Page(
        make_title(length, start),
        ARTICLE[:6],
        source=source,
        cited_by=cited_by,
        uploader=uploader,
        editor="李 华",
        appended=[("学位论文", ABSTRACTS[2])],
        full_width=full_width,
        front_matter=front_matter,
    )
    check_page(page, page.raw_text().encode("utf-8"))


@pytest.mark.parametrize("length", [20, 100])
def test_received_dates_before_front_matter(length: int) -> None:
    """A received/revised/published dates line and the abstract under the header stay the
    article's text, under a short title and under one of 100 characters."""
    page = Page(
        make_title(length, 3),
        ARTICLE,
        front_matter=FRONT_MATTER,
        affiliation="某研究院",
        appended=[("期刊", ABSTRACTS[3])],
    )
    check_page(page, page.raw_text().encode("utf-8"))


def test_make_title_lengths() -> None:
    """The title builder gives exactly the asked length, with no mark a title never ends with."""
    for length in range(1, 101):
        title = make_title(length, length % len(TITLE_PARTS))
        assert len(title) == length and title == title.strip() and title[-1] not in ":：,，。"
    with pytest.raises(ValueError):
        make_title(101)


def test_only_a_title_shaped_line_above_site_metadata_is_a_title_by_place() -> None:
    """A long title right above a row of site metadata is a title by its place; a paragraph
    (it ends a sentence) or a path of pages above the same row is not, nor a table's value above
    a label whose value is printed below it."""
    title = make_title(100)
    paragraph = ARTICLE[0]
    meta = "来源：新华社 | 被引量：3次 | 上传用户：abc"
    texts: list[str | None] = [
        title,
        None,
        meta,
        paragraph,
        "首页 > 新闻 > 正文",
        meta,
        paragraph,
        meta,
        "分 类：",
        "环境监测、保护与治理;通告",
        "发文机关：",
        "吉林省人民政府",
    ]
    page = PageState(texts, frozenset())
    assert [titles_site_metadata(page, i) for i in (0, 3, 4, 9)] == [True, False, False, False]
