"""Evidence that a short line is site chrome, from the concepts chrome is made of.

Site rules name one site's phrasing; the same furniture reworded (``下载本资料需要3.5积分``,
``开通会员，免费下载全文``, ``分享至：QQ空间 新浪微博 朋友圈``) is still made of a few concepts:
download, preview limits, pages left unread, membership, points, login, share targets, customer
service, takedown notices, breadcrumbs, page tools, counters, rights notices, ICP filings, contact
and advertising links. The lexicon (``govclean/data/chrome_lexicon.toml``) lists each concept's
terms, with examples and counterexamples the test suite checks.

A line's evidence is how much of it the lexicon covers: the characters of concept terms, of glue
words (``请``, ``本资料``, ``即可``), of numbers with their decimals and units (``3.5``, ``1024``,
``2.1MB``, ``5页``) and every separator (any punctuation or symbol, half or full width: one class),
as a share of the line's characters other than white space; and which concepts it names. A line
covered almost whole by such words is chrome whatever the site; a sentence that merely mentions
them (``研究人员下载了统计数据``) is covered in part only. Matching runs on the line's simplified,
half-width view (:func:`govclean.characters.fold.plain`), so ``猜你喜歡`` and ``ＱＱ空間`` count;
the line itself is never changed.

One compiled pattern (the terms as a character trie, so each position is tried once) runs over a
document's short lines joined; lines longer than :data:`LEXICON_MAX_CHARS` are prose and skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cache, lru_cache, partial
from typing import Any

from govclean import cache as datacache
from govclean.characters.fold import plain, plain_lines, simplified_lines
from govclean.characters.tables import data_path, read_text
from govclean.patterns import compile_pattern, escape
from govclean.record import Record
from govclean.roles import screen
from govclean.roles.screen import DIGIT, SPACE, anchored_at_start, first_chars
from govclean.scan import search_lines

LEXICON_FILE = "chrome_lexicon.toml"
#: The cache kind of the lexicon's analysis (see :func:`analyse_lexicon`).
LEXICON_CACHE = "lexicon"
#: Chrome comes in short lines; a longer line is never looked at (its evidence is empty).
LEXICON_MAX_CHARS = 80
#: How many lines' evidence is remembered: a site's furniture recurs on every page of a batch.
RECKONED_LINES = 4096
#: A line is chrome by its wording when the lexicon covers at least this share of it ...
CHROME_COVERAGE = 0.8
#: ... and concept terms at least this share of its words (glue words and terms, numbers and
#: separators aside): ``请下载后查看`` is chrome, ``请在此后查看`` is not.
CHROME_TERM_SHARE = 0.2
#: What follows a number as its unit (``1024次``, ``2.1MB``, ``前5页``): counted with the number.
_UNITS = (
    r"[KMGkmg]i?[Bb]|[%+万千亿wWkK折]|页|次|人|元|个|篇|条|字|位|天|年|月|日|号"
    r"|分|秒|楼|点|时|项|份|张|部|本|名|岁"
)
_NUMBER = r"\d+(?:[.,:/\-]\d+)*"
_UNITS_FIRST = "KMGkmg%+万千亿wW折页次人元个篇条字位天年月日号分秒楼点时项份张部本名岁"
#: How many first characters of the terms' trie share one lookahead (see :func:`_trie_pattern`).
TRIE_GROUP = 32
#: Any character that is neither a letter, a digit nor a Han character, nor white space.
_SEPARATOR_RE = compile_pattern(r"[^\w\s]|_")
_SPACE_RE = compile_pattern(r"\s")


class LexiconError(ValueError):
    """The lexicon data file is malformed; the message names the concept."""


class Evidence(Record):
    """What the lexicon says of one line."""

    #: Share of the line's characters (white space aside) covered by terms, glue, numbers and
    #: separators; 0.0 for a line holding no concept term.
    coverage: float
    #: The ids of the concepts whose terms the line holds.
    concepts: frozenset[str]
    #: Share of the line's words (its characters but for separators and numbers) in concept terms.
    term_share: float

    @property
    def is_chrome(self) -> bool:
        """Covered almost whole, by concept terms for a good part: chrome by its wording alone."""
        return self.coverage >= CHROME_COVERAGE and self.term_share >= CHROME_TERM_SHARE


#: The evidence of a line that holds no concept term (most lines), shared by all of them.
NO_EVIDENCE = Evidence(0.0, frozenset(), 0.0)


class Concept(Record):
    id: str
    terms: tuple[str, ...]
    patterns: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()
    counterexamples: tuple[str, ...] = ()


class Lexicon(Record):
    version: int
    concepts: tuple[Concept, ...]
    glue: tuple[str, ...]
    #: Each concept's own patterns (groups ``p0``, ``p1`` …), numbers (``n``), terms and glue words
    #: (``t``) and units after a number (``u``) in one alternation.
    pattern: re.Pattern[str]
    #: The concept of each term (lower case), None for a glue word.
    concept_of: dict[str, str | None]
    #: The concept of each pattern group.
    pattern_concepts: dict[str, str]
    #: Any concept term or pattern: what a line needs for its evidence to be worth reckoning.
    holds_concept: re.Pattern[str]


def _letter(char: str) -> str:
    """A character of a term as a pattern: a Latin letter in either case (``vip``, ``VIP``)."""
    if char.isascii() and char.isalpha():
        return f"[{char.lower()}{char.upper()}]"
    return escape(char)


def _class_members(char: str) -> str:
    """A character of a term as members of a character class (a Latin letter in either case)."""
    return _letter(char)[1:-1] if char.isascii() and char.isalpha() else escape(char)


def _trie_pattern(words: Iterable[str]) -> str:
    """An alternation of ``words`` (in lower case) as a trie: one branch per first character, so
    a position is tried once, and the longest word wins (its optional tail is greedy).

    The pattern engine tries a branch's alternatives one after another, so the first characters'
    alternatives, a few hundred, are grouped :data:`TRIE_GROUP` at a time behind a lookahead for
    the group's characters: a position is tested against a few groups and one group's
    alternatives instead of all of them (twice as fast). No two of them start with the same
    character, so the match is the same."""
    trie: dict[str, dict] = {}  # type: ignore[type-arg]
    for word in words:
        node = trie
        for char in word.lower():
            node = node.setdefault(char, {})
        node[""] = {}

    def alternation(branches: list[str]) -> str:
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"

    def build(node: dict, top: bool = False) -> str:  # type: ignore[type-arg]
        chars = sorted(char for char in node if char)
        if not chars:
            return ""
        branches = [_letter(char) + build(node[char]) for char in chars]
        if top and len(branches) > TRIE_GROUP:
            groups = [
                f"(?=[{''.join(map(_class_members, chars[i : i + TRIE_GROUP]))}])"
                + alternation(branches[i : i + TRIE_GROUP])
                for i in range(0, len(branches), TRIE_GROUP)
            ]
            pattern = "(?:" + "|".join(groups) + ")"
        else:
            pattern = alternation(branches)
        return f"(?:{pattern})?" if "" in node else pattern

    return build(trie, top=True)


def parse_lexicon(data: dict[str, object]) -> Lexicon:
    """The lexicon from its parsed TOML; a :class:`LexiconError` names a bad or repeated entry."""
    return lexicon_from(analyse_lexicon(data))


def analyse_lexicon(data: dict[str, object]) -> dict[str, Any]:
    """What the lexicon is made of, as plain data a cache file can hold: the concepts, the glue
    words, the concept of each term and pattern group, and the sources of the two patterns
    (building them, the terms as tries, is most of what loading the lexicon costs)."""
    concepts: list[list[Any]] = []
    concept_of: dict[str, str | None] = {}
    for entry in data.get("concept", []):  # type: ignore[attr-defined]
        concept_id = entry.get("id")
        terms = entry.get("terms", [])
        if not concept_id or not terms or not all(isinstance(t, str) and t for t in terms):
            raise LexiconError(f"{LEXICON_FILE}: concept {concept_id!r} needs an id and terms")
        for term in terms:
            key = term.lower()
            if key in concept_of:
                raise LexiconError(f"{LEXICON_FILE}: concept {concept_id}: term {term!r} listed twice")
            concept_of[key] = concept_id
        concepts.append(
            [
                concept_id,
                list(terms),
                list(entry.get("patterns", ())),
                list(entry.get("examples", ())),
                list(entry.get("counterexamples", ())),
            ]
        )
    glue = list(data.get("glue", {}).get("words", ()))  # type: ignore[attr-defined]
    for word in glue:
        if word.lower() in concept_of:
            raise LexiconError(f"{LEXICON_FILE}: glue word {word!r} is also a term")
        concept_of[word.lower()] = None
    pattern_concepts: dict[str, str] = {}
    alternatives = []  # the concepts' own patterns first: they name what a term alone cannot
    for concept_id, _, patterns, _, _ in concepts:
        for source in patterns:
            name = f"p{len(pattern_concepts)}"
            pattern_concepts[name] = concept_id
            alternatives.append(f"(?P<{name}>{source})")
    alternatives += [
        f"(?P<n>{_NUMBER})",
        f"(?P<t>{_trie_pattern(concept_of)})",
        f"(?<=\\d)(?P<u>{_UNITS})",
    ]
    terms = [term for term, concept in concept_of.items() if concept is not None]
    # Lines are found by their concepts' terms and patterns (glue and numbers aside), joined.
    finder = [*alternatives[: len(pattern_concepts)], _trie_pattern(terms)]
    try:
        pattern = _starting_with(alternatives, concept_of, len(pattern_concepts), numbers=True)
        holds_concept = _starting_with(finder, terms, len(pattern_concepts), numbers=False)
    except re.error as exc:
        raise LexiconError(f"{LEXICON_FILE}: bad pattern: {exc}") from exc
    return {
        "version": int(data.get("version", 1)),  # type: ignore[call-overload]
        "concepts": concepts,
        "glue": glue,
        "pattern": pattern,
        "concept_of": concept_of,
        "pattern_concepts": pattern_concepts,
        "holds_concept": holds_concept,
    }


def lexicon_from(analysis: dict[str, Any]) -> Lexicon:
    """The lexicon from its analysis (:func:`analyse_lexicon`): its two patterns compiled, or
    made from their compiled code where a cached analysis holds it."""
    compiled = analysis.get("compiled") or {}
    try:
        pattern = datacache.pattern_from(analysis["pattern"], compiled.get("pattern"))
        holds_concept = datacache.pattern_from(analysis["holds_concept"], compiled.get("holds_concept"))
    except re.error as exc:
        raise LexiconError(f"{LEXICON_FILE}: bad pattern: {exc}") from exc
    return Lexicon(
        version=int(analysis["version"]),
        concepts=tuple(
            Concept(concept_id, tuple(terms), tuple(patterns), tuple(examples), tuple(counterexamples))
            for concept_id, terms, patterns, examples, counterexamples in analysis["concepts"]
        ),
        glue=tuple(analysis["glue"]),
        pattern=pattern,
        concept_of=dict(analysis["concept_of"]),
        pattern_concepts=dict(analysis["pattern_concepts"]),
        holds_concept=holds_concept,
    )


def _starting_with(alternatives: list[str], words: Iterable[str], patterns: int, numbers: bool) -> str:
    """The alternation behind a lookahead for where a match can start (a character of the first
    ``patterns`` alternatives, the concepts' own patterns, the first two characters of one of
    ``words``, and with ``numbers`` a number or a unit): the pattern engine then skips to such a
    place instead of trying every alternative at every position (four times faster over a page's
    short lines). A word of two characters or more is looked for by both: asking for its first
    character alone (``中``, ``人``, ``不``…) lets through twice as many positions. A concept pattern anchored
    at the start (``^…版权所有``) can match only where ``^`` does, which the lookahead lets through
    too; it no longer makes every position worth trying. The finder of lines holding a concept
    has no numbers nor units: without their characters (digits, ``年``, ``月``, ``人``…) its
    lookahead lets far fewer positions through."""
    single: set[str] = {DIGIT, *_UNITS_FIRST} if numbers else set()  # a match may start with one
    firsts: set[str] = set()  # the first characters of words of two or more, and their seconds
    seconds: set[str] = set()
    for word in words:
        cased = {word[0].lower(), word[0].upper()}
        if len(word) == 1:
            single.update(cased)
        else:
            firsts.update(cased)
            seconds.update({word[1].lower(), word[1].upper()})
    anchored = False
    for source in alternatives[:patterns]:
        if anchored_at_start(source):
            anchored = True
            continue
        chars, nullable = first_chars(source)
        if chars is None or nullable:
            return "|".join(alternatives)  # no character to skip to: every position is tried
        single.update(chars)
    places = [f"[{_members(single)}]"] if single else []
    if firsts:
        places.append(f"[{_members(firsts)}][{_members(seconds)}]")
    if anchored:
        places.append("^")
    return f"(?={'|'.join(places)})(?:{'|'.join(alternatives)})"


def _members(chars: set[str]) -> str:
    """Characters (and the :data:`DIGIT` and :data:`SPACE` markers) as a class's members."""
    return "".join(sorted(char if char in (DIGIT, SPACE) else escape(char) for char in chars))


