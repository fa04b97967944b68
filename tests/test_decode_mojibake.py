"""Mojibake repair: exact round trips only, every repaired line a recorded change."""

from __future__ import annotations

import codecs

import pytest

from govclean import clean_bytes
from govclean.decoding.decode import decode_bytes
from govclean.decoding.mojibake import kinds, repair_mojibake

NOVEL = (
    "更多精校小说尽在知轩藏书下载\n"
    "作者：上帝不在天堂\n"
    "内容简介：\n"
    "　　这是一个真实又虚幻的世界，在这里虚幻和真实之间没有界限。\n"
    "　　所有的一切都是真实的印刻在你的灵魂里，只是这些印刻依然是虚幻的。\n"
    "　　价格大约是五到七十€左右，一个穿着白大褂的研究员大声叫喊着。\n"
)


def _gbk_read_as(text: str, table: str) -> str:
    """What a tool that read GBK bytes with a single-byte code page wrote back as UTF-8."""
    data = b"\x80".join(part.encode("gbk") for part in text.split("€"))
    if table == "cp1252":
        return "".join(bytes((b,)).decode("cp1252", errors="ignore") or chr(b) for b in data)
    return data.decode("latin-1")


@pytest.mark.parametrize(("table", "rule"), [
    ("cp1252", "mojibake.gbk_as_cp1252"), ("latin-1", "mojibake.gbk_as_latin1"),
])
def test_gbk_read_as_single_byte_code_page_is_repaired(table: str, rule: str) -> None:
    """GBK saved as cp1252/Latin-1 mojibake is restored exactly, Windows euro byte included."""
    decoded = decode_bytes(_gbk_read_as(NOVEL, table).encode("utf-8"))
    assert decoded.text == NOVEL
    assert (decoded.encoding.method, decoded.encoding.mojibake) == ("repaired", rule)
    assert not decoded.warnings


def test_mojibake_behind_a_bom_is_repaired() -> None:
    """Editors save the mojibake with a UTF-8 BOM: it is repaired all the same."""
    decoded = decode_bytes(codecs.BOM_UTF8 + _gbk_read_as(NOVEL, "cp1252").encode("utf-8"))
    assert (decoded.text, decoded.encoding.method) == (NOVEL, "repaired")


def test_each_repaired_line_is_a_change() -> None:
    """Every repaired line is recorded with its number, the mojibake before and the text after."""
    mojibake = _gbk_read_as(NOVEL, "cp1252")
    decoded = decode_bytes(mojibake.encode("utf-8"))
    before, after = mojibake.split("\n"), NOVEL.split("\n")
    changed = [n for n in range(1, len(after) + 1) if before[n - 1] != after[n - 1]]
    assert [c.line for c in decoded.changes] == changed
    for change in decoded.changes:
        assert (change.step, change.rule) == ("decode", "mojibake.gbk_as_cp1252")
        assert (change.before, change.after) == (before[change.line - 1], after[change.line - 1])


def test_utf8_read_as_gbk_is_repaired_where_exact() -> None:
    """UTF-8 read as GBK (鍙樺寲 style) is repaired line by line; lossy lines stay and are reported."""
    lines = NOVEL.rstrip("\n").split("\n")
    mojibake = [line.encode("utf-8").decode("gb18030", errors="replace") for line in lines]
    decoded = decode_bytes("\n".join(mojibake).encode("utf-8"))
    exact = [n for n, m in enumerate(mojibake) if "\ufffd" not in m]
    assert exact, "the fixture needs some lines that read back strictly"
    out = decoded.text.split("\n")
    assert all(out[n] == lines[n] for n in exact)
    assert decoded.encoding.mojibake == "mojibake.utf8_as_gbk"
    lossy = len(lines) - len(exact)
    if lossy:
        assert any(f"{lossy} lines look like" in warning for warning in decoded.warnings)


def test_classic_utf8_as_gbk_example() -> None:
    """The textbook case: 变化 read as GBK is 鍙樺寲, and comes back."""
    assert "变化".encode().decode("gb18030") == "鍙樺寲"
    repair = repair_mojibake("鍙樺寲鍙樺寲鍙樺寲鍙樺寲\n")
    assert repair is not None and repair.text == "变化变化变化变化\n"


@pytest.mark.parametrize("text", [
    "Café, naïve résumé — déjà vu à la carte.\n" * 5,
    "国务院办公厅关于进一步加强政务公开工作的通知。\n" * 5,
    "子曰：学而时习之，不亦说乎？有朋自远方来，不亦乐乎？\n" * 3,
    "Straße Ångström Øresund Ærø ÿ ñ ü ö ä ß é è ê ë\n" * 5,
])
def test_correct_text_is_never_repaired(text: str) -> None:
    """Real Chinese, and Western text with accents, pass through untouched."""
    assert repair_mojibake(text) is None
    decoded = decode_bytes(text.encode("utf-8"))
    assert (decoded.text, decoded.encoding.method, decoded.changes) == (text, "utf-8", ())


def test_every_kind_round_trips_its_own_mistake() -> None:
    """For each kind, redo(undo(x)) == x on a mojibake it made itself."""
    for kind in kinds():
        sample = "政务公开工作通知"
        mistake = kind.redo(sample)
        assert mistake != sample
        assert kind.undo(mistake) == sample


def test_repair_changes_reach_the_clean_result() -> None:
    """clean_bytes passes the decoder's repairs on to the result's change record."""
    result = clean_bytes(_gbk_read_as(NOVEL, "cp1252").encode("utf-8"))
    decode_changes = [c for c in result.changes if c.step == "decode"]
    assert decode_changes and all(c.rule == "mojibake.gbk_as_cp1252" for c in decode_changes)
    assert result.encoding.method == "repaired"
    assert "真实又虚幻的世界" in result.text


def test_a_repaired_file_is_changed_even_where_its_repaired_text_is_clean() -> None:
    """The output differs from the input bytes whenever the decoder repaired them."""
    clean = clean_bytes(NOVEL.encode()).text
    result = clean_bytes(_gbk_read_as(clean, "cp1252").encode())
    assert result.text == clean
    assert result.changed
