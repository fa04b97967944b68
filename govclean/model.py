"""The document model: lines with roles, change records, and the result of a clean.

A convention of the package: small immutable values that are defined on every start (a decoded
text, a plausibility judgement, a file's counts) are ``NamedTuple`` classes, not frozen
dataclasses. They are as immutable and compare by value alike, but a dataclass's generated
methods cost some 0.5 ms each to define, which every run of the command would pay.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Literal, TypedDict

Role = Literal["title", "meta", "chrome", "body", "appended", "blank"]
#: How the input's text was obtained: strict UTF-8, after a BOM, with ``--encoding``, by
#: detection, with mojibake undone, or line by line from parts in two encodings.
EncodingMethod = Literal["utf-8", "bom", "override", "detected", "repaired", "mixed"]
ScriptVerdict = Literal["simplified", "traditional", "mixed", "unknown"]
#: ``--script``: ``auto`` follows each document's verdict; ``off`` repairs nothing.
ScriptMode = Literal["auto", "simplified", "traditional", "off"]
#: Roles whose lines stay in the clean text.
KEPT_ROLES: frozenset[str] = frozenset({"title", "body"})


@dataclass(frozen=True, slots=True)
class Change:
    """One recorded change: which step did what to which line, and by which rule.

    ``line`` is 1-based in the decoded text (0 for whole-document changes such as a BOM);
    ``column`` is 1-based inside that line where the change is a character repair.
    """

    step: str
    rule: str
    line: int
    before: str
    after: str
    column: int | None = None
    role: Role | None = None
    note: str | None = None

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


@dataclass(frozen=True, slots=True, init=False)
class Line:
    """One line of the decoded, normalized text and the role a step gave it."""

    number: int
    text: str
    role: Role = "body"
    rule: str | None = None
    #: True for appended-block lines that are not items (placeholders, type labels, markers).
    drop: bool = False

    def __init__(
        self, number: int, text: str, role: Role = "body", rule: str | None = None, drop: bool = False
    ) -> None:
        # A document holds a Line for each of its lines, and steps make new ones: filling the
        # slots directly costs half of what the frozen dataclass's own __init__ does, which goes
        # through object.__setattr__ by name.
        _set_number(self, number)
        _set_text(self, text)
        _set_role(self, role)
        _set_rule(self, rule)
        _set_drop(self, drop)

    @property
    def stripped(self) -> str:
        return self.text.strip()


_set_number, _set_text, _set_role, _set_rule, _set_drop = (
    vars(Line)[name].__set__ for name in ("number", "text", "role", "rule", "drop")
)


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


@dataclass(frozen=True, slots=True)
class EncodingInfo:
    name: str = "utf-8"
    method: EncodingMethod = "utf-8"
    confidence: float = 1.0
    #: U+FFFD characters in the decoded text: bytes lost in decoding or damage already in the file.
    replacements: int = 0
    #: ``replacements`` as a share of all characters.
    damage_ratio: float = 0.0
    #: The wrong reading that was undone when ``method`` is ``repaired`` (a mojibake rule id).
    mojibake: str | None = None

    def as_dict(self) -> EncodingRecord:
        return {
            "name": self.name,
            "method": self.method,
            "confidence": self.confidence,
            "replacements": self.replacements,
            "damage_ratio": self.damage_ratio,
            "mojibake": self.mojibake,
        }


@dataclass(frozen=True, slots=True)
class ScriptInfo:
    """The script of a document's kept lines and the evidence for it.

    ``traditional`` and ``simplified`` count characters found only in that script;
    ``traditional_ratio`` is the first's share of both (``script_specific``). ``decided_by`` is
    ``auto`` or the ``--script`` mode that overrode the verdict for repairs.
    """

    verdict: ScriptVerdict = "unknown"
    traditional_ratio: float = 0.0
    script_specific: int = 0
    traditional: int = 0
    simplified: int = 0
    kana: int = 0
    decided_by: ScriptMode = "auto"

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


@dataclass(frozen=True, slots=True)
class Document:
    """What the pipeline steps pass along; every step returns a new one."""

    lines: tuple[Line, ...] = ()
    encoding: EncodingInfo = field(default_factory=EncodingInfo)
    script: ScriptInfo = field(default_factory=ScriptInfo)
    changes: tuple[Change, ...] = ()
    metadata: dict[str, str] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    #: The input until the ``decode`` step turns it into lines: bytes, or text given as text.
    raw: bytes | str | None = None
    #: The decoded text split at LF (a final LF leaves an empty last piece), before any step
    #: changed it: what ``--diff`` shows as the original, and what tells whether the clean changed it.
    source_lines: tuple[str, ...] = ()
    #: The input is exactly the text (or its UTF-8): otherwise the output differs from the input
    #: even where the text does not (a re-encoded file, a BOM).
    verbatim: bool = True
    #: The text was given as text or decoded from valid UTF-8: the readings whose mojibake
    #: ``fix_mojibake`` undoes (a legacy codec's or a forced codec's text is taken as it is).
    strict_utf8: bool = True
    #: Set by ``assemble``: the clean text's lines and the separated appended items.
    text_lines: tuple[str, ...] = ()
    appended: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        """The lines joined, with the final line break the input had."""
        text = "\n".join(line.text for line in self.lines)
        return text + "\n" if len(self.source_lines) > len(self.lines) else text

    def evolve(self, **kwargs: Any) -> Document:
        return replace(self, **kwargs)

    def with_changes(self, changes: list[Change], **kwargs: Any) -> Document:
        return replace(self, changes=self.changes + tuple(changes), **kwargs)


@dataclass(frozen=True, slots=True)
class CleanResult:
    """What :func:`govclean.clean_text` and :func:`govclean.clean_bytes` return."""

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
    source_lines: tuple[str, ...] = ()

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