@cache
def load_lexicon() -> Lexicon:
    """The shipped lexicon, once per process: its analysis read from the user's cache when a
    start before analysed the same data file with the same code, else made and cached. The data
    file is read only where it changed since a start before fingerprinted it (see
    :func:`govclean.cache.known_fingerprint`) or where it must be analysed."""
    source = data_path(LEXICON_FILE)
    text = cache(partial(read_text, source))
    code = [datacache.source_of(module) for module in (__file__, screen.__file__)]
    fingerprint = datacache.known_fingerprint(
        datacache.stamp_of([source, *code]), lambda: lexicon_fingerprint(text())
    )
    path = datacache.cache_file(fingerprint, LEXICON_CACHE)
    cached = datacache.read_cached(path, fingerprint)
    if cached is not None:
        try:
            return lexicon_from(cached)
        except (KeyError, TypeError, ValueError):  # a damaged cache file: analysed again
            pass
    import tomllib  # only a start that finds no cache parses TOML

    analysis = analyse_lexicon(tomllib.loads(text()))
    lexicon = lexicon_from(analysis)
    # The patterns' compiled code is cached too: compiling them is most of what is left.
    analysis["compiled"] = {
        key: datacache.pattern_data(analysis[key]) for key in ("pattern", "holds_concept")
    }
    datacache.write_cached(path, fingerprint, analysis)
    return lexicon


