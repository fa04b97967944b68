"""Give every line its role (SPEC §1): title, meta, chrome, body or appended.

What is known of each line is gathered first, on a :class:`PageState`: the site rules and
metadata labels that match it (on a simplified-folded view, so a traditional page's furniture
matches too), the chrome lexicon's coverage, the article's own front-matter labels, batch
boilerplate. :func:`find_zones` then cuts the page, without changing it: the article opens and
closes at prose (sentences, not merely long lines, so a title of up to 100 characters or a dated
metadata row does not end the header); the lines before it are the head, those after it the tail,
and everything after an appended-content marker the article does not resume after, or after an
off-topic closing list, is the appended block (:mod:`govclean.roles.appended`).

The passes of :data:`PASSES` then decide the lines in a stated order. Rules, labels and lexicon
fire only in their zone, so a `来源:` line quoting a source inside the article stays body while
the same shape in the header is site metadata; head and tail are judged separately, so a page
with both a header and a footer loses both. Beyond rules, evidence decides: the title is the head
line on the article's topic when menus or off-topic lines stand first; what stands before it
goes when it is a menu, a link list or a path of pages; in the tail, short lines without
sentences go by their neighbours (jusText's idea, in lines) and as lists far from the article;
on a spun page other stories' headlines sown between the paragraphs go. A line no evidence
claims stays body: losing a body line is worse than keeping a chrome line. The article's front
matter is body wherever it stands, and a last line cut off mid-sentence is no chrome by the page
end's vote.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from itertools import compress, islice, repeat
from operator import is_not
from typing import cast

from govclean.characters.fold import simplified_lines
from govclean.config import CleanConfig
from govclean.model import KEPT_ROLES, Change, Document, Line, Role
from govclean.patterns import compile_pattern
from govclean.record import Record
from govclean.roles.appended import OFF_TOPIC, closing_list_start, is_item, listing_span
from govclean.roles.evidence import (
    HAN_RE,
    front_matter_lines,
    has_function_words,
    is_breadcrumb,
    is_cut_off,
    is_entry_shaped,
    is_link_list,
    is_prose,
    page_end_excerpt,
    style_sheet_lines,
)
from govclean.roles.lexicon import (
    NO_EVIDENCE,
    Evidence,
    chrome_evidence,
    chrome_evidence_lines,
    concepts_in,
)
from govclean.roles.metadata import (
    DATE_RE,
    MetaLine,
    field_value,
    is_value_line,
    parse_meta_line,
    parse_segment_row,
)
from govclean.roles.rules import Rule, load_rules
from govclean.roles.screen import RULE_MAX_CHARS
from govclean.roles.shapes import (
    PARAGRAPH_MIN_CHARS,
    SHORT_MAX_CHARS,
    is_body_shaped,
    is_byline,
    is_keyword,
    is_markdown_heading,
    is_paragraph,
    is_teaser,
    is_title_like,
)
from govclean.roles.topic import MIN_BIGRAMS, LineSet, off_topic_lines

STEP = "classify_lines"
#: A title is a short line (up to a long one of 100 characters); longer unclaimed head lines
#: are body.
TITLE_MAX_CHARS = 100
#: A repeated title shorter than this is a heading word (``宪法``) and stays.
REPEAT_MIN_CHARS = 6
#: A run of at least this many menu-like short lines in the head is navigation.
NAV_RUN_MIN = 4
#: A menu word is at most this long; a run of them is a menu when this share of its span is
#: named a site's section by the lexicon (:meth:`PageState.mark_menu_word_runs`).
MENU_WORD_MAX_CHARS = 8
MENU_WORDED_SHARE = 0.25
#: A menu row of words split by spaces has at most this many (:func:`is_section_row`).
SECTION_ROW_MAX_WORDS = 8
#: A first title candidate this far off the article's topic yields to a close one.
TITLE_OFF_TOPIC = 0.15
TITLE_ON_TOPIC = 0.3
#: Only a first candidate this short (a site name, a keyword) may yield the title.
TITLE_SWITCH_MAX_CHARS = 20
#: A first title candidate yields to a later on-topic one with this many candidates before it.
TITLE_MENU_MIN = 3
#: How many lines after a preamble (``编者的话`` + its paragraph) may hold the title.
PREAMBLE_TITLE_REACH = 3
#: Body headings sharing fewer bigrams with the article than this are other stories' headlines,
#: when a page has at least INJECTED_MIN_LINES of them.
INJECTED_OFF_TOPIC = 0.1
INJECTED_MIN_LINES = 3
#: Article paragraphs further apart than this many lines are separate blocks; a block after the
#: one with the most prose belongs to the article when it holds this share of that prose.
ARTICLE_GAP_LINES = 12
LATER_BLOCK_SHARE = 0.25
#: A related-news box set inside the article: at most this many lines under its marker, then at
#: least RESUMED_PROSE_MIN prose paragraphs on the article's topic.
INLINE_BOX_MAX = 10
RESUMED_PROSE_MIN = 2
#: Teasers in one zone from which their title lines are taken with them.
ENTRY_LIST_MIN = 2
#: Short tail lines this close to the article's last paragraph go only between site content.
TAIL_GUARD_LINES = 2
#: A headline below the article is at most this long (:func:`is_headline_shaped`).
HEADLINE_MAX_CHARS = 50
#: Consecutive short lines far from the article that make a list.
LIST_RUN_MIN = 4
#: A list of counted entries below the article is its own when the article names this many of
#: them, each at least this long.
NAMED_ENTRIES_MIN = 2
NAMED_ENTRY_MIN_CHARS = 4
#: The lexicon concept of contact details, which alone is no verdict on a line with a value.
CONTACT_ONLY = frozenset({"contact_ads"})
#: The concepts of a site's notice about itself (rights, takedown, its comment box): the clauses
#: enumerated under such a notice are the site's too (see :meth:`PageState.remove_notice_clauses`).
NOTICE_CONCEPTS = frozenset({"rights", "takedown", "comments"})
#: A document that keeps less than this share of its characters gets a warning.
KEPT_SHARE_WARNING = 0.5

_WORD_RE = compile_pattern(r"[^\W\d_]")
_DUPLICATE_NOISE_RE = compile_pattern(r"[\s\d*,，.、;；()（）]")
#: An entry with a count in brackets: ``张某节目引发讨论(530873)``.
_COUNTED_ENTRY_RE = compile_pattern(r"^(?P<entry>[^()（）]{2,40}?)\s?[(（]\d+[)）]$")
#: An enumerated clause: a circled number, a bullet, or a number or Chinese numeral with its mark.
_CLAUSE_RE = compile_pattern(
    r"^(?:[\u2460-\u2473\u2776-\u277f]|[•●▪◆■※·・]|\(?\d{1,2}[.、．)）]"
    r"|[（(][一二三四五六七八九十\d]{1,2}[)）]|[一二三四五六七八九十]{1,2}、)"
)
#: Joins lines for one substitution of :data:`_DUPLICATE_NOISE_RE`, which never removes it.
_JOINER = "\x00"


class Verdict(Record):
    """The role a line gets, the rule that says so, and whether an appended line is an item."""

    role: Role
    rule: str | None = None
    drop: bool = False


#: The verdict of a line kept under no rule, the most common one (verdicts are immutable).
PLAIN_BODY = Verdict("body")
#: A bare keyword a spun page sows between its lines (see :meth:`PageState.remove_injected_headlines`).
SOWN_KEYWORD = Verdict("chrome", "topic.sown_keyword")
#: A label of the article's own front matter (:func:`~govclean.roles.evidence.front_matter_lines`).
FRONT_MATTER = Verdict("body", "body.front_matter")
#: A line the chrome lexicon covers almost whole (:mod:`govclean.roles.lexicon`).
LEXICON_CHROME = Verdict("chrome", "lexicon.chrome")
#: A path of pages by its shape (:func:`~govclean.roles.evidence.is_breadcrumb`).
BREADCRUMB = Verdict("chrome", "nav.path")
#: A line of a style sheet printed before the article (:func:`~govclean.roles.evidence.style_sheet_lines`).
STYLE_SHEET = Verdict("chrome", "head.style_sheet")
#: A clause of a site's notice below the article (:meth:`PageState.remove_notice_clauses`).
NOTICE_CLAUSE = Verdict("chrome", "tail.notice_clause")
#: Other stories' headlines in a run between site content below the article
#: (:meth:`PageState.remove_headline_runs`).
HEADLINE_RUN = Verdict("chrome", "tail.headlines")
APPENDED_HEADLINES = Verdict("appended", "appended.headlines")
#: A word of a site's menu before the article (:meth:`PageState.mark_menu_word_runs`).
MENU_WORDS = Verdict("chrome", "nav.menu_words_run")
#: A row of a site's section names split by spaces (:func:`is_section_row`).
SECTION_ROW = Verdict("chrome", "nav.section_row")
#: The verdict of a line that is another page's teaser.
TEASER = Verdict("appended", "appended.teaser")
#: The verdicts of the lines of an appended block and of a listing page, shared by all of them:
#: such a block may run over most of a long document's lines.
APPENDED_ITEM = Verdict("appended", "appended.item")
LISTED = Verdict("appended", "appended.listing")


class PageState:
    """What is known of one page's lines, and the decisions of the passes (:data:`PASSES`).

    What is known of each line is kept in lists by line position, blank lines holding None and
    lines no rule matches sharing :data:`~govclean.roles.rules.NO_RULES`, so that a long article costs
    no object per line.
    """

    def __init__(self, texts: list[str | None], boilerplate: frozenset[str]) -> None:
        self.texts = texts
        #: The lines as the evidence of shapes and labels sees them: folded to simplified (rules
        #: and metadata labels fold each line themselves and cut values from it as printed).
        self.seen = simplified_lines(texts, max_chars=RULE_MAX_CHARS)
        self.rules = load_rules().matching_lines(texts, folded=self.seen)
        #: What the chrome lexicon says of each short line (its concepts and how much they cover).
        self.lexicon = chrome_evidence_lines(texts, folded=self.seen)
        #: The article's own front matter (摘要, 关键词, 基金项目…): body wherever it stands.
        self.front_matter = front_matter_lines(self.seen)
        #: The page's last line when an excerpt stops in the article's sentence: the article
        #: runs on to it, and rules for the page's edges do not take it (without its final mark,
        #: a sentence of comma-separated clauses has a keyword list's shape).
        self.excerpt_end = self.cut_off_end()
        # Few lines have rules or lexicon evidence: their positions are picked out in C, and
        # only they are looked at in Python.
        removed = {
            i
            for i in compress(range(len(texts)), self.rules)
            if _removes(self.rules[i]) and i not in self.front_matter and i != self.excerpt_end
        }
        self.meta = _meta_lines(texts, removed)
        for i in self.front_matter:
            self.meta.pop(i, None)
        self.boilerplate = (
            {i for i, text in enumerate(texts) if text in boilerplate} if boilerplate else set()
        )
        #: The text of each line no rule, label or batch claims (says is not article text,
        #: wherever it stands); None for the others and blanks. The claimed lines are few: they
        #: are blotted out of a copy of the texts.
        self.open_texts = texts.copy()
        #: The lines the chrome lexicon covers almost whole. Its word is evidence, not a verdict,
        #: on a document's own Markdown heading, on a line naming a work (《新闻联播》 is a
        #: programme, not a news channel's link) and on contact details alone (a notice ends
        #: with its own 联系电话：…).
        self.worded = {
            i
            for i in compress(range(len(texts)), map(is_not, self.lexicon, repeat(NO_EVIDENCE)))
            if (evidence := self.lexicon[i]).is_chrome
            and not is_markdown_heading(text := self.text(i))
            and "《" not in text
            and not _own_contact(evidence, text)
        }
        for i in removed | self.meta.keys() | self.boilerplate | self.worded:
            self.open_texts[i] = None
        self.verdicts: list[Verdict | None] = [None] * len(texts)
        self.metadata: dict[str, str] = {}
        #: On a spun page (other stories' headlines sown between the paragraphs), the lines that
        #: are bare keywords sown with them; empty on any other page.
        self.sown_keywords: set[int] = set()

    def cut_off_end(self) -> int | None:
        """The page's last line, when it is a sentence cut off mid-clause with grammar words
        running through it (a tag list or a notice ``请勿转载或建立镜像，违者依法必究`` has none to
        speak of), that no rule naming words takes out (``版权说明:本文档由用户提供并上传,…`` is a
        notice by its wording wherever it stands; only a rule of shape yields to the page's
        end), the chrome lexicon does not cover, and that is no other page's list entry (a
        teaser cut off with dots)."""
        end = page_end_excerpt(self.seen)
        if (
            end is None
            or not has_function_words(self.text(end))
            or self.lexicon[end].is_chrome
            or any(r.role != "body" and _names_words(r) for r in self.rules[end])
            or is_item(self.text(end))
        ):
            return None
        return end

    # -- what is known of a line ---------------------------------------------------------------

    def text(self, i: int) -> str:
        text = self.texts[i]
        assert text is not None
        return text

    def seen_text(self, i: int) -> str:
        text = self.seen[i]
        assert text is not None
        return text

    def rule_in(self, i: int, zone: str) -> Rule | None:
        """The first rule that takes line ``i`` out of the text in ``zone``."""
        rules = self.rules[i]  # most lines have none: no generator to start
        return next((r for r in rules if r.role != "body" and r.applies_in(zone)), None) if rules else None

    def body_rule(self, i: int) -> Rule | None:
        rules = self.rules[i]
        return next((r for r in rules if r.role == "body"), None) if rules else None

    def body_verdict(self, i: int) -> Verdict:
        """Line ``i`` stays in the text, under the body rule that names it if there is one."""
        body_rule = self.body_rule(i)
        return Verdict("body", body_rule.id) if body_rule else PLAIN_BODY

    def starts_appended(self, i: int) -> bool:
        return any(r.action == "start" for r in self.rules[i])

    def content(self, indexes: Iterable[int]) -> Iterator[int]:
        """The non-blank lines among ``indexes``."""
        texts = self.texts
        return (i for i in indexes if texts[i] is not None)

    # -- zones ---------------------------------------------------------------------------------

    def article_end(self, first: int, stop: int, paragraphs: set[int]) -> int:
        """The article's last paragraph before ``stop``: the last of the block of paragraphs
        with the most prose, or of a later block holding at least :data:`LATER_BLOCK_SHARE` as
        much. Paragraphs more than :data:`ARTICLE_GAP_LINES` lines apart are separate blocks: a
        footer's notice far below the article does not pull the menus above it into the body.
        An excerpt's cut-off last line (:meth:`cut_off_end`) counts as a paragraph, however short.

        The open lines from ``first`` to ``stop`` that are paragraph-shaped
        (:func:`~govclean.roles.shapes.is_paragraph`), prose or not, are added to ``paragraphs``:
        the article's vocabulary is made of them (:func:`find_zones`)."""
        open_texts = self.open_texts
        blocks: list[list[int]] = []  # [first paragraph, last paragraph, prose characters]
        gap = 0
        for i in range(first, stop):
            text = open_texts[i]
            if text is None:
                gap += self.texts[i] is not None
                continue
            paragraph = is_paragraph(text)
            if paragraph:
                paragraphs.add(i)
            if (paragraph and is_prose(text)) or i == self.excerpt_end:
                if blocks and gap <= ARTICLE_GAP_LINES:
                    blocks[-1][1:] = [i, blocks[-1][2] + len(text)]
                else:
                    blocks.append([i, i, len(text)])
                gap = 0
            else:
                gap += 1
        main = max(range(len(blocks)), key=lambda k: blocks[k][2])
        last = blocks[main][1]
        for block in blocks[main + 1 :]:
            if block[2] >= LATER_BLOCK_SHARE * blocks[main][2]:
                last = block[1]
        return last

    def appended_start(self, first: int) -> tuple[int, list[range]]:
        """Where the appended block begins: the first appended-content marker after the first
        paragraph that the article does not continue after. A marker whose short list is followed
        by the article's prose again (a related-news box set inside the text) opens only a box:
        its lines are returned as ranges, and the search goes on."""
        boxes: list[range] = []
        for i in range(first + 1, len(self.texts)):
            if self.rules[i] and self.starts_appended(i):
                resumed = self.article_resumes(first, i)
                if resumed is None:
                    return i, boxes
                boxes.append(range(i, resumed))
        return len(self.texts), boxes

    def article_resumes(self, first: int, marker: int) -> int | None:
        """Where the article's prose starts again after the short list under ``marker``: at least
        :data:`RESUMED_PROSE_MIN` of the next lines past the list are prose, the first of them on
        the topic of the paragraphs above the marker (when they are enough to judge by); None when
        the block runs on to the end."""
        following = list(islice(self.content(range(marker + 1, len(self.texts))), INLINE_BOX_MAX + 3))
        open_texts = self.open_texts
        for k, i in enumerate(following[: INLINE_BOX_MAX + 1]):
            text = open_texts[i]
            if text is None or not (is_paragraph(text) and is_prose(text)):
                continue
            window = following[k : k + RESUMED_PROSE_MIN]
            if len(window) < RESUMED_PROSE_MIN or not all(
                (t := open_texts[j]) is not None and is_paragraph(t) and is_prose(t) for j in window
            ):
                return None
            above = LineSet(t for t in islice(open_texts, first, marker) if t is not None and is_prose(t))
            # Too little text above to judge by: the prose after the list is the article's.
            score = above.closeness(text)
            return i if score is None or score >= TITLE_ON_TOPIC else None
        return None

    def next_paragraph(self, indexes: Iterable[int]) -> int | None:
        """The first of ``indexes`` that is an article paragraph (an anchor)."""
        open_texts = self.open_texts
        return next(
            (
                i
                for i in indexes
                if (text := open_texts[i]) is not None and is_paragraph(text) and is_prose(text)
            ),
            None,
        )

    def entries_before(self, teaser: int, last_anchor: int) -> int:
        """Where a list of teasers begins: the title-like open lines just before its first one."""
        begin = teaser
        for i in range(teaser - 1, last_anchor, -1):
            if self.texts[i] is None:
                continue
            text = self.open_texts[i]
            if text is None or not is_title_like(text):
                break
            begin = i
        return begin

    # -- roles by zone -------------------------------------------------------------------------

    def classify_appended(self, start: int, stop: int | None = None) -> None:
        """From ``start`` on (to ``stop``), lines are other documents' items, unless a rule says
        what else."""
        texts, rules, verdicts = self.texts, self.rules, self.verdicts
        for i in range(start, len(texts) if stop is None else stop):
            if texts[i] is None:
                continue
            if not rules[i]:  # most lines of the block: an item, with no rule to look through
                verdicts[i] = APPENDED_ITEM
                continue
            rule = self.rule_in(i, "appended")
            if rule is not None and rule.role in ("chrome", "meta"):
                self.verdicts[i] = Verdict(rule.role, rule.id)
            elif rule is not None or self.starts_appended(i):
                marker = rule or next(r for r in self.rules[i] if r.action == "start")
                self.verdicts[i] = Verdict("appended", marker.id, drop=True)
            else:
                self.verdicts[i] = APPENDED_ITEM

    def classify_edge(self, indexes: range, zone: str) -> None:
        """Rules, metadata, batch boilerplate and other pages' teasers at the head or tail."""
        pending_field = None
        texts, verdicts, rules = self.texts, self.verdicts, self.rules
        for i in indexes:
            text = texts[i]
            if text is None or verdicts[i] is not None:  # blank; the article's own counted list
                continue
            meta = self.meta.get(i)
            if i in self.front_matter:
                self.verdicts[i] = FRONT_MATTER
                pending_field = None
                continue
            rule = self.rule_in(i, zone) if rules[i] else None  # most lines: no rule, no call
            # A metadata line with values beats a chrome rule on the same line (a spam category
            # value does not hide a date); an appended marker beats both.
            if meta is not None and (rule is None or (meta.fields and rule.role != "appended")):
                self.verdicts[i] = Verdict("meta", "meta.key_value")
                self.add_fields(meta.fields)
                pending_field = meta.open_field
            elif rule is not None and rule.action in ("remove", "start"):
                self.verdicts[i] = Verdict(rule.role, rule.id)
                self.add_fields(rule.fields(text))
                pending_field = None
            elif pending_field is not None and not self.rules[i] and is_value_line(self.seen_text(i)):
                self.verdicts[i] = Verdict("meta", "meta.value_line")
                named = field_value(pending_field, text)
                if named:
                    self.add_fields(dict([named]))
                pending_field = None
            elif i in self.worded and not self.body_rule(i):
                self.verdicts[i] = LEXICON_CHROME
                pending_field = None
            elif zone == "tail" and is_section_row(text) and not self.body_rule(i):
                self.verdicts[i] = SECTION_ROW
                pending_field = None
            elif i in self.boilerplate:
                self.verdicts[i] = Verdict("chrome", "batch.boilerplate")
            elif is_item(text) and not self.body_rule(i):
                self.verdicts[i] = TEASER
            else:
                pending_field = None
        self.mark_entry_titles(indexes)

    def keep_counted_list(self, last: int, tail: range) -> None:
        """A list of counted entries (``某话题(73942)``) just below the article's last paragraph
        is the article's own when the paragraph names at least :data:`NAMED_ENTRIES_MIN` of them
        word for word, a third of them or more (a report of the day's most discussed topics); a
        sidebar's facets or other pages' headlines are not named in the text above them."""
        paragraph = self.text(last)
        run = []
        for i in self.content(tail):
            counted = _COUNTED_ENTRY_RE.match(self.text(i))
            if counted is None:
                break
            run.append((i, counted["entry"]))
        named = sum(len(entry) >= NAMED_ENTRY_MIN_CHARS and entry in paragraph for _, entry in run)
        if named >= NAMED_ENTRIES_MIN and named * 3 >= len(run):
            for i, _ in run:
                self.verdicts[i] = Verdict("body", "body.counted_list")

    def remove_style_sheet(self, indexes: range) -> None:
        """A page's style sheet printed as text before the article: runs of CSS rules no other
        evidence claims. Only in the head: inside or after the article, code is the text's own."""
        for i in style_sheet_lines(self.texts, indexes):
            if self.verdicts[i] is None and not self.rules[i]:
                self.verdicts[i] = STYLE_SHEET

    def remove_notice_clauses(self, indexes: range, body: range) -> None:
        """The enumerated clauses of a site's notice below the article (``① 凡本网注明…``,
        ``•所有留言為網友自行上載…``): a run of clauses right under site content, the first clause or
        the line above it naming a notice concept (:data:`NOTICE_CONCEPTS`). The clauses are
        sentences, which alone would keep them; their place and their heading say whose they are.

        ``indexes`` are the article's ``body`` and the tail after it, as a notice's long clauses
        may draw the article's end down among them. Among the article's paragraphs an enumerated
        list is the text's own unless the line right above it is chrome by the lexicon's word
        for a notice: its heading or the comment box it rules."""
        in_notice = False
        above: int | None = None  # the content line above, already decided
        verdicts, texts = self.verdicts, self.texts
        for i in indexes:
            text = texts[i]
            if text is None:
                continue
            open_verdict = PLAIN_BODY if i in body else None
            # The pattern before the rules: few lines are enumerated clauses.
            is_open = verdicts[i] is open_verdict
            clause = is_open and _CLAUSE_RE.match(text) is not None and not self.body_rule(i)
            if clause and not in_notice and above is not None:
                in_notice = self.opens_notice(above, text, in_body=i in body)
            if clause and in_notice:
                verdicts[i] = NOTICE_CLAUSE
            elif is_open:
                in_notice = False
            above = i

    def opens_notice(self, above: int, clause: str, in_body: bool) -> bool:
        """The line ``above`` a first clause is site content that heads a notice (or, outside
        the article, the clause names a notice concept itself)."""
        verdict, evidence = self.verdicts[above], self.lexicon[above]
        if verdict is None or verdict.role not in ("chrome", "meta"):
            return False
        if in_body:
            return evidence.is_chrome and bool(evidence.concepts & NOTICE_CONCEPTS)
        return bool((evidence.concepts | concepts_in(clause)) & NOTICE_CONCEPTS)

    def mark_entry_titles(self, indexes: range) -> None:
        """Where a zone lists several teasers, the title-like line just above each is its title."""
        teasers = [i for i in indexes if self.verdicts[i] == TEASER]
        if len(teasers) < ENTRY_LIST_MIN:
            return
        for teaser in teasers:
            above = next(self.content(range(teaser - 1, indexes.start - 1, -1)), None)
            if (
                above is not None
                and self.verdicts[above] is None
                and not self.rules[above]
                and is_title_like(self.text(above))
            ):
                self.verdicts[above] = Verdict("appended", "appended.entry_title")

    def classify_body(self, indexes: range) -> None:
        """Between the first and the last paragraph only rules for any zone take a line out, and
        the lexicon where a line it covers stands next to other site content."""
        verdicts, rules, texts, worded = self.verdicts, self.rules, self.texts, self.worded
        for i in indexes:
            if texts[i] is None:
                continue
            if not rules[i]:  # most article lines: no rule to look through, no word of the lexicon
                verdicts[i] = LEXICON_CHROME if i in worded and self.toolbar_word(i) else PLAIN_BODY
                continue
            if i in self.front_matter:
                verdicts[i] = FRONT_MATTER
                continue
            rule = self.rule_in(i, "body")
            if rule is not None and rule.action in ("remove", "start"):
                verdicts[i] = Verdict(rule.role, rule.id)
            elif self.toolbar_word(i) and not self.body_rule(i):
                verdicts[i] = LEXICON_CHROME
            else:
                verdicts[i] = self.body_verdict(i)

    def toolbar_word(self, i: int) -> bool:
        """A line the chrome lexicon covers whole, inside the article's span, next to another
        line that is site content by a rule, a label or the lexicon (``打印`` below ``0条评论``,
        ``【关闭】`` below ``【打印本稿】``): a page's tool row or counter printed between the
        paragraphs. Alone among the paragraphs, the lexicon's word is no verdict; nor on markup
        (``<doc>``, ``</doc>`` of a corpus dump are its records' bounds)."""
        if i not in self.worded or "<" in self.text(i):
            return False
        above = next(self.content(range(i - 1, -1, -1)), None)
        below = next(self.content(range(i + 1, len(self.texts))), None)
        return any(j is not None and self.open_texts[j] is None for j in (above, below))

    def remove_injected_headlines(self, indexes: range) -> None:
        """Headlines of other stories sown between the paragraphs of a spun page.

        A short heading-shaped body line that shares almost no bigram with the rest of the text
        is off-topic; one or two such lines may be a figurative subheading, so they go only when
        the page has at least :data:`INJECTED_MIN_LINES` of them. Such a page is spun, and the
        bare keywords it sows between its lines go too, here and in the head (see
        :meth:`unused_keywords`).
        """
        verdicts, all_texts = self.verdicts, self.texts
        body = [i for i in indexes if verdicts[i] is PLAIN_BODY]
        texts = cast(list[str], [all_texts[i] for i in body])  # a body line is never blank
        # A line too short to hold MIN_BIGRAMS bigrams is never judged off-topic, so it is not
        # asked about: most headings are that short.
        headings = [
            k
            for k, text in enumerate(texts)
            if len(text) > MIN_BIGRAMS and is_title_like(text) and not text.endswith(("！", "!"))
        ]
        if len(headings) < INJECTED_MIN_LINES:
            return
        suspects = off_topic_lines(texts, headings, INJECTED_OFF_TOPIC)
        if len(suspects) >= INJECTED_MIN_LINES:
            for k in suspects:
                self.verdicts[body[k]] = Verdict("chrome", "topic.injected_headline")
            self.sown_keywords = self.unused_keywords()
            sown = [i for i in body if i in self.sown_keywords]
            for i in sown:
                self.verdicts[i] = SOWN_KEYWORD
            # A bare word with the article's text on both sides is its subheading (``编后``):
            # sown words stand among the sown headlines and other furniture.
            for i in sown:
                if self.side(i - 1, -1) == "body" and self.side(i + 1, +1) == "body":
                    self.verdicts[i] = PLAIN_BODY

    def unused_keywords(self) -> set[int]:
        """The lines that are bare keywords (:func:`~govclean.roles.shapes.is_keyword`) no other line of
        the page uses: a word the article itself uses is its heading or title. Each is counted in
        the page's lines joined, where its own line holds it once."""
        texts = self.texts
        keywords = [i for i, text in enumerate(texts) if text is not None and is_keyword(text)]
        if not keywords:
            return set()
        joined = "\n".join(text for text in texts if text is not None)
        return {i for i in keywords if joined.count(self.text(i)) == 1}

    def settle_head(
        self, indexes: range, first_anchor: int, vocabulary: LineSet, navigation: bool = True
    ) -> None:
        """Find the title among the head's open lines; what precedes it or repeats it is chrome.

        ``navigation`` is off for pages without an article, where a run of short lines may be
        verse or a word list rather than a menu.
        """
        open_lines = [i for i in self.content(indexes) if self.verdicts[i] is None]
        for i in open_lines:
            if i in self.sown_keywords and not self.rules[i]:
                self.verdicts[i] = SOWN_KEYWORD
        if navigation:
            self.mark_nav_runs(open_lines, vocabulary)
            self.mark_menu_word_runs([i for i in open_lines if self.verdicts[i] is None])
        open_lines = [i for i in open_lines if self.verdicts[i] is None]
        title = self.choose_title(open_lines, vocabulary)
        if title is None and self.has_preamble(indexes):
            title = self.title_after_preamble(first_anchor)
        if title is not None:
            title_text = self.text(title)
            # The line just above the title is never chrome by a short line's shape alone: a
            # kicker, a short first part of the title, a column name (a path of pages above the
            # title is). Below the title, the article's own header (byline, date, a law's
            # category path) goes by rules only.
            next_to_title = next(self.content(range(title - 1, -1, -1)), None)
            # The fingerprints of the open lines before the title (usually none), and those of
            # the lines after it that may match one of them.
            before = {
                i: self.fingerprint(self.text(i)) for i in open_lines if i < title and not self.rules[i]
            }
            after = self.fingerprints_matching(title + 1, before.values()) if before else set()
            for i in open_lines:
                text = self.text(i)
                if self.rules[i]:
                    continue
                if i < title and before[i] in after:
                    self.verdicts[i] = Verdict("chrome", "head.duplicate")
                elif i < title and (
                    (is_title_shaped(text) and self.off_topic(text, vocabulary))
                    or (
                        navigation
                        and i != next_to_title
                        and (self.menu_like(i, vocabulary) or self.continues_menu(i))
                    )
                ):
                    self.verdicts[i] = Verdict("chrome", "head.before_title")
                elif i > title and text == title_text and len(text) >= REPEAT_MIN_CHARS:
                    self.verdicts[i] = Verdict("chrome", "title.repeat")
                elif navigation and i < title and is_breadcrumb(self.seen_text(i)):
                    self.verdicts[i] = BREADCRUMB
                elif navigation and is_section_row(text):
                    # Decided after the title is chosen: a menu's rows count as its candidates.
                    self.verdicts[i] = SECTION_ROW
            self.verdicts[title] = Verdict("title", "title.head")
            self.metadata.setdefault("title", title_text)
        for i in open_lines:
            if self.verdicts[i] is None:
                self.verdicts[i] = self.body_verdict(i)

    def menu_like(self, i: int, vocabulary: LineSet) -> bool:
        """A line before the title that reads as site furniture: a link list, or a short line
        that is no sentence, no byline and not on the article's topic."""
        text = self.text(i)
        if is_link_list(self.seen_text(i)):
            return True
        if (
            len(text) > SHORT_MAX_CHARS
            or is_body_shaped(text)
            or is_byline(text)
            or is_markdown_heading(text)
        ):
            return False
        score = vocabulary.closeness(text)
        return score is None or score < TITLE_ON_TOPIC

    def continues_menu(self, i: int) -> bool:
        """A row of short words split by spaces just below a line of site furniture, one word of
        it a chrome concept's term (``港澳 台湾 地方 法治`` below ``首页 新闻 国内 国际``): the
        menu's next row, although its words are shaped like the names of a byline. A byline
        stands by the title, never inside the site's menu."""
        text = self.text(i)
        if not is_byline(text):
            return False
        above = next(self.content(range(i - 1, -1, -1)), None)
        verdict = self.verdicts[above] if above is not None else None
        if verdict is None or verdict.role != "chrome":
            return False
        return any(chrome_evidence(word).is_chrome for word in text.split())

    def mark_nav_runs(self, open_lines: list[int], vocabulary: LineSet) -> None:
        """Menu-like runs that open the page and are off the article's topic are navigation.

        A run is at least :data:`NAV_RUN_MIN` consecutive short open lines with no rule, no prose
        shape and no date (dated lines are the document's own record); lines taken out by rules
        do not break a run, since a second clean no longer sees them. Only runs before the head's
        first prose line count (later ones are headings and verse of the text itself), and only
        when most of their lines can be judged and their words are not the article's.
        """
        first_prose = next((i for i in open_lines if is_body_shaped(self.text(i))), len(self.texts))
        run: list[int] = []
        for i in [*open_lines, len(self.texts)]:
            text = self.text(i) if i < len(self.texts) else ""
            menu_like = (
                i < first_prose and not self.rules[i] and is_title_like(text) and not DATE_RE.search(text)
            )
            if menu_like:
                run.append(i)
                continue
            if len(run) >= NAV_RUN_MIN and self.run_off_topic(run, vocabulary):
                for j in run:
                    self.verdicts[j] = Verdict("chrome", "nav.link_list")
            run = []

    def mark_menu_word_runs(self, open_lines: list[int]) -> None:
        """Runs of menu words before the article's first prose: at least :data:`NAV_RUN_MIN` open
        lines of a word or two each (``文娱``, ``扬眼画事``, ``B座西窗``), too short for their topic
        to be judged, among which the lexicon names some as a site's sections (``体育``, ``军事评论``),
        with such lines making :data:`MENU_WORDED_SHARE` of the run's span or site content on both
        sides of it. Without a section word the run may be a title, its bylines and units."""
        first_prose = next((i for i in open_lines if is_body_shaped(self.text(i))), len(self.texts))
        run: list[int] = []
        for i in [*open_lines, len(self.texts)]:
            if i < first_prose and self.is_menu_word(i):
                run.append(i)
                continue
            if len(run) >= NAV_RUN_MIN:
                span = list(self.content(range(run[0], run[-1] + 1)))
                worded = sum(1 for j in span if j in self.worded)
                site = ("chrome", "appended")
                if worded and (
                    worded >= MENU_WORDED_SHARE * len(span)
                    or (self.side(run[0] - 1, -1) in site and self.side(run[-1] + 1, +1) in site)
                ):
                    for j in run:
                        self.verdicts[j] = MENU_WORDS
            run = []

    def is_menu_word(self, i: int) -> bool:
        """An open line of one short word, no mark, no rule, no date, no byline, and not just above
        a metadata row (where an author's name stands)."""
        text = self.text(i)
        return (
            len(text) <= MENU_WORD_MAX_CHARS
            and not self.rules[i]
            and is_entry_shaped(text)
            and _WORD_RE.search(text) is not None
            and not DATE_RE.search(text)
            and not is_byline(text)
            and not self.above_meta(i)
        )

    def above_meta(self, i: int) -> bool:
        """The next content line is site metadata: line ``i`` may be the author's name above it."""
        below = next(self.content(range(i + 1, len(self.texts))), None)
        return below is not None and (verdict := self.verdicts[below]) is not None and verdict.role == "meta"

    def run_off_topic(self, run: list[int], vocabulary: LineSet) -> bool:
        """Most lines of the run are long enough to judge, and on average off the article's topic."""
        scores = [s for s in (vocabulary.closeness(self.text(j)) for j in run) if s is not None]
        return len(scores) * 2 >= len(run) and sum(scores) / len(scores) < OFF_TOPIC

    def choose_title(self, open_lines: list[int], vocabulary: LineSet) -> int | None:
        """The first title-shaped open head line, unless the evidence says it is furniture.

        A path of pages or a link list is never the title: the next candidate is. A short first
        line (a site name, a hot-search keyword) yields to the first head line on the article's
        topic when it is judged off the topic, or when at least :data:`TITLE_MENU_MIN` candidates
        stand before that line (a menu, whose entries are too short to judge one by one). A
        second clean then keeps the same line as the title.
        """
        # The lines are shaped only as far as the choice needs: mostly up to the first candidate.
        candidates = (i for i in open_lines if not self.rules[i] and is_title_shaped(self.text(i)))
        first = next(candidates, None)
        skipped = 0
        while first is not None and self.is_navigation(first) and not titles_site_metadata(self, first):
            first, skipped = next(candidates, None), skipped + 1
        if (
            first is None
            or len(self.text(first)) > TITLE_SWITCH_MAX_CHARS
            or self.on_topic(self.text(first), vocabulary)
            or titles_site_metadata(self, first)
        ):
            return first
        furniture = skipped > 0 or self.off_topic(self.text(first), vocabulary)
        for count, i in enumerate(candidates, start=2 + skipped):
            if self.on_topic(self.text(i), vocabulary):
                return i if furniture or count > TITLE_MENU_MIN else first
        return first

    def is_navigation(self, i: int) -> bool:
        """A link list or a path of pages, by its shape."""
        seen = self.seen_text(i)
        return is_link_list(seen) or is_breadcrumb(seen)

    @staticmethod
    def on_topic(text: str, vocabulary: LineSet) -> bool:
        """Judged close to the article's topic; a line too short to judge is not."""
        return (vocabulary.closeness(text) or 0.0) >= TITLE_ON_TOPIC

    @staticmethod
    def off_topic(text: str, vocabulary: LineSet) -> bool:
        """Judged off the article's topic; a line too short to judge is not."""
        score = vocabulary.closeness(text)
        return score is not None and score < TITLE_OFF_TOPIC

    def has_preamble(self, indexes: range) -> bool:
        return any(any(r.action == "preamble" for r in self.rules[i]) for i in indexes)

    def title_after_preamble(self, first_anchor: int) -> int | None:
        """The title printed after an editor's note that opens the page (lines that rules take out
        are not counted, as a second clean will not see them)."""
        following = (i for i in range(first_anchor + 1, len(self.texts)) if self.open_texts[i] is not None)
        return next((i for i in islice(following, PREAMBLE_TITLE_REACH) if is_title_like(self.text(i))), None)

    def settle_tail(self, indexes: range, vocabulary: LineSet) -> None:
        """Short open tail lines take the side of their neighbours; the rest stays body.

        A short line goes only when the nearest decided lines on both sides are site content
        (chrome, metadata or appended entries; the page end counts as such after it): a short
        line next to the article stays, as jusText keeps short blocks near good ones.
        """
        short, headlines = set(), set()
        texts, verdicts = self.texts, self.verdicts
        for i in indexes:
            text = texts[i]
            if text is None or verdicts[i] is not None:
                continue
            if is_breadcrumb(self.seen_text(i)) and not self.body_rule(i):
                self.verdicts[i] = BREADCRUMB
            elif len(text) >= PARAGRAPH_MIN_CHARS or self.body_rule(i) or is_body_shaped(text):
                self.verdicts[i] = self.body_verdict(i)
                if (
                    self.verdicts[i] is PLAIN_BODY
                    and is_headline_shaped(text)
                    and "contact_ads" not in self.lexicon[i].concepts
                ):
                    headlines.add(i)
            else:
                short.add(i)
        after: dict[int, str | None] = {}
        following: str | None = self.side(indexes.stop, +1)
        for i in reversed(indexes):
            decided = verdicts[i]
            if i in short:
                after[i] = following
            elif decided is not None:
                # The side of the decided line (side_of), without a call per line.
                following = "chrome" if decided.role == "meta" else decided.role
        # A list is a run of short lines without a sentence mark (a verse line breaks it).
        runs = self.run_lengths(indexes, {i for i in short if is_entry_shaped(self.text(i))})
        before = self.side(indexes.start - 1, -1)
        site = ("chrome", "appended")
        reach = 0  # content lines since the article's last paragraph
        far_from: int | None = None  # the first line further than TAIL_GUARD_LINES from it
        for i in indexes:
            if texts[i] is not None:
                reach += 1
                if far_from is None and reach > TAIL_GUARD_LINES:
                    far_from = i
            if i in short:
                text = self.text(i)
                # The page's end votes with chrome, but not against a last line that reads as
                # text cut off mid-sentence: an excerpt ends so.
                cut_off = after[i] is None and is_cut_off(text)
                # Next to the article, a short line goes only between site content; further
                # away, one side of site content, or a run of short lines (a list), is enough
                # (jusText's short blocks).
                far = reach > TAIL_GUARD_LINES
                both = before in site and (after[i] is None or after[i] in site)
                either = (
                    before in site or after[i] in site or runs.get(i, 0) >= LIST_RUN_MIN
                ) and is_entry_shaped(text)
                if not cut_off and (
                    both
                    or is_link_list(self.seen_text(i))
                    or (far and either and not self.on_topic(text, vocabulary))
                ):
                    appended = "appended" in (before, after[i])
                    self.verdicts[i] = (
                        Verdict("appended", "appended.neighbours")
                        if appended
                        else Verdict("chrome", "tail.neighbours")
                    )
                else:
                    self.verdicts[i] = PLAIN_BODY
            verdict = verdicts[i]
            if verdict is not None:
                before = "chrome" if verdict.role == "meta" else verdict.role  # as side_of
        if headlines and far_from is not None:
            self.remove_headline_runs(range(far_from, indexes.stop), headlines, short)

    def remove_headline_runs(self, indexes: range, headlines: set[int], short: set[int]) -> None:
        """Runs of other stories' headlines below the article, between site content on both sides
        (a ranking under ``评论排行``, related stories between their dates): headline-shaped lines
        too long for a short line's vote (:func:`is_headline_shaped`), with the short list entries
        among them, that the first vote kept only as each other's neighbours. A labelled line
        (``联系方式：``, ``电话：022-…``) breaks a run: a notice's own contact block stays. The page's
        end is no side here: an excerpt may end in a headline-shaped line of its own."""
        run: list[int] = []
        for i in [*self.content(indexes), -1]:
            if self.verdicts[i] is PLAIN_BODY and (
                i in headlines or (i in short and is_entry_shaped(self.text(i)))
            ):
                run.append(i)
                continue
            if run and not headlines.isdisjoint(run):
                above, below = self.side(run[0] - 1, -1), self.side(run[-1] + 1, +1)
                if above in ("chrome", "appended") and below in ("chrome", "appended"):
                    verdict = HEADLINE_RUN if "appended" not in (above, below) else APPENDED_HEADLINES
                    for j in run:
                        self.verdicts[j] = verdict
            run = []

    def run_lengths(self, indexes: range, members: set[int]) -> dict[int, int]:
        """For each of ``members``, the length of the run of consecutive content lines among
        ``indexes`` that are all members (blank lines do not break a run)."""
        lengths: dict[int, int] = {}
        run: list[int] = []
        for i in [*self.content(indexes), -1]:
            if i in members:
                run.append(i)
                continue
            for j in run:
                lengths[j] = len(run)
            run = []
        return lengths

    @staticmethod
    def side_of(verdict: Verdict) -> str:
        """Which side a decided line stands on: its role, metadata counting as chrome."""
        return "chrome" if verdict.role == "meta" else verdict.role

    def side(self, i: int, step: int) -> str | None:
        """The side of the nearest decided line from ``i`` on in one direction; None past the page."""
        while 0 <= i < len(self.verdicts):
            verdict = self.verdicts[i]
            if verdict is not None:
                return self.side_of(verdict)
            i += step
        return None

    def classify_page_without_article(self, listed: bool) -> None:
        """A page with no paragraph, or a listing page: rules, metadata, teasers; the rest kept.

        Without an article to set it against, a line's wording alone takes nothing out: the
        lexicon's evidence is left unused."""
        everything = range(len(self.texts))
        self.worded = set()
        self.classify_edge(everything, "head")
        if listed:
            for i in self.content(everything):
                if self.verdicts[i] is None:
                    self.verdicts[i] = LISTED
            return
        self.settle_head(everything, len(self.texts), LineSet(()), navigation=False)

    # -- helpers -------------------------------------------------------------------------------

    @staticmethod
    def fingerprint(text: str) -> str:
        """A line without spaces, digits and light punctuation: a byline printed twice matches."""
        return _DUPLICATE_NOISE_RE.sub("", text)

    @staticmethod
    def fingerprints(texts: Iterable[str]) -> set[str]:
        """The :meth:`fingerprint` of each of ``texts``, made by one substitution in C over the
        texts joined by a character none of them holds (and the substitution keeps): what it
        removes is one character at a time, so the joined result splits into each text's own."""
        lines = list(texts)
        if not lines:
            return set()
        joined = _JOINER.join(lines)
        if joined.count(_JOINER) != len(lines) - 1:  # a line holds the joiner itself
            return {PageState.fingerprint(line) for line in lines}
        return set(_DUPLICATE_NOISE_RE.sub("", joined).split(_JOINER))

    def fingerprints_matching(self, start: int, wanted: Iterable[str]) -> set[str]:
        """The :meth:`fingerprints` of the lines from ``start`` on that may be one of ``wanted``.

        A line's fingerprint begins with its first character that is no noise and ends with its
        last: a line that begins (or ends) with a character that is no noise and that no wanted
        fingerprint begins (or ends) with has none of them. Most lines are so set aside by their
        first and last characters (a paragraph's full stop ends no title's fingerprint), and
        only the few others are fingerprinted. (An empty fingerprint is an empty line's, whose
        first and last characters are the empty string too, or a line of noise alone.)"""
        wanted = set(wanted)
        firsts = {fingerprint[:1] for fingerprint in wanted}
        lasts = {fingerprint[-1:] for fingerprint in wanted}
        # A line that begins or ends with an ideograph does so with no noise: no match to try.
        noise = _DUPLICATE_NOISE_RE.match
        return self.fingerprints(
            [
                text
                for text in islice(self.texts, start, None)
                if text is not None
                and (text[:1] in firsts or (not "\u4e00" <= text[:1] <= "\u9fff" and noise(text)))
                and (
                    text[-1:] in lasts
                    or (not "\u4e00" <= text[-1:] <= "\u9fff" and noise(text, len(text) - 1))
                )
            ]
        )

    def add_fields(self, values: dict[str, str]) -> None:
        for key, value in values.items():
            self.metadata.setdefault(key, value)

    def body_fields(self) -> None:
        """Metadata carried by body lines (an affiliation, an editor) via their rules' groups."""
        for i, rules in enumerate(self.rules):
            verdict = self.verdicts[i]
            if rules and verdict is not None and verdict.role == "body":
                rule = self.body_rule(i)
                if rule is not None:
                    self.add_fields(rule.fields(self.text(i)))


