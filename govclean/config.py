"""Options of a clean, as one immutable value that is cheap to pickle for worker processes."""

from __future__ import annotations

from typing import Any, get_args

from govclean.frozen import Frozen
from govclean.model import ScriptMode

SCRIPT_MODES: tuple[ScriptMode, ...] = get_args(ScriptMode)


class ConfigError(ValueError):
    """An option has an unknown name or a value of the wrong kind."""


class CleanConfig(Frozen):
    """Every option of the pipeline; the defaults are what ``govclean FILE`` does.

    Step switches are named exactly like the steps of :data:`govclean.pipeline.STEPS` (all but
    ``decode`` and ``assemble``, which always run). ``config.replace(strict=True)`` is a copy
    with the options named changed.
    """

    __slots__ = (
        "boilerplate",
        "classify_lines",
        "encoding",
        "fix_mojibake",
        "normalize_text",
        "protect",
        "repair_characters",
        "script",
        "strict",
        "strip_pinyin_annotations",
    )
    #: Undo mojibake (GBK read as Windows-1252 or Latin-1, UTF-8 read as GBK) line by line.
    fix_mojibake: bool
    normalize_text: bool
    #: Remove mirror sites' pinyin annotations 學(xué) before the lines are classified.
    strip_pinyin_annotations: bool
    classify_lines: bool
    repair_characters: bool
    #: Force a codec instead of detecting one (``--encoding``).
    encoding: str | None
    #: Fail a file that has undecodable bytes instead of replacing them with U+FFFD.
    strict: bool
    #: Script of the document: ``auto`` decides per document; ``off`` disables repairs.
    script: ScriptMode
    #: Extra protected words (names, places) whose characters are never repaired.
    protect: tuple[str, ...]
    #: Header and footer lines learned from a batch (:func:`govclean.roles.boilerplate.learn_boilerplate`),
    #: removed from the head and tail of each document as ``batch.boilerplate``.
    boilerplate: tuple[str, ...]

    def __init__(
        self,
        fix_mojibake: bool = True,
        normalize_text: bool = True,
        strip_pinyin_annotations: bool = True,
        classify_lines: bool = True,
        repair_characters: bool = True,
        encoding: str | None = None,
        strict: bool = False,
        script: ScriptMode = "auto",
        protect: tuple[str, ...] = (),
        boilerplate: tuple[str, ...] = (),
    ) -> None:
        if script not in SCRIPT_MODES:
            raise ConfigError(f"script must be one of {', '.join(SCRIPT_MODES)}, not {script!r}")
        self._fill(
            fix_mojibake,
            normalize_text,
            strip_pinyin_annotations,
            classify_lines,
            repair_characters,
            encoding,
            strict,
            script,
            protect,
            boilerplate,
        )

    @classmethod
    def from_mapping(cls, values: dict[str, Any]) -> CleanConfig:
        """Build a config from TOML-style keys (``repair-characters`` or ``repair_characters``)."""
        kwargs: dict[str, Any] = {}
        for key, value in values.items():
            name = key.replace("-", "_")
            if name not in cls._fields:
                raise ConfigError(f"unknown option {key!r}")
            if name in ("protect", "boilerplate"):
                value = tuple(value)
            kwargs[name] = value
        return cls(**kwargs)
