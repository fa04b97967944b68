"""Bytes to text: override, BOM, strict UTF-8, then detection among Chinese encodings (SPEC §2).

Candidates that decode strictly are judged by how much the text reads as Chinese
(:mod:`govclean.decoding.plausibility`), never by a detector's confidence. chardet is imported only when
that judgement cannot decide (short or mostly-ASCII input, or nothing decodes strictly), and it
reads a bounded sample, so a UTF-8 file never pays for it. Bytes that cannot be decoded become
U+FFFD, are counted and warned about; binary input is refused.
"""

from __future__ import annotations

import codecs
import contextlib
import re
from collections.abc import Iterator
from itertools import count

from govclean.config import CleanConfig
from govclean.decoding.plausibility import Plausibility, plausibility
from govclean.model import Change, Document, EncodingInfo, EncodingMethod, Line, Role
from govclean.record import Record

BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
#: Leading bytes of formats that are not text, and what to call them in the message.
BINARY_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (DOCX, XLSX, EPUB …)"),
    (b"\x89PNG", "a PNG image"),
    (b"GIF8", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"\xd0\xcf\x11\xe0", "an OLE2 compound file (DOC, XLS, PPT)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"\x7fELF", "an ELF executable"),
    (b"BZh91AY&SY", "a bzip2 archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"\x28\xb5\x2f\xfd", "a Zstandard archive"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"RIFF", "a RIFF file (WAV, AVI, WebP)"),
    (b"OggS", "an Ogg audio or video file"),
    (b"ID3", "an MP3 file"),
    (b"fLaC", "a FLAC audio file"),
    (b"\x00asm", "a WebAssembly module"),
    (b"\xca\xfe\xba\xbe", "a Java class or Mach-O file"),
)
#: The codec a legacy name is decoded with: the superset sites really used under that label.
SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "cp936": "gb18030", "big5": "big5hkscs"}
#: Candidate families for bytes that are not UTF-8, in order of preference when the judgement
#: ties; the first codec of a family that decodes strictly is its reading. UTF-16 without a BOM
#: and without ASCII has no NUL bytes, so it competes here too.
CHINESE_CANDIDATES: tuple[tuple[str, ...], ...] = (
    ("gb18030",),
    ("big5hkscs", "cp950"),
    ("utf-16-le",),
    ("utf-16-be",),
)
#: Candidates for bytes with NULs but no BOM: UTF-16 or UTF-32 of mostly-ASCII text.
WIDE_CANDIDATES: tuple[tuple[str, ...], ...] = (
    ("utf-16-le",),
    ("utf-16-be",),
    ("utf-32-le",),
    ("utf-32-be",),
)
#: What chardet may answer: the encodings a Chinese site's file can really be in.
DETECTOR_ENCODINGS = ("gb18030", "big5hkscs", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")
#: chardet and the damaged-UTF-8 rule read at most this many bytes from the head, the middle and
#: the tail each.
SAMPLE_SLICE = 4096
#: Plausibility is scored on at most this many characters from the head, middle and tail each.
SCORE_SLICE = 2000
#: The share of NUL bytes above which bytes are UTF-16/32 or binary, not text with stray NULs.
STRAY_NULS = 0.02
#: The share of control bytes (NULs included) above which bytes with NULs that are not UTF-8
#: are binary.
BINARY_CONTROLS = 0.05
#: Control bytes that text does not hold: all but tab, LF, VT, FF, CR and ESC.
_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x1B), *range(0x1C, 0x20), 0x7F])
STEP = "decode"
#: Counted characters needed before a low score is taken as a sign of the wrong encoding.
MIN_DOUBT_EVIDENCE = 30
#: By how much the best reading must beat the runner-up to be chosen without asking chardet.
DECISIVE_MARGIN = 0.2
#: Below this score the chosen reading is flagged as doubtful (or refused as EUC-TW).
IMPLAUSIBLE = 0.65
#: Damaged UTF-8: undecodable sequences are rare among valid multibyte characters.
UTF8_VALID_PER_BAD = 50
#: A text with at least this share of replacement characters is called mostly damaged.
MOSTLY_DAMAGED = 0.5
#: UTF-8 is decoded in windows of about this many bytes, each ending at a line break: a window's
#: string is as wide as its own widest character (one emoji does not widen the whole document to
#: four bytes a character), and the decoder's working copy stays small.
DECODE_WINDOW = 1 << 20

