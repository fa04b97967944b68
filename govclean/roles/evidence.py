"""Evidence about single lines that holds on any site: prose, front matter, navigation shape.

Rules name a site's phrasing; these features name what text is, whatever the wording:

- **prose**: Han characters or Latin words forming sentences (sentence punctuation inside or at the
  end, few separators), not a key–value row, a link list or a citation. Only prose opens or closes
  the article: a long title, a long menu or a dated metadata row is no article paragraph.
- **front matter**: the labels of a scholarly article's own apparatus (摘要, 关键词, 基金项目,
  中图分类号, 作者简介, Abstract, Key words…). On a page that prints at least two of them they are
  the article's, wherever they stand: body, never site metadata or site tags.
- **style sheet**: the rules of a page's CSS printed as text (``body {``, ``margin: 0 auto;``,
  ``/* IE */``, ``}``): a scraper's leftover markup, never an article's own line before its title.
- **link list**: many short segments split by spaces, bars, middle dots, arrows or slashes, with
  no sentence in them (``首页 | 新闻 | 体育``, ``网易首页-新闻-体育-NBA``): navigation.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from govclean.patterns import compile_pattern
from govclean.roles.shapes import is_body_shaped, is_byline, is_markdown_heading
from govclean.scan import rows_opening

#: A line at least this long, with sentence evidence, may open or close the article.
PROSE_MIN_CHARS = 30
#: A line this long is prose whatever its punctuation (no title or menu runs so long).
PROSE_ANY_CHARS = 100
#: A scholarly article prints at least this many distinct front-matter labels.
FRONT_MATTER_MIN_LABELS = 2
#: Front-matter labels stand together: on consecutive lines (a site's own tags line may stand one
#: byline away from the abstract).
FRONT_MATTER_GAP = 0
#: An abstract is long, but not a whole article.
FRONT_MATTER_MAX_CHARS = 3000
#: A cut-off line of text without a sentence mark holds a run of this many Han characters.
CUT_OFF_HAN_RUN = 12
#: Characters that are grammar words in running text (particles, prepositions, conjunctions,
#: pronouns); keyword and tag lists hold few of them.
FUNCTION_WORDS = "的了在是和与及或等也都就而但并为对从以将把被于其这那之所由向着过"
FUNCTION_WORDS_MIN = 2
FUNCTION_WORD_SPAN = 15
#: A path of pages is a short line (markup such as ``<br/>`` holds arrows of its own).
BREADCRUMB_MAX_CHARS = 120
#: A link list has at least this many segments, each at most this long, and no longer one.
LINK_LIST_MIN_SEGMENTS = 3
LINK_SEGMENT_MAX_CHARS = 8

_FRONT_MATTER_LABELS = {
    "摘要": "abstract",
    "内容摘要": "abstract",
    "内容提要": "abstract",
    "提要": "abstract",
    "abstract": "abstract",
    "关键词": "keywords",
    "关键字": "keywords",
    "keywords": "keywords",
    "keyword": "keywords",
    "keywords:": "keywords",
    "key words": "keywords",
    "中图分类号": "class",
    "中图法分类号": "class",
    "分类号": "class",
    "文献标识码": "document_code",
    "文献标志码": "document_code",
    "文献编码": "document_code",
    "文章编号": "article_number",
    "基金项目": "fund",
    "基金": "fund",
    "fund": "fund",
    "fund supported": "fund",
    "foundation": "fund",
    "作者简介": "author",
    "通讯作者": "author",
    "通信作者": "author",
    "收稿日期": "received",
    "修回日期": "received",
    "doi": "doi",
}
#: A front-matter label opening a line: bracketed (``〔摘要〕``, ``[关键词]``) or followed by a
#: colon (``摘 要:``, ``Key words:``); spaced letters of a label count as the label. Matched on the
#: simplified-folded view of the line.
_FRONT_MATTER_RE = compile_pattern(
    r"^\s*(?:[\[〔【(（]\s*(?P<b>[^\]〕】)）]{2,16}?)\s*[\]〕】)）]|(?P<c>[^:：\s][^:：]{0,15}?)\s*[:：])"
)
_SPACES_RE = compile_pattern(r"\s+")
#: The first characters of every label of :data:`_FRONT_MATTER_LABELS`, at a line's start (after
#: its line break: see :func:`~govclean.scan.rows_opening`).
_FRONT_MATTER_START_RE = compile_pattern(
    r"(?i)\n[^\S\n]*[\[〔【(（]?[^\S\n]*(?:摘|内容|提要|关|中图|分类号|文献|文章编号|基金|fund|foundation"
    r"|作者简介|通[讯信]作者|收稿|修回|doi|abstract|key)"
)

#: Sentence punctuation: Chinese marks anywhere, or Latin marks followed by a space.
_SENTENCE_MARK_RE = compile_pattern(r"[。，；！？、]|[,.;!?]\s|[,.;!?]$")
_FINAL_MARKS = "。！？!?…”」』)）>》】]"
#: Two or more short steps of a path, each followed by an arrow; an optional label before.
_BREADCRUMB_RE = compile_pattern(
    r"^(?:[^:：>]{0,12}[:：])?\s*(?:[^>»›→＞]{1,20}?\s*(?:>>?|»|›|→|＞)\s*){2,}[^>»›→＞]{0,80}$"
    # A label naming where the reader is (您所在的位置：, 当前路径：) needs one step only.
    r"|^[^:：>]{0,8}(?:位置|路径|导航)\s*[:：]\s*[^>»›→＞]{1,20}?\s*(?:>>?|»|›|→|＞)\s*[^>»›→＞]{0,80}$"
)
#: Sentence marks, quotes and colons: a line holding one is text or a labelled value, no list.
_NOT_LIST_RE = compile_pattern(r"[，。；！？\"“”:：]")
#: A mark inside a line that only sentences carry (a menu or a headline list has none).
_PROSE_MARK_RE = compile_pattern(r"[，。；！？：,;!?]")
_CODE_MARK_RE = compile_pattern(r"[{}();=#]")
#: A Han character (the unified ideographs and extension A).
HAN_RE = compile_pattern(r"[\u3400-\u9fff]")
#: A run of them: counted run by run, a paragraph's Han characters make a few strings, not one each.
_HAN_RUN_RE = compile_pattern(r"[\u3400-\u9fff]+")
_LATIN_WORD_RE = compile_pattern(r"[A-Za-z]{2,}")
#: A line of a style sheet: a selector opening a block, a block's end, a declaration
#: (``property: value;``, an IE hack's ``*`` allowed) or a comment.
_STYLE_RULE_RE = compile_pattern(
    r"^(?:[#.*@]?[A-Za-z][\w\-#.:>,*\[\]=\"' ]*\{"
    r"|\}"
    r"|\*?[A-Za-z][A-Za-z\-]*\s*:[^:{}]*;\s*(?:/\*.*?\*/)?"
    r"|/\*.*?\*/)$"
)
#: A style sheet is a run of at least this many such lines (blank lines do not break it).
STYLE_SHEET_MIN_LINES = 3
#: The separators of a link list, all one class.
_SEGMENT_SPLIT_RE = compile_pattern(r"\s*(?:[|｜│丨·・•>›»/／]|-{1,2}|—|\s)\s*")


def front_matter_label(folded: str) -> str | None:
    """The front-matter concept a line's label names (``abstract``, ``keywords``…), or None."""
    match = _FRONT_MATTER_RE.match(folded)
    if match is None:
        return None
    label = _SPACES_RE.sub("", match.group("b") or match.group("c") or "").lower()
    if label in _FRONT_MATTER_LABELS:
        return _FRONT_MATTER_LABELS[label]
    spaced = (match.group("b") or match.group("c") or "").lower().strip()
    return _FRONT_MATTER_LABELS.get(spaced)


