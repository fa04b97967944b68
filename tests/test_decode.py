"""Decoding bytes built in the test: decision order, damage, binary refusal, bounded detection."""

from __future__ import annotations

import codecs
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from govclean import CleanConfig, clean_bytes
from govclean.cli import cli
from govclean.decoding import decode as decode_module
from govclean.decoding.decode import (
    BINARY_SIGNATURES,
    SAMPLE_SLICE,
    DecodeError,
    _bounded_sample,
    decode_bytes,
)

from . import hypothesis_profiles  # noqa: F401  (registers and loads the profile)

SIMPLIFIED = (
    "国务院办公厅关于进一步加强政务公开工作的通知\n"
    "各省、自治区、直辖市人民政府，国务院各部委、各直属机构：\n"
    "为深入贯彻落实党中央、国务院决策部署，推动政务公开工作向纵深发展，现就有关事项通知如下。\n"
)
TRADITIONAL = "這是繁體中文的文章，臺灣的法規與公文都用這種字體書寫。\n行政院會議通過本條例修正草案。\n"


def test_ascii_is_utf8() -> None:
    """Pure ASCII decodes as UTF-8 by the strict UTF-8 step, at full confidence."""
    decoded = decode_bytes(b"plain text\n")
    assert decoded.text == "plain text\n"
    assert (decoded.encoding.name, decoded.encoding.method) == ("utf-8", "utf-8")


def test_utf8_path_never_imports_chardet() -> None:
    """Cleaning UTF-8 input must not pay for importing chardet."""
    code = (
        "import sys, govclean; govclean.clean_bytes('标题\\n正文内容'.encode()); "
        "print('chardet' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize(
    ("codec", "bom", "name"),
    [
        ("utf-8", codecs.BOM_UTF8, "utf-8"),
        ("utf-16-le", codecs.BOM_UTF16_LE, "utf-16-le"),
        ("utf-16-be", codecs.BOM_UTF16_BE, "utf-16-be"),
        ("utf-32-le", codecs.BOM_UTF32_LE, "utf-32-le"),
        ("utf-32-be", codecs.BOM_UTF32_BE, "utf-32-be"),
    ],
)
def test_bom_decides_and_is_removed(codec: str, bom: bytes, name: str) -> None:
    """A BOM names the encoding and does not reach the text."""
    decoded = decode_bytes(bom + SIMPLIFIED.encode(codec))
    assert (decoded.text, decoded.encoding.name, decoded.encoding.method) == (SIMPLIFIED, name, "bom")


@pytest.mark.parametrize("codec", ["gb2312", "gbk", "gb18030"])
def test_gb_family_decodes_as_gb18030(codec: str) -> None:
    """GB2312 and GBK bytes are decoded as their superset GB18030."""
    decoded = decode_bytes(SIMPLIFIED.encode(codec))
    assert decoded.text == SIMPLIFIED
    assert (decoded.encoding.name, decoded.encoding.method) == ("gb18030", "detected")


def test_gbk_only_characters_in_gb2312_labelled_text() -> None:
    """Characters outside GB2312 (镕, 堃) still decode: the superset is used."""
    text = "朱镕基与王堃出席会议。" * 3
    assert decode_bytes(text.encode("gbk")).text == text


def test_big5_is_not_read_as_gb18030_garbage() -> None:
    """Big5 bytes that also decode as GB18030 (這是繁體 → 硂琌羉砰) are read as Big5."""
    data = "這是繁體".encode("big5")
    assert data.decode("gb18030") == "硂琌羉砰"
    decoded = decode_bytes(data)
    assert (decoded.text, decoded.encoding.name) == ("這是繁體", "big5hkscs")


def test_big5_document() -> None:
    """A traditional document in Big5 decodes back exactly."""
    assert decode_bytes(TRADITIONAL.encode("big5")).text == TRADITIONAL


def test_only_the_best_reading_keeps_its_text() -> None:
    """Big5 bytes decode as GB18030 too: only the better reading keeps its text, to be chosen."""
    data = TRADITIONAL.encode("big5")
    readings = decode_module._strict_readings(data, decode_module.CHINESE_CANDIDATES)
    texts = {r.family: r.text for r in readings}
    assert texts == {"gb18030": None, "big5hkscs": TRADITIONAL, "utf-16-be": None}


def test_cp950_when_big5_hkscs_fails() -> None:
    """Microsoft's Big5 (the euro sign at A3E1) falls back from Big5-HKSCS to cp950."""
    text = TRADITIONAL + "價格：100€\n"
    decoded = decode_bytes(text.encode("cp950"))
    assert (decoded.text, decoded.encoding.name) == (text, "cp950")


