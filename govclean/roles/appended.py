"""Content the site appended that belongs to other documents, found by structure and topic.

Markers (``其他文献``, ``相关推荐`` …) are rules; this module finds the unmarked cases, on strong
evidence only:

* a listing page: teasers cut off with dots spread over the whole page, every few lines, with no
  article paragraph outside them;
* a closing list: a run of at least :data:`LIST_MIN_ITEMS` title-like lines that ends the page
  and is off the article's topic (character-bigram closeness below :data:`OFF_TOPIC`), so an
  on-topic closing list of the article's own stays in the text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise

from govclean.patterns import compile_pattern
from govclean.roles.shapes import is_dated_item, is_teaser, is_title_like
from govclean.roles.topic import LineSet

#: A closing list has at least this many entries.
LIST_MIN_ITEMS = 4
#: Mean closeness to the article below which a closing list is another documents' list.
OFF_TOPIC = 0.3
#: The same, for a list most of whose entries carry an entry mark (an author prefix, a date, a
#: cut-off teaser): such a list is other pages' even when it shares the article's subject.
MARKED_OFF_TOPIC = 0.6
_AUTHOR_ENTRY_RE = compile_pattern(r"^[\u4e00-\u9fff]{2,4}[:：]\S")
#: At most this many lines stand between two teasers of a listing page.
LISTING_MAX_GAP = 8
#: A listing page has at least this many teasers.
LISTING_MIN_TEASERS = 3


def is_item(text: str) -> bool:
    """A line that is an entry of a list of other pages: a teaser, a dated entry, or a headline
    with its popularity counter (``绿茶的保存方法 1024人气``); never a figure or table caption."""
    return (is_teaser(text) or is_dated_item(text) or has_popularity_counter(text)) and not is_caption(text)


def is_marked_entry(text: str) -> bool:
    """A list entry with a mark of its own: a teaser, a dated entry, ``作者：标题``, or a
    headline cue (:func:`headline_cues`: cut off, a question, a counter)."""
    return is_item(text) or _AUTHOR_ENTRY_RE.match(text) is not None or bool(headline_cues(text))


# -- cues that a line is another page's headline ------------------------------------------------
#
# Each cue is weak alone; the classifier weighs them with where the line stands. A figure or
# table caption (``图1 …``, ``表2 …``) is the article's own and never such a headline.

#: A caption of the article's own figures and tables: ``图1``, ``表 2-3``, ``Fig. 1``, ``Table 2``.
_CAPTION_RE = compile_pattern(
    r"^(?:[图表]|附图|附表|Fig\.?|Figure|Tab\.?|Table)\s*[\d一二三四五六七八九十]+(?:[-–.．]\d+)*(?:\s|[:：.．、]|$)",
    re.IGNORECASE,
)
#: A headline ends with a counter of how often it was read (``1024人气``, ``阅读 2.3万``,
#: ``(35)次浏览``): a list entry's, never an article line's.
_COUNTER_RE = compile_pattern(
    r"(?:(?<![\d,.])\d[\d,.]*\s*[万千kKwW]?\s*(?:人气|人阅读|次阅读|阅读|人浏览|次浏览|浏览|人看过|次播放|播放|评论|赞|热度)"
    r"|[(（]\d[\d,.]*[万千kKwW]?[)）]\s*(?:次|人)?(?:阅读|浏览|播放|评论)"
    r"|(?:人气|阅读|浏览|点击|评论|热度)(?:量|数)?\s*[:：(（]?\s*\d[\d,.]*\s*[万千kKwW]?\s*[)）]?)$"
)
#: The characters a match of :data:`_COUNTER_RE` may end with, spaces aside, besides a digit
#: (``\d``, which ``str.isdecimal`` tells): the last of each word of its alternatives, a number's
#: separators and units, a closing bracket.
_COUNTER_LAST = frozenset("气读览过放论赞度,.万千kKwW)）")
#: A headline cut off by the list it stands in: the title's words run into an ellipsis.
_CUT_OFF_RE = compile_pattern(r"[^\s.。！？!?…,，;；:：、]\s?(?:\.{2,}|…+|。{3,})$")
#: A question asked as a headline: short, ending with a question mark, with a question word.
_QUESTION_WORDS_RE = compile_pattern(
    r"哪|怎|如何|什么|为什么|为何|多少|几|吗|呢|是否|能否|可否|有没有|是不是|要不要|该不该"
)
#: Marks inside a line that make it more than one clause: a sentence, not a headline.
_CLAUSE_MARKS = "。，,；;！!？?"
#: The labels of the neighbouring pages' links: ``上一篇：标题``, ``下一篇``.
_PREV_NEXT_RE = compile_pattern(
    r"^(?:上一篇|下一篇|上一文章|下一文章|前一篇|后一篇|上一条|下一条|上篇|下篇|上一篇文章|下一篇文章)"
    r"(?:\s*[:：]\s*|\s+|$)"
)
#: Headlines are short.
HEADLINE_MAX_CHARS = 40
#: Headlines of one list share a prefix this long (``绿茶的功效…``, ``绿茶的冲泡…``).
SHARED_PREFIX_MIN = 2


def is_caption(text: str) -> bool:
    """A figure or table caption of the article's own: ``图1 2010—2020年全国粮食产量``."""
    return _CAPTION_RE.match(text) is not None