def lexicon_fingerprint(text: str) -> str:
    """The key of the cached analysis: the data file's text and the code that analyses it (this
    module, the screen's pattern reading and the Python version), so that a changed term or
    analysis never reads an analysis cached before."""
    return datacache.fingerprint_of(text, modules=(__file__, screen.__file__))


def _word_chars(text: str) -> int:
    """The characters of a match that are not separators (a number's point, a term's space)."""
    return (
        len(text)
        if text.isalnum()
        else len(text) - len(_SEPARATOR_RE.findall(text)) - len(_SPACE_RE.findall(text))
    )


def chrome_evidence(line: str) -> Evidence:
    """The lexicon's evidence for one stripped line.

    >>> evidence = chrome_evidence("下载本资料需要3.5积分")
    >>> sorted(evidence.concepts), evidence.is_chrome
    (['download', 'points'], True)
    """
    # What chrome_evidence_lines([line]) finds, without its machinery for many lines: a row's
    # words are asked about one at a time.
    if len(line) > LEXICON_MAX_CHARS:
        return NO_EVIDENCE
    view = plain(line)
    if not view or len(view) > LEXICON_MAX_CHARS or not load_lexicon().holds_concept.search(view):
        return NO_EVIDENCE
    return _reckon(view)


def chrome_evidence_lines(
    texts: Sequence[str | None], folded: Sequence[str | None] | None = None
) -> list[Evidence]:
    """The evidence for each of a document's stripped lines (None: a blank line).

    The short lines' lexicon views are searched joined, :data:`~govclean.model.SCAN_GROUP` at a
    time, for any concept term (:func:`~govclean.scan.search_lines`); only the few lines
    holding one are reckoned, each alone. Lines longer than :data:`LEXICON_MAX_CHARS` are left out.
    A caller that holds the lines' simplified view already (``simplified_lines(texts,
    max_chars=…)``, of at least :data:`LEXICON_MAX_CHARS`) passes it as ``folded``: the lexicon's
    view is then made from it (:func:`~govclean.characters.fold.plain_lines`), at a fraction of
    the cost.
    """
    lexicon = load_lexicon()
    views = (
        simplified_lines(texts, wide=True, max_chars=LEXICON_MAX_CHARS)
        if folded is None
        else plain_lines(folded, max_chars=LEXICON_MAX_CHARS)
    )
    found = [NO_EVIDENCE] * len(texts)
    for position, view in search_lines(lexicon.holds_concept, views, LEXICON_MAX_CHARS):
        found[position] = _reckon(view)
    return found


