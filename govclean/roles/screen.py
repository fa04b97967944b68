"""The rule screen: which lines of a document are worth trying each rule on, found without trying
the rules (see :class:`Screen`).

The screen reads the rules' patterns with the parser behind ``re.compile`` (``re._parser``), which
is private to Python: where it is missing, or the analysis fails on a pattern it cannot read
(a Python whose parser changed), the screen offers every line to every rule. The matches are then
the same, only slower (:func:`unscreened`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

from govclean import cache as datacache
from govclean.characters import tables as chartables
from govclean.patterns import compile_pattern, escape

try:
    # The parser behind re.compile (see _first_chars); typeshed does not describe it.
    from re import _constants, _parser  # type: ignore[attr-defined]
except ImportError:  # a Python without it: every rule is tried on every line
    _constants = _parser = None

if TYPE_CHECKING:
    from govclean.roles.rules import Rule

#: Site furniture comes in short lines; longer lines are never matched against rules.
RULE_MAX_CHARS = 400
#: The kind of the cache file that keeps the screen's analysis of the rule files.
SCREEN_CACHE = "rulescreen"
#: Wider character ranges (``[\u4e00-\u9fff]``) count as "any first character" for the screen.
_MAX_LISTED_RANGE = 128
#: A character class with more members than this is too common to screen lines by.
_MAX_NEEDED_CHARS = 16
_GROUP_NAME_RE = compile_pattern(r"\(\?P<\w+>")


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return compile_pattern(pattern)


class RuleError(ValueError):
    """A rule file is malformed; the message names the file and the rule."""


def _top_level_branches(pattern: str) -> list[str]:
    """The alternatives of a pattern's outermost ``|``, brackets and escapes respected."""
    branches, current, depth, in_class, i = [], [], 0, False, 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            current.append(pattern[i : i + 2])
            i += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char in "()":
            depth += 1 if char == "(" else -1
        elif char == "|" and depth == 0:
            branches.append("".join(current))
            current = []
            i += 1
            continue
        current.append(char)
        i += 1
    branches.append("".join(current))
    return branches


def first_chars(source: str) -> tuple[frozenset[str] | None, bool]:
    """The characters a pattern's match can start with (None: any, or the parser is missing or
    cannot read it), and whether it can match the empty string.

    >>> sorted(first_chars("下载|分享")[0])
    ['下', '分']
    """
    if _parser is None:
        return None, False
    try:
        return _first_chars(_parser.parse(source))
    except Exception:  # a parser that changed: the caller treats the pattern as starting anywhere
        return None, False


def anchored_at_start(source: str) -> bool:
    """Whether a pattern's every match starts at the start of the searched text: its first item
    is ``^`` (perhaps inside groups) and no multi-line flag lets ``^`` match after a line break.

    >>> anchored_at_start("(?P<p>^[^，]{2,12}版权所有)"), anchored_at_start("(?m)^版权")
    (True, False)
    """
    if _parser is None:
        return False
    try:
        parsed = _parser.parse(source)
    except Exception:  # a parser that changed, or a bad pattern: the caller's other paths judge it
        return False
    if parsed.state.flags & _constants.SRE_FLAG_MULTILINE:
        return False
    items = parsed.data
    while items and items[0][0] is _constants.SUBPATTERN and not items[0][1][1]:
        items = items[0][1][3].data
    return bool(items) and items[0] == (_constants.AT, _constants.AT_BEGINNING)


def _first_chars(items: Any) -> tuple[frozenset[str] | None, bool]:
    """The characters a parsed pattern can start with (None: too many to list), and whether it
    can match the empty string. Zero-width items (anchors, lookarounds) only narrow a match, so
    they are passed over; anything unusual counts as starting with any character."""
    found: set[str] = set()
    for op, av in items:
        if op in (_constants.AT, _constants.ASSERT, _constants.ASSERT_NOT):
            continue
        if op is _constants.LITERAL:
            return frozenset(found | {chr(av)}), False
        if op is _constants.IN:
            chars = _class_chars(av, categories=True)
            return (None if chars is None else frozenset(found | chars)), False
        if op is _constants.SUBPATTERN:
            _group, add_flags, _del_flags, sub = av
            if add_flags & _constants.SRE_FLAG_IGNORECASE:
                return None, False
            first, nullable = _first_chars(sub)
        elif op is _constants.ATOMIC_GROUP:
            first, nullable = _first_chars(av)
        elif op is _constants.BRANCH:
            first, nullable = frozenset(), False
            for branch in av[1]:
                branch_first, branch_nullable = _first_chars(branch)
                if branch_first is None:
                    return None, False
                first, nullable = first | branch_first, nullable or branch_nullable
        elif op in (_constants.MAX_REPEAT, _constants.MIN_REPEAT, _constants.POSSESSIVE_REPEAT):
            low, _high, sub = av
            first, nullable = _first_chars(sub)
            nullable = nullable or low == 0
        else:
            return None, False
        if first is None:
            return None, False
        found |= first
        if not nullable:
            return frozenset(found), False
    return frozenset(found), True


