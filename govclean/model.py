"""The document model: lines with roles, change records, and the result of a clean.

A convention of the package: small immutable values that are defined on every start (a decoded
text, a plausibility judgement, a file's counts) are named tuples (:data:`govclean.record.Record`,
``typing.NamedTuple`` to the type checker), not frozen dataclasses. They are as immutable and
compare by value alike, but a dataclass's generated methods cost some 0.5 ms each to define,
which every run of the command would pay. The public
values here, which should not be tuples, are :class:`~govclean.frozen.Frozen` classes for the same
reason: a copy with some fields changed is ``value.replace(field=...)``. Objects that are not
plain values are plain classes with ``__slots__`` and a typed ``__init__`` (attributes never
reassigned marked ``Final``): those compared and hashed by identity (the character tables, a cache
key), those that compute attributes when made (the rule set) and running totals changed in place
(a run's summary). No class defined on every start is a dataclass.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from govclean.frozen import Frozen

if TYPE_CHECKING:
    from typing import TypedDict

Role = Literal["title", "meta", "chrome", "body", "appended", "blank"]
#: How the input's text was obtained: strict UTF-8, after a BOM, with ``--encoding``, by
#: detection, with mojibake undone, or line by line from parts in two encodings.
EncodingMethod = Literal["utf-8", "bom", "override", "detected", "repaired", "mixed"]
ScriptVerdict = Literal["simplified", "traditional", "mixed", "unknown"]
#: ``--script``: ``auto`` follows each document's verdict; ``off`` repairs nothing.
ScriptMode = Literal["auto", "simplified", "traditional", "off"]
#: Roles whose lines stay in the clean text.
KEPT_ROLES: frozenset[str] = frozenset({"title", "body"})


class Change(Frozen):
    """One recorded change: which step did what to which line, and by which rule.

    ``line`` is 1-based in the decoded text (0 for whole-document changes such as a BOM);
    ``column`` is 1-based inside that line where the change is a character repair.
    """

    __slots__ = ("after", "before", "column", "line", "note", "role", "rule", "step")
    step: str
    rule: str
    line: int
    before: str
    after: str
    column: int | None
    role: Role | None
    note: str | None

    def __init__(
        self,
        step: str,
        rule: str,
        line: int,
        before: str,
        after: str,
        column: int | None = None,
        role: Role | None = None,
        note: str | None = None,
    ) -> None:
        # Each line a step takes out of the text is recorded: the slots' own setters, as in Line.
        _set_step(self, step)
        _set_rule(self, rule)
        _set_line(self, line)
        _set_before(self, before)
        _set_after(self, after)
        _set_column(self, column)
        _set_role(self, role)
        _set_note(self, note)

    def as_dict(self) -> dict[str, Any]:
        return {
            k: v
            for k, v in (
                ("step", self.step),
                ("rule", self.rule),
                ("line", self.line),
                ("column", self.column),
                ("role", self.role),
                ("before", self.before),
                ("after", self.after),
                ("note", self.note),
            )
            if v is not None
        }


_set_step, _set_rule, _set_line, _set_before, _set_after, _set_column, _set_role, _set_note = Change._setters


class Line(Frozen):
    """One line of the decoded, normalized text and the role a step gave it."""

    __slots__ = ("drop", "number", "role", "rule", "text")
    number: int
    text: str
    role: Role
    rule: str | None
    #: True for appended-block lines that are not items (placeholders, type labels, markers).
    drop: bool

    def __init__(
        self, number: int, text: str, role: Role = "body", rule: str | None = None, drop: bool = False
    ) -> None:
        # A document holds a Line for each of its lines, and steps make new ones: calling each
        # slot's setter by its own name costs half of what the loop of Frozen._fill does.
        _set_number(self, number)
        _set_text(self, text)
        _set_line_role(self, role)
        _set_line_rule(self, rule)
        _set_drop(self, drop)

    @property
    def stripped(self) -> str:
        return self.text.strip()


_set_number, _set_text, _set_line_role, _set_line_rule, _set_drop = Line._setters


# The report's records are for the type checker only: a TypedDict made at run time has typing
# compile each of its annotations, on every start.
if TYPE_CHECKING:

    class EncodingRecord(TypedDict):
        """:class:`EncodingInfo` as the report writes it."""

        name: str
        method: EncodingMethod
        confidence: float
        replacements: int
        damage_ratio: float
        mojibake: str | None

    class ScriptRecord(TypedDict):
        """:class:`ScriptInfo` as the report writes it."""

        verdict: ScriptVerdict
        traditional_ratio: float
        simplified_ratio: float
        script_specific: int
        traditional: int
        simplified: int
        kana: int
        decided_by: ScriptMode


class EncodingInfo(Frozen):
    """How the input's text was obtained: the codec, the way it was found and the damage seen."""

    __slots__ = ("confidence", "damage_ratio", "method", "mojibake", "name", "replacements")
    name: str
    method: EncodingMethod
    confidence: float
    #: U+FFFD characters in the decoded text: bytes lost in decoding or damage already in the file.
    replacements: int
    #: ``replacements`` as a share of all characters.
    damage_ratio: float
    #: The wrong reading that was undone when ``method`` is ``repaired`` (a mojibake rule id).
    mojibake: str | None

    def __init__(
        self,
        name: str = "utf-8",
        method: EncodingMethod = "utf-8",
        confidence: float = 1.0,
        replacements: int = 0,
        damage_ratio: float = 0.0,
        mojibake: str | None = None,
    ) -> None:
        self._fill(name, method, confidence, replacements, damage_ratio, mojibake)

    def as_dict(self) -> EncodingRecord:
        return {
            "name": self.name,
            "method": self.method,
            "confidence": self.confidence,
            "replacements": self.replacements,
            "damage_ratio": self.damage_ratio,
            "mojibake": self.mojibake,
        }


