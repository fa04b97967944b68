"""Scanning a document's lines a group at a time."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govclean import CleanConfig, clean_bytes, clean_text, scan
from govclean.model import Change, Document, EncodingInfo, Line, ScriptInfo
from govclean.scan import joined_groups, rows_matching, rows_opening

from . import hypothesis_profiles  # noqa: F401  (registers and loads the profile)


@pytest.mark.parametrize("group", [1, 2, 3, 4096])
def test_rows_matching_finds_each_line_once_in_order(group: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Lines with several matches, the first and the last line, and group edges are all found once."""
    monkeypatch.setattr(scan, "SCAN_GROUP", group)
    texts = ["a1b2", "", "cc", "3", "d", "4 5 6"]
    assert list(rows_matching(texts, re.compile("[0-9]"))) == [0, 3, 5]
    assert list(rows_matching(texts, re.compile("[0-9]"), re.compile("c|d"))) == [0, 2, 3, 4, 5]
    assert list(rows_matching(texts, re.compile("x"))) == []


@pytest.mark.parametrize("group", [1, 2, 3, 4096])
def test_rows_opening_match_where_a_multi_line_anchor_does(
    group: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A pattern after a line break finds the texts ``(?m)^`` finds, a text holding a line break of
    its own among them, each once, across group edges."""
    monkeypatch.setattr(scan, "SCAN_GROUP", group)
    texts = ["ab", "", "b", "x\nab", "ab ab", "cab", "a"]
    assert list(rows_opening(texts, re.compile(r"\na"))) == [0, 3, 4, 6]
    assert list(rows_opening(texts, re.compile(r"\na"))) == list(rows_matching(texts, re.compile("(?m)^a")))
    assert list(rows_opening(texts, re.compile(r"\nz"))) == []


def test_joined_groups_cover_every_text_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each group joins its texts with line breaks and names the index of its first."""
    monkeypatch.setattr(scan, "SCAN_GROUP", 2)
    assert list(joined_groups(["a", "b", "c"])) == [(0, "a\nb"), (2, "c")]
    assert list(joined_groups([])) == []


def test_skipping_normalize_text_keeps_bom_and_carriage_returns() -> None:
    """BOM and line-ending removal belong to normalize_text: skipped, the lines keep them."""
    text = "\ufeff标题\r\n正文\r第二行\n"
    config = CleanConfig(classify_lines=False)
    normalized = clean_text(text, config)
    assert normalized.text == "标题\n正文\n第二行\n"
    assert [c.rule for c in normalized.changes] == ["normalize.bom", "normalize.line_endings"]
    kept = clean_text(text, config.replace(normalize_text=False))
    assert [line.text for line in kept.lines] == ["\ufeff标题\r", "正文\r第二行"]
    assert kept.changes == ()


def test_clean_text_and_clean_bytes_give_the_same_result() -> None:
    """One pipeline: a text and its UTF-8 give the same result, damage warnings included."""
    for text in ("标题\r\n\r\n正文\ufffd内容。\n", "标题\n正文", "", "\n\n", "a\rb\r"):
        from_text, from_bytes = clean_text(text), clean_bytes(text.encode("utf-8"))
        assert from_text == from_bytes, text


_DOCUMENT = Document(
    lines=(Line(1, "标题"), Line(2, "正文", "body")),
    metadata={"source": "示例"},
    warnings=("警告",),
    raw=b"raw",
    source_lines=("标题", "正文", ""),
    verbatim=False,
)
_NEW_VALUES = {
    "lines": (Line(1, "新"),),
    "encoding": EncodingInfo("gb18030", "detected", 0.9),
    "script": ScriptInfo("simplified", 0.0, 12, 0, 12, 0),
    "changes": (Change("repair_characters", "rule", 1, "乾", "干"),),
    "metadata": {"date": "2024-01-01"},
    "warnings": (),
    "raw": None,
    "source_lines": ("新",),
    "verbatim": True,
    "strict_utf8": False,
    "text_lines": ("新",),
    "appended": ("附件",),
}


@given(st.sets(st.sampled_from(sorted(_NEW_VALUES))), st.booleans())
def test_evolve_makes_the_document_replace_makes(fields: set[str], no_metadata: bool) -> None:
    changes = {name: _NEW_VALUES[name] for name in fields}
    if no_metadata:
        changes["metadata"] = None
    evolved = _DOCUMENT.evolve(**changes)
    assert type(evolved) is Document
    assert evolved == _DOCUMENT.replace(**changes)
    assert evolved.metadata is not None


def test_evolve_refuses_a_field_a_document_has_not() -> None:
    with pytest.raises(TypeError):
        _DOCUMENT.evolve(title="标题")