def has_popularity_counter(text: str) -> bool:
    """A short line ending with a read or view counter: ``新买的绿茶应该怎样保存？ 1024人气``."""
    if len(text) > HEADLINE_MAX_CHARS + 12:
        return False
    # A counter ends the line, in one of a few characters or a digit, before any spaces: the
    # last one tells most lines without a search of every position.
    last = text.rstrip()[-1:]
    if last not in _COUNTER_LAST and not last.isdecimal():
        return False
    counter = _COUNTER_RE.search(text)
    if counter is None:
        return False
    headline = text[: counter.start()].strip()  # a counter alone is a page's, not an entry's
    return len(headline) >= 2 and not headline.isdigit() and not is_caption(text)


def is_cut_off_entry(text: str) -> bool:
    """A short headline cut off with dots or an ellipsis after a word (``绿茶的冲泡方法与…``),
    not a sentence that ends with one (``等等。……``)."""
    return (
        len(text) <= HEADLINE_MAX_CHARS + 3
        and _CUT_OFF_RE.search(text) is not None
        and _one_clause(text.rstrip(".。…"))
        and not is_caption(text)
    )


def is_question_headline(text: str) -> bool:
    """A question written as a headline: ``红茶和绿茶哪个更适合冬天喝？``, one clause, no answer."""
    if not text.endswith(("？", "?")) or len(text) > HEADLINE_MAX_CHARS or is_caption(text):
        return False
    question = text.rstrip("？?")
    return _one_clause(question) and _QUESTION_WORDS_RE.search(question) is not None


def _one_clause(text: str) -> bool:
    return not any(mark in text for mark in _CLAUSE_MARKS)


def prev_next_headline(text: str) -> str | None:
    """The headline a ``上一篇：`` / ``下一篇：`` link names (``""`` for a bare label, whose
    headline stands on the next line); None for any other line."""
    match = _PREV_NEXT_RE.match(text)
    if match is None:
        return None
    return text[match.end() :].strip()


def shared_prefix(texts: Sequence[str]) -> str:
    """The longest prefix all of ``texts`` (at least two) begin with, when it is at least
    :data:`SHARED_PREFIX_MIN` characters and shorter than each: ``绿茶的`` for ``绿茶的功效与作用``,
    ``绿茶的冲泡方法``; ``""`` otherwise."""
    if len(texts) < 2:
        return ""
    first, last = min(texts), max(texts)  # the common prefix of all is theirs
    size = next((i for i, (a, b) in enumerate(zip(first, last, strict=False)) if a != b), len(first))
    prefix = first[:size]
    if len(prefix) < SHARED_PREFIX_MIN or any(len(text) <= len(prefix) for text in texts):
        return ""
    return prefix


def headline_cues(text: str) -> frozenset[str]:
    """The cues on a line alone that it is another page's headline (``cut_off``, ``question``,
    ``counter``, ``prev_next``); none for a figure or table caption."""
    if is_caption(text):
        return frozenset()
    cues = []
    if is_teaser(text) or is_cut_off_entry(text):
        cues.append("cut_off")
    if is_question_headline(text):
        cues.append("question")
    if has_popularity_counter(text):
        cues.append("counter")
    if prev_next_headline(text):
        cues.append("prev_next")
    return frozenset(cues)


def listing_span(
    texts: Sequence[str | None], start: int = 0, stop: int | None = None
) -> tuple[int, int] | None:
    """The first and last index of a listing page's teasers, when the whole page is one.

    ``texts`` holds each line's stripped text, or None for blank and rule-claimed lines; only
    ``texts[start:stop]`` is looked at (a zone of the page).
    """
    stop = len(texts) if stop is None else stop
    teasers = [i for i in range(start, stop) if (text := texts[i]) is not None and is_teaser(text)]
    if len(teasers) < LISTING_MIN_TEASERS:
        return None
    gaps = [sum(1 for t in texts[a + 1 : b] if t is not None) for a, b in pairwise(teasers)]
    if max(gaps) > LISTING_MAX_GAP:
        return None
    return teasers[0], teasers[-1]


def closing_list_start(
    texts: Sequence[str | None], after: int, vocabulary: LineSet, stop: int | None = None
) -> int | None:
    """Where an off-topic list that ends the page (or ``texts[:stop]``) starts, after line
    ``after``; None if none.

    ``texts`` holds each line's stripped text, or None for blank and rule-claimed lines (which
    may stand between entries).
    """
    start = None
    items: list[str] = []
    for i in range((len(texts) if stop is None else stop) - 1, after, -1):
        text = texts[i]
        if text is None:
            continue
        if not (is_title_like(text) or is_item(text)):
            break
        start = i
        items.append(text)
    if start is None or len(items) < LIST_MIN_ITEMS:
        return None
    scores = [score for score in map(vocabulary.closeness, items) if score is not None]
    if not scores:
        return None
    mean = sum(scores) / len(scores)
    # The entries' marks are looked for only when they decide: between the two bounds.
    if mean >= MARKED_OFF_TOPIC or (
        mean >= OFF_TOPIC and sum(is_marked_entry(item) for item in items) * 2 < len(items)
    ):
        return None
    return start