def _class_chars(items: list[Any], categories: bool = False) -> set[str] | None:
    """The members of a character class of literals and short ranges; None for anything else.

    With ``categories``, ``\\d`` and ``\\s`` count too, as the markers :data:`DIGIT` and
    :data:`SPACE` (a line's first character is tested for them with ``str.isdecimal`` and
    ``str.isspace``, what the two mean in a ``str`` pattern).
    """
    chars: set[str] = set()
    for op, av in items:
        if op is _constants.LITERAL:
            chars.add(chr(av))
        elif op is _constants.RANGE and av[1] - av[0] < _MAX_LISTED_RANGE:
            chars.update(map(chr, range(av[0], av[1] + 1)))
        elif categories and op is _constants.CATEGORY and av in _category_markers():
            chars.add(_category_markers()[av])
        else:
            return None
    return chars


#: Markers for the two character categories a first character may be tested for.
DIGIT, SPACE = "\\d", "\\s"


@cache
def _category_markers() -> dict[Any, str]:
    return {_constants.CATEGORY_DIGIT: DIGIT, _constants.CATEGORY_SPACE: SPACE}


def _needed_text(items: Any) -> frozenset[str] | None:
    """Pieces of text of which a match must hold at least one, somewhere in the line (None: no
    such short list). Each item that must match offers a list (a run of literal characters, one
    word); the list whose shortest piece is longest is kept, as the rarest in ordinary text."""
    best: frozenset[str] | None = None
    run: list[str] = []
    for op, av in [*items, (None, None)]:
        if op is _constants.LITERAL:
            run.append(chr(av))
            continue
        found = _needed_by_item(op, av)
        for offer in (frozenset(["".join(run)]) if run else None, found):
            if offer is not None and (best is None or _rarer(offer, best)):
                best = offer
        run = []
    return best


def _needed_by_item(op: object, av: Any) -> frozenset[str] | None:
    if op is _constants.IN:
        chars = _class_chars(av)
        return frozenset(chars) if chars is not None and len(chars) <= _MAX_NEEDED_CHARS else None
    if op is _constants.SUBPATTERN:
        _group, add_flags, _del_flags, sub = av
        return None if add_flags & _constants.SRE_FLAG_IGNORECASE else _needed_text(sub)
    if op is _constants.ATOMIC_GROUP:
        return _needed_text(av)
    if op is _constants.BRANCH:
        needed = [_needed_text(branch) for branch in av[1]]
        if any(offer is None for offer in needed):
            return None
        return frozenset().union(*(offer for offer in needed if offer is not None))
    if op in (_constants.MAX_REPEAT, _constants.MIN_REPEAT, _constants.POSSESSIVE_REPEAT):
        low, _high, sub = av
        return _needed_text(sub) if low >= 1 else None
    if op is _constants.ASSERT:
        # A lookaround's text must be in the line too (though perhaps outside the match).
        return _needed_text(av[1])
    return None


def _rarer(offer: frozenset[str], best: frozenset[str]) -> bool:
    shortest, best_shortest = min(map(len, offer)), min(map(len, best))
    return shortest > best_shortest or (shortest == best_shortest and len(offer) < len(best))


def _anchored_at_both_ends(parsed: _parser.SubPattern) -> bool:
    """Whether an alternative matches the whole line: ``^`` first, ``$`` last, no flag that would
    change what the anchors or the character classes mean."""
    return (
        len(parsed.data) >= 2
        and parsed.data[0] == (_constants.AT, _constants.AT_BEGINNING)
        and parsed.data[-1] == (_constants.AT, _constants.AT_END)
        and not parsed.state.flags & _unscreened_flags()
    )