def test_big5_override_falls_back_to_cp950() -> None:
    """--encoding big5 reads Microsoft's Big5 too, strictly, instead of losing the euro sign."""
    text = TRADITIONAL + "價格：100€\n"
    decoded = decode_bytes(text.encode("cp950"), encoding="big5", strict=True)
    assert (decoded.text, decoded.encoding.name, decoded.encoding.method) == (text, "cp950", "override")


@pytest.mark.parametrize("name", ["utf-16-le", "UTF-16LE", "utf_16_le"])
def test_utf16_override_accepts_nul_bytes(name: str) -> None:
    """Any spelling of a UTF-16 codec given to --encoding reads NUL-bearing bytes as text."""
    decoded = decode_bytes("Report 2024\n".encode("utf-16-le"), encoding=name)
    assert decoded.text == "Report 2024\n"


def test_utf16_without_bom() -> None:
    """UTF-16LE without a BOM (NUL bytes where ASCII is) decodes instead of being refused."""
    text = "Report 2024\n" + SIMPLIFIED
    decoded = decode_bytes(text.encode("utf-16-le"))
    assert (decoded.text, decoded.encoding.name) == (text, "utf-16-le")


def test_decisive_plausibility_does_not_ask_chardet(monkeypatch: pytest.MonkeyPatch) -> None:
    """When one reading clearly reads best, chardet is never consulted."""

    def refuse(data: bytes) -> str:
        raise AssertionError("chardet consulted")

    monkeypatch.setattr(decode_module, "_chardet_hint", refuse)
    assert decode_bytes(SIMPLIFIED.encode("gbk")).encoding.name == "gb18030"
    assert decode_bytes(TRADITIONAL.encode("big5")).encoding.name == "big5hkscs"


@pytest.mark.parametrize("hint", ["gb18030", "big5hkscs"])
def test_chardet_breaks_a_tie(monkeypatch: pytest.MonkeyPatch, hint: str) -> None:
    """When two readings read equally well (GBK – is Big5 每), chardet's answer decides."""
    data = "Jia – Kou – Li – Zhao – Jung".encode("gbk")
    assert data.decode("big5hkscs") == "Jia 每 Kou 每 Li 每 Zhao 每 Jung"
    monkeypatch.setattr(decode_module, "_chardet_hint", lambda data: hint)
    assert decode_bytes(data).encoding.name == hint


def test_chardet_hint_is_a_chinese_codec() -> None:
    """chardet, restricted to Chinese-relevant encodings, answers with a codec we decode with."""
    assert decode_module._chardet_hint(SIMPLIFIED.encode("gbk")) == "gb18030"


def test_detection_sample_is_bounded() -> None:
    """Detection reads head, middle and tail of a large file, never all of it."""
    data = SIMPLIFIED.encode("gbk") * 20000
    sample = _bounded_sample(data)
    assert len(sample) <= 3 * SAMPLE_SLICE + 2
    assert sample.decode("gb18030")  # cut at line breaks: still strictly decodable


def test_override_wins_and_names_the_superset() -> None:
    """--encoding overrides detection; a GB name decodes as GB18030."""
    decoded = decode_bytes(SIMPLIFIED.encode("gbk"), encoding="gb2312")
    assert decoded.text == SIMPLIFIED
    assert (decoded.encoding.name, decoded.encoding.method) == ("gb18030", "override")


@pytest.mark.parametrize("name", ["euc-tw", "no-such-codec"])
def test_unknown_codec_names_the_option(name: str) -> None:
    """A codec Python lacks (EUC-TW among them) fails with a message naming --encoding."""
    with pytest.raises(DecodeError, match="--encoding"):
        decode_bytes(b"abc", encoding=name)


def _damaged_utf8() -> bytes:
    data = (SIMPLIFIED * 10).encode()
    middle = len(data) // 2
    return data[:middle] + b"\xff\xfe" + data[middle + 1 :]


def test_damaged_utf8_stays_utf8_with_counted_replacements() -> None:
    """A few bad bytes among many valid characters: UTF-8 with U+FFFD, counted and warned."""
    decoded = decode_bytes(_damaged_utf8())
    assert decoded.encoding.name == "utf-8"
    assert decoded.encoding.replacements == decoded.text.count("\ufffd") >= 1
    assert decoded.encoding.damage_ratio > 0
    assert any("undecodable" in warning for warning in decoded.warnings)
    assert SIMPLIFIED.splitlines()[0] in decoded.text


def test_strict_fails_on_undecodable_bytes() -> None:
    """--strict turns lost bytes into a failure instead of U+FFFD."""
    with pytest.raises(DecodeError, match="strict"):
        decode_bytes(_damaged_utf8(), strict=True)