class ScriptInfo(Frozen):
    """The script of a document's kept lines and the evidence for it.

    ``traditional`` and ``simplified`` count characters found only in that script;
    ``traditional_ratio`` is the first's share of both (``script_specific``). ``decided_by`` is
    ``auto`` or the ``--script`` mode that overrode the verdict for repairs.
    """

    __slots__ = (
        "decided_by",
        "kana",
        "script_specific",
        "simplified",
        "traditional",
        "traditional_ratio",
        "verdict",
    )
    verdict: ScriptVerdict
    traditional_ratio: float
    script_specific: int
    traditional: int
    simplified: int
    kana: int
    decided_by: ScriptMode

    def __init__(
        self,
        verdict: ScriptVerdict = "unknown",
        traditional_ratio: float = 0.0,
        script_specific: int = 0,
        traditional: int = 0,
        simplified: int = 0,
        kana: int = 0,
        decided_by: ScriptMode = "auto",
    ) -> None:
        self._fill(verdict, traditional_ratio, script_specific, traditional, simplified, kana, decided_by)

    @property
    def simplified_ratio(self) -> float:
        return round(1 - self.traditional_ratio, 4) if self.script_specific else 0.0

    def as_dict(self) -> ScriptRecord:
        return {
            "verdict": self.verdict,
            "traditional_ratio": self.traditional_ratio,
            "simplified_ratio": self.simplified_ratio,
            "script_specific": self.script_specific,
            "traditional": self.traditional,
            "simplified": self.simplified,
            "kana": self.kana,
            "decided_by": self.decided_by,
        }


#: The defaults of a document not yet decoded (immutable, so every such document shares them).
_UTF8 = EncodingInfo()
_UNKNOWN_SCRIPT = ScriptInfo()


