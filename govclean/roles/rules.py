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

Rules match the line's simplified view (:func:`govclean.characters.fold.simplified`), so a rule
written in simplified characters catches the same furniture on a traditional page; metadata
values are cut from the line as printed.

**Precedence.** Where several rules match one line, the one with the highest ``priority`` decides
(a rule's own, else its file's, else :data:`DEFAULT_PRIORITY`); equal priorities are ordered by
rule id. File order never decides. The shipped files give a site family's rules precedence over
the generic ones (``80`` against ``70``), appended-content markers the highest (``90``) and broad
shape rules the lowest (a keyword row, markup debris: ``10``); the test suite checks that no two
rules of equal priority match the same example.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator, Sequence
from functools import cache
from itertools import compress, islice
from operator import attrgetter
from typing import Any, Final, Literal, cast, get_args

from govclean import cache as datacache
from govclean.characters import tables as chartables
from govclean.characters.fold import simplified, simplified_lines
from govclean.model import Role
from govclean.patterns import compile_pattern, escape
from govclean.record import Record
from govclean.roles import screen
from govclean.roles.screen import RULE_MAX_CHARS, RuleError, Screen
from govclean.scan import SCAN_GROUP

#: The roles a rule can give (``blank`` is a line's own).
ROLES: tuple[Role, ...] = ("title", "meta", "chrome", "body", "appended")
#: ``head`` and ``tail`` are the runs of lines before the first and after the last article
#: paragraph; ``appended`` is the block after an appended-content marker; ``edges`` is head, tail
#: and appended block; ``anywhere`` is every zone, the middle of the article included.
Zone = Literal["head", "tail", "edges", "anywhere", "appended"]
ZONES: tuple[Zone, ...] = get_args(Zone)
#: ``remove`` takes the line out; ``keep`` keeps it (body rules); ``start`` opens the appended
#: block; ``drop`` hides an appended line that is not an item (placeholder, type label);
#: ``preamble`` keeps a label that opens an editor's note printed before the title.
Action = Literal["remove", "keep", "start", "drop", "preamble"]
ACTIONS: tuple[Action, ...] = get_args(Action)
FIELDS_FILE = "fields.toml"
#: The priority of a rule that names none, in a file that names none.
DEFAULT_PRIORITY = 50
#: The cache kind of the rule files as parsed from TOML (parsing them is most of loading the rules).
PARSED_CACHE = "rulefiles"
#: Where the rule files are shipped.
RULES_FOLDER = os.path.join(os.path.dirname(__file__), "rules")
#: A word list's name, and its place in a pattern: ``{name}`` (a repetition count such as
#: ``{1,12}`` holds digits; ``\{`` is a brace).
_WORD_LIST_NAME_RE = compile_pattern("[a-z_]+")
_WORD_LIST_RE = compile_pattern(rf"(?<!\\)\{{({_WORD_LIST_NAME_RE.pattern})\}}")


class Rule(Record):
    id: str
    role: Role
    zone: Zone
    #: The pattern's text, checked when the rule files' screen is analysed (see :class:`Screen`)
    #: and compiled on first use (see :attr:`pattern`): most rules never meet a line that could
    #: match them, and compiling them all would be most of what loading the rules costs.
    source: str
    action: Action
    examples: tuple[str, ...] = ()
    counterexamples: tuple[str, ...] = ()
    #: Where several rules match a line, the highest priority decides (see the module's notes).
    priority: int = DEFAULT_PRIORITY

    @property
    def pattern(self) -> re.Pattern[str]:
        return _compiled(self.source)

    @property
    def precedence(self) -> tuple[int, str]:
        """The sort key of the rules matching one line: the deciding rule first."""
        return -self.priority, self.id

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
        """The named groups of the rule's match as metadata, cut from ``text`` as printed (the
        match is found in its simplified view, which keeps every position)."""
        match = self.pattern.search(simplified(text))
        if not match:
            return {}
        values = {
            name: text[match.start(name) : match.end(name)] for name, v in match.groupdict().items() if v
        }
        return {k: v.strip() for k, v in values.items() if v.strip()}


