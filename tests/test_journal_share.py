"""The seed's site family beyond the seed: every header, block and encoding variant of its pages.

Pages are assembled by :mod:`tests.journal_share` from article text (the seed's own article, and
when the shared corpus is beside the clone, real news and law texts), so the expected outputs do not
come from govclean.
"""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from govclean import clean_bytes

from .conftest import ROOT, corpus_path
from .journal_share import Page

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
        "社区协商议事的实践与思考", ARTICLE[:6], source="中国民政", cited_by=12, uploader="zhang_wei88",
        affiliation="某市民政局基层政权处", editor="李 华",
        appended=[("期刊", ABSTRACTS[0]), ("学位论文", ABSTRACTS[1])],
    ),
    "full_width_colons": Page(
        SEED_TITLE, ARTICLE, full_width=True, affiliation="鄞州区委政法委", editor="张逸龙",
        appended=[("会议论文", ABSTRACTS[2]), (None, ABSTRACTS[3])],
    ),
    "ideographic_indent": Page(SEED_TITLE, ARTICLE[:10], indent="　　", appended=[("报纸", ABSTRACTS[0])]),
    "no_indent": Page(SEED_TITLE, ARTICLE[:4], indent="", appended=[("期刊", ABSTRACTS[1])]),
    "without_affiliation_and_editor": Page(SEED_TITLE, ARTICLE, appended=[("期刊", ABSTRACTS[3])]),
    "editor_only": Page(SEED_TITLE, ARTICLE[:8], editor="王芳", appended=[("期刊", ABSTRACTS[2])]),
    "many_abstracts": Page(
        SEED_TITLE, ARTICLE, affiliation="某区委政法委",
        appended=[(label, text) for label, text in zip(
            ["期刊", None, "学位论文", None, "会议论文", "报纸", None, "期刊"], ABSTRACTS * 2, strict=True)],
    ),
    "single_abstract_without_label": Page(SEED_TITLE, ARTICLE[:5], appended=[(None, ABSTRACTS[0])]),
    "no_appended_block": Page(SEED_TITLE, ARTICLE, affiliation="某街道办事处", editor="张逸龙"),
    "strays_in_body": Page(
        SEED_TITLE, ARTICLE, appended=[("期刊", ABSTRACTS[0])],
        strays=[("务", "務"), ("队", "隊"), ("这", "這"), ("经", "經")],
    ),
}
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
            title, body, source=f"来源刊物{i}", cited_by=i, uploader=f"user{i}",
            affiliation="某研究院" if i % 2 else None, editor="编辑甲" if i % 3 else None,
            appended=[("期刊" if j % 2 else None, ABSTRACTS[j % len(ABSTRACTS)]) for j in range(i % 5)],
            full_width=bool(i % 2), indent=["  ", "　　", ""][i % 3],
        )
        check_page(page, page.raw_text().encode("gb18030" if i % 4 == 0 else "utf-8"))
