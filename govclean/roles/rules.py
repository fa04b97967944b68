"""Site rules and metadata fields, loaded from the TOML data files under ``govclean/roles/rules/``.

A rule names a site's fixed phrase or shape, never one document's text: it has an ``id``, the
``role`` it gives a matching line, the ``zone`` where it may fire and a regular ``pattern``
matched against the stripped line. Named groups of a pattern become metadata fields. Every rule
carries ``examples`` (lines it must match) and may carry ``counterexamples``; the test suite
checks both, so each rule is tested. A list of words that several patterns share (a site's
links, a spam vocabulary) is written once, in a file's ``[words]`` table, and named in a
pattern as ``{name}``: the rules are loaded with each such name replaced by the words as
alternatives, ``(?:word|word…)``, each taken literally, in the order listed. A pattern (as
expanded) is parsed when the rule files are analysed for the :class:`Screen`, which happens
again only when a rule file changes; a pattern that does not parse is reported with its rule's
id then.
"""

from __future__ import annotations

import hashlib
import math
import re
import string
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

# The parser behind re.compile (see _first_chars); typeshed does not describe it.
from re import _constants, _parser  # type: ignore[attr-defined]
from typing import Any

from govclean.characters import tables as chartables
from govclean.model import SCAN_GROUP, Role

ROLES = ("title", "meta", "chrome", "body", "appended")
#: ``head`` and ``tail`` are the runs of lines before the first and after the last article
#: paragraph; ``appended`` is the block after an appended-content marker; ``edges`` is head, tail
#: and appended block; ``anywhere`` is every zone, the middle of the article included.
ZONES = ("head", "tail", "edges", "anywhere", "appended")
#: ``remove`` takes the line out; ``keep`` keeps it (body rules); ``start`` opens the appended
#: block; ``drop`` hides an appended line that is not an item (placeholder, type label);
#: ``preamble`` keeps a label that opens an editor's note printed before the title.
ACTIONS = ("remove", "keep", "start", "drop", "preamble")
FIELDS_FILE = "fields.toml"
#: Site furniture comes in short lines; longer lines are never matched against rules.
RULE_MAX_CHARS = 400
#: The kind of the cache file that keeps the screen's analysis of the rule files.
SCREEN_CACHE = "rulescreen"
#: The cache kind of the rule files as parsed from TOML (parsing them is most of loading the rules).
PARSED_CACHE = "rulefiles"
#: Where the rule files are shipped.
RULES_FOLDER = Path(__file__).parent / "rules"
_GROUP_NAME_RE = re.compile(r"\(\?P<\w+>")
#: A word list's name, and its place in a pattern: ``{name}`` (a repetition count such as
#: ``{1,12}`` holds digits; ``\{`` is a brace).
_WORD_LIST_NAME_RE = re.compile("[a-z_]+")
_WORD_LIST_RE = re.compile(rf"(?<!\\)\{{({_WORD_LIST_NAME_RE.pattern})\}}")
#: Wider character ranges (``[\u4e00-\u9fff]``) count as "any first character" for the screen.
_MAX_LISTED_RANGE = 128
#: A character class with more members than this is too common to screen lines by.
_MAX_NEEDED_CHARS = 16


class RuleError(ValueError):
    """A rule file is malformed; the message names the file and the rule."""


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    role: Role
    zone: str
    #: The pattern's text, checked when the rule files' screen is analysed (see :class:`Screen`)
    #: and compiled on first use (see :attr:`pattern`): most rules never meet a line that could
    #: match them, and compiling them all would be most of what loading the rules costs.
    source: str
    action: str
    examples: tuple[str, ...] = ()
    counterexamples: tuple[str, ...] = ()

    @property
    def pattern(self) -> re.Pattern[str]:
        return _compiled(self.source)

    def applies_in(self, zone: str) -> bool:
        """Whether the rule may fire in ``zone``; the appended block is the far end of the tail."""
        if self.zone == "anywhere":
            return True
        if self.zone == "edges":
            return zone in ("head", "tail", "appended")
        if self.zone == "tail":
            return zone in ("tail", "appended")
        return self.zone == zone

    def fields(self, text: str) -> dict[str, str]:
        match = self.pattern.search(text)
        if not match:
            return {}
        return {k: v.strip() for k, v in match.groupdict().items() if v and v.strip()}


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    labels: tuple[str, ...]
    value: re.Pattern[str] | None = None
    #: Where a value goes when it is a web address (``文章来源:http://…`` is a ``source_url``).
    url_name: str | None = None
    #: False for labels that mark a metadata line but whose values are not worth reporting.
    report: bool = True
    #: False where an empty value is not printed on the next line: the next line is the article
    #: (``内容概述:`` above the text), never a value to take out.
    value_below: bool = True

    def clean_value(self, raw: str) -> str:
        """The value as reported: only the part the field's ``value`` pattern accepts, or nothing."""
        raw = raw.strip()
        if self.value is None:
            return raw
        match = self.value.search(raw)
        return match.group(0) if match else ""


