"""Site metadata lines: ``label: value`` runs, dated segment rows, and their report fields.

A metadata line is made only of known labels (``fields.toml``) and their values, possibly run
together (``文档序号:26939716发布日期:2021-10-12 15:03阅读:127``), with empty values
(``浏览量: 字号:``), a leading date or counter, and trailing print/close links. Anything else on
the line (a sentence, an unknown label) means it is not a metadata line.
"""

from __future__ import annotations

import re
from functools import cache
from typing import NamedTuple

from govclean.characters.fold import simplified
from govclean.patterns import compile_pattern
from govclean.roles.rules import Field, expand_words, load_rules

#: Longer lines are article text, never a metadata line.
META_MAX_CHARS = 160

_BULLET_RE = compile_pattern(r"^[•·●◆■▪*\-\s]+")
# ``\d\d{3}`` rather than ``\d{4}``: a search for a pattern that starts with a single character
# class skips to the characters of the class, much faster than trying every position.
_DATE = r"\d\d{3}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?"
DATE_RE = compile_pattern(_DATE)
_FULL_DATE_RE = compile_pattern(rf"^{_DATE}$")
#: What may stand before the first label: nothing, a date, a time or a counter left by the layout.
_PREFIX_RE = compile_pattern(rf"^(?:{_DATE}|\d{{1,2}}\s+\d{{1,2}}:\d{{2}}(?::\d{{2}})?|\d{{1,6}})?$")
#: Print, close and font-size links that sites put at the end of a metadata line: the words of
#: the rules' ``page_tools`` list (a line of them alone is chrome), bracketed or not.
_LINKS = r"^(?:[\[【(（]?\s*{page_tools}\s*[\]】)）]?[\s|｜/]*)+$"
#: What separates fields on a line: wide spaces, a tab or a bar.
_SEPARATOR_RE = compile_pattern(r"\s{2,}|\t|\s*[|｜丨]\s*")
_URL_RE = compile_pattern(r"^(?:https?://|www\.)\S+$")
#: Rows of short segments separated by wide spaces, one of them a date (``符法    道教网    2022-10-21``).
SEGMENT_MAX_CHARS = 12


class MetaLine(NamedTuple):
    """A parsed metadata line: reported fields, and the label whose value was left empty last."""

    fields: dict[str, str]
    open_field: Field | None = None


@cache
def _links_re() -> re.Pattern[str]:
    return compile_pattern(expand_words(_LINKS, load_rules().words))


@cache
def _label_pattern() -> tuple[re.Pattern[str], re.Pattern[str], dict[str, Field]]:
    """The labels followed by their colon; the same read backwards, to be searched in a reversed
    line; the fields by label.

    A search for the labels tries all of them at every character that starts one, most of a
    line; backwards, the search starts only at a colon. Both find a match in the same lines.
    """
    labels = load_rules().by_label()
    longest_first = sorted(labels, key=len, reverse=True)
    alternatives = "|".join(map(re.escape, longest_first))
    backwards = "|".join(re.escape(label[::-1]) for label in longest_first)
    forwards = compile_pattern(rf"(?P<label>{alternatives})\s*[:：]")
    return forwards, compile_pattern(rf"[:：]\s*(?:{backwards})"), labels


def field_value(field: Field, raw: str) -> tuple[str, str] | None:
    """The report name and cleaned value of a raw value, or None when nothing is worth reporting."""
    value = raw.strip()
    if not value or not field.report:
        return None
    if field.url_name and _URL_RE.match(value):
        return field.url_name, value
    cleaned = field.clean_value(value)
    return (field.name, cleaned) if cleaned else None


def _add(found: dict[str, str], field: Field, raw: str) -> None:
    named = field_value(field, raw)
    if named:
        found.setdefault(*named)


def parse_meta_line(text: str) -> MetaLine | None:
    """Read a metadata line; None when the line holds anything but labels, values and links.

    >>> parse_meta_line("来源 :宁波通讯 | 被引量 : 0次").fields
    {'source': '宁波通讯', 'cited_by': '0'}
    >>> parse_meta_line("本文来源:新华社记者的报道") is None
    True
    """
    if ":" not in text and "：" not in text:  # every label ends with one: most lines stop here
        return None
    line = _BULLET_RE.sub("", text.strip())
    if not line or len(line) > META_MAX_CHARS:
        return None
    # Labels and links are read in the line's simplified view (``來源``, ``打印本頁``); values
    # are cut from the line as printed, at the same positions.
    view = simplified(line)
    pattern, backwards, labels = _label_pattern()
    if not backwards.search(view[::-1]):  # nor do most lines holding one hold a label before it
        return None
    matches = list(pattern.finditer(view))
    # A leading date is set off from the first label like the fields from each other.
    prefix = _SEPARATOR_RE.sub(" ", line[: matches[0].start()]).strip()
    if not _PREFIX_RE.match(prefix):
        return None
    found: dict[str, str] = {}
    if prefix and _FULL_DATE_RE.match(prefix):
        found["publish_date"] = prefix
    open_field: Field | None = None
    for match, following in zip(matches, [*matches[1:], None], strict=True):
        field = labels[match["label"]]
        end = following.start() if following else len(line)
        value, *rest = _SEPARATOR_RE.split(line[match.end() : end].strip(), maxsplit=1)
        if rest and rest[0].strip() and not _links_re().match(simplified(rest[0].strip())):
            return None
        _add(found, field, value)
        open_field = None if value.strip() or not field.value_below else field
    return MetaLine(found, open_field)


def parse_segment_row(text: str) -> MetaLine | None:
    """A row of short unlabelled segments with a date in it: the date is the publish date."""
    # Segments need a separator (white space or a bar) and a date: tests that most lines fail,
    # cheaper than the split. Every white-space character but the space is unprintable.
    has_separator = " " in text or not text.isprintable() or "|" in text or "｜" in text or "丨" in text
    if not has_separator:
        return None
    line = text.strip()
    # The first segment is short, so a separator starts within its reach of the line start
    # (or at the start): looked for there, it rules out most lines before the date is looked for.
    if not _SEPARATOR_RE.search(line, 0, SEGMENT_MAX_CHARS + 2) or not DATE_RE.search(line):
        return None
    segments = [s for s in _SEPARATOR_RE.split(line) if s]
    if len(segments) < 3 or any(len(s) > SEGMENT_MAX_CHARS for s in segments):
        return None
    dates = [s for s in segments if _FULL_DATE_RE.match(s)]
    if not dates:
        return None
    return MetaLine({"publish_date": dates[0]})


def is_value_line(text: str) -> bool:
    """A short line that can be the value printed under a label line of its own."""
    line = text.strip()
    return 0 < len(line) <= 40 and not line.endswith(("。", "：", ":")) and parse_meta_line(line) is None