def concepts_in(line: str) -> frozenset[str]:
    """The concepts whose terms a stripped line of any length holds (a notice's long clause
    names its concepts too, though the lexicon judges only short lines chrome)."""
    view = simplified_lines([line], wide=True)[0]
    if view is None or not load_lexicon().holds_concept.search(view):
        return frozenset()
    return _reckon(view).concepts


@lru_cache(maxsize=RECKONED_LINES)
def _reckon(view: str) -> Evidence:
    """The evidence of one line's lexicon view that holds a concept term."""
    lexicon = load_lexicon()
    concept_of = lexicon.concept_of
    pattern_concepts = lexicon.pattern_concepts
    covered = in_terms = in_numbers = 0
    concepts: set[str] = set()
    for match in lexicon.pattern.finditer(view):
        text = match.group()
        # Most matches are terms of Han characters alone: no separator to leave out.
        chars = len(text) if text.isalnum() else _word_chars(text)
        covered += chars
        group = match.lastgroup
        concept = concept_of.get(text.lower()) if group == "t" else pattern_concepts.get(group or "")
        if concept is not None:
            in_terms += chars
            concepts.add(concept)
        elif group == "n" or group == "u":
            in_numbers += chars
    if not concepts:  # the term found was part of a longer glue word
        return NO_EVIDENCE
    total = len(view) - len(_SPACE_RE.findall(view))
    separators = len(_SEPARATOR_RE.findall(view))
    coverage = (covered + separators) / total
    words = total - separators - in_numbers
    # Positional fields, and the bounds as comparisons: this runs for each new line holding a term.
    return Evidence(
        coverage if coverage < 1.0 else 1.0,  # coverage
        frozenset(concepts),  # concepts
        in_terms / (words if words > 1 else 1),  # term_share
    )
