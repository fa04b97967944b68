"""The cleaning pipeline: ordered, named, pure steps over a :class:`~govclean.model.Document`.

Every step takes a document and the config and returns a new document with its changes
recorded; the report, ``--explain`` and ``--diff`` are views of those records.
"""

from __future__ import annotations

from collections.abc import Callable

from govclean.chars import repair_characters
from govclean.classify import classify_lines
from govclean.config import CleanConfig
from govclean.model import Change, CleanResult, Document, EncodingInfo, Line
from govclean.normalize import normalize_text, split_lines
from govclean.pinyin import strip_pinyin_annotations

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
    raw_lines, changes = split_lines(text)
    lines = tuple(
        Line(n, raw, "blank" if not raw.strip() else "body") for n, raw in enumerate(raw_lines, 1)
    )
    return Document(lines, encoding=encoding or EncodingInfo(), changes=tuple(changes))


def assemble(doc: Document) -> tuple[str, tuple[str, ...]]:
    """Build the clean text and the appended items from the lines' roles (SPEC §3)."""
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
    parts = ([title] if title else []) + ([""] if title and body else []) + body
    text = "\n".join(parts) + "\n" if parts else ""
    appended = tuple(
        ln.stripped for ln in doc.lines if ln.role == "appended" and not ln.drop
    )
    return text, appended


def run(text: str, config: CleanConfig, encoding: EncodingInfo | None = None,
        warnings: tuple[str, ...] = (), *, decode_changes: tuple[Change, ...] = ()) -> CleanResult:
    """Run the enabled steps over decoded text; ``decode_changes`` were made while decoding."""
    doc = start_document(text, encoding)
    doc = doc.evolve(warnings=warnings, changes=decode_changes + doc.changes)
    for name, step in STEPS:
        if getattr(config, name):
            doc = step(doc, config)
    clean, appended = assemble(doc)
    return CleanResult(
        text=clean, appended=appended, metadata=doc.metadata, changes=doc.changes,
        encoding=doc.encoding, script=doc.script, lines=doc.lines, warnings=doc.warnings,
        source_text=text,
    )
