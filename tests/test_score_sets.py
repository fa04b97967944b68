"""tools/score_sets.py (make score): a stable split of pages by site, and a clean skip without the corpus."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

_SPEC = importlib.util.spec_from_file_location(
    "score_sets", Path(__file__).resolve().parent.parent / "tools" / "score_sets.py"
)
assert _SPEC is not None and _SPEC.loader is not None
score_sets = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(score_sets)


def _case(root: Path, name: str, source: str | None) -> Path:
    case = root / name
    case.mkdir()
    (case / "expect.json").write_text(json.dumps({"source": source} if source else {}), encoding="utf-8")
    return case


def test_site_comes_from_the_source_else_the_folder_name(tmp_path: Path) -> None:
    assert (
        score_sets.site_of(_case(tmp_path, "cwced-0a1b2c3d", "dataset X; site news.example.cn"))
        == "news.example.cn"
    )
    assert (
        score_sets.site_of(_case(tmp_path, "daniel-www.example.com-e171c405", None))
        == "daniel-www.example.com"
    )


def test_pages_of_one_site_fall_in_one_half(tmp_path: Path) -> None:
    pages = [_case(tmp_path, f"page-{i:08x}", f"corpus; site site{i % 5}.example.cn") for i in range(40)]
    halves = {}
    for page in pages:
        half = score_sets.half_of(page)
        assert half in score_sets.HALVES
        assert halves.setdefault(score_sets.site_of(page), half) == half
    assert set(halves.values()) == set(score_sets.HALVES)  # five sites: both halves used


def test_links_point_at_the_cases(tmp_path: Path) -> None:
    case = _case(tmp_path, "one", None)
    folders = score_sets.link_sets({"set": [case]}, tmp_path / "links")
    assert (folders["set"] / "one").resolve() == case.resolve()
    assert score_sets.cases_in(folders["set"]) == [folders["set"] / "one"]


def test_without_the_shared_corpus_nothing_is_scored(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert score_sets.main(["--shared", str(tmp_path / "absent")]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "nothing to score" in captured.err