class Zones(Record):
    """Where a page's article stands: its first and last paragraphs (anchors), where the appended
    block starts, related-news boxes set inside the article, and the article's words."""

    first: int
    last: int
    start: int
    boxes: tuple[range, ...]
    vocabulary: LineSet

    @property
    def head(self) -> range:
        return range(0, self.first)

    @property
    def body(self) -> range:
        return range(self.first, self.last + 1)

    @property
    def tail(self) -> range:
        return range(self.last + 1, self.start)


#: A page with no article paragraph, or a listing page (its teasers stand around every paragraph).
NO_ARTICLE = "no article"
LISTING = "listing"


def find_zones(page: PageState) -> Zones | str:
    """The zones of a page from what its lines are (:class:`PageState`), or :data:`NO_ARTICLE` /
    :data:`LISTING`. Pure: nothing of the page is changed.

    The article opens and closes at prose (:func:`~govclean.roles.evidence.is_prose`); the
    appended block starts at a marker the article does not resume after, or at an off-topic
    closing list or a tail listing of other pages. Only the paragraphs that bound the zones are
    looked for: the lines between them are not asked whether they are paragraphs.
    """
    open_texts = page.open_texts
    first = page.next_paragraph(range(len(open_texts)))
    if first is not None and titles_site_metadata(page, first):
        first = page.next_paragraph(range(first + 1, len(open_texts))) or first
    if first is None:
        return LISTING if listing_span(open_texts) is not None else NO_ARTICLE
    # A listing page's teasers stand around all its paragraphs, so the whole page is looked
    # at only when a teaser stands before the first one.
    if any(text is not None and is_teaser(text) for text in islice(open_texts, first)):
        span = listing_span(open_texts)
        last_anchor = page.next_paragraph(range(len(open_texts) - 1, first - 1, -1))
        assert last_anchor is not None  # the first paragraph, at least
        if span is not None and span[0] <= first and last_anchor <= span[1]:
            return LISTING
    start, boxes = page.appended_start(first)
    paragraphs: set[int] = set()
    last = page.article_end(first, start, paragraphs)
    # The article's words: its paragraphs and prose-shaped lines before the appended block,
    # exactly the lines a second clean sees again, so topic decisions repeat (idempotence).
    # From the first paragraph on, article_end has already told the paragraphs.
    vocabulary = LineSet(
        text
        for i, text in enumerate(islice(open_texts, start))
        if text is not None
        and ((i in paragraphs if i >= first else is_paragraph(text)) or is_body_shaped(text))
    )
    closing = closing_list_start(open_texts, last, vocabulary, stop=start)
    if closing is not None:
        start = closing
    tail_listing = listing_span(open_texts, last + 1, start)
    if tail_listing is not None:
        start = page.entries_before(tail_listing[0], last)
    return Zones(first, last, start, tuple(boxes), vocabulary)


