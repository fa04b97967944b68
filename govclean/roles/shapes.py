"""Shapes of single lines that say what kind of text a line is, whatever the site.

These are the site-independent signals the classifier weighs: an article paragraph, a truncated
teaser of another page, a dated list entry, a byline of names, an affiliation in brackets, a
numbered item, a reference entry, a title-like short line.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from govclean.patterns import compile_pattern

#: A line at least this long that no rule claims is an article paragraph.
PARAGRAPH_MIN_CHARS = 30
#: Titles, list entries and menu items are short.
SHORT_MAX_CHARS = 40
#: A keyword a content farm sows between its lines is a bare word of a few Han characters.
KEYWORD_MAX_CHARS = 6

#: A teaser cut off by the site: ASCII dots (``…的专.........``) after a word, not after a sentence.
_TEASER_RE = compile_pattern(r"[^\s.。！？!?…]\s?(?:\.{3,}|。{3,})$")
_TEASER_ENDS = ("...", "。。。", "...\n", "。。。\n")
#: A list entry ending with its date: ``三星i8仅1580元 2008-04-28 05:20``.
_DATED_ITEM_RE = compile_pattern(r"\S.{3,}?\s+\d{4}-\d{1,2}-\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$")
#: Two to eight personal names of two or three Han characters (a middle space allowed, as in
#: ``吴 乐``), separated by spaces or commas, optionally with affiliation digits or stars.
_NAME = r"[\u4e00-\u9fff](?:\s?[\u4e00-\u9fff]){1,2}[\d*,，]{0,3}"
_BYLINE = rf"{_NAME}(?:(?:\s*[,，、]\s*|\s+){_NAME}){{1,7}}$"
_BRACKETED = r"[(（〔\[【].*[)）〕\]】]$"
#: A numbered item or a reference entry (``[3]``).
_NUMBERED = (
    r"\d{1,3}(?:\.\d{1,3})*\s*[、.．)）]|[(（]\s*(?:\d{1,3}|[一二三四五六七八九十]{1,3})\s*[)）]|"
    r"[一二三四五六七八九十]{1,3}\s*[、.．]|第[一二三四五六七八九十百零\d]{1,4}\s*[章节条部分篇编]|"
    r"[①②③④⑤⑥⑦⑧⑨⑩]|[A-Za-z]\s*[、.．)）]|[-–—]\s?[^\s\-–—]|[\[［]\d{1,3}[\]］]"
)
_BRACKETED_RE = compile_pattern(f"^{_BRACKETED}")
#: Numbered, a byline or bracketed: the shapes of a line's start tried in one match.
_BODY_START_RE = compile_pattern(f"^(?:{_NUMBERED}|{_BYLINE}|{_BRACKETED})")
_MARKDOWN_HEADING_RE = compile_pattern(r"^#{1,6}\s")
#: Prose ends with a full stop, a semicolon or an ellipsis; a comma means the sentence goes on.
#: Question and exclamation marks are left out: headlines and menu entries end with them too.
_SENTENCE_ENDS = "。；;…，,"
_CLOSING_MARKS = "”’」』)）"
_SENTENCE_END_RE = compile_pattern(f"[{_SENTENCE_ENDS}][{_CLOSING_MARKS}]?$")
#: The last character of a line that ends a sentence (``$`` allows one final newline).
_SENTENCE_LAST = f"{_SENTENCE_ENDS}{_CLOSING_MARKS}\n"
_INNER_STOP_RE = compile_pattern(r"[。；].")


def is_paragraph(text: str) -> bool:
    """Long enough to be article prose, and not a headline, teaser, dated entry or bracketed note."""
    return (
        len(text) >= PARAGRAPH_MIN_CHARS
        and not is_title_like(text)
        and not is_teaser(text)
        and not is_dated_item(text)
        and not _BRACKETED_RE.match(text)
    )


def is_teaser(text: str) -> bool:
    # Only a line ending in three dots can be one (``$`` allows one final newline): testing the
    # end first spares most lines a search that tries every position.
    return text.endswith(_TEASER_ENDS) and _TEASER_RE.search(text) is not None


def is_dated_item(text: str) -> bool:
    # The date holds a hyphen: testing for it spares most lines a search that tries every length
    # of the entry's title.
    return len(text) <= 80 and "-" in text and _DATED_ITEM_RE.match(text) is not None


def is_keyword(text: str) -> bool:
    """A bare word of two to :data:`KEYWORD_MAX_CHARS` Han characters, with no punctuation:
    ``袋鼠皮革``. Only pages already shown to be spun lose such lines (a real article's short
    heading has the same shape)."""
    return len(text) <= KEYWORD_MAX_CHARS and _keyword_re().fullmatch(text) is not None


@cache
def _keyword_re() -> re.Pattern[str]:
    # Compiled on first use: only spun pages ask, and a Han class costs a one-line start ~1.5 ms.
    return compile_pattern(f"[\u3400-\u9fff]{{2,{KEYWORD_MAX_CHARS}}}")


def ends_sentence(text: str) -> bool:
    """Ends like prose, or holds a full sentence before its end (verse lines, paragraphs)."""
    # Each search needs a character that most short lines lack, looked for first: a sentence
    # mark as the last character, a full stop or semicolon anywhere.
    return (text[-1:] in _SENTENCE_LAST and _SENTENCE_END_RE.search(text) is not None) or (
        ("。" in text or "；" in text) and _INNER_STOP_RE.search(text) is not None
    )


def is_byline(text: str) -> bool:
    """Two to eight personal names (``王建国 李晓梅 陈志远``): the article's authors."""
    return _byline_re().match(text) is not None


@cache
def _byline_re() -> re.Pattern[str]:
    # Compiled on first use: the body-start pattern covers bylines where most pages ask, and
    # this one's name classes cost a one-line start ~6 ms.
    return compile_pattern(f"^{_BYLINE}")


def is_markdown_heading(text: str) -> bool:
    # Only a line that starts with a hash can be one: most lines are spared the match.
    return text.startswith("#") and _MARKDOWN_HEADING_RE.match(text) is not None


#: How many lines' body shape is remembered, of lines of at most :data:`SHAPED_MAX_CHARS`: the
#: passes ask about a line several times, and a site's furniture recurs on every page of a batch.
#: Longer lines are not held on to, so what a batch keeps stays small.
SHAPED_LINES = 4096
SHAPED_MAX_CHARS = 80


def is_body_shaped(text: str) -> bool:
    """Short text that reads as part of an article: numbered, a sentence, a byline or a note."""
    return _remembered_body_shape(text) if len(text) <= SHAPED_MAX_CHARS else _body_shaped(text)


@lru_cache(maxsize=SHAPED_LINES)
def _remembered_body_shape(text: str) -> bool:
    return _body_shaped(text)


def _body_shaped(text: str) -> bool:
    # Sentence ends first: they decide about half the short lines asked, and cost less to find.
    return ends_sentence(text) or _BODY_START_RE.match(text) is not None


def is_title_like(text: str) -> bool:
    """A short line that could be a heading, a title or a list entry (not a document's own
    Markdown heading, which is never site furniture)."""
    # A title-like line is short enough for its body shape to be remembered: asked directly.
    return (
        0 < len(text) <= SHORT_MAX_CHARS
        and not _remembered_body_shape(text)
        and not is_markdown_heading(text)
    )
