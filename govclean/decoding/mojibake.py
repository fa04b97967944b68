"""Mojibake repair: Chinese text that was decoded with the wrong codec and saved as UTF-8.

Two kinds are repaired, each only where the wrong step can be undone exactly:

- GBK bytes read as Windows-1252 or Latin-1 (``¸ü¶à¾«Ð£`` → ``更多精校``): every character maps
  back to one byte, and the bytes are decoded as GBK the way Windows does (GB18030, with the
  single byte 0x80 for ``€``).
- UTF-8 bytes read as GBK (``鍙樺寲`` → ``变化``): the characters are encoded back to GB18030
  and the bytes decoded as UTF-8.

The repair works line by line: a line is replaced only when its bytes decode strictly and doing
the wrong reading again gives back the very same line (a line where the wrong reading already
lost bytes to ``?`` or U+FFFD stays as it is). The repair is kept only when the replaced lines
read as Chinese far better than before. Every replaced line is a recorded change.
"""

from __future__ import annotations

import codecs
import itertools
import re
from collections.abc import Callable, Sequence
from functools import cache

from govclean.config import CleanConfig
from govclean.decoding.decode import old_damage_warning
from govclean.decoding.plausibility import plausibility, reads_as_chinese
from govclean.model import Change, Document, Line
from govclean.patterns import compile_pattern, escape
from govclean.record import Record

STEP = "fix_mojibake"
#: A sample with fewer distinct readable characters than this share may be mojibake ...
SUSPECT_BELOW = 0.6
#: ... the repaired text must score at least this well ...
MIN_SCORE = 0.7
#: ... and this much better than the text it replaces.
MIN_GAIN = 0.2
#: Characters of a sample that must look like the mojibake before a repair is tried.
MIN_SUSPECTS = 8
SAMPLE_CHARACTERS = 1024
_NON_ASCII_RE = compile_pattern("[^\x00-\x7f]")
_WINDOWS_EURO_ERRORS = "govclean.windows-euro"


def _windows_euro(exc: UnicodeError) -> tuple[str, int]:
    """Windows code page 936 has one single-byte character GB18030 lacks: 0x80 is ``€``."""
    if isinstance(exc, UnicodeDecodeError) and exc.end == exc.start + 1 and exc.object[exc.start] == 0x80:
        return "€", exc.end
    raise exc


class _IrreversibleError(ValueError):
    """A line's characters do not map back to bytes, or the bytes do not decode strictly."""


class MojibakeKind(Record):
    """One wrong reading: ``undo`` recovers the text, ``redo`` makes the same mistake again."""

    rule: str
    undo: Callable[[str], str]
    redo: Callable[[str], str]
    #: Characters that the wrong reading produces.
    suspects: re.Pattern[str]


def _single_byte_kind(rule: str, table: str) -> MojibakeKind:
    """GBK bytes read with a single-byte code page ``table`` (byte value → character)."""
    # The charmap codec functions map a whole line in C, as the code page codecs themselves do.
    to_bytes = codecs.charmap_build(table)

    def undo(line: str) -> str:
        try:
            data = codecs.charmap_encode(line, "strict", to_bytes)[0]
            return data.decode("gb18030", errors=_WINDOWS_EURO_ERRORS)
        except UnicodeError as exc:  # a character outside the table, or bytes that are not GBK
            raise _IrreversibleError(str(exc)) from exc

    def redo(text: str) -> str:
        data = b"\x80".join(part.encode("gb18030") for part in text.split("€"))
        return codecs.charmap_decode(data, "strict", table)[0]

    return MojibakeKind(rule, undo, redo, compile_pattern("[" + escape(table[0x80:]) + "]"))


def _undo_gbk(line: str) -> str:
    try:
        return line.encode("gb18030").decode("utf-8")
    except UnicodeError as exc:
        raise _IrreversibleError(str(exc)) from exc


def _redo_gbk(text: str) -> str:
    try:
        return text.encode("utf-8").decode("gb18030")
    except UnicodeDecodeError as exc:
        raise _IrreversibleError(str(exc)) from exc


@cache
def kinds() -> tuple[MojibakeKind, ...]:
    """The wrong readings, built on first use: most texts are turned away before they are needed.

    On a tie the first wins: Windows-1252 before Latin-1, since they differ only in 0x80–0x9F.
    """
    codecs.register_error(_WINDOWS_EURO_ERRORS, _windows_euro)
    # Windows-1252 as browsers and editors apply it: the five bytes it leaves undefined pass
    # through as C1 control characters, so each of the 256 bytes has exactly one character and back.
    sloppy_1252 = "".join(bytes((b,)).decode("cp1252", errors="ignore") or chr(b) for b in range(256))
    latin_1 = "".join(map(chr, range(256)))
    return (
        _single_byte_kind("mojibake.gbk_as_cp1252", sloppy_1252),
        _single_byte_kind("mojibake.gbk_as_latin1", latin_1),
        MojibakeKind("mojibake.utf8_as_gbk", _undo_gbk, _redo_gbk, compile_pattern("[\u4e00-\u9fff]")),
    )