#: The rules of a line that no rule matches (most lines), shared by all of them.
NO_RULES: tuple[Rule, ...] = ()


@dataclass(frozen=True, slots=True)
class RuleSet:
    rules: tuple[Rule, ...]
    fields: tuple[Field, ...]
    versions: tuple[tuple[str, int], ...]
    #: The word lists of the rule files' ``[words]`` tables, by name.
    words: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False, repr=False)
    #: A hash of the rule files and of the code that analyses them (see :func:`fingerprint_of`).
    fingerprint: str = field(default="", compare=False, repr=False)
    screen: Screen = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "screen", Screen(self.rules, self.fingerprint))

    def by_label(self) -> dict[str, Field]:
        return {label: f for f in self.fields for label in f.labels}

    def matching(self, text: str) -> tuple[Rule, ...]:
        """Every rule whose pattern matches the stripped line, in rule-file order."""
        return self.matching_lines([text])[0]

    def matching_lines(self, texts: Sequence[str | None]) -> list[tuple[Rule, ...]]:
        """The rules matching each of a document's stripped lines (None: a blank line), each in
        rule-file order; lines no rule matches share :data:`NO_RULES`.

        Lines longer than :data:`RULE_MAX_CHARS` are article text and match no rule; the
        :class:`Screen` names the few lines each rule could match before the rule is tried on
        them. A long document is screened :data:`~govclean.model.SCAN_GROUP` lines at a time.
        """
        found = [NO_RULES] * len(texts)
        for offset in range(0, len(texts), SCAN_GROUP):
            block = texts[offset:offset + SCAN_GROUP]
            lines = [text or "" for text in block]  # blank lines are never among the positions
            for index, positions in self.screen.lines_to_try(block):
                longest = self.screen.longest[index]
                if longest < RULE_MAX_CHARS:
                    positions = [p for p in positions if len(lines[p]) <= longest]
                if not positions:  # no line short enough: the pattern need not even be compiled
                    continue
                rule = self.rules[index]
                search = rule.pattern.search
                for position in [p for p in positions if search(lines[p])]:
                    found[offset + position] += (rule,)
        return found


