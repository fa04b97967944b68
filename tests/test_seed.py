"""The seed document cleans exactly: text, appended items, metadata and repairs."""

from __future__ import annotations

from govclean import clean_bytes

from .conftest import ROOT, SEEDS

SEED = SEEDS / "000_79a294fec3fc9865.txt"
EXPECTED = ROOT / "tests" / "seed_expected"


def test_seed_text_is_exact() -> None:
    """The clean text equals the expected output byte for byte."""
    result = clean_bytes(SEED.read_bytes())
    assert result.text == (EXPECTED / "expected.txt").read_text(encoding="utf-8")


def test_seed_appended_is_exact() -> None:
    """The eight unrelated abstracts are separated; placeholders and labels are dropped."""
    result = clean_bytes(SEED.read_bytes())
    appended = "".join(f"{item}\n" for item in result.appended)
    assert appended == (EXPECTED / "expected-appended.txt").read_text(encoding="utf-8")
    assert len(result.appended) == 8


def test_seed_metadata() -> None:
    """Site metadata and the article's own byline fields are extracted."""
    meta = clean_bytes(SEED.read_bytes()).metadata
    assert meta == {
        "title": "百丈街道:社会组织激发基层治理活力",
        "source": "宁波通讯·综合版",
        "cited_by": "0",
        "uploader": "lhawk",
        "author_affiliation": "鄞州区委政法委、鄞州区百丈街道",
        "editor": "张逸龙",
    }


def test_seed_repairs_are_recorded() -> None:
    """Exactly the two stray characters are repaired, each with line, column and rule."""
    result = clean_bytes(SEED.read_bytes())
    assert [(c.before, c.after) for c in result.fixes] == [("隊", "队"), ("務", "务")]
    assert all(c.line > 0 and c.column and c.rule for c in result.fixes)
