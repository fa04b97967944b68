"""Stray-character repair: traditional or variant characters left inside simplified text.

Only the kept lines (title and body) of a document whose script is simplified are touched, and
only where the tables are sure:

- a character that is not valid simplified and has exactly one simplified form is replaced
  (``chars.single_form``: 隊 → 队), and so is a Japanese form of one (``chars.variant``: 浄 → 净);
- a character that is also valid simplified text (乾 於 徵 覆 …) changes only where a phrase entry
  matches around it (``chars.phrase``), never alone;
- a character with several simplified forms (鍾 → 钟/锺) follows a phrase entry, else its first
  form (``chars.several_default``), and the change's note names the alternatives;
- nothing inside a protected word (shipped list plus ``CleanConfig.protect``) changes;
- a line that is traditional on its own evidence (a quoted passage) is left whole and named in a
  warning, unless ``--script simplified`` asks for everything.

The verdict's scans of the kept text (:func:`govclean.characters.script.scan_script`) also name the candidate
characters present: clean text stops there, and otherwise a pattern of just those few characters
finds the lines and the positions to look at, so a repair costs little more than a scan.
"""

from __future__ import annotations

import math
import re
from functools import cache

from govclean.characters.script import (
    MIN_SCRIPT_EVIDENCE,
    TRADITIONAL_MIN_RATIO,
    repairs_allowed,
    scan_script,
    script_verdict,
)
from govclean.characters.tables import CharTables, TablesMissingError, load_tables
from govclean.config import CleanConfig
from govclean.model import KEPT_ROLES, Change, Document, Line, Role
from govclean.patterns import compile_pattern, escape
from govclean.scan import rows_matching

__all__ = ["STEP", "TablesMissingError", "load_tables", "repair_characters", "repair_line"]

STEP = "repair_characters"
#: The fewest traditional characters a line needs for a traditional verdict of its own.
PASSAGE_MIN_CANDIDATES = math.ceil(MIN_SCRIPT_EVIDENCE * TRADITIONAL_MIN_RATIO)
#: The least share of candidate characters in a line that may be a traditional passage.
PASSAGE_MIN_DENSITY = 0.05


@cache
def protected_pattern(tables: CharTables, extra: tuple[str, ...]) -> re.Pattern[str] | None:
    """One alternation of the protected words that contain a candidate character, longest first."""
    words = {w for w in (*tables.protected, *extra) if tables.candidate_chars.among(w)}
    if not words:
        return None
    return compile_pattern("|".join(escape(w) for w in sorted(words, key=len, reverse=True)))


def _phrase_choice(text: str, index: int, tables: CharTables) -> tuple[str, str] | None:
    """The form a phrase entry gives the character at ``index``, and the phrase, if one matches."""
    for key, offset, replacement in tables.phrases.get(text[index], ()):
        start = index - offset
        if start >= 0 and tables.simplify(text[start : start + len(key)]) == key:
            return replacement, key
    return None


def _decide(text: str, index: int, tables: CharTables) -> tuple[str, str, str | None] | None:
    """What the character at ``index`` becomes: (after, rule, note), or None to leave it."""
    char = text[index]
    single = tables.single_form(char)
    if single is not None:
        return single, "chars.single_form", None
    if char in tables.variants:
        return tables.variants[char], "chars.variant", None
    choice = _phrase_choice(text, index, tables)
    alternatives = tables.several.get(char)
    if choice is not None:
        after, phrase = choice
        if after == char:
            return None
        note = f"phrase {phrase}" + (f"; forms {'/'.join(alternatives)}" if alternatives else "")
        return after, "chars.phrase", note
    if alternatives:
        return alternatives[0], "chars.several_default", f"ambiguous: forms {'/'.join(alternatives)}"
    return None


def candidate_scanner(chars: set[str] | frozenset[str]) -> re.Pattern[str] | None:
    """A pattern for the few candidate characters a text holds (cheap to compile, fast to scan)."""
    return compile_pattern("[" + "".join(sorted(chars)) + "]") if chars else None


def repair_line(
    text: str,
    number: int,
    tables: CharTables,
    protected: re.Pattern[str] | None = None,
    role: Role | None = None,
    scanner: re.Pattern[str] | None = None,
) -> tuple[str, list[Change]]:
    """Repair one line's stray characters; return the new text and one change per character.

    ``scanner`` finds the candidate characters; by default it is built from the line itself.
    """
    scanner = scanner or candidate_scanner(tables.candidate_chars.among(text))
    if scanner is None:
        return text, []
    shielded: set[int] = set()
    if protected is not None:
        for match in protected.finditer(text):
            shielded.update(range(match.start(), match.end()))
    pieces: list[str] = []
    changes: list[Change] = []
    last = 0
    for match in scanner.finditer(text):
        index = match.start()
        if index in shielded:
            continue
        decision = _decide(text, index, tables)
        if decision is None:
            continue
        after, rule, note = decision
        pieces += (text[last:index], after)
        last = index + 1
        changes.append(Change(STEP, rule, number, text[index], after, column=index + 1, role=role, note=note))
    return "".join(pieces) + text[last:], changes


def _is_traditional_passage(text: str, tables: CharTables, scanner: re.Pattern[str]) -> bool:
    # Nearly every traditional-only character is a candidate. A traditional verdict needs at least
    # PASSAGE_MIN_CANDIDATES of them, and in traditional text about one character in four or five
    # is one, while strays come one in dozens: a line below either bound is decided uncounted.
    found = len(scanner.findall(text))
    if found < PASSAGE_MIN_CANDIDATES or found < len(text) * PASSAGE_MIN_DENSITY:
        return False
    return script_verdict(text, tables).verdict == "traditional"


def repair_characters(doc: Document, config: CleanConfig) -> Document:
    """Replace stray characters in the kept lines of a simplified document; record each one."""
    tables = load_tables()
    kept_texts = [line.text for line in doc.lines if line.role in KEPT_ROLES]
    info, rare = scan_script(kept_texts, tables)
    if config.script != "auto":
        info = info.replace(decided_by=config.script)
    if not repairs_allowed(info, config.script):
        warnings = doc.warnings
        if info.verdict == "mixed" and config.script == "auto":
            warnings += (
                f"script is mixed (traditional ratio {info.traditional_ratio}): "
                "characters left as they are; --script simplified repairs them",
            )
        return doc.evolve(script=info, warnings=warnings)
    # The verdict's counts name the few candidate characters present, if any: clean text stops
    # here, and otherwise one scan of the kept lines finds those holding one of them.
    scanner = candidate_scanner(tables.candidate_chars.among("".join(rare)))
    if scanner is None:
        return doc.evolve(script=info)
    protected = protected_pattern(tables, config.protect)
    changes: list[Change] = []
    lines = list(doc.lines)
    kept = [index for index, line in enumerate(lines) if line.role in KEPT_ROLES]
    passages: list[str] = []
    for row in rows_matching(kept_texts, scanner):
        line = lines[kept[row]]
        # Strays are sparse; a line that is traditional on its own evidence is a quoted passage.
        if config.script == "auto" and _is_traditional_passage(line.text, tables, scanner):
            passages.append(str(line.number))
            continue
        text, line_changes = repair_line(line.text, line.number, tables, protected, line.role, scanner)
        if line_changes:
            changes += line_changes
            lines[kept[row]] = Line(line.number, text, line.role, line.rule, line.drop)
    warnings = doc.warnings
    if passages:
        warnings += (f"traditional passages left as they are on lines {', '.join(passages)}",)
    return doc.with_changes(changes, lines=tuple(lines), script=info, warnings=warnings)
