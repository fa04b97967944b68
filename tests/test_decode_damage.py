"""Damaged and pasted-together text files: stray NUL bytes and mixed encodings are text, binary is
refused only on evidence (a magic number, a high share of NULs, control bytes that are no UTF-8)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from click.testing import CliRunner

from govclean import CleanConfig, DecodeError, clean_bytes
from govclean.cli import cli
from govclean.decoding.decode import decode_bytes

from .test_decode import SIMPLIFIED, TRADITIONAL

#: A document long enough that a NUL can sit before and after the first 8 KiB.
LONG = (SIMPLIFIED * 60).encode("utf-8")


@pytest.mark.parametrize("at", [0, 100, 8191, 8192, len(LONG) - 1])
def test_a_stray_nul_is_removed_wherever_it_is(at: int) -> None:
    """One NUL is removed from the text at any position, recorded on its line and warned about."""
    while at < len(LONG) and LONG[at] & 0xC0 == 0x80:  # not inside a character
        at += 1
    damaged = LONG[:at] + b"\x00" + LONG[at:]
    result = clean_bytes(damaged)
    assert "\x00" not in result.text
    assert result.text == clean_bytes(LONG).text
    line = damaged[:at].count(b"\n") + 1
    [removal] = [c for c in result.changes if "\x00" in c.before]
    assert (removal.step, removal.rule, removal.line) == ("normalize_text", "normalize.invisible", line)
    assert any("1 stray NUL" in warning for warning in result.warnings)


def test_stray_nuls_with_an_encoding_given(tmp_path: Path) -> None:
    """--encoding gbk reads a GBK file with stray NULs as text too, and the run warns (exit 0)."""
    path = tmp_path / "gbk.txt"
    path.write_bytes(b"\x00" + (SIMPLIFIED * 3).encode("gbk") + b"\x00")
    result = CliRunner().invoke(cli, [str(path), "--encoding", "gbk"])
    assert result.exit_code == 0, result.stderr
    assert "\x00" not in result.stdout and "国务院办公厅" in result.stdout
    assert "stray NUL" in result.stderr


def test_text_given_as_text_warns_about_nuls_like_bytes() -> None:
    """clean_text and clean_bytes share the decode step: the same warning for the same text."""
    from govclean import clean_text

    text = SIMPLIFIED.replace("，", "，\x00")
    assert clean_text(text).warnings == clean_bytes(text.encode("utf-8")).warnings != ()


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"\x00\x00\x01\x02binary\x00\xff\xfe\x00" * 10, "NUL bytes"),
        (b"\x00" + random.Random(7).randbytes(4096), "control bytes"),
        (b"\x00" * 20 + SIMPLIFIED.encode("utf-8"), "NUL bytes"),
    ],
)
def test_binary_is_refused_on_evidence(data: bytes, reason: str) -> None:
    """Many NULs, or NULs among control bytes that are no UTF-8, are binary: refused, saying why."""
    with pytest.raises(DecodeError, match=f"binary input .*{reason}"):
        decode_bytes(data)


def test_control_bytes_in_utf8_text_do_not_make_it_binary() -> None:
    """Spam pages hide text in control bytes: UTF-8 with them and a NUL is still text."""
    text = "".join(ch + "\x05\x07\x08" for ch in SIMPLIFIED)
    result = clean_bytes(text.encode("utf-8") + b"\x00")
    assert "国务院办公厅" in result.text and "\x00" not in result.text


@pytest.mark.parametrize("utf8_first", [True, False])
def test_utf8_and_gb18030_lines_are_read_region_by_region(utf8_first: bool) -> None:
    """A file pasted together from UTF-8 and GB18030 parts reads right in both, recorded and warned."""
    utf8, legacy = SIMPLIFIED.encode("utf-8"), (SIMPLIFIED * 2).encode("gb18030")
    data = utf8 + legacy if utf8_first else legacy + utf8
    decoded = decode_bytes(data)
    assert decoded.text == (SIMPLIFIED * 3)
    assert (decoded.encoding.name, decoded.encoding.method) == ("utf-8+gb18030", "mixed")
    [change] = decoded.changes
    assert (change.step, change.rule, change.line) == ("decode", "decode.mixed_encodings", 0)
    regions = "lines 1–3 utf-8; lines 4–9 gb18030" if utf8_first else "lines 1–6 gb18030; lines 7–9 utf-8"
    assert change.note == regions
    assert any("mixed encodings" in warning and regions in warning for warning in decoded.warnings)


def test_utf8_and_big5_lines_are_read_region_by_region() -> None:
    decoded = decode_bytes(SIMPLIFIED.encode("utf-8") + (TRADITIONAL * 3).encode("big5"))
    assert decoded.text == SIMPLIFIED + TRADITIONAL * 3
    assert decoded.encoding.method == "mixed"


def test_damaged_utf8_is_not_taken_for_mixed_encodings() -> None:
    """A few broken bytes in UTF-8: their lines read as GB18030 are mojibake, so it stays damaged UTF-8."""
    data = bytearray((SIMPLIFIED * 20).encode("utf-8"))
    for at in (40, 400, 900):
        data[at] = 0xFF
    decoded = decode_bytes(bytes(data))
    assert (decoded.encoding.name, decoded.encoding.method) == ("utf-8", "utf-8")
    assert decoded.encoding.replacements > 0 and not decoded.changes


def test_mixed_file_through_the_command(tmp_path: Path) -> None:
    """The command cleans a mixed file with both halves readable and says so on stderr."""
    path = tmp_path / "mixed.txt"
    path.write_bytes(SIMPLIFIED.encode("utf-8") + SIMPLIFIED.encode("gb18030"))
    result = CliRunner().invoke(cli, [str(path), "--script", "off"], catch_exceptions=False)
    assert result.exit_code == 0
    assert result.stdout.count("各省、自治区、直辖市人民政府") == 2
    assert "mixed encodings" in result.stderr


def test_strict_mode_is_not_affected_by_stray_nuls() -> None:
    """A stray NUL is no undecodable byte: --strict cleans the file."""
    assert "\x00" not in clean_bytes(LONG + b"\x00", CleanConfig(strict=True)).text