def _compile(source: str, rule_id: str, pattern: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise RuleError(f"{source}: rule {rule_id}: bad pattern: {exc}") from exc


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def parse_words(source: str, data: dict[str, object]) -> dict[str, tuple[str, ...]]:
    """A rule file's ``[words]`` table: named lists of words."""
    words: dict[str, tuple[str, ...]] = {}
    for name, entries in data.get("words", {}).items():  # type: ignore[attr-defined]
        if not _WORD_LIST_NAME_RE.fullmatch(name):
            raise RuleError(f"{source}: bad word list name {name!r}")
        if not isinstance(entries, list) or not entries or not all(isinstance(w, str) and w for w in entries):
            raise RuleError(f"{source}: word list {name} must be a list of words")
        words[name] = tuple(entries)
    return words


def expand_words(pattern: str, words: dict[str, tuple[str, ...]]) -> str:
    """The pattern with each ``{name}`` of a word list replaced by its words as alternatives;
    a :class:`KeyError` names a list that is not defined."""
    return _WORD_LIST_RE.sub(lambda match: "(?:" + "|".join(map(re.escape, words[match[1]])) + ")", pattern)


def parse_rules(
    source: str, data: dict[str, object], words: dict[str, tuple[str, ...]] | None = None,
) -> tuple[list[Rule], int]:
    """A rule file's rules, their patterns' word lists (``{name}``) taken from ``words``, and
    the file's version."""
    version = int(data.get("version", 1))  # type: ignore[call-overload]
    rules: list[Rule] = []
    for entry in data.get("rule", []):  # type: ignore[attr-defined]
        rule_id = entry.get("id")
        if not rule_id:
            raise RuleError(f"{source}: a rule has no id")
        role, zone = entry.get("role"), entry.get("zone", "anywhere")
        action = entry.get("action", "keep" if role == "body" else "remove")
        if role not in ROLES or zone not in ZONES or action not in ACTIONS:
            raise RuleError(f"{source}: rule {rule_id}: bad role, zone or action")
        try:
            pattern = expand_words(entry["pattern"], words or {})
        except KeyError as exc:
            raise RuleError(f"{source}: rule {rule_id}: no word list {exc.args[0]}") from exc
        rules.append(Rule(
            id=rule_id, role=role, zone=zone, action=action,
            source=pattern,
            examples=tuple(entry.get("examples", ())),
            counterexamples=tuple(entry.get("counterexamples", ())),
        ))
    return rules, version


def parse_fields(data: dict[str, object]) -> list[Field]:
    return [
        Field(
            name=entry["name"], labels=tuple(entry["labels"]),
            value=_compile(FIELDS_FILE, entry["name"], entry["value"]) if "value" in entry else None,
            url_name=entry.get("url_name"), report=entry.get("report", True),
            value_below=entry.get("value_below", True),
        )
        for entry in data.get("field", [])  # type: ignore[attr-defined]
    ]


@cache
def load_rules() -> RuleSet:
    """Load every rule file shipped in the package, in file-name order, once per process.

    The word lists of all files are read first, so a pattern may name a list of any file.
    """
    texts = {
        path.name: path.read_text(encoding="utf-8")
        for path in sorted(RULES_FOLDER.iterdir(), key=lambda p: p.name) if path.name.endswith(".toml")
    }
    fingerprint = fingerprint_of(texts)
    files = parsed_files(texts, fingerprint)
    rules: list[Rule] = []
    fields: list[Field] = []
    versions: list[tuple[str, int]] = []
    seen: set[str] = set()
    words: dict[str, tuple[str, ...]] = {}
    for name, data in files.items():
        for list_name, listed in parse_words(name, data).items():
            if list_name in words:
                raise RuleError(f"{name}: duplicate word list {list_name}")
            words[list_name] = listed
    for name, data in files.items():
        if name == FIELDS_FILE:
            fields = parse_fields(data)
            continue
        file_rules, version = parse_rules(name, data, words)
        for rule in file_rules:
            if rule.id in seen:
                raise RuleError(f"{name}: duplicate rule id {rule.id}")
            seen.add(rule.id)
        rules.extend(file_rules)
        versions.append((str(data.get("family", name.removesuffix(".toml"))), version))
    return RuleSet(tuple(rules), tuple(fields), tuple(versions), words, fingerprint)


def parsed_files(texts: dict[str, str], fingerprint: str) -> dict[str, dict[str, Any]]:
    """The rule files' TOML, parsed, by file name: from the cache for ``fingerprint`` when a start
    before parsed the same files (the TOML parser costs a one-line run some 8 ms), else parsed
    and cached."""
    path = chartables.cache_file(fingerprint, PARSED_CACHE)
    files = chartables.read_cached(path, fingerprint)
    if not isinstance(files, dict) or files.keys() != texts.keys():
        import tomllib  # only a start that finds no cache parses TOML

        files = {name: tomllib.loads(text) for name, text in texts.items()}
        chartables.write_cached(path, fingerprint, files)
    return files


def fingerprint_of(texts: dict[str, str]) -> str:
    """The key of the cached screen analysis: the rule files' text, the character ranks and the
    code that analyses them (this module and the Python version, whose pattern parser it reads),
    so that a changed rule or analysis never reads an analysis cached before."""
    digest = hashlib.sha256(sys.version.encode())
    # The source, in the compiled build too (its __file__ is the extension module, whose bytes do
    # not change with the code): both builds of one version share one cached analysis.
    digest.update(Path(__file__).with_name("rules.py").read_bytes())
    digest.update(chartables.frequent_characters().encode("utf-8"))
    for name in sorted(texts):
        digest.update(f"\0{name}\0".encode())
        digest.update(texts[name].encode("utf-8"))
    return digest.hexdigest()


def _top_level_branches(pattern: str) -> list[str]:
    """The alternatives of a pattern's outermost ``|``, brackets and escapes respected."""
    branches, current, depth, in_class, i = [], [], 0, False, 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            current.append(pattern[i:i + 2])
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
        elif categories and op is _constants.CATEGORY and av in _CATEGORY_MARKERS:
            chars.add(_CATEGORY_MARKERS[av])
        else:
            return None
    return chars


#: Markers for the two character categories a first character may be tested for.
DIGIT, SPACE = "\\d", "\\s"
_CATEGORY_MARKERS = {_constants.CATEGORY_DIGIT: DIGIT, _constants.CATEGORY_SPACE: SPACE}


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
        len(parsed.data) >= 2 and parsed.data[0] == (_constants.AT, _constants.AT_BEGINNING)
        and parsed.data[-1] == (_constants.AT, _constants.AT_END)
        and not parsed.state.flags & _UNSCREENED_FLAGS
    )


