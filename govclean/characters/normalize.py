"""Character normalization: the text every later step sees.

Line endings become LF and a BOM goes (recorded once for the document); each line is put in NFC
(which folds CJK compatibility ideographs), Kangxi radicals become the unified ideographs they
stand for, and zero-width and control characters are removed. Full-width punctuation is kept as
the source has it: NFKC is deliberately not used, since it would turn ，：（） into ASCII.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from itertools import count

from govclean.config import CleanConfig
from govclean.model import Change, Document, Line, Role
from govclean.patterns import compile_pattern
from govclean.scan import joined_groups

STEP = "normalize_text"

# Zero-width characters, the word joiner, bidi marks and stray BOMs; C0 controls except tab; DEL
# and C1 controls. They are invisible in a browser and only break search and comparison.
_INVISIBLE = "\u200b-\u200f\u2060-\u2064\ufeff\u202a-\u202e\x00-\x08\x0b-\x1f\x7f-\x9f"
_KANGXI = "\u2f00-\u2fd5"
#: Any character the line rules would change: one scan of the whole text finds a clean document.
_SUSPECT_RE = compile_pattern(f"[{_INVISIBLE}{_KANGXI}]")


@cache
def _line_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The invisible and the Kangxi characters, compiled on first use: most documents are found
    clean by :data:`_SUSPECT_RE` and never need them."""
    return compile_pattern(f"[{_INVISIBLE}]"), compile_pattern(f"[{_KANGXI}]")


def _fold_kangxi(match: re.Match[str]) -> str:
    return unicodedata.normalize("NFKC", match.group())


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
    return text if needs_nothing(text) else normalize_line(text)[0]


def needs_nothing(text: str) -> bool:
    """Whether :func:`normalized` leaves ``text`` as it is. Of lines joined by line breaks, which
    compose with nothing, it says whether each of them needs nothing."""
    return _SUSPECT_RE.search(text) is None and unicodedata.is_normalized("NFC", text)


def normalize_text(doc: Document, config: CleanConfig) -> Document:
    """BOM and CR line endings removed, then NFC, Kangxi radicals and invisible characters by line."""
    # Most documents need nothing: two scans in C spare a per-line pass in Python. They run over
    # groups of lines (a line break composes with nothing, so each group is in NFC exactly when
    # the whole text is). A BOM and CR are among the characters they look for.
    if _need_nothing([line.text for line in doc.lines]):
        return doc
    unified = _unify_line_breaks(doc)
    if unified is not doc and _need_nothing([line.text for line in unified.lines]):
        return unified
    doc = unified
    changes: list[Change] = []
    lines: list[Line] = []
    for line in doc.lines:
        cleaned, rules = normalize_line(line.text)
        if rules:
            changes.append(Change(STEP, "+".join(rules), line.number, line.text, cleaned))
            line = Line(line.number, cleaned, "blank" if not cleaned.strip() else line.role)
        lines.append(line)
    return doc.with_changes(changes, lines=tuple(lines))


def _need_nothing(texts: list[str]) -> bool:
    return all(needs_nothing(group) for _, group in joined_groups(texts))


def _unify_line_breaks(doc: Document) -> Document:
    """A leading BOM removed, CR LF and lone CR made line breaks (recorded once for the document).

    The lines come split at LF: a line ending in CR that a LF follows had a CR LF; any other CR
    breaks its line, and the lines are numbered anew.
    """
    texts = [line.text for line in doc.lines]
    changes: list[Change] = []
    if texts and texts[0].startswith("\ufeff"):
        texts[0] = texts[0][1:]
        changes.append(Change(STEP, "normalize.bom", 0, "\ufeff", ""))
    if any("\r" in group for _, group in joined_groups(texts)):
        texts, crlf, lone_cr = _split_at_carriage_returns(texts, len(doc.source_lines) > len(texts))
        changes.append(
            Change(
                STEP,
                "normalize.line_endings",
                0,
                "\\r\\n" if crlf else "\\r",
                "\\n",
                note=f"{crlf + lone_cr} line endings",
            )
        )
    elif not changes:
        return doc
    # A white line is blank: isspace() says so without the copy strip() makes.
    roles: list[Role] = ["blank" if not text or text.isspace() else "body" for text in texts]
    return doc.with_changes(changes, lines=tuple(map(Line, count(1), texts, roles)))


def _split_at_carriage_returns(texts: list[str], ends_with_break: bool) -> tuple[list[str], int, int]:
    """The lines split at every CR, a CR before a LF dropped; and the counts of both kinds."""
    pieces: list[str] = []
    crlf = lone_cr = 0
    last = len(texts) - 1
    for index, text in enumerate(texts):
        if "\r" not in text:
            pieces.append(text)
            continue
        if text.endswith("\r") and (index < last or ends_with_break):
            text = text[:-1]
            crlf += 1
        parts = text.split("\r")
        lone_cr += len(parts) - 1
        pieces += parts
    if not ends_with_break and len(pieces) > 1 and not pieces[-1]:
        pieces.pop()  # a CR that ended the text ended its last line
    return pieces, crlf, lone_cr