def _appended_pass(page: PageState, zones: Zones) -> None:
    page.classify_appended(zones.start)


def _edges_pass(page: PageState, zones: Zones) -> None:
    page.classify_edge(zones.head, "head")
    page.remove_style_sheet(zones.head)
    page.keep_counted_list(zones.last, zones.tail)
    page.classify_edge(zones.tail, "tail")


def _body_pass(page: PageState, zones: Zones) -> None:
    page.classify_body(zones.body)
    page.remove_notice_clauses(range(zones.first, zones.start), zones.body)
    for box in zones.boxes:
        page.classify_appended(box.start, box.stop)


def _spun_page_pass(page: PageState, zones: Zones) -> None:
    page.remove_injected_headlines(zones.body)


def _head_pass(page: PageState, zones: Zones) -> None:
    page.settle_head(zones.head, zones.first, zones.vocabulary)


def _tail_pass(page: PageState, zones: Zones) -> None:
    page.settle_tail(zones.tail, zones.vocabulary)


#: The passes over a page with an article, in the order they run. Each decides only lines no
#: earlier pass decided, except where named: the appended block first (its markers end the
#: tail); then rules, labels, lexicon, teasers and a style sheet at the head and tail; rules for
#: any zone in the body (and the related-news boxes set in it), then a site notice's clauses
#: below the article (body lines too, as a notice may draw its end); a spun page's sown headlines
#: and keywords; the head's title, menus and paths; last the tail's short lines by their
#: neighbours, which need every other decision made.
PASSES: tuple[tuple[str, Callable[[PageState, Zones], None]], ...] = (
    ("appended", _appended_pass),
    ("edges", _edges_pass),
    ("body", _body_pass),
    ("spun_page", _spun_page_pass),
    ("head", _head_pass),
    ("tail", _tail_pass),
)


