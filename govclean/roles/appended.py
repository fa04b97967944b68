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

from govclean.roles.shapes import is_dated_item, is_teaser, is_title_like
from govclean.roles.topic import LineSet

#: A closing list has at least this many entries.
LIST_MIN_ITEMS = 4
#: Mean closeness to the article below which a closing list is another documents' list.
OFF_TOPIC = 0.3
#: The same, for a list most of whose entries carry an entry mark (an author prefix, a date, a
#: cut-off teaser): such a list is other pages' even when it shares the article's subject.
MARKED_OFF_TOPIC = 0.6
_AUTHOR_ENTRY_RE = re.compile(r"^[\u4e00-\u9fff]{2,4}[:：]\S")
#: At most this many lines stand between two teasers of a listing page.
LISTING_MAX_GAP = 8
#: A listing page has at least this many teasers.
LISTING_MIN_TEASERS = 3


def is_item(text: str) -> bool:
    """A line that is an entry of a list of other pages: a teaser or a dated entry."""
    return is_teaser(text) or is_dated_item(text)


def is_marked_entry(text: str) -> bool:
    """A list entry with a mark of its own: a teaser, a dated entry, ``作者：标题``."""
    return is_item(text) or _AUTHOR_ENTRY_RE.match(text) is not None


def listing_span(texts: Sequence[str | None], start: int = 0,
                 stop: int | None = None) -> tuple[int, int] | None:
    """The first and last index of a listing page's teasers, when the whole page is one.

    ``texts`` holds each line's stripped text, or None for blank and rule-claimed lines; only
    ``texts[start:stop]`` is looked at (a zone of the page).
    """
    stop = len(texts) if stop is None else stop
    teasers = [i for i in range(start, stop) if (text := texts[i]) is not None and is_teaser(text)]
    if len(teasers) < LISTING_MIN_TEASERS:
        return None
    gaps = [sum(1 for t in texts[a + 1:b] if t is not None) for a, b in pairwise(teasers)]
    if max(gaps) > LISTING_MAX_GAP:
        return None
    return teasers[0], teasers[-1]


def closing_list_start(texts: Sequence[str | None], after: int, vocabulary: LineSet,
                       stop: int | None = None) -> int | None:
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
    marked = sum(is_marked_entry(item) for item in items) * 2 >= len(items)
    if not scores or sum(scores) / len(scores) >= (MARKED_OFF_TOPIC if marked else OFF_TOPIC):
        return None
    return start