class Document(Frozen):
    """What the pipeline steps pass along; every step returns a new one."""

    __slots__ = (
        "appended",
        "changes",
        "encoding",
        "lines",
        "metadata",
        "raw",
        "script",
        "source_lines",
        "strict_utf8",
        "text_lines",
        "verbatim",
        "warnings",
    )
    lines: tuple[Line, ...]
    encoding: EncodingInfo
    script: ScriptInfo
    changes: tuple[Change, ...]
    metadata: dict[str, str]
    warnings: tuple[str, ...]
    #: The input until the ``decode`` step turns it into lines: bytes, or text given as text.
    raw: bytes | str | None
    #: The decoded text split at LF (a final LF leaves an empty last piece), before any step
    #: changed it: what ``--diff`` shows as the original, and what tells whether the clean changed it.
    source_lines: tuple[str, ...]
    #: The input is exactly the text (or its UTF-8): otherwise the output differs from the input
    #: even where the text does not (a re-encoded file, a BOM).
    verbatim: bool
    #: The text was given as text or decoded from valid UTF-8: the readings whose mojibake
    #: ``fix_mojibake`` undoes (a legacy codec's or a forced codec's text is taken as it is).
    strict_utf8: bool
    #: Set by ``assemble``: the clean text's lines and the separated appended items.
    text_lines: tuple[str, ...]
    appended: tuple[str, ...]

    def __init__(
        self,
        lines: tuple[Line, ...] = (),
        encoding: EncodingInfo = _UTF8,
        script: ScriptInfo = _UNKNOWN_SCRIPT,
        changes: tuple[Change, ...] = (),
        metadata: dict[str, str] | None = None,
        warnings: tuple[str, ...] = (),
        raw: bytes | str | None = None,
        source_lines: tuple[str, ...] = (),
        verbatim: bool = True,
        strict_utf8: bool = True,
        text_lines: tuple[str, ...] = (),
        appended: tuple[str, ...] = (),
    ) -> None:
        # No metadata: a new dict of its own, as each document's is.
        self._fill(
            lines,
            encoding,
            script,
            changes,
            {} if metadata is None else metadata,
            warnings,
            raw,
            source_lines,
            verbatim,
            strict_utf8,
            text_lines,
            appended,
        )

    @property
    def text(self) -> str:
        """The lines joined, with the final line break the input had."""
        text = "\n".join(line.text for line in self.lines)
        return text + "\n" if len(self.source_lines) > len(self.lines) else text

    def evolve(self, **kwargs: Any) -> Document:
        """A copy with the fields named changed, as :meth:`replace` makes it. Each step makes a
        few documents of every input: the copy's slots are filled here, without replace's dict of
        every field handed to ``__init__`` by name."""
        values = list(_document_values(self))
        for name, value in kwargs.items():
            index = _DOCUMENT_FIELD_INDEX.get(name)
            if index is None or (value is None and name == "metadata"):
                # A field unknown (refused by __init__) or no metadata (a dict of its own).
                return self.replace(**kwargs)
            values[index] = value
        doc = _new_object(Document)
        for setter, value in zip(_document_setters, values, strict=True):
            setter(doc, value)
        return doc

    def with_changes(self, changes: list[Change], **kwargs: Any) -> Document:
        return self.evolve(changes=self.changes + tuple(changes), **kwargs)


_document_values = Document._values
_document_setters = Document._setters
_DOCUMENT_FIELD_INDEX = {name: index for index, name in enumerate(Document._fields)}
_new_object = object.__new__


class CleanResult(Frozen):
    """What :func:`govclean.clean_text` and :func:`govclean.clean_bytes` return."""

    __slots__ = (
        "appended",
        "changed",
        "changes",
        "encoding",
        "lines",
        "metadata",
        "script",
        "source_lines",
        "text_lines",
        "warnings",
    )
    #: The clean text's lines; :attr:`text` joins them (a large text is written line by line).
    text_lines: tuple[str, ...]
    appended: tuple[str, ...]
    metadata: dict[str, str]
    changes: tuple[Change, ...]
    encoding: EncodingInfo
    script: ScriptInfo
    lines: tuple[Line, ...]
    warnings: tuple[str, ...]
    #: The clean text differs from the input: from the text given to :func:`govclean.clean_text`,
    #: or from the bytes given to :func:`govclean.clean_bytes` (a re-encoded file is cleaned).
    changed: bool
    #: The decoded input split at LF, before any step changed it (:attr:`Document.source_lines`).
    source_lines: tuple[str, ...]

    def __init__(
        self,
        text_lines: tuple[str, ...],
        appended: tuple[str, ...],
        metadata: dict[str, str],
        changes: tuple[Change, ...],
        encoding: EncodingInfo,
        script: ScriptInfo,
        lines: tuple[Line, ...],
        warnings: tuple[str, ...],
        changed: bool,
        source_lines: tuple[str, ...] = (),
    ) -> None:
        self._fill(
            text_lines, appended, metadata, changes, encoding, script, lines, warnings, changed, source_lines
        )

    @property
    def source_text(self) -> str:
        """The decoded input as every step found it: what ``--diff`` compares the clean text with."""
        return "\n".join(self.source_lines)

    @property
    def text(self) -> str:
        """The clean text: its lines, each ending with a line break."""
        return "\n".join(self.text_lines) + "\n" if self.text_lines else ""

    @property
    def removed(self) -> tuple[Line, ...]:
        return tuple(ln for ln in self.lines if ln.role not in KEPT_ROLES and ln.role != "blank")

    @property
    def fixes(self) -> tuple[Change, ...]:
        return tuple(c for c in self.changes if c.step == "repair_characters")
