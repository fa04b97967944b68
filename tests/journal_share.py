"""Build documents of the seed's site family (journal-article sharing pages) with known outputs.

The expected outputs are assembled from the parts, independently of govclean, so tests built on
this module check the cleaner against what a careful reader would produce, not against itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field

PLACEHOLDER = (
    "请下载后查看,本文暂不支持在线获取查看简介。 "
    "Please download to view, this article does not support online access to view profile."
)
DISCLAIMER_HALF = (
    "声明 : 本文档内容版权归属内容提供方 , 如果您对本文有版权争议 , 可与客服联系进行内容授权或下架"
)
DISCLAIMER_FULL = "声明：本文档内容版权归属内容提供方，如果您对本文有版权争议，可与客服联系进行内容授权或下架"


@dataclass
class Page:
    title: str
    paragraphs: list[str]
    source: str = "宁波通讯·综合版"
    cited_by: int = 0
    uploader: str = "lhawk"
    affiliation: str | None = None
    editor: str | None = None
    #: Each appended entry is (type label or None, abstract); a placeholder precedes labelled entries.
    appended: list[tuple[str | None, str]] = field(default_factory=list)
    full_width: bool = False
    indent: str = "  "
    #: The article's own front matter (``收稿日期:…``, ``摘要:…``, ``关键词:…``) printed between
    #: the page's header and the paragraphs: the article's text, kept.
    front_matter: list[str] = field(default_factory=list)
    #: (simplified, stray) pairs: the first occurrence of each simplified character in the body is
    #: written as the stray form in the raw text; the expected text keeps the simplified one.
    strays: list[tuple[str, str]] = field(default_factory=list)

    def header(self) -> list[str]:
        if self.full_width:
            meta = f"来源：{self.source} ｜ 被引量：{self.cited_by}次 ｜ 上传用户：{self.uploader}"
            return [meta, "下载到本地，更方便阅读", DISCLAIMER_FULL, "论文部分内容阅读"]
        meta = f"来源 :{self.source} | 被引量 : {self.cited_by}次 | 上传用户:{self.uploader}"
        return [meta, "下载到本地 , 更方便阅读", DISCLAIMER_HALF, "论文部分内容阅读"]

    def body(self) -> list[str]:
        lines = [*self.front_matter, *self.paragraphs]
        colon = "：" if self.full_width else ":"
        if self.affiliation:
            lines.append(f"(作者单位{colon}{self.affiliation})")
        if self.editor:
            lines.append(f"责任编辑{colon}{self.editor}")
        return lines

    def raw_body(self) -> list[str]:
        lines = self.body()
        for simplified, stray in self.strays:
            for i, line in enumerate(lines):
                if simplified in line:
                    lines[i] = line.replace(simplified, stray, 1)
                    break
            else:
                raise ValueError(f"no {simplified} in the body to turn into {stray}")
        return lines

    def appended_lines(self) -> list[str]:
        if not self.appended:
            return []
        lines = ["其他文献"]
        for label, abstract in self.appended:
            if label:
                lines += [PLACEHOLDER, label]
            lines.append(abstract)
        return lines

    def raw_text(self, newline: str = "\n") -> str:
        lines = [self.title, "", *self.header()]
        lines += [self.indent + line for line in self.raw_body()]
        lines += self.appended_lines()
        return newline.join(lines) + newline

    def expected_text(self) -> str:
        return "\n".join([self.title, "", *self.body()]) + "\n"

    def expected_appended(self) -> str:
        return "".join(f"{abstract}\n" for _, abstract in self.appended)

    def expected_metadata(self) -> dict[str, str]:
        meta = {
            "title": self.title,
            "source": self.source,
            "cited_by": str(self.cited_by),
            "uploader": self.uploader,
        }
        if self.affiliation:
            meta["author_affiliation"] = self.affiliation
        if self.editor:
            meta["editor"] = self.editor
        return meta


#: Title words of the family's journals: Han phrases, subtitle marks, Latin words and numbers. No
#: cut of them reads as two-character words split by 、 (``理论、实践``): that is a byline's shape.
TITLE_PARTS = (
    "基层社会治理现代化",
    "视域下",
    "街道社会组织",
    "培育与发展路径研究",
    "——以宁波市鄞州区百丈街道为例",
    ":基于",
    "2010—2019年",
    "省级面板数据的",
    "实证分析",
    " PPP模式 ",
    "与",
    "数字政府 ",
    "Big Data",
    "的启示",
    "—",
    "乡村振兴背景下",
    "县域经济转型升级",
    "问题与对策",
    "理论与实践、展望",
    "(Theory, Practice)",
)


def make_title(length: int, start: int = 0) -> str:
    """A title of exactly ``length`` characters (1 to 100) assembled from :data:`TITLE_PARTS`
    from part ``start`` on: it opens with a word (a title is never a bare number) and ends with no
    sentence mark, colon or space, as titles do."""
    if not 1 <= length <= 100:
        raise ValueError(f"a title has 1 to 100 characters, not {length}")
    text = ""
    k = start
    while len(text) < length + 10:
        text = text + TITLE_PARTS[k % len(TITLE_PARTS)]
        while text and not text[0].isalpha():
            text = text[1:]
        k += 1
    title = text[:length]
    while title[-1] in " :：—,，。":
        # Replace a final mark by the Han character that follows it in the stock text.
        title = title[:-1] + "究"
    return title
