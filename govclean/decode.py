"""Bytes to text: BOM, strict UTF-8, then detection among Chinese encodings (SPEC §2).

chardet is imported only when a file is neither BOM-marked nor valid UTF-8, so the common path
of a one-liner never pays for it.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from govclean.model import EncodingInfo

BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
#: What a detected name is decoded as: the superset the site most likely really used.
SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "big5": "big5hkscs", "cp936": "gb18030"}
CHINESE_CANDIDATES = ("gb18030", "big5hkscs", "cp950", "utf-16-le", "utf-16-be")
SAMPLE_BYTES = 16384


class DecodeError(ValueError):
    """The bytes cannot be turned into text; the message says why and what to try."""


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: EncodingInfo
    warnings: tuple[str, ...] = ()


def _finish(data: bytes, name: str, method: str, confidence: float, strict: bool) -> Decoded:
    try:
        text = data.decode(name)
        return Decoded(text, EncodingInfo(name, method, confidence))
    except UnicodeDecodeError as exc:
        if strict:
            raise DecodeError(f"undecodable bytes as {name} at offset {exc.start}") from exc
    except LookupError as exc:
        raise DecodeError(f"unknown encoding {name!r}: pass a codec Python knows to --encoding") from exc
    text = data.decode(name, errors="replace")
    bad = text.count("\ufffd") - data.decode(name, errors="ignore").count("\ufffd")
    ratio = round(bad / max(len(text), 1), 4)
    info = EncodingInfo(name, method, confidence, replacements=bad, damage_ratio=ratio)
    return Decoded(text, info, (f"{bad} undecodable byte sequences replaced with U+FFFD",))


def decode_bytes(data: bytes, encoding: str | None = None, strict: bool = False) -> Decoded:
    """Decode raw bytes; undecodable bytes are counted and warned about, never dropped."""
    utf16 = data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or (
        encoding is not None and encoding.lower().startswith(("utf-16", "utf-32"))
    )
    if b"\x00" in data[:SAMPLE_BYTES] and not utf16:
        raise DecodeError("binary input (NUL bytes): not a text file")
    if encoding:
        return _finish(data, encoding, "override", 1.0, strict)
    for bom, name in BOMS:
        if data.startswith(bom):
            return _finish(data[len(bom):], name, "bom", 1.0, strict)
    try:
        return Decoded(data.decode("utf-8"), EncodingInfo("utf-8", "utf-8", 1.0))
    except UnicodeDecodeError:
        pass
    name, confidence = _detect(data)
    return _finish(data, name, "detected", confidence, strict)


def _detect(data: bytes) -> tuple[str, float]:
    import chardet

    result = chardet.detect(data[:SAMPLE_BYTES])
    name = (result.get("encoding") or "gb18030").lower()
    return SUPERSETS.get(name, name), float(result.get("confidence") or 0.0)