@cache
def _unscreened_flags() -> int:
    return int(
        _constants.SRE_FLAG_IGNORECASE
        | _constants.SRE_FLAG_MULTILINE
        | _constants.SRE_FLAG_DOTALL
        | _constants.SRE_FLAG_ASCII
        | _constants.SRE_FLAG_LOCALE
    )


def _excluded_chars(parsed: _parser.SubPattern) -> frozenset[str]:
    """Characters a line matched by a whole-line alternative (:func:`_anchored_at_both_ends`)
    cannot hold: those listed in its negated classes (``[^。！？]``) that no item consumes. Such a
    match spans the line (but for a final newline), and lookarounds consume nothing, so every
    character of the line is consumed by some item."""
    listed = {char for char in _negated_class_chars(parsed.data) if char != "\n"}
    return frozenset(char for char in listed if not _consumes(parsed.data, char))


def _negated_class_chars(items: Any) -> Iterator[str]:
    for op, av in items:
        if op is _constants.IN and av and av[0] == (_constants.NEGATE, None):
            yield from (chr(value) for kind, value in av if kind is _constants.LITERAL)
        elif op is _constants.NOT_LITERAL:  # a negated class of one character
            yield chr(av)
        else:
            yield from _negated_class_chars(_sub_items(op, av))


def _sub_items(op: object, av: Any) -> Any:
    """The items nested in a group, alternation or repeat; none for anything else."""
    if op is _constants.SUBPATTERN:
        return av[3]
    if op is _constants.ATOMIC_GROUP:
        return av
    if op is _constants.BRANCH:
        return [item for branch in av[1] for item in branch]
    if op in (_constants.MAX_REPEAT, _constants.MIN_REPEAT, _constants.POSSESSIVE_REPEAT):
        return av[2]
    return ()


def _consumes(items: Any, char: str) -> bool:
    """Whether some item of a parsed pattern may consume ``char``; True for anything unusual.
    Zero-width items (anchors, lookarounds) consume nothing."""
    for op, av in items:
        if op in (_constants.AT, _constants.ASSERT, _constants.ASSERT_NOT):
            continue
        if op is _constants.SUBPATTERN and av[1] & _unscreened_flags():
            return True
        if op in (
            _constants.SUBPATTERN,
            _constants.ATOMIC_GROUP,
            _constants.BRANCH,
            _constants.MAX_REPEAT,
            _constants.MIN_REPEAT,
            _constants.POSSESSIVE_REPEAT,
        ):
            if _consumes(_sub_items(op, av), char):
                return True
        elif op is _constants.LITERAL:
            if chr(av) == char:
                return True
        elif op is _constants.NOT_LITERAL:
            if chr(av) != char:
                return True
        elif op is _constants.IN:
            if _in_class(av, char):
                return True
        else:
            return True
    return False


def _in_class(items: list[Any], char: str) -> bool:
    """Whether a character class may hold ``char``; True for any member it cannot judge."""
    negated = bool(items) and items[0] == (_constants.NEGATE, None)
    for op, av in items[negated:]:
        if op is _constants.LITERAL:
            member = chr(av) == char
        elif op is _constants.RANGE:
            member = av[0] <= ord(char) <= av[1]
        elif op is _constants.CATEGORY and av in _category_tests():
            member = _category_tests()[av](char)
        else:
            return True
        if member:
            return not negated
    return negated


@cache
def _category_tests() -> dict[Any, Callable[[str], bool]]:
    """What the character categories mean in a ``str`` pattern (as the ``re`` module defines them)."""
    return {
        _constants.CATEGORY_DIGIT: str.isdecimal,
        _constants.CATEGORY_NOT_DIGIT: lambda char: not char.isdecimal(),
        _constants.CATEGORY_SPACE: str.isspace,
        _constants.CATEGORY_NOT_SPACE: lambda char: not char.isspace(),
        _constants.CATEGORY_WORD: lambda char: char.isalnum() or char == "_",
        _constants.CATEGORY_NOT_WORD: lambda char: not (char.isalnum() or char == "_"),
    }


def _longest_line(branch: str, parsed: _parser.SubPattern) -> float:
    """The longest line an alternative can match: bounded for one anchored at both ends
    (``^…$``, where ``$`` may stand before a final newline), unbounded otherwise."""
    if not branch.startswith("^") or not parsed.data or parsed.data[-1] != (_constants.AT, _constants.AT_END):
        return math.inf
    return float(parsed.getwidth()[1] + 1)


