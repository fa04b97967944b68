"""Metadata lines: the quick tests that rule lines out agree with the full reading."""

from __future__ import annotations

from govclean.roles.metadata import SEGMENT_MAX_CHARS, _label_pattern, parse_meta_line, parse_segment_row
from govclean.roles.rules import load_rules


def test_labels_are_found_backwards_in_the_same_lines() -> None:
    forwards, backwards, labels = _label_pattern()
    assert labels
    lines = ["无冒号", "说明：没有标签", "来源 :宁波通讯", "文章来源：", "：来源", "作者\u3000：某"]
    for label in labels:
        lines += [f"{label}:", f"x{label}  ：值", f"{label}", f"{label[:-1]}：", f"：{label}"]
    for line in lines:
        assert bool(backwards.search(line[::-1])) == bool(forwards.search(line)), line


def test_segment_rows_with_the_longest_first_segment() -> None:
    first = "段" * SEGMENT_MAX_CHARS
    assert parse_segment_row(f"{first}    道教网    2022-10-21") is not None
    assert parse_segment_row(f"{first}|道教网|2022-10-21") is not None
    assert parse_segment_row(f"{first} |道教网|2022-10-21") is not None
    assert parse_segment_row(f"|{first}|道教网|2022-10-21") is not None
    assert parse_segment_row(f"{first}段    道教网    2022-10-21") is None


def test_links_ending_a_metadata_line_are_the_rules_page_tools() -> None:
    """The words a metadata line may end with are the ``page_tools`` list the chrome rule uses."""
    for word in load_rules().words["page_tools"]:
        assert parse_meta_line(f"来源：新华社  【{word}】") is not None, word
    assert parse_meta_line("来源：新华社  【评论】") is None
