"""Stray-character repair: traditional or variant characters left inside simplified text.

Only characters that are not valid simplified Chinese and have exactly one simplified form are
replaced; a document whose script is traditional is left alone. The tables come from the OpenCC
dictionaries shipped by opencc-python-reimplemented, read as files (its import name ``opencc`` is
shared with other distributions, so the module is never imported).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import metadata

from govclean.config import CleanConfig
from govclean.model import Change, Document, Line, ScriptInfo

STEP = "repair_characters"
OPENCC_DISTRIBUTION = "opencc-python-reimplemented"
#: Fewer script-specific characters than this and the script is ``unknown``.
MIN_SCRIPT_EVIDENCE = 10
SIMPLIFIED_MAX_RATIO = 0.35
TRADITIONAL_MIN_RATIO = 0.85


class TablesMissingError(RuntimeError):
    """The OpenCC dictionary files could not be found."""


@dataclass(frozen=True, slots=True)
class CharTables:
    #: Traditional-only character → its single simplified form.
    single: dict[str, str]
    #: Characters that exist only in traditional text (the verdict's evidence).
    traditional_only: frozenset[str]
    #: Characters that exist only in simplified text.
    simplified_only: frozenset[str]
    candidates: re.Pattern[str]
    version: str


def _read_pairs(name: str) -> dict[str, list[str]]:
    try:
        dist = metadata.distribution(OPENCC_DISTRIBUTION)
    except metadata.PackageNotFoundError as exc:
        raise TablesMissingError(f"{OPENCC_DISTRIBUTION} is not installed") from exc
    path = dist.locate_file(f"opencc/dictionary/{name}")
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise TablesMissingError(f"cannot read {name} of {OPENCC_DISTRIBUTION}: {exc}") from exc
    pairs: dict[str, list[str]] = {}
    for row in text.splitlines():
        key, _, targets = row.partition("\t")
        if key and targets:
            pairs[key] = targets.split()
    return pairs


@cache
def load_tables() -> CharTables:
    ts = _read_pairs("TSCharacters.txt")
    st = _read_pairs("STCharacters.txt")
    traditional_only = frozenset(k for k, v in ts.items() if len(k) == 1 and k not in v)
    simplified_only = frozenset(k for k, v in st.items() if len(k) == 1 and k not in v)
    single = {k: ts[k][0] for k in traditional_only if len(ts[k]) == 1}
    pattern = re.compile("[" + "".join(sorted(single)) + "]")
    version = f"{OPENCC_DISTRIBUTION} {metadata.version(OPENCC_DISTRIBUTION)}"
    return CharTables(single, traditional_only, simplified_only, pattern, version)


def script_verdict(text: str, tables: CharTables) -> ScriptInfo:
    traditional = sum(1 for ch in text if ch in tables.traditional_only)
    simplified = sum(1 for ch in text if ch in tables.simplified_only)
    evidence = traditional + simplified
    ratio = traditional / evidence if evidence else 0.0
    if evidence < MIN_SCRIPT_EVIDENCE:
        verdict = "unknown"
    elif ratio <= SIMPLIFIED_MAX_RATIO:
        verdict = "simplified"
    elif ratio >= TRADITIONAL_MIN_RATIO:
        verdict = "traditional"
    else:
        verdict = "mixed"
    return ScriptInfo(verdict, round(ratio, 4), evidence)


def _should_repair(info: ScriptInfo, mode: str) -> bool:
    if mode == "off" or mode == "traditional":
        return False
    if mode == "simplified":
        return True
    return info.verdict == "simplified" or (info.verdict == "unknown" and info.traditional_ratio < 0.5)


def repair_characters(doc: Document, config: CleanConfig) -> Document:
    """Replace stray traditional characters in the kept lines of a simplified document."""
    tables = load_tables()
    kept = [ln for ln in doc.lines if ln.role in ("title", "body")]
    info = script_verdict("".join(ln.text for ln in kept), tables)
    if not _should_repair(info, config.script):
        return doc.evolve(script=info)
    changes: list[Change] = []
    out: list[Line] = []
    for line in doc.lines:
        if line.role not in ("title", "body") or not tables.candidates.search(line.text):
            out.append(line)
            continue
        chars = list(line.text)
        for match in tables.candidates.finditer(line.text):
            before = match.group()
            chars[match.start()] = tables.single[before]
            changes.append(Change(STEP, "chars.single_form", line.number, before,
                                  tables.single[before], column=match.start() + 1))
        out.append(Line(line.number, "".join(chars), line.role, line.rule, line.drop))
    return doc.with_changes(changes, lines=tuple(out), script=info)