#: EUC-TW: ASCII, two-byte plane-1 characters, and four-byte characters of the other planes
#: (compiled by ``re`` where a text is about to be refused, not on every start).
_EUC_TW = rb"(?:[\x00-\x7f]|[\xa1-\xfe][\xa1-\xfe]|\x8e[\xa1-\xb0][\xa1-\xfe][\xa1-\xfe])*"


class DecodeError(ValueError):
    """The bytes cannot be turned into text; the message says why and what to try."""


class Decoded(Record):
    """The decoded text, how it was decoded, and what the user must hear about it."""

    #: The text in consecutive pieces; every piece but the last ends with a line break.
    chunks: tuple[str, ...]
    encoding: EncodingInfo
    warnings: tuple[str, ...] = ()
    #: Changes made while decoding, for the document's change record.
    changes: tuple[Change, ...] = ()
    #: The input bytes are exactly the UTF-8 of the text: an unchanged text needs no rewrite.
    verbatim: bool = False
    #: The bytes are valid UTF-8 (after a BOM, if any): the reading whose mojibake can be undone.
    strict_utf8: bool = False

    @property
    def text(self) -> str:
        return "".join(self.chunks)


class _Reading(Record):
    """A codec that decodes the bytes strictly, and how Chinese the result reads.

    Only the best reading so far keeps its decoded text: the chosen reading is then mostly not
    decoded twice, and a large file is held in memory at most twice, never once per candidate.
    """

    #: The family's first codec, as chardet's answers are named (``big5hkscs`` for cp950 too).
    family: str
    codec: str
    judged: Plausibility
    text: str | None = None


def decode_bytes(data: bytes, encoding: str | None = None, strict: bool = False) -> Decoded:
    """Decode raw bytes; undecodable bytes are counted and warned about, never dropped."""
    decoded = _decode(data, encoding, strict)
    decoded = decoded._replace(warnings=decoded.warnings + _nul_warnings(decoded.chunks))
    if decoded.verbatim or decoded.encoding.method == "bom":
        return decoded
    # A legacy or forced codec's text can still be the file's UTF-8 (ASCII text, --encoding utf-8).
    return decoded._replace(verbatim=_is_utf8_of(data, decoded.chunks))


def _is_utf8_of(data: bytes, chunks: tuple[str, ...]) -> bool:
    try:
        return data.decode("utf-8") == "".join(chunks)
    except UnicodeDecodeError:
        return False