def classify_page(page: PageState) -> None:
    """Give each line of ``page`` its verdict: zones first, then the passes in order."""
    zones = find_zones(page)
    if isinstance(zones, str):
        page.classify_page_without_article(listed=zones == LISTING)
        return
    for _, run_pass in PASSES:
        run_pass(page, zones)


def _meta_lines(texts: list[str | None], removed: set[int]) -> dict[int, MetaLine]:
    """The metadata lines by position: labelled lines, and dated rows of segments that no rule
    takes out (the ``removed`` lines)."""
    found: dict[int, MetaLine] = {}
    for i, text in enumerate(texts):
        if text is None:
            continue
        meta = parse_meta_line(text)
        if meta is None and i not in removed:
            meta = parse_segment_row(text)
        if meta is not None:
            found[i] = meta
    return found


def _own_contact(evidence: Evidence, text: str) -> bool:
    """Contact details with a value (``传真：022-23500216``, ``邮箱：a@b.cn``) and no other
    concept: a notice's own as often as a site's."""
    return evidence.concepts == CONTACT_ONLY and any(char.isdigit() or char == "@" for char in text)


def _names_words(rule: Rule) -> bool:
    """The rule's pattern names Han words (``本文档由用户提供``), not only a shape of
    characters and separators (a keyword list)."""
    return HAN_RE.search(rule.source) is not None


