"""The cleaning pipeline: ordered, named, pure steps over a :class:`~govclean.model.Document`.

Every step takes a document and the config and returns a new document with its changes
recorded; the report, ``--explain`` and ``--diff`` are views of those records.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import count

from govclean.characters.normalize import Split, normalize_text, split_lines
from govclean.characters.pinyin import strip_pinyin_annotations
from govclean.characters.repair import repair_characters
from govclean.config import CleanConfig
from govclean.model import Change, CleanResult, Document, EncodingInfo, Line, Role
from govclean.roles.classify import classify_lines

Step = Callable[[Document, CleanConfig], Document]

#: The steps in the order they run; each name is also its ``CleanConfig`` switch.
STEPS: tuple[tuple[str, Step], ...] = (
    ("normalize_text", normalize_text),
    ("strip_pinyin_annotations", strip_pinyin_annotations),
    ("classify_lines", classify_lines),
    ("repair_characters", repair_characters),
)
STEP_NAMES = tuple(name for name, _ in STEPS)


def start_document(text: str, encoding: EncodingInfo | None = None) -> Document:
    """Split decoded text into numbered lines (every line body until a step says otherwise)."""
    return _document(split_lines((text,)), encoding)


def _document(split: Split, encoding: EncodingInfo | None) -> Document:
    # A white line is blank: isspace() says so without the copy strip() makes.
    roles: list[Role] = ["blank" if not raw or raw.isspace() else "body" for raw in split.lines]
    lines = tuple(map(Line, count(1), split.lines, roles))
    return Document(lines, encoding=encoding or EncodingInfo(), changes=tuple(split.changes))


def assemble(doc: Document) -> tuple[str, tuple[str, ...]]:
    """Build the clean text and the appended items from the lines' roles (SPEC §3)."""
    parts, appended = _assembled_lines(doc)
    return "\n".join(parts) + "\n" if parts else "", appended


def _assembled_lines(doc: Document) -> tuple[list[str], tuple[str, ...]]:
    """The clean text's lines and the appended items."""
    title = next((ln.stripped for ln in doc.lines if ln.role == "title"), None)
    body: list[str] = []
    for line in doc.lines:
        if line.role == "body":
            body.append(line.stripped)
        elif line.role == "blank" and body and body[-1]:
            body.append("")
    while body and not body[-1]:
        body.pop()
    # The blank line after the title separates it from a body; a title alone ends the text.
    if title:
        body[:0] = [title, ""] if body else [title]
    appended = tuple(
        ln.stripped for ln in doc.lines if ln.role == "appended" and not ln.drop
    )
    return body, appended


def run(text: str, config: CleanConfig) -> CleanResult:
    """Run the enabled steps over already-decoded text."""
    return run_split(split_lines((text,)), config)


def run_split(split: Split, config: CleanConfig, encoding: EncodingInfo | None = None,
              warnings: tuple[str, ...] = (), *, decode_changes: tuple[Change, ...] = (),
              verbatim: bool = True) -> CleanResult:
    """Run the enabled steps over split text; ``decode_changes`` were made while decoding.

    ``verbatim`` says the input is the text itself (or its exact UTF-8): otherwise the output
    differs from the input even where the text does not.
    """
    doc = _document(split, encoding)
    doc = doc.evolve(warnings=warnings, changes=decode_changes + doc.changes)
    for name, step in STEPS:
        if getattr(config, name):
            doc = step(doc, config)
    parts, appended = _assembled_lines(doc)
    # The clean lines are compared with the input's before they are joined: the text of the
    # input is never held whole.
    changed = not verbatim or not split.same_text([*parts, ""] if parts else [""])
    return CleanResult(
        text_lines=tuple(parts), appended=appended, metadata=doc.metadata, changes=doc.changes,
        encoding=doc.encoding, script=doc.script, lines=doc.lines, warnings=doc.warnings,
        changed=changed,
    )