def _decode(data: bytes, encoding: str | None, strict: bool) -> Decoded:
    _refuse_signatures(data)
    nuls = data.count(b"\x00")
    if encoding:
        codec = _override_codec(encoding)
        if nuls and not codec.startswith(("utf-16", "utf-32")):
            _refuse_binary(data, nuls, f"not {encoding} text")
        return _decode_as(data, _family(codec), "override", strict)
    for bom, name in BOMS:
        if data.startswith(bom):
            return _decode_bom_marked(data, bom, name, strict)
    if nuls:
        # UTF-16 of CJK and ASCII text can be valid UTF-8 too: the NUL bytes decide first, unless
        # they are a few strays in text whose wide reading makes no sense.
        readings = _strict_readings(data, WIDE_CANDIDATES, reject_nul=True)
        if readings and (nuls > STRAY_NULS * len(data) or _reads_well(_ranked(readings)[0])):
            return _choose(data, readings, strict)
        _refuse_binary(data, nuls, "not a text file")
    try:
        decoded = _utf8_text(tuple(_utf8_windows(data)), "utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return decoded
    mixed = _decode_mixed(data)
    if mixed is not None:
        return mixed
    if _is_damaged_utf8(data):
        return _decode_as(data, ("utf-8",), "utf-8", strict)
    return _choose(data, _strict_readings(data, CHINESE_CANDIDATES), strict)


def _refuse_binary(data: bytes, nuls: int, what: str) -> None:
    """Refuse bytes with NULs that the evidence calls binary: many NULs, or bytes that are not
    UTF-8 and hold many control bytes.

    Text damaged by a few stray NULs passes: they are decoded as U+0000, warned about, and
    removed by ``normalize_text`` like any other control character, each removal recorded.
    """
    share = nuls / len(data)
    if share > STRAY_NULS:
        raise DecodeError(f"binary input ({share:.0%} NUL bytes), {what}")
    # Spam pages spell hidden text in control bytes: UTF-8 that loses few characters is text
    # whatever it holds (random bytes read as UTF-8 lose about two in five).
    text = data.decode("utf-8", errors="replace")
    if text.count("\ufffd") - data.count("\ufffd".encode()) <= BINARY_CONTROLS * len(text):
        return
    controls = len(data) - len(data.translate(None, _CONTROL_BYTES))
    if controls > BINARY_CONTROLS * len(data):
        raise DecodeError(f"binary input (NUL bytes and {controls / len(data):.0%} control bytes), {what}")


def _reads_well(reading: _Reading) -> bool:
    return reading.judged.evidence >= MIN_DOUBT_EVIDENCE and reading.judged.score >= IMPLAUSIBLE


def _nul_warnings(chunks: tuple[str, ...]) -> tuple[str, ...]:
    nuls = sum(chunk.count("\x00") for chunk in chunks)
    if not nuls:
        return ()
    return (
        f"{nuls} stray NUL characters in the text: normalize_text removes them with the other "
        "control characters, each line's removal recorded",
    )


def _decode_mixed(data: bytes) -> Decoded | None:
    """Lines of valid UTF-8 among lines of a legacy encoding (files pasted together): each line is
    read in its own encoding, and the regions are recorded. None unless both parts read as
    Chinese, so that damaged UTF-8 (its bad lines read as GB18030 are mojibake) is not taken."""
    pieces = data.split(b"\n")
    is_utf8: list[bool | None] = []
    for piece in pieces:
        try:
            piece.decode("utf-8")
        except UnicodeDecodeError:
            is_utf8.append(False)
        else:
            is_utf8.append(None if piece.isascii() else True)
    utf8 = b"\n".join(piece for piece, kind in zip(pieces, is_utf8, strict=True) if kind)
    if not utf8 or not _reads_well(_Reading("utf-8", "utf-8", plausibility(_scored_sample(utf8.decode())))):
        return None
    legacy = b"\n".join(piece for piece, kind in zip(pieces, is_utf8, strict=True) if kind is False)
    readings = _ranked(_strict_readings(legacy, CHINESE_CANDIDATES[:2]))
    if not readings or not _reads_well(readings[0]):
        return None
    codec = readings[0].codec
    lines = [
        piece.decode("utf-8" if kind is not False else codec)
        for piece, kind in zip(pieces, is_utf8, strict=True)
    ]
    regions: list[tuple[str, int, int]] = []
    # The empty piece after a final line break is no line.
    for number, kind in enumerate(is_utf8[:-1] if not pieces[-1] else is_utf8, 1):
        name = regions[-1][0] if kind is None and regions else "utf-8" if kind is not False else codec
        if regions and regions[-1][0] == name:
            regions[-1] = (name, regions[-1][1], number)
        else:
            regions.append((name, number, number))
    where = "; ".join(
        f"lines {first}–{last} {name}" if first < last else f"line {first} {name}"
        for name, first, last in regions
    )
    change = Change(STEP, "decode.mixed_encodings", 0, f"utf-8 and {codec}", "utf-8", note=where)
    info = EncodingInfo(f"utf-8+{codec}", "mixed", round(readings[0].judged.score, 3))
    notes = (f"mixed encodings: lines of UTF-8 and of {codec}, each read in its own ({where})",)
    return _with_damage(("\n".join(lines),), info, changes=(change,), notes=notes)


def _utf8_windows(data: bytes, start: int = 0) -> Iterator[str]:
    """Strict UTF-8 decoding of ``data[start:]`` in windows ending at line breaks (0x0A is never
    inside a multibyte character, so a cut there changes nothing)."""
    view = memoryview(data)
    while start < len(data):
        cut = data.find(b"\n", start + DECODE_WINDOW)
        end = len(data) if cut < 0 else cut + 1
        yield str(view[start:end], "utf-8")
        start = end


def _refuse_signatures(data: bytes) -> None:
    for signature, what in BINARY_SIGNATURES:
        if data.startswith(signature):
            raise DecodeError(f"binary input ({what}), not a text file")


def _check_text_codec(name: str) -> None:
    """Raise LookupError for codecs that are not text encodings (rot13, base64, zlib ...)."""
    # A text codec that cannot read one lone byte (UTF-16) is still a text codec.
    with contextlib.suppress(UnicodeDecodeError):
        b"a".decode(name)


def _override_codec(encoding: str) -> str:
    try:
        name = codecs.lookup(encoding).name
        _check_text_codec(name)
    except LookupError as exc:
        raise DecodeError(
            f"unknown text encoding {encoding!r}: Python has no codec for it; convert the file first "
            "(for example with iconv) or pass a codec Python knows to --encoding"
        ) from exc
    return SUPERSETS.get(name, name)


def _family(codec: str) -> tuple[str, ...]:
    """The codecs tried in turn for a name: Big5-HKSCS falls back to cp950."""
    return next((family for family in CHINESE_CANDIDATES if family[0] == codec), (codec,))


def _decode_as(data: bytes, family: tuple[str, ...], method: EncodingMethod, strict: bool) -> Decoded:
    """Decode with the first codec of ``family`` that decodes strictly; otherwise undecodable bytes
    become U+FFFD under the first codec, or fail the file when strict."""
    failures = []
    for codec in family:
        try:
            return _with_damage((data.decode(codec),), EncodingInfo(codec, method, 1.0))
        except UnicodeDecodeError as exc:
            failures.append(exc)
    if strict:
        raise DecodeError(
            f"undecodable bytes as {family[0]} at offset {failures[0].start} (--strict); "
            "pass the right codec to --encoding"
        ) from failures[0]
    text = data.decode(family[0], errors="replace")
    return _with_damage(
        (text,),
        EncodingInfo(family[0], method, 1.0),
        introduced=text.count("\ufffd") - _count_encoded_fffd(data, family[0]),
    )


def _count_encoded_fffd(data: bytes, codec: str) -> int:
    """U+FFFD characters the file itself spells out (they are damage too, but not ours)."""
    return data.decode(codec, errors="ignore").count("\ufffd")


def _with_damage(
    chunks: tuple[str, ...],
    info: EncodingInfo,
    introduced: int = 0,
    changes: tuple[Change, ...] = (),
    notes: tuple[str, ...] = (),
    verbatim: bool = False,
) -> Decoded:
    """Count replacement characters and say so: ours are lost bytes, the file's are old damage."""
    replacements = sum(chunk.count("\ufffd") for chunk in chunks)
    if not replacements:
        return Decoded(chunks, info, notes, changes, verbatim)
    ratio = round(replacements / sum(map(len, chunks)), 4)
    info = info.replace(replacements=replacements, damage_ratio=ratio)
    warnings = []
    if introduced:
        warnings.append(
            f"{introduced} undecodable byte sequences replaced with U+FFFD as {info.name} "
            f"({ratio:.1%} of the characters)"
        )
    if replacements > introduced:
        warnings.append(old_damage_warning(replacements - introduced, ratio))
    return Decoded(chunks, info, (*warnings, *notes), changes, verbatim)


def old_damage_warning(replacements: int, ratio: float) -> str:
    """The warning about U+FFFD characters the input already held, ``ratio`` of its characters."""
    damaged = "mostly damaged" if ratio >= MOSTLY_DAMAGED else "damaged"
    return (
        f"{damaged} text: {replacements} U+FFFD replacement characters already in the file "
        f"({ratio:.1%} of the characters); their bytes are lost and cannot be restored"
    )


def _decode_bom_marked(data: bytes, bom: bytes, codec: str, strict: bool) -> Decoded:
    """After a BOM: UTF-8 that decodes is looked at for mojibake too (editors add the BOM)."""
    if codec == "utf-8":
        try:
            return _utf8_text(tuple(_utf8_windows(data, len(bom))), "bom")
        except UnicodeDecodeError:
            pass
    return _decode_as(data[len(bom) :], (codec,), "bom", strict)


def _utf8_text(chunks: tuple[str, ...], method: EncodingMethod) -> Decoded:
    """Valid UTF-8, the common case: only old damage is looked for."""
    # Unless a BOM came first, the bytes are the text's very UTF-8.
    decoded = _with_damage(chunks, EncodingInfo("utf-8", method, 1.0), verbatim=method == "utf-8")
    return decoded._replace(strict_utf8=True)


def decode(doc: Document, config: CleanConfig) -> Document:
    """Bytes to text in their encoding, split at line feeds; text given as text is only split."""
    raw = doc.raw
    # The document handed over was the only other holder of the input: the bytes are freed as
    # soon as they are decoded, before the text is split.
    doc = doc.evolve(raw=None)
    if raw is None:
        return doc
    if isinstance(raw, str):
        decoded = _with_damage((raw,), doc.encoding, notes=_nul_warnings((raw,)), verbatim=True)
        decoded = decoded._replace(strict_utf8=True)
    else:
        decoded = decode_bytes(raw, config.encoding, config.strict)
    del raw
    pieces = _pieces(decoded.chunks)
    # The whole text is freed once it is split, before the lines are made of its pieces.
    decoded = decoded._replace(chunks=())
    texts = pieces[:-1] if len(pieces) > 1 and not pieces[-1] else pieces
    # A white line is blank: isspace() says so without the copy strip() makes.
    roles: list[Role] = ["blank" if not text or text.isspace() else "body" for text in texts]
    return doc.evolve(
        lines=tuple(map(Line, count(1), texts, roles)),
        source_lines=tuple(pieces),
        encoding=decoded.encoding,
        warnings=doc.warnings + decoded.warnings,
        changes=doc.changes + decoded.changes,
        verbatim=decoded.verbatim,
        strict_utf8=decoded.strict_utf8,
    )


def _pieces(chunks: tuple[str, ...]) -> list[str]:
    """The text split at LF; its pieces each end with one, but the last (the text is not joined)."""
    pieces: list[str] = []
    last = len(chunks) - 1
    for index, chunk in enumerate(chunks):
        pieces += chunk.split("\n")
        if index < last:
            pieces.pop()  # the empty piece after the break that ends the chunk
    return pieces or [""]


def _is_damaged_utf8(data: bytes) -> bool:
    """A few bad sequences among many valid multibyte characters: UTF-8 with damage, not GBK.

    Judged on the bounded sample: a large GBK file shows itself in any part of it.
    """
    sample = _bounded_sample(data)
    text = sample.decode("utf-8", errors="replace")
    # The file's own U+FFFD are its EF BF BD sequences (EF is never inside another character):
    # counting them in the bytes spares a second decoding.
    bad = text.count("\ufffd") - sample.count("\ufffd".encode())
    # The ASCII codec drops the other characters in C; a regex would make a string of each.
    non_ascii = len(text) - len(text.encode("ascii", errors="ignore"))
    valid = non_ascii - text.count("\ufffd")
    return valid >= UTF8_VALID_PER_BAD * bad


def _scored_sample(text: str) -> str:
    if len(text) <= 3 * SCORE_SLICE:
        return text
    middle = len(text) // 2
    return text[:SCORE_SLICE] + text[middle : middle + SCORE_SLICE] + text[-SCORE_SLICE:]


def _strict_readings(
    data: bytes, families: tuple[tuple[str, ...], ...], reject_nul: bool = False
) -> list[_Reading]:
    """One reading per family: its first codec that decodes the bytes strictly (and, with
    ``reject_nul``, without U+0000: binary data read as UTF-16 is full of them)."""
    readings: list[_Reading] = []
    for family in families:
        for codec in family:
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                continue
            if not (reject_nul and "\x00" in text):
                judged = plausibility(_scored_sample(text))
                # The text goes to a new best only: of equal scores, the first ranks first.
                if all(judged.score > reading.judged.score for reading in readings):
                    readings = [reading._replace(text=None) for reading in readings]
                    readings.append(_Reading(family[0], codec, judged, text))
                else:
                    readings.append(_Reading(family[0], codec, judged))
            break
    return readings


def _ranked(readings: list[_Reading]) -> list[_Reading]:
    return sorted(readings, key=lambda r: r.judged.score, reverse=True)


def _is_decisive(ranked: list[_Reading]) -> bool:
    if len(ranked) == 1:
        return ranked[0].judged.evidence > 0
    return ranked[0].judged.score - ranked[1].judged.score >= DECISIVE_MARGIN


def _choose(data: bytes, readings: list[_Reading], strict: bool) -> Decoded:
    """The most plausible strict reading; chardet breaks ties, and is asked only then."""
    ranked = _ranked(readings)
    if not ranked or not _is_decisive(ranked):
        hint = _chardet_hint(data)
        if hint and hint not in {r.family for r in ranked}:
            ranked = _ranked(ranked + _strict_readings(data, ((hint,),)))
        ranked.sort(key=lambda r: r.family != hint)
    if not ranked:
        return _decode_best_effort(data, strict)
    best = ranked[0]
    notes: tuple[str, ...] = ()
    if best.judged.evidence >= MIN_DOUBT_EVIDENCE and best.judged.score < IMPLAUSIBLE:
        _refuse_euc_tw(data)
        notes = (
            f"decoded as {best.codec}, but the text reads poorly as Chinese (plausibility "
            f"{best.judged.score:.2f}): the encoding may be wrong; pass the right codec to --encoding",
        )
    # The reported confidence is the plausibility score: how Chinese the chosen reading reads.
    info = EncodingInfo(best.codec, "detected", round(best.judged.score, 3))
    text = best.text if best.text is not None else data.decode(best.codec)
    return _with_damage((text,), info, notes=notes)


def _decode_best_effort(data: bytes, strict: bool) -> Decoded:
    """Nothing decodes strictly: take the reading that loses least and reads best, and say so."""
    _refuse_euc_tw(data)
    if strict:
        raise DecodeError(
            "no candidate encoding decodes these bytes without loss (--strict); "
            "pass the right codec to --encoding"
        )
    scores = {
        family[0]: plausibility(_scored_sample(data.decode(family[0], errors="replace"))).score
        for family in (("utf-8",), *CHINESE_CANDIDATES)
    }
    codec = max(scores, key=scores.__getitem__)
    text = data.decode(codec, errors="replace")
    info = EncodingInfo(codec, "detected", round(scores[codec], 3))
    return _with_damage((text,), info, introduced=text.count("\ufffd") - _count_encoded_fffd(data, codec))


def _refuse_euc_tw(data: bytes) -> None:
    """EUC-TW (CNS 11643) has no Python codec; its bytes read as garbage GB18030 or fail.

    Called only once no reading is plausible: bytes of that shape then are EUC-TW, not GB2312.
    """
    if re.fullmatch(_EUC_TW, data):
        raise DecodeError(
            "the bytes look like EUC-TW (CNS 11643) or another EUC encoding Python cannot "
            "decode: convert the file first (iconv -f EUC-TW -t UTF-8) or pass a codec to "
            "--encoding"
        )


def _bounded_sample(data: bytes) -> bytes:
    """Head, middle and tail; the later slices start after a line break, so that no multibyte
    character of UTF-8 or a legacy encoding is cut (0x0A is never part of one)."""
    if len(data) <= 3 * SAMPLE_SLICE:
        return data
    middle = len(data) // 2
    parts = [data[:SAMPLE_SLICE]]
    for start in (middle, len(data) - SAMPLE_SLICE):
        chunk = data[start : start + SAMPLE_SLICE]
        after_break = chunk.partition(b"\n")[2]
        parts.append(after_break.rpartition(b"\n")[0] or after_break)
    return b"\n".join(parts)


def _chardet_hint(data: bytes) -> str | None:
    """chardet's answer among Chinese-relevant encodings, mapped to the codec we decode with."""
    import chardet  # only here: importing it costs more than decoding most files

    sample = _bounded_sample(data)
    result = chardet.detect(
        sample,
        max_bytes=max(len(sample), 1),
        prefer_superset=True,
        include_encodings=DETECTOR_ENCODINGS,
        no_match_encoding="gb18030",
        compat_names=False,
    )
    name = result.get("encoding")
    if not name:
        return None
    name = codecs.lookup(name).name
    return SUPERSETS.get(name, name)