class Field(Record):
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
#: How many lines' matching rules a rule set remembers: a site's furniture recurs on every page
#: of a batch, and a line's rules depend on its text alone.
KNOWN_LINES = 8192


class RuleSet:
    """The rules and metadata fields of the shipped rule files, and the screen of the rules.

    A plain class rather than a ``NamedTuple``: it builds its :class:`Screen` when made, which a
    tuple's ``__new__`` cannot be given; its attributes are ``Final``, never reassigned.
    """

    __slots__ = ("_known", "fields", "fingerprint", "rules", "screen", "versions", "words")

    def __init__(
        self,
        rules: tuple[Rule, ...],
        fields: tuple[Field, ...],
        versions: tuple[tuple[str, int], ...],
        words: dict[str, tuple[str, ...]] | None = None,
        fingerprint: str = "",
    ) -> None:
        self.rules: Final = rules
        self.fields: Final = fields
        self.versions: Final = versions
        #: The word lists of the rule files' ``[words]`` tables, by name.
        self.words: Final[dict[str, tuple[str, ...]]] = {} if words is None else words
        #: A hash of the rule files and of the code that analyses them (see :func:`fingerprint_of`).
        self.fingerprint: Final = fingerprint
        self.screen: Final = Screen(rules, fingerprint)
        #: The rules matching lines met before, by the line's simplified view (see
        #: :meth:`matching_lines`); emptied when it holds :data:`KNOWN_LINES`.
        self._known: Final[dict[str, tuple[Rule, ...]]] = {}

    def by_label(self) -> dict[str, Field]:
        return {label: f for f in self.fields for label in f.labels}

    def matching(self, text: str) -> tuple[Rule, ...]:
        """Every rule whose pattern matches the stripped line, by precedence."""
        return self.matching_lines([text])[0]

    def matching_lines(
        self, texts: Sequence[str | None], folded: Sequence[str | None] | None = None
    ) -> list[tuple[Rule, ...]]:
        """The rules matching each of a document's stripped lines (None: a blank line), each
        line's by precedence (:attr:`Rule.precedence`); lines no rule matches share
        :data:`NO_RULES`.

        Rules match each line's simplified view. Lines longer than :data:`RULE_MAX_CHARS` are
        article text and match no rule; a line met before (among the last :data:`KNOWN_LINES`)
        takes its rules from memory, and the :class:`Screen` names the few of the other lines each
        rule could match before the rule is tried on them. A long document is screened
        :data:`~govclean.scan.SCAN_GROUP` lines at a time. A caller that holds the lines'
        simplified view already (``simplified_lines(texts, max_chars=RULE_MAX_CHARS)``) passes it
        as ``folded``, and the lines are not folded twice.
        """
        texts = simplified_lines(texts, max_chars=RULE_MAX_CHARS) if folded is None else folded
        # The lines met before take their rules from memory, and only the others are screened
        # and searched (those at most RULE_MAX_CHARS long: longer lines match no rule).
        known = self._known
        # For each line: its rules remembered, None for a line not met before, NO_RULES for a
        # blank line and a line too long to match any.
        remembered = [
            known.get(text) if text is not None and len(text) <= RULE_MAX_CHARS else NO_RULES
            for text in texts
        ]
        found = [NO_RULES if rules is None else rules for rules in remembered]
        novel = [text if rules is None else None for text, rules in zip(texts, remembered, strict=True)]
        several: set[int] = set()  # the lines more than one rule matches
        for offset in range(0, len(novel), SCAN_GROUP):
            block = novel[offset : offset + SCAN_GROUP]
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
                    if found[offset + position]:
                        several.add(offset + position)
                    found[offset + position] += (rule,)
        for i in several:
            found[i] = tuple(sorted(found[i], key=attrgetter("precedence")))
        if len(known) >= KNOWN_LINES:
            known.clear()
        # The lines not met before (novel holds None for the others), as many as there is room for.
        learned = compress(zip(novel, found, strict=True), novel)
        known.update(islice(cast(Iterator[tuple[str, tuple[Rule, ...]]], learned), KNOWN_LINES - len(known)))
        return found