def test_undecodable_gbk_bytes_are_counted() -> None:
    """GBK text with a broken byte pair: the rest decodes, the loss is counted and warned."""
    data = SIMPLIFIED.encode("gbk") * 3 + b"\x81\x20" + SIMPLIFIED.encode("gbk")
    decoded = decode_bytes(data)
    assert decoded.encoding.name == "gb18030"
    assert decoded.encoding.replacements >= 1
    assert decoded.warnings
    assert decoded.text.count(SIMPLIFIED) == 4


def test_mostly_replacement_characters_is_flagged_not_fixed() -> None:
    """A file already mostly U+FFFD keeps its text and gets a warning with the damage ratio."""
    text = "第一章\n" + "\ufffd\ufffd说\ufffd\ufffd\ufffd\n" * 50
    decoded = decode_bytes(text.encode())
    assert decoded.text == text
    assert decoded.encoding.damage_ratio > 0.5
    assert any("mostly damaged" in warning and "%" in warning for warning in decoded.warnings)


@pytest.mark.parametrize(("signature", "what"), BINARY_SIGNATURES)
def test_binary_signatures_are_refused(signature: bytes, what: str) -> None:
    """Known binary formats are refused with a message saying which."""
    with pytest.raises(DecodeError, match="binary input"):
        decode_bytes(signature + b"rest of the file \x00\x01\x02")


def test_nul_bytes_are_refused() -> None:
    """NUL bytes that are not UTF-16/32 mean binary input."""
    with pytest.raises(DecodeError, match="NUL"):
        decode_bytes(b"\x00\x00\x01\x02binary\x00\xff\xfe\x00" * 10)


def test_nul_bytes_are_refused_even_with_an_override() -> None:
    """--encoding gbk does not make a binary file text."""
    with pytest.raises(DecodeError, match="NUL"):
        decode_bytes(b"abc\x00\x00\x00def", encoding="gbk")


def test_implausible_reading_is_flagged() -> None:
    """Bytes whose best reading is not Chinese-looking text get a warning naming --encoding."""
    decoded = decode_bytes(bytes(range(0x81, 0xFF)) * 4 + b"\n")
    assert decoded.encoding.confidence < 0.5
    assert any("reads poorly" in warning and "--encoding" in warning for warning in decoded.warnings)


def test_implausible_euc_shaped_bytes_are_refused_as_euc_tw() -> None:
    """EUC-shaped bytes that read as garbage GB2312 are EUC-TW, which Python cannot decode."""
    # Every byte pair in the EUC range, but spread evenly over the code table as EUC-TW text is.
    data = bytes(b for lead in range(0xC4, 0xF8, 3) for b in (lead, 0xA1 + lead % 90))
    with pytest.raises(DecodeError, match=r"EUC-TW.*--encoding"):
        decode_bytes(data * 3)


def test_clean_bytes_reports_encoding() -> None:
    """clean_bytes carries the decoder's encoding record into the result."""
    result = clean_bytes(SIMPLIFIED.encode("gbk"), CleanConfig())
    assert result.encoding.as_dict()["name"] == "gb18030"
    assert set(result.encoding.as_dict()) >= {"name", "method", "confidence", "replacements", "damage_ratio"}


def test_cli_strict_exits_123_and_warns_otherwise(tmp_path: Path) -> None:
    """The command line warns about lost bytes on stderr, and --strict fails the file (exit 123)."""
    source = tmp_path / "damaged.txt"
    source.write_bytes(_damaged_utf8())
    runner = CliRunner()
    lenient = runner.invoke(cli, [str(source)])
    strict = runner.invoke(cli, ["--strict", str(source)])
    assert lenient.exit_code == 0
    assert "U+FFFD" in lenient.stderr
    assert strict.exit_code == 123
    assert "damaged.txt" in strict.stderr


@given(st.binary(max_size=400))
def test_arbitrary_bytes_decode_or_are_refused(data: bytes) -> None:
    """Any bytes either decode to text with its damage counted, or raise DecodeError."""
    try:
        decoded = decode_bytes(data)
    except DecodeError as exc:
        assert str(exc)
    else:
        assert decoded.encoding.replacements == decoded.text.count("\ufffd")


@given(
    st.text(alphabet=st.characters(codec="gb18030"), min_size=1, max_size=200),
    st.sampled_from(["utf-8", "gb18030", "utf-16", "big5", "no-such-codec", "rot13"]),
)
def test_any_override_decodes_or_is_refused(text: str, encoding: str) -> None:
    """--encoding with any name never crashes: it decodes, or fails with a message naming --encoding."""
    try:
        decode_bytes(text.encode("utf-8"), encoding=encoding)
    except DecodeError as exc:
        assert "--encoding" in str(exc) or "binary" in str(exc)