class Screen:
    """Which lines of a document are worth trying each rule on, found without trying the rules.

    Every rule's alternatives (its outermost ``|``) are analysed once (:func:`analyse`), and the
    analysis is kept in the user's cache directory, keyed by the hash of the rule files, so a
    start reads it instead of parsing every pattern again. An alternative anchored at the line
    start whose first character is one of a known few (most: ``^(?:版权所有|…)``) can match only a
    line starting with one of them. Any other needs one of a few pieces of text somewhere in the
    line (``ICP[备证]\\s*\\d`` needs ``ICP``, the gambling rule one of its site words), so it can
    match only a line holding the rarest character of one of its pieces (by :func:`_rank`).
    A document's lines are grouped by their first character, and one substitution over the
    lines joined leaves the rare characters each line holds; there the pieces they are the
    rarest character of are looked for. So a rule is tried, and its pattern compiled, only for
    the lines that start with or hold what it needs. Only the rare alternative with neither
    (``^\\d{1,3}$``) makes its rule worth trying on every line. An alternative anchored at both
    ends is bounded in length too: a line longer than all of a rule's alternatives can match is
    not tried against it, nor is a line holding a character that no part of a rule anchored at
    both ends can match (``。`` for ``^[^。！？]+$``: see :func:`_excluded_chars`); such a
    character also keeps an alternative with nothing else to screen lines by off the lines
    holding it, where the rule's other alternatives do not make it worth trying.
    """

    def __init__(self, rules: tuple[Rule, ...], fingerprint: str) -> None:
        self.rules = rules
        self.fingerprint = fingerprint
        self._built = False

    def _build(self) -> None:
        """Take the rules' analysis from the cache file for their fingerprint, else make it."""
        path = datacache.cache_file(self.fingerprint, SCREEN_CACHE)
        cached = datacache.read_cached(path, self.fingerprint) if self.fingerprint else None
        try:
            if cached is not None:
                self._use(cached)
                self._built = True
                return
        except (KeyError, TypeError, ValueError, AttributeError, re.error):
            pass  # a damaged cache file: the rules are analysed again
        try:
            analysis = analyse(self.rules)
        except RuleError:
            raise
        except Exception:  # the private parser is missing or changed: no screen, the same matches
            self._use(unscreened(self.rules))
        else:
            self._use(analysis)
            if self.fingerprint:
                datacache.write_cached(path, self.fingerprint, analysis)
        self._built = True

    def _use(self, analysis: Any) -> None:
        self.longest: list[int] = analysis["longest"]
        if len(self.longest) != len(self.rules):
            raise ValueError("the analysis is of other rules")
        self._always = {
            int(index): f"[{escape(chars)}]" if chars else None for index, chars in analysis["always"].items()
        }
        self._by_first = {char: frozenset(indexes) for char, indexes in analysis["by_first"].items()}
        # For each character searched for: the rules it makes worth trying at once, and the
        # pieces of text whose rarest character it is, with their rules.
        searched = sorted(analysis["by_rare"].keys() | analysis["by_piece"].keys())
        self._by_char: dict[str, tuple[frozenset[int], tuple[tuple[str, int], ...]]] = {
            char: (
                frozenset(analysis["by_piece"].get(char, ())),
                tuple((str(piece), int(index)) for piece, index in analysis["by_rare"].get(char, ())),
            )
            for char in searched
        }
        members = "".join(map(escape, searched))
        self._searched = f"[{members}]" if searched else "(?!)"
        #: What a line holds but the characters searched for (and line breaks): removed from the
        #: lines joined, it leaves each line's searched characters (see :meth:`_searched_chars`).
        self._unsearched_re = compile_pattern(f"[^\\n{members}]+")
        #: The rules a line's first character makes worth trying, by character, as met.
        self._first_rules: dict[str, frozenset[int]] = {}
        # Compiled on first use (see lines_to_try), as the rules' patterns are.
        self._excluded = {int(index): f"[{escape(chars)}]" for index, chars in analysis["excluded"].items()}

    def lines_to_try(self, texts: Sequence[str | None]) -> Iterator[tuple[int, Iterable[int]]]:
        """Each rule that may match one of ``texts`` (None: a blank line), in rule-file order,
        with the positions of the lines it may match (never a blank line nor one longer than
        :data:`RULE_MAX_CHARS`)."""
        if not self._built:
            self._build()
        to_try: dict[int, set[int]] = {}
        everywhere: list[int] = []  # the lines an unscreened rule is tried on
        by_first: dict[str, list[int]] = {}
        for position, text in enumerate(texts):
            if text is not None and len(text) <= RULE_MAX_CHARS:
                everywhere.append(position)
                by_first.setdefault(text[:1], []).append(position)
        for first, positions in by_first.items():
            for index in self._first_char_rules(first):
                to_try.setdefault(index, set()).update(positions)
        holding: dict[int, list[int]] = {}  # by rule, the lines holding what it needs
        by_char = self._by_char
        for position, chars in enumerate(self._searched_chars(texts)):
            if not chars:  # most lines
                continue
            text = texts[position]
            assert text is not None  # a blank line holds no character
            # A rule may be listed twice for a line: the positions are gathered into sets below.
            for char in set(chars) if len(chars) > 1 else chars:
                at_once, pieces = by_char[char]
                for index in at_once:
                    holding.setdefault(index, []).append(position)
                for piece, index in pieces:
                    if piece in text:
                        holding.setdefault(index, []).append(position)
        for index, positions in holding.items():
            to_try.setdefault(index, set()).update(positions)
        for index in sorted(self._always.keys() | to_try.keys()):
            tried: Iterable[int] = to_try.get(index, ())
            if index in self._excluded:
                holds_excluded = _compiled(self._excluded[index]).search
                tried = [p for p in tried if not holds_excluded(texts[p] or "")]
            if index in self._always:
                always_excluded = self._always[index]
                if always_excluded is None:  # then the rule as a whole excludes nothing either
                    tried = everywhere
                else:
                    holds_excluded = _compiled(always_excluded).search
                    tried = {p for p in everywhere if not holds_excluded(texts[p] or "")}.union(tried)
            yield index, tried

    def _searched_chars(self, texts: Sequence[str | None]) -> list[str]:
        """For each of ``texts`` (None: a blank line), the characters searched for that it holds,
        in order, repeated as often as it holds them; none for a line longer than
        :data:`RULE_MAX_CHARS`.

        The lines are joined by line breaks and all other characters removed by one
        substitution in C, then the result is split at the line breaks: a Python step per line
        holding one is all that is left (where a line holds a line break of its own, each line
        is searched alone)."""
        kept = [text if text is not None and len(text) <= RULE_MAX_CHARS else "" for text in texts]
        held = self._unsearched_re.sub("", "\n".join(kept)).split("\n")
        if len(held) != len(kept):
            findall = _compiled(self._searched).findall
            held = ["".join(findall(text)) for text in kept]
        return held

    def _first_char_rules(self, first: str) -> frozenset[int]:
        """The rules a line starting with ``first`` is worth trying, kept per character: a
        document's lines start with a few hundred distinct characters, each asked about on every
        page."""
        rules = self._first_rules.get(first)
        if rules is None:
            rules = self._first_rules[first] = self._first_char_rules_of(first)
        return rules

    def _first_char_rules_of(self, first: str) -> frozenset[int]:
        rules = self._by_first.get(first, frozenset())
        if first.isdecimal():
            rules |= self._by_first.get(DIGIT, frozenset())
        elif first.isspace():
            rules |= self._by_first.get(SPACE, frozenset())
        return rules