def _removes(rules: tuple[Rule, ...]) -> bool:
    """Some of the rules says the line is not body text."""
    return any(r.role != "body" for r in rules)


def is_section_row(text: str) -> bool:
    """A row of two to eight short words split by spaces, at least half of them a site's
    sections or tools by the lexicon (``财经 金融 证券 理财``, ``论坛 军事 历史 文学``): a menu row,
    though shaped like a byline. Personal names are never such terms."""
    words = text.split()
    if not 2 <= len(words) <= SECTION_ROW_MAX_WORDS or max(map(len, words)) > MENU_WORD_MAX_CHARS:
        return False
    named = sum(1 for word in words if chrome_evidence(word).is_chrome)
    return named * 2 >= len(words)


def is_headline_shaped(text: str) -> bool:
    """A line as long as a short paragraph that reads as a headline: no sentence (it may end
    with a question or hold a colon: ``台湾为何变成“中华台北”？``, ``1.日媒：中国外交四面楚歌…评论369条``),
    no full stop at its end, no more than a title's words, and no markup (a feed's
    ``<description>`` holds text of its own)."""
    return (
        len(text) <= HEADLINE_MAX_CHARS
        and "<" not in text
        and not text.endswith(("。", ".", "：", ":", "；", ";", "，", ","))
        and not is_prose(text)
        and _WORD_RE.search(text) is not None
    )