def _compile(source: str, rule_id: str, pattern: str) -> re.Pattern[str]:
    try:
        return compile_pattern(pattern)
    except re.error as exc:
        raise RuleError(f"{source}: rule {rule_id}: bad pattern: {exc}") from exc


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return compile_pattern(pattern)


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
    return _WORD_LIST_RE.sub(lambda match: "(?:" + "|".join(map(escape, words[match[1]])) + ")", pattern)


def parse_rules(
    source: str,
    data: dict[str, object],
    words: dict[str, tuple[str, ...]] | None = None,
) -> tuple[list[Rule], int]:
    """A rule file's rules, their patterns' word lists (``{name}``) taken from ``words``, and
    the file's version."""
    version = int(data.get("version", 1))  # type: ignore[call-overload]
    file_priority = int(data.get("priority", DEFAULT_PRIORITY))  # type: ignore[call-overload]
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
        rules.append(
            Rule(
                id=rule_id,
                role=role,
                zone=zone,
                action=action,
                source=pattern,
                examples=tuple(entry.get("examples", ())),
                counterexamples=tuple(entry.get("counterexamples", ())),
                priority=int(entry.get("priority", file_priority)),
            )
        )
    return rules, version


def parse_fields(data: dict[str, object]) -> list[Field]:
    return [
        Field(
            name=entry["name"],
            labels=tuple(entry["labels"]),
            value=_compile(FIELDS_FILE, entry["name"], entry["value"]) if "value" in entry else None,
            url_name=entry.get("url_name"),
            report=entry.get("report", True),
            value_below=entry.get("value_below", True),
        )
        for entry in data.get("field", [])  # type: ignore[attr-defined]
    ]


@cache
def load_rules() -> RuleSet:
    """Load every rule file shipped in the package, in file-name order, once per process.

    The word lists of all files are read first, so a pattern may name a list of any file. The
    files are read only where they changed since a start before fingerprinted them (see
    :func:`govclean.cache.known_fingerprint`) or where they must be parsed.
    """
    names = sorted(name for name in os.listdir(RULES_FOLDER) if name.endswith(".toml"))
    paths = [os.path.join(RULES_FOLDER, name) for name in names]
    texts = cache(lambda: {name: chartables.read_text(path) for name, path in zip(names, paths, strict=True)})
    # The stamp names every file fingerprint_of hashes: the rule files, the character ranks and
    # the code's sources.
    sources = [
        *paths,
        chartables.data_path(chartables.FREQUENT_FILE),
        *(datacache.source_of(module) for module in (__file__, screen.__file__)),
    ]
    fingerprint = datacache.known_fingerprint(datacache.stamp_of(sources), lambda: fingerprint_of(texts()))
    files = parsed_files(names, fingerprint, texts)
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


def parsed_files(
    names: list[str], fingerprint: str, texts: Callable[[], dict[str, str]]
) -> dict[str, dict[str, Any]]:
    """The rule files ``names``' TOML, parsed, by file name: from the cache for ``fingerprint``
    when a start before parsed the same files (the TOML parser costs a one-line run some 8 ms),
    else parsed from their ``texts()`` and cached."""
    path = datacache.cache_file(fingerprint, PARSED_CACHE)
    files = datacache.read_cached(path, fingerprint)
    if not isinstance(files, dict) or files.keys() != set(names):
        import tomllib  # only a start that finds no cache parses TOML

        files = {name: tomllib.loads(text) for name, text in texts().items()}
        datacache.write_cached(path, fingerprint, files)
    return files


def fingerprint_of(texts: dict[str, str]) -> str:
    """The key of the cached screen analysis: the rule files' text, the character ranks and the
    code that analyses them (this module and the Python version, whose pattern parser it reads),
    so that a changed rule or analysis never reads an analysis cached before."""
    named = (f"{name}\0{texts[name]}" for name in sorted(texts))
    return datacache.fingerprint_of(
        chartables.frequent_characters(), *named, modules=(__file__, screen.__file__)
    )