_UNSCREENED_FLAGS = (
    _constants.SRE_FLAG_IGNORECASE | _constants.SRE_FLAG_MULTILINE | _constants.SRE_FLAG_DOTALL
    | _constants.SRE_FLAG_ASCII | _constants.SRE_FLAG_LOCALE
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
        if op is _constants.SUBPATTERN and av[1] & _UNSCREENED_FLAGS:
            return True
        if op in (_constants.SUBPATTERN, _constants.ATOMIC_GROUP, _constants.BRANCH, _constants.MAX_REPEAT,
                  _constants.MIN_REPEAT, _constants.POSSESSIVE_REPEAT):
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
        elif op is _constants.CATEGORY and av in _CATEGORY_TESTS:
            member = _CATEGORY_TESTS[av](char)
        else:
            return True
        if member:
            return not negated
    return negated


#: What the character categories mean in a ``str`` pattern (as the ``re`` module defines them).
_CATEGORY_TESTS: dict[Any, Callable[[str], bool]] = {
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
    A document's lines are grouped by their first character, and one search over the lines
    joined finds the lines holding any such rare character; there the pieces it is the rarest
    character of are looked for. So a rule is tried, and its pattern compiled, only for
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
        path = chartables.cache_file(self.fingerprint, SCREEN_CACHE)
        cached = chartables.read_cached(path, self.fingerprint) if self.fingerprint else None
        try:
            if cached is not None:
                self._use(cached)
                self._built = True
                return
        except (KeyError, TypeError, ValueError, AttributeError, re.error):
            pass  # a damaged cache file: the rules are analysed again
        analysis = analyse(self.rules)
        self._use(analysis)
        if self.fingerprint:
            chartables.write_cached(path, self.fingerprint, analysis)
        self._built = True

    def _use(self, analysis: Any) -> None:
        self.longest: list[int] = analysis["longest"]
        if len(self.longest) != len(self.rules):
            raise ValueError("the analysis is of other rules")
        self._always = {
            int(index): f"[{re.escape(chars)}]" if chars else None
            for index, chars in analysis["always"].items()
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
        self._rare_re = re.compile(f"[{''.join(map(re.escape, searched))}]" if searched else "(?!)")
        # Compiled on first use (see lines_to_try), as the rules' patterns are.
        self._excluded = {
            int(index): f"[{re.escape(chars)}]" for index, chars in analysis["excluded"].items()
        }

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
        for position, text in search_lines(self._rare_re, texts, RULE_MAX_CHARS):
            found: set[int] = set()
            for char in set(self._rare_re.findall(text)):
                at_once, pieces = self._by_char[char]
                found |= at_once
                for piece, index in pieces:
                    if piece in text:
                        found.add(index)
            for index in found:
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

    def _first_char_rules(self, first: str) -> frozenset[int]:
        rules = self._by_first.get(first, frozenset())
        if first.isdecimal():
            rules |= self._by_first.get(DIGIT, frozenset())
        elif first.isspace():
            rules |= self._by_first.get(SPACE, frozenset())
        return rules


_LETTERS_BY_FREQUENCY = "etaoinshrdlcumwfgypbvkjxqz"
_ASCII_BY_FREQUENCY = string.digits + _LETTERS_BY_FREQUENCY + _LETTERS_BY_FREQUENCY.upper()


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
                if all(map(_anchored_at_both_ends, unscreened)) else frozenset()
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


def search_lines(pattern: re.Pattern[str], texts: Sequence[str | None],
                 max_chars: float = math.inf) -> Iterator[tuple[int, str]]:
    """The lines of ``texts`` (None: a blank line) no longer than ``max_chars`` in which
    ``pattern`` finds a match, with their position, and perhaps a few more: the lines are
    searched joined by line breaks, so a match may run on into the next line. ``pattern`` must
    not depend on where the text around a match ends (no anchors, no lookaround), so that a
    match in one line is a match in the lines joined.

    One search finds the next line holding a match, however many lines hold none: much cheaper
    than searching line by line where few lines hold one. The lines are joined
    :data:`~govclean.model.SCAN_GROUP` at a time, so a long document is never copied whole.
    """
    for offset in range(0, len(texts), SCAN_GROUP):
        block = [
            text if text is not None and len(text) <= max_chars else ""
            for text in texts[offset:offset + SCAN_GROUP]
        ]
        joined = "\n".join(block)
        line, line_end = -1, -1  # the line of the last match, and where it ends in ``joined``
        found = pattern.search(joined)
        while found is not None:
            while found.start() > line_end:
                line += 1
                line_end += 1 + len(block[line])
            if block[line]:  # a match starting at the break after a left-out line belongs to none
                yield offset + line, block[line]
            found = pattern.search(joined, line_end + 1)
