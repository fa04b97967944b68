"""The cleaning pipeline: ordered, named, pure steps over a :class:`~govclean.model.Document`.

Every step takes a document and the config and returns a new document with its changes
recorded; the report, ``--explain`` and ``--diff`` are views of those records. The input enters
as bytes or text and leaves as the clean lines: decoding and assembling are steps too.
"""

from __future__ import annotations

from collections.abc import Callable

from govclean.characters.normalize import normalize_text
from govclean.characters.pinyin import strip_pinyin_annotations
from govclean.characters.repair import repair_characters
from govclean.config import CleanConfig
from govclean.decoding.decode import decode
from govclean.decoding.mojibake import fix_mojibake
from govclean.model import CleanResult, Document, EncodingInfo
from govclean.roles.classify import classify_lines

Step = Callable[[Document, CleanConfig], Document]


def assemble(doc: Document, config: CleanConfig) -> Document:
    """The clean text (title, blank line, body) and the appended items, from the lines' roles."""
    title = next((ln.stripped for ln in doc.lines if ln.role == "title"), None)
    body: list[str] = []
    for line in doc.lines:
        if line.role == "body":  # most lines: stripped as Line.stripped does, without its call
            body.append(line.text.strip())
        elif line.role == "blank" and body and body[-1]:
            body.append("")
    while body and not body[-1]:
        body.pop()
    # The blank line after the title separates it from a body; a title alone ends the text.
    if title:
        body[:0] = [title, ""] if body else [title]
    appended = tuple(ln.stripped for ln in doc.lines if ln.role == "appended" and not ln.drop)
    return doc.evolve(text_lines=tuple(body), appended=appended)


#: The steps in the order they run. A step with a ``CleanConfig`` switch of its name can be
#: skipped (``--skip``); the others (:data:`REQUIRED_STEPS`) always run.
STEPS: tuple[tuple[str, Step], ...] = (
    ("decode", decode),
    ("fix_mojibake", fix_mojibake),
    ("normalize_text", normalize_text),
    ("strip_pinyin_annotations", strip_pinyin_annotations),
    ("classify_lines", classify_lines),
    ("repair_characters", repair_characters),
    ("assemble", assemble),
)
STEP_NAMES = tuple(name for name, _ in STEPS)
#: Steps without which there is no text to clean or no result to give.
REQUIRED_STEPS = ("decode", "assemble")
SKIPPABLE_STEPS = tuple(name for name in STEP_NAMES if name not in REQUIRED_STEPS)


def run(source: bytes | str, config: CleanConfig) -> CleanResult:
    """Run the enabled steps over raw bytes or already-decoded text."""
    # The document is handed from step to step in a list, never held by a name here: a step is
    # then its only holder and frees what it replaces (the input's bytes once they are decoded).
    held = [Document(raw=source)]
    del source
    for name, step in STEPS:
        if name in REQUIRED_STEPS or getattr(config, name):
            held.append(step(held.pop(), config))
    doc = held.pop()
    parts = doc.text_lines
    # The clean lines are compared with the input's before they are joined: the text of the
    # input is never held whole.
    changed = not doc.verbatim or [*parts, ""] != list(doc.source_lines)
    return CleanResult(
        text_lines=parts,
        appended=doc.appended,
        metadata=doc.metadata,
        changes=doc.changes,
        encoding=doc.encoding,
        script=doc.script,
        lines=doc.lines,
        warnings=doc.warnings,
        changed=changed,
        source_lines=doc.source_lines,
    )


def decoded(source: bytes | str, config: CleanConfig | None = None) -> Document:
    """The document as ``decode`` and ``fix_mojibake`` leave it: the input read right, its
    lines as yet unchanged otherwise."""
    config = config or CleanConfig()
    doc = decode(Document(raw=source), config)
    return fix_mojibake(doc, config) if config.fix_mojibake else doc


def start_document(text: str, encoding: EncodingInfo | None = None) -> Document:
    """Decoded text as the first step leaves it: numbered lines, every line body until a step says
    otherwise."""
    doc = decode(Document(raw=text), CleanConfig())
    return doc.evolve(encoding=encoding) if encoding else doc