def front_matter_lines(folded: Sequence[str | None]) -> set[int]:
    """The lines that carry the article's own front matter: labels that stand together (at most
    :data:`FRONT_MATTER_GAP` other lines apart) and name at least :data:`FRONT_MATTER_MIN_LABELS`
    concepts. A ``关键词：`` line alone, or away from the abstract, is a site's tags."""
    # One scan of the lines joined finds the few that open with a label's first characters.
    rows = list(rows_opening([text or "" for text in folded], _FRONT_MATTER_START_RE))
    if len(rows) < FRONT_MATTER_MIN_LABELS:
        return set()
    content = [i for i, text in enumerate(folded) if text is not None]
    position = {i: k for k, i in enumerate(content)}
    labelled: list[tuple[int, str]] = []  # (position among the content lines, concept)
    for i in rows:
        text = folded[i]
        assert text is not None
        if len(text) < FRONT_MATTER_MAX_CHARS and (concept := front_matter_label(text)) is not None:
            labelled.append((position[i], concept))
    found: set[int] = set()
    block: list[tuple[int, str]] = []
    for entry in [*labelled, (len(content) + FRONT_MATTER_GAP + 2, "")]:
        if block and entry[0] - block[-1][0] > FRONT_MATTER_GAP + 1:
            if len({concept for _, concept in block}) >= FRONT_MATTER_MIN_LABELS:
                found.update(content[k] for k, _ in block)
            block = []
        block.append(entry)
    return found


def is_cut_off(text: str) -> bool:
    """Text cut off mid-sentence: a sentence mark inside, none at the end, or a long run of Han
    characters (``在乡村振兴背景下,乡村旅``)."""
    if text[-1:] in _FINAL_MARKS:
        return False
    inner_mark, han_run, _ = _cut_off_patterns()
    return inner_mark.search(text) is not None or han_run.search(text) is not None


def is_cut_off_sentence(text: str) -> bool:
    """Text cut off inside a sentence that had begun: a clause mark between Han characters
    (``…不仅可以省略花括号,还可``), no final mark. A headline holds no clause, so such
    a line ends an excerpt of the article, not a list of other pages' headlines."""
    return (
        text[-1:] not in _FINAL_MARKS and text[-1:] != "." and _cut_off_patterns()[2].search(text) is not None
    )