_LETTERS_BY_FREQUENCY = "etaoinshrdlcumwfgypbvkjxqz"
_ASCII_BY_FREQUENCY = "0123456789" + _LETTERS_BY_FREQUENCY + _LETTERS_BY_FREQUENCY.upper()


def unscreened(rules: tuple[Rule, ...]) -> dict[str, Any]:
    """The analysis that screens nothing: every rule is tried on every line no longer than
    :data:`RULE_MAX_CHARS`. Each pattern is compiled, so a bad one is still named with its rule."""
    for rule in rules:
        try:
            compile_pattern(rule.source)
        except re.error as exc:
            raise RuleError(f"rule {rule.id}: bad pattern: {exc}") from exc
    everyone = list(range(len(rules)))
    return {
        "longest": [RULE_MAX_CHARS] * len(rules),
        "always": {str(index): "" for index in everyone},
        "by_first": {"": everyone},
        "by_piece": {},
        "by_rare": {},
        "excluded": {},
    }


def analyse(rules: tuple[Rule, ...]) -> dict[str, Any]:
    """What :class:`Screen` needs to know of each rule, as plain data a cache file can hold; a
    :class:`RuleError` names a rule whose pattern does not parse, or is written in verbose mode
    (``(?x)``), whose alternatives the screen, reading them as text, would cut wrongly.

    ``longest``: the longest line each rule can match (at most :data:`RULE_MAX_CHARS`);
    ``always``: the rules to try on every line but those holding one of the given characters
    (their other alternatives, screened as any, may still make them worth trying there);
    ``by_first``: the rules a line's first character (or :data:`DIGIT`, :data:`SPACE`; ``""``
    for an empty line) makes worth trying; ``by_piece``
    and ``by_rare``: those a character of the line makes worth trying, at once (a piece of one
    character) or when one of the pieces whose rarest character it is is in the line;
    ``excluded``: by rule, the characters a line it matches cannot hold (see :func:`_excluded_chars`).
    """
    if _parser is None:
        raise NotImplementedError("this Python has no re._parser to analyse patterns with")
    always: dict[int, frozenset[str]] = {}
    by_first: dict[str, set[int]] = {"": set(range(len(rules)))}  # an empty line: any rule
    by_rare: dict[str, set[tuple[str, int]]] = {}
    by_piece: dict[str, set[int]] = {}  # pieces of one character: found by finding it
    longest: list[float] = []
    excluded: dict[int, frozenset[str]] = {}
    rank = _rank()
    for index, rule in enumerate(rules):
        longest.append(0)
        try:
            # Whole: parsed alone, its alternatives let some errors by.
            if _parser.parse(rule.source).state.flags & _constants.SRE_FLAG_VERBOSE:
                raise RuleError(f"rule {rule.id}: verbose patterns ((?x)) are not supported")
            branches = [
                (branch, _parser.parse(branch))
                for branch in _top_level_branches(_GROUP_NAME_RE.sub("(?:", rule.source))
            ]
        except re.error as exc:
            raise RuleError(f"rule {rule.id}: bad pattern: {exc}") from exc
        if all(_anchored_at_both_ends(parsed) for _branch, parsed in branches):
            excluded[index] = frozenset.intersection(*(_excluded_chars(p) for _branch, p in branches))
        unscreened = []  # the alternatives that make the rule worth trying on every line
        for branch, parsed in branches:
            longest[index] = max(longest[index], _longest_line(branch, parsed))
            if parsed.state.flags & _constants.SRE_FLAG_IGNORECASE:
                unscreened.append(parsed)
                continue
            if branch.startswith("^"):
                first, nullable = _first_chars(parsed)  # the anchor is passed over
                if first is not None and not nullable:
                    for char in first:
                        by_first.setdefault(char, set()).add(index)
                    continue
            pieces = _needed_text(parsed)
            if pieces is None:
                unscreened.append(parsed)
                continue
            for piece in pieces:
                if len(piece) == 1:
                    by_piece.setdefault(piece, set()).add(index)
                else:
                    rarest = max(piece, key=lambda char: rank.get(char, len(rank)))
                    by_rare.setdefault(rarest, set()).add((piece, index))
        if unscreened:
            # Those alternatives alone may rule more lines out than the whole rule does.
            always[index] = (
                frozenset.intersection(*map(_excluded_chars, unscreened))
                if all(map(_anchored_at_both_ends, unscreened))
                else frozenset()
            )
    return {
        "longest": [int(min(limit, RULE_MAX_CHARS)) for limit in longest],
        "always": {str(index): "".join(sorted(chars)) for index, chars in always.items()},
        "by_first": {char: sorted(indexes) for char, indexes in by_first.items()},
        "by_piece": {char: sorted(indexes) for char, indexes in by_piece.items()},
        "by_rare": {char: [list(entry) for entry in sorted(pieces)] for char, pieces in by_rare.items()},
        "excluded": {str(index): "".join(sorted(chars)) for index, chars in excluded.items() if chars},
    }


@cache
def _rank() -> dict[str, int]:
    """How common each character is in running text, 0 the commonest: digits and ASCII letters
    (web pages are full of them; letters in the order of their frequency in English, capitals
    after small ones), then the frequent Chinese characters in the order of the data file that
    lists them; any other character is rarer than all of these."""
    return {char: rank for rank, char in enumerate(_ASCII_BY_FREQUENCY + chartables.frequent_characters())}
