"""Scanning a document's lines a group at a time."""

from __future__ import annotations

import re

import pytest

from govclean import model
from govclean.model import joined_groups, rows_matching


@pytest.mark.parametrize("group", [1, 2, 3, 4096])
def test_rows_matching_finds_each_line_once_in_order(group: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Lines with several matches, the first and the last line, and group edges are all found once."""
    monkeypatch.setattr(model, "SCAN_GROUP", group)
    texts = ["a1b2", "", "cc", "3", "d", "4 5 6"]
    assert list(rows_matching(texts, re.compile("[0-9]"))) == [0, 3, 5]
    assert list(rows_matching(texts, re.compile("[0-9]"), re.compile("c|d"))) == [0, 2, 3, 4, 5]
    assert list(rows_matching(texts, re.compile("x"))) == []


def test_joined_groups_cover_every_text_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each group joins its texts with line breaks and names the index of its first."""
    monkeypatch.setattr(model, "SCAN_GROUP", 2)
    assert list(joined_groups(["a", "b", "c"])) == [(0, "a\nb"), (2, "c")]
    assert list(joined_groups([])) == []
