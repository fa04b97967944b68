"""Mojibake repair: exact round trips only, every repaired line a recorded change."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from govclean import CleanConfig, clean_bytes, clean_text
from govclean.cli import cli
from govclean.decoding.mojibake import kinds, repair_mojibake
from govclean.pipeline import decoded as read_right

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


@pytest.mark.parametrize(
    ("table", "rule"),
    [
        ("cp1252", "mojibake.gbk_as_cp1252"),
        ("latin-1", "mojibake.gbk_as_latin1"),
    ],
)
def test_gbk_read_as_single_byte_code_page_is_repaired(table: str, rule: str) -> None:
    """GBK saved as cp1252/Latin-1 mojibake is restored exactly, Windows euro byte included."""
    decoded = read_right(_gbk_read_as(NOVEL, table).encode("utf-8"))
    assert decoded.text == NOVEL
    assert (decoded.encoding.method, decoded.encoding.mojibake) == ("repaired", rule)
    assert not decoded.warnings


def test_mojibake_behind_a_bom_is_repaired() -> None:
    """Editors save the mojibake with a UTF-8 BOM: it is repaired all the same."""
    decoded = read_right(codecs.BOM_UTF8 + _gbk_read_as(NOVEL, "cp1252").encode("utf-8"))
    assert (decoded.text, decoded.encoding.method) == (NOVEL, "repaired")


def test_each_repaired_line_is_a_change() -> None:
    """Every repaired line is recorded with its number, the mojibake before and the text after."""
    mojibake = _gbk_read_as(NOVEL, "cp1252")
    decoded = read_right(mojibake.encode("utf-8"))
    before, after = mojibake.split("\n"), NOVEL.split("\n")
    changed = [n for n in range(1, len(after) + 1) if before[n - 1] != after[n - 1]]
    assert [c.line for c in decoded.changes] == changed
    for change in decoded.changes:
        assert (change.step, change.rule) == ("fix_mojibake", "mojibake.gbk_as_cp1252")
        assert (change.before, change.after) == (before[change.line - 1], after[change.line - 1])


def test_utf8_read_as_gbk_is_repaired_where_exact() -> None:
    """UTF-8 read as GBK (鍙樺寲 style) is repaired line by line; lossy lines stay and are reported."""
    lines = NOVEL.rstrip("\n").split("\n")
    mojibake = [line.encode("utf-8").decode("gb18030", errors="replace") for line in lines]
    decoded = read_right("\n".join(mojibake).encode("utf-8"))
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


@pytest.mark.parametrize(
    "text",
    [
        "Café, naïve résumé — déjà vu à la carte.\n" * 5,
        "国务院办公厅关于进一步加强政务公开工作的通知。\n" * 5,
        "子曰：学而时习之，不亦说乎？有朋自远方来，不亦乐乎？\n" * 3,
        "Straße Ångström Øresund Ærø ÿ ñ ü ö ä ß é è ê ë\n" * 5,
    ],
)
def test_correct_text_is_never_repaired(text: str) -> None:
    """Real Chinese, and Western text with accents, pass through untouched."""
    assert repair_mojibake(text) is None
    decoded = read_right(text.encode("utf-8"))
    assert (decoded.text, decoded.encoding.method, decoded.changes) == (text, "utf-8", ())


def test_every_kind_round_trips_its_own_mistake() -> None:
    """For each kind, redo(undo(x)) == x on a mojibake it made itself."""
    for kind in kinds():
        sample = "政务公开工作通知"
        mistake = kind.redo(sample)
        assert mistake != sample
        assert kind.undo(mistake) == sample


def test_repair_changes_reach_the_clean_result() -> None:
    """clean_bytes records the repairs as changes of the fix_mojibake step, not of decoding."""
    result = clean_bytes(_gbk_read_as(NOVEL, "cp1252").encode("utf-8"))
    assert not [c for c in result.changes if c.step == "decode"]
    decode_changes = [c for c in result.changes if c.step == "fix_mojibake"]
    assert decode_changes and all(c.rule == "mojibake.gbk_as_cp1252" for c in decode_changes)
    assert result.encoding.method == "repaired"
    assert "真实又虚幻的世界" in result.text


def test_a_repaired_file_is_changed_even_where_its_repaired_text_is_clean() -> None:
    """The output differs from the input bytes whenever the decoder repaired them."""
    clean = clean_bytes(NOVEL.encode()).text
    result = clean_bytes(_gbk_read_as(clean, "cp1252").encode())
    assert result.text == clean
    assert result.changed


def test_clean_text_repairs_mojibake_as_clean_bytes_does() -> None:
    """Text input goes through the same fix_mojibake step as bytes: same text, changes, encoding."""
    mojibake = _gbk_read_as(NOVEL, "cp1252")
    from_text, from_bytes = clean_text(mojibake), clean_bytes(mojibake.encode("utf-8"))
    assert from_text.text == from_bytes.text and "真实又虚幻的世界" in from_text.text
    assert from_text.changes == from_bytes.changes
    assert (from_text.encoding.method, from_text.encoding.mojibake) == ("repaired", "mojibake.gbk_as_cp1252")
    assert from_text.encoding == from_bytes.encoding


def test_jsonl_records_get_mojibake_repaired_and_report_the_method(tmp_path: Path) -> None:
    """--jsonl cleans text fields through the whole pipeline: mojibake is repaired and said so."""
    source = tmp_path / "in.jsonl"
    record = {"id": 1, "text": _gbk_read_as(NOVEL, "latin-1")}
    source.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["--jsonl", str(source)])
    assert result.exit_code == 0, result.output
    [out] = [json.loads(line) for line in result.stdout.splitlines()]
    assert "真实又虚幻的世界" in out["text"]
    assert out["govclean_encoding"]["method"] == "repaired"
    assert out["govclean_encoding"]["mojibake"] == "mojibake.gbk_as_latin1"
    assert out["govclean_changes"]["by_step"]["fix_mojibake"] > 0


def test_latin1_mojibake_with_c1_controls_is_repaired_before_normalization() -> None:
    """GBK trail bytes 0x80–0x9F read as Latin-1 are C1 controls, which normalize_text removes:
    the repair runs first, so traditional text in GBK comes back whole."""
    text = "這是繁體中文的測試，關於政府資訊公開條例的說明與實施細則。各縣市機關應當遵照辦理。\n" * 4
    mojibake = text.encode("gbk").decode("latin-1")
    assert any("\x80" <= ch <= "\x9f" for ch in mojibake)
    result = clean_text(mojibake, CleanConfig(classify_lines=False))
    assert result.text == text
    assert result.encoding.mojibake == "mojibake.gbk_as_latin1"


def test_skip_fix_mojibake_leaves_the_text_as_read() -> None:
    """--skip fix_mojibake (CleanConfig.fix_mojibake=False) keeps the mojibake and the method."""
    mojibake = _gbk_read_as(NOVEL, "cp1252")
    result = clean_bytes(mojibake.encode("utf-8"), CleanConfig(fix_mojibake=False, classify_lines=False))
    assert "¸ü¶à¾«Ð£" in result.text
    assert result.encoding.method == "utf-8"
    assert not [c for c in result.changes if c.step == "fix_mojibake"]


def test_diff_shows_the_repaired_lines_from_the_kept_source(tmp_path: Path) -> None:
    """--diff compares with the input as decoded, kept by the result: repaired lines are hunks."""
    path = tmp_path / "novel.txt"
    path.write_bytes(_gbk_read_as(NOVEL, "cp1252").encode("utf-8"))
    result = CliRunner().invoke(cli, ["--diff", str(path)])
    assert result.exit_code == 1, result.output
    assert "-" + _gbk_read_as("更多精校小说尽在知轩藏书下载", "cp1252") in result.stdout.splitlines()
    assert "+更多精校小说尽在知轩藏书下载" in result.stdout.splitlines()


def test_damage_beside_repaired_mojibake_is_a_share_of_the_repaired_text() -> None:
    """U+FFFD left in a file whose mojibake is repaired: ratio and warning are of the text as it
    comes out, where each mojibake pair is one character again."""
    mojibake = _gbk_read_as(NOVEL, "cp1252") + "损坏\ufffd\n"
    result = clean_bytes(mojibake.encode("utf-8"))
    text = read_right(mojibake).text
    assert result.encoding.method == "repaired" and result.encoding.replacements == 1
    assert result.encoding.damage_ratio == round(1 / len(text), 4)
    before = round(1 / len(mojibake), 4)
    assert f"{before:.1%}" != f"{result.encoding.damage_ratio:.1%}"
    [warning] = [w for w in result.warnings if "U+FFFD" in w]
    assert f"({result.encoding.damage_ratio:.1%} of the characters)" in warning
