"""Character normalization: the text every later step sees.

Line endings become LF and a BOM goes (recorded once for the document); each line is put in NFC
(which folds CJK compatibility ideographs), Kangxi radicals become the unified ideographs they
stand for, and zero-width and control characters are removed. Full-width punctuation is kept as
the source has it: NFKC is deliberately not used, since it would turn ，：（） into ASCII.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import cache
from typing import NamedTuple

from govclean.config import CleanConfig
from govclean.model import Change, Document, Line, joined_groups

STEP = "normalize_text"

# Zero-width characters, the word joiner, bidi marks and stray BOMs; C0 controls except tab; DEL
# and C1 controls. They are invisible in a browser and only break search and comparison.
_INVISIBLE = "\u200b-\u200f\u2060-\u2064\ufeff\u202a-\u202e\x00-\x08\x0b-\x1f\x7f-\x9f"
_KANGXI = "\u2f00-\u2fd5"
#: Any character the line rules would change: one scan of the whole text finds a clean document.
_SUSPECT_RE = re.compile(f"[{_INVISIBLE}{_KANGXI}]")


@cache
def _line_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The invisible and the Kangxi characters, compiled on first use: most documents are found
    clean by :data:`_SUSPECT_RE` and never need them."""
    return re.compile(f"[{_INVISIBLE}]"), re.compile(f"[{_KANGXI}]")


def _fold_kangxi(match: re.Match[str]) -> str:
    return unicodedata.normalize("NFKC", match.group())


# A NamedTuple, not a frozen dataclass: every start defines it, and a dataclass's generated
# methods cost some 0.5 ms; it is as immutable and compares by value alike.
class Split(NamedTuple):
    """A text's lines, the document-wide changes made to get them, and what was taken away."""

    lines: list[str]
    changes: list[Change]
    bom: bool
    carriage_returns: bool
    final_newline: bool

    def same_text(self, pieces: list[str]) -> bool:
        """Whether ``"\\n".join(pieces)`` is the split text, compared line by line."""
        if self.carriage_returns:
            return False  # lines never hold a CR: the text had one
        source = [*self.lines, ""] if self.final_newline else self.lines
        if self.bom:
            source = ["\ufeff" + source[0], *source[1:]]
        return pieces == source


def split_lines(chunks: Sequence[str]) -> Split:
    """Split decoded text into lines, removing a BOM and unifying line endings.

    The text comes in pieces that end with a line break (but the last), so it is never joined.
    """
    chunks = chunks or ("",)
    changes: list[Change] = []
    bom = chunks[0].startswith("\ufeff")
    if bom:
        changes.append(Change(STEP, "normalize.bom", 0, "\ufeff", ""))
    crlf = lone_cr = 0
    lines: list[str] = []
    for index, chunk in enumerate(chunks):
        if index == 0 and bom:
            chunk = chunk[1:]
        chunk_crlf = chunk.count("\r\n")
        chunk_lone_cr = chunk.count("\r") - chunk_crlf
        if chunk_crlf or chunk_lone_cr:
            chunk = chunk.replace("\r\n", "\n").replace("\r", "\n")
            crlf += chunk_crlf
            lone_cr += chunk_lone_cr
        lines += chunk.split("\n")
        if index < len(chunks) - 1:
            lines.pop()  # the empty piece after the break that ends the chunk
    final_newline = len(lines) > 1 and not lines[-1]
    if final_newline:
        lines.pop()
    if crlf or lone_cr:
        changes.append(Change(STEP, "normalize.line_endings", 0, "\\r\\n" if crlf else "\\r", "\\n",
                              note=f"{crlf + lone_cr} line endings"))
    return Split(lines, changes, bom, bool(crlf or lone_cr), final_newline)


def normalize_line(text: str) -> tuple[str, list[str]]:
    """Return the normalized line and the rule ids that changed it."""
    invisible, kangxi = _line_patterns()
    if text.isascii():
        cleaned = invisible.sub("", text)
        return cleaned, (["normalize.invisible"] if cleaned != text else [])
    rules: list[str] = []
    cleaned = invisible.sub("", text)
    if cleaned != text:
        rules.append("normalize.invisible")
    if not unicodedata.is_normalized("NFC", cleaned):
        cleaned = unicodedata.normalize("NFC", cleaned)
        rules.append("normalize.nfc")
    folded = kangxi.sub(_fold_kangxi, cleaned)
    if folded != cleaned:
        rules.append("normalize.kangxi")
    return folded, rules


def normalized(text: str) -> str:
    """The line as :func:`normalize_line` makes it, looked at once when it needs nothing."""
    return text if _needs_nothing(text) else normalize_line(text)[0]


def _needs_nothing(text: str) -> bool:
    return _SUSPECT_RE.search(text) is None and unicodedata.is_normalized("NFC", text)


def normalize_text(doc: Document, config: CleanConfig) -> Document:
    """Normalize every line; a line left empty or white becomes ``blank``."""
    # Most documents need nothing: two scans in C spare a per-line pass in Python. They run over
    # groups of lines (a line break composes with nothing, so each group is in NFC exactly when
    # the whole text is).
    if all(_needs_nothing(text) for _, text in joined_groups([line.text for line in doc.lines])):
        return doc
    changes: list[Change] = []
    lines: list[Line] = []
    for line in doc.lines:
        cleaned, rules = normalize_line(line.text)
        if rules:
            changes.append(Change(STEP, "+".join(rules), line.number, line.text, cleaned))
            line = Line(line.number, cleaned, "blank" if not cleaned.strip() else line.role)
        lines.append(line)
    return doc.with_changes(changes, lines=tuple(lines))