def is_title_shaped(text: str) -> bool:
    """Short, with words (a rule of ``====`` is none), no web address, not prose, not a list
    item, a byline or a lead-in ending with a colon."""
    return (
        len(text) <= TITLE_MAX_CHARS
        and not text.endswith(("：", ":"))
        and (is_markdown_heading(text) or not is_body_shaped(text))
        and _WORD_RE.search(text) is not None
        and "://" not in text
    )


def titles_site_metadata(page: PageState, i: int) -> bool:
    """Line ``i`` is a title by its place, however long or spaced: it has a title's shape, is no
    path of pages, and the next line is a row of site metadata with values (``来源 :… | 被引量
    :…``), which stands between a title and its article, never under a paragraph or a menu's last
    line. Such a line is neither the article's first paragraph, nor a link list (``PPP模式 与数字政府
    Big Data``), nor furniture before a later title. A label whose value is printed below
    (``发文机关：``) is a table's row: the line above it is the previous row's value."""
    following = next(page.content(range(i + 1, len(page.texts))), None)
    meta = page.meta.get(following) if following is not None else None
    return (
        meta is not None
        and bool(meta.fields)
        and is_title_shaped(page.text(i))
        and not is_breadcrumb(page.seen_text(i))
    )


def _warnings(total: int, kept: int) -> list[str]:
    """Safety rails: say so when the clean text is empty or lost most of the characters."""
    if total and not kept:
        return ["classification left no article text: every line was taken as site content"]
    if total and kept < KEPT_SHARE_WARNING * total:
        return [f"classification kept {kept} of {total} characters: check the removed lines"]
    return []