def has_function_words(text: str) -> bool:
    """Grammar words run through the text (``的``, ``在``, ``由于``, ``或``…: at least
    :data:`FUNCTION_WORDS_MIN`, one per :data:`FUNCTION_WORD_SPAN` characters): sentences, not a
    list of keywords or tags split by commas (``社区治理,议事协商,社会组织``)."""
    found = len(_function_word_re().findall(text))
    return found >= FUNCTION_WORDS_MIN and found * FUNCTION_WORD_SPAN >= len(text)


@cache
def _function_word_re() -> re.Pattern[str]:
    # Compiled on first use: only a page ending in a cut-off sentence asks.
    return compile_pattern(f"[{FUNCTION_WORDS}]")


def page_end_excerpt(texts: Sequence[str | None]) -> int | None:
    """The page's last line when it is a sentence cut off mid-clause (:func:`is_cut_off_sentence`):
    where an excerpt stops at a size cap, inside the article. None for any other page."""
    last = next((i for i in range(len(texts) - 1, -1, -1) if texts[i] is not None), None)
    if last is None:
        return None
    text = texts[last]
    assert text is not None
    return last if is_cut_off_sentence(text) else None


@cache
def _cut_off_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """A sentence mark between Han characters, a long run of them, and a clause mark between
    them (a sentence runs on; an enumeration comma does not). Compiled on first use: a page whose
    lines all end in a mark never asks, and their Han classes cost a start ~7 ms."""
    return (
        compile_pattern(r"[\u3400-\u9fff][，、；,;][\u3400-\u9fff]"),
        compile_pattern(f"[\u3400-\u9fff]{{{CUT_OFF_HAN_RUN},}}"),
        compile_pattern(r"[\u3400-\u9fff][，；,;][\u3400-\u9fff]"),
    )


def is_breadcrumb(text: str) -> bool:
    """A path of pages: at least two short steps each followed by an arrow (``首页 > 新闻 > 正文``,
    ``您所在的位置：某某网 >> 论文``), the last step of any length, no full stop."""
    return (
        len(text) <= BREADCRUMB_MAX_CHARS
        and "。" not in text
        and "<" not in text
        and _BREADCRUMB_RE.match(text) is not None
    )


def is_entry_shaped(text: str) -> bool:
    """A short line that could be an entry of a list of links: no sentence mark and none of the
    marks of program code (``#include``, ``typedef struct{``), which is text of its own."""
    return _PROSE_MARK_RE.search(text) is None and _CODE_MARK_RE.search(text) is None


def is_prose(text: str) -> bool:
    """Long enough, and sentences: sentence marks inside it, in Han or Latin text; a very long
    line is prose whatever its marks, unless it is a link list. A style sheet's declaration
    (``font-family: Verdana, Arial, 新細明體;``) is no sentence, whatever its commas."""
    if len(text) < PROSE_MIN_CHARS or is_style_rule(text):
        return False
    if len(text) >= PROSE_ANY_CHARS:
        return not is_link_list(text)
    # A numbered or bracketed line (``1.中華民國八十年…``, ``（注：…）``) is the text's own.
    if _SENTENCE_MARK_RE.search(text) is None and not is_body_shaped(text):
        return False
    return (
        sum(map(len, _HAN_RUN_RE.findall(text))) * 2 >= len(text) or len(_LATIN_WORD_RE.findall(text)) >= 5
    ) and not is_link_list(text)


def is_link_list(text: str) -> bool:
    """Many short segments split by any separator, no segment long, no sentence mark or mark of
    program code, and no byline (names split by spaces are the article's authors)."""
    if (
        _NOT_LIST_RE.search(text)
        or _CODE_MARK_RE.search(text)
        or is_byline(text)
        or is_markdown_heading(text)
    ):
        return False
    # A segment is a word of two characters or more: ``第 14 條`` is one heading, not a list.
    segments = [s for s in _SEGMENT_SPLIT_RE.split(text) if len(s) >= 2 and not s.isdigit()]
    return len(segments) >= LINK_LIST_MIN_SEGMENTS and max(map(len, segments)) <= LINK_SEGMENT_MAX_CHARS


def is_style_rule(text: str) -> bool:
    """A line of a style sheet (:data:`_STYLE_RULE_RE`): ``#box img {``, ``font-size : 18px;``,
    ``/* IE */``, ``}``."""
    return _STYLE_RULE_RE.match(text) is not None


def style_sheet_lines(texts: Sequence[str | None], indexes: range) -> set[int]:
    """The lines among ``indexes`` in runs of at least :data:`STYLE_SHEET_MIN_LINES` style-sheet
    lines (blank lines do not break a run): one such line alone may be a formula or a label."""
    found: set[int] = set()
    run: list[int] = []
    for i in [*indexes, -1]:
        text = texts[i] if i >= 0 else ""
        if text is None:
            continue
        if i >= 0 and is_style_rule(text):
            run.append(i)
            continue
        if len(run) >= STYLE_SHEET_MIN_LINES:
            found.update(run)
        run = []
    return found