class Repair(Record):
    """Lines with their mojibake undone, and the record of each replaced line."""

    lines: list[str]
    rule: str
    changes: tuple[Change, ...]
    #: Non-ASCII lines that could not be reversed exactly and were left as they were.
    left: int
    #: Plausibility of the repaired lines, and how much better they read than before.
    score: float
    gain: float

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def _repair_line(line: str, kind: MojibakeKind) -> str | None:
    """The line read right, or None when it cannot be reversed exactly."""
    # U+FFFD is in neither code page, and GB18030 spells it in four bytes whose third, a byte
    # above 0x7F between two ASCII digits, no UTF-8 allows: no kind undoes it, and saying so first
    # spares the slow four-byte GB18030 encoding of every U+FFFD of a damaged line.
    if "\ufffd" in line:
        return None
    try:
        repaired = kind.undo(line)
        return repaired if kind.redo(repaired) == line else None
    except _IrreversibleError:
        return None


def _repair_with(texts: Sequence[str], kind: MojibakeKind) -> Repair | None:
    """Undo one kind line by line; line numbers are those of the pipeline's lines (split at LF)."""
    lines = list(texts)
    changes: list[Change] = []
    left = 0
    for index, line in enumerate(lines):
        if line.isascii():
            continue
        repaired = _repair_line(line, kind)
        if repaired is None:
            left += 1
        elif repaired != line:
            changes.append(Change(STEP, kind.rule, index + 1, line, repaired))
            lines[index] = repaired
    if not changes:
        return None
    before = plausibility("\n".join(change.before for change in changes)).score
    after = plausibility("\n".join(change.after for change in changes)).score
    return Repair(lines, kind.rule, tuple(changes), left, after, after - before)


def looks_like_mojibake(sample: str) -> bool:
    """A cheap first look: enough suspect characters and little that reads as Chinese."""
    if sample.isascii() or reads_as_chinese(sample, SUSPECT_BELOW):
        return False
    return any(_has_at_least(kind.suspects, sample, MIN_SUSPECTS) for kind in kinds())


def _has_at_least(pattern: re.Pattern[str], text: str, count: int) -> bool:
    """Whether ``pattern`` occurs ``count`` times in ``text``; the search stops at the last one
    needed, where mojibake would give a match for nearly every character."""
    return next(itertools.islice(pattern.finditer(text), count - 1, None), None) is not None


def repair_mojibake(text: str) -> Repair | None:
    """Undo the mojibake kind that repairs ``text`` most completely, or return None; the first
    look (:func:`looks_like_mojibake`) samples the head of ``text``.

    >>> repair_mojibake("变化".encode().decode("gb18030") * 5).text
    '变化变化变化变化变化'
    """
    if not looks_like_mojibake(text[:SAMPLE_CHARACTERS]):
        return None
    return repair_suspect_mojibake(text.split("\n"))


def repair_suspect_mojibake(lines: Sequence[str]) -> Repair | None:
    """:func:`repair_mojibake` for lines whose first look was already taken and found suspect."""
    attempts = (_repair_with(lines, kind) for kind in kinds())
    repairs = [r for r in attempts if r and r.score >= MIN_SCORE and r.gain >= MIN_GAIN]
    return min(repairs, key=lambda r: (r.left, -len(r.changes)), default=None)


def fix_mojibake(doc: Document, config: CleanConfig) -> Document:
    """Undo GBK read as Windows-1252 or Latin-1 and UTF-8 read as GBK, where it reverses exactly.

    Runs on the lines as decoded, before normalization, which would remove the C1 control
    characters that Latin-1 mojibake is partly made of.
    """
    if not doc.strict_utf8:
        return doc
    sample = _sample(doc.lines, ends_with_break=len(doc.source_lines) > len(doc.lines))
    # Only a text that looks wrong is tried line by line.
    if sample is None or not looks_like_mojibake(sample):
        return doc
    repair = repair_suspect_mojibake([line.text for line in doc.lines])
    if repair is None:
        return doc
    lines = list(doc.lines)
    for change in repair.changes:
        text = change.after
        lines[change.line - 1] = Line(change.line, text, "blank" if text.isspace() else "body")
    encoding = doc.encoding.replace(
        method="repaired", confidence=round(repair.score, 3), mojibake=repair.rule
    )
    warnings = doc.warnings
    if encoding.replacements:
        # The share of damage is of the text as repaired (mojibake spells a character in two).
        length = sum(map(len, repair.lines)) + len(doc.source_lines) - 1
        encoding = encoding.replace(damage_ratio=round(encoding.replacements / length, 4))
        said, now = (
            old_damage_warning(encoding.replacements, info.damage_ratio) for info in (doc.encoding, encoding)
        )
        warnings = tuple(now if warning == said else warning for warning in warnings)
    notes = (
        (f"{repair.left} lines look like {repair.rule} but cannot be reversed exactly; left as they were",)
        if repair.left
        else ()
    )
    return doc.with_changes(
        list(repair.changes), lines=tuple(lines), encoding=encoding, warnings=warnings + notes
    )


def _sample(lines: tuple[Line, ...], ends_with_break: bool) -> str | None:
    """What the first look for mojibake reads: the text from its first non-ASCII character, at
    most :data:`SAMPLE_CHARACTERS` long; None for ASCII text."""
    for index, line in enumerate(lines):
        first = None if line.text.isascii() else _NON_ASCII_RE.search(line.text)
        if first is None:
            continue
        sample = line.text[first.start() : first.start() + SAMPLE_CHARACTERS]
        for following in itertools.islice(lines, index + 1, None):
            if len(sample) >= SAMPLE_CHARACTERS:
                break
            sample += "\n" + following.text[: SAMPLE_CHARACTERS - len(sample) - 1]
        if ends_with_break and len(sample) < SAMPLE_CHARACTERS:
            sample += "\n"
        return sample[:SAMPLE_CHARACTERS]
    return None