def classify_lines(doc: Document, config: CleanConfig) -> Document:
    """Give each line a role, record every line taken out of the text and collect metadata."""
    # Each line's text stripped as Line.stripped gives it, without a property call per line.
    texts = [None if line.role == "blank" else line.text.strip() for line in doc.lines]
    classifier = PageState(texts, frozenset(config.boilerplate))
    classify_page(classifier)
    classifier.body_fields()
    verdicts, metadata = classifier.verdicts, classifier.metadata
    # What is known of the lines is freed before the new lines and records are made: on a long
    # document it would otherwise add to the step's peak memory.
    del classifier
    lines = list(doc.lines)
    # Where the document handed over was the only holder of its lines, each line replaced below
    # is freed at once instead of living on beside its new line until the step returns.
    doc = doc.evolve(lines=())
    changes: list[Change] = []
    dropped = 0  # characters of the lines that leave the text
    for i, verdict in enumerate(verdicts):
        line = lines[i]
        # A line already plain body keeps its record: most lines of an article.
        if verdict is not None and (
            verdict is not PLAIN_BODY or line.role != "body" or line.rule is not None or line.drop
        ):
            line = lines[i] = Line(line.number, line.text, verdict.role, verdict.rule, drop=verdict.drop)
            if verdict.role not in KEPT_ROLES:
                changes.append(
                    Change(STEP, verdict.rule or "", line.number, line.text, "", role=verdict.role),
                )
        if line.role not in KEPT_ROLES and (text := texts[i]) is not None:
            dropped += len(text)
    total = sum(map(len, filter(None, texts)))
    warnings = _warnings(total, total - dropped)
    return doc.with_changes(
        changes,
        lines=tuple(lines),
        metadata={**doc.metadata, **metadata},
        warnings=doc.warnings + tuple(warnings),
    )
