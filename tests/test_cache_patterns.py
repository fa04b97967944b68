"""Patterns kept in the cache as their compiled code: the same patterns, made without compiling."""

from __future__ import annotations

import marshal
import re
from pathlib import Path

import pytest

from govclean import cache as datacache
from govclean.characters import fold

SOURCES = [
    r"(?=[下\d])(?:(?P<p0>第\d+页)|(?P<n>\d+(?:[.,]\d+)*)|(?P<t>下载(?:本资料)?))",
    r"(?<=\d)(?P<u>[KMG]i?B|页)",
    r"[\u3400-\u9fff][，、；,;][\u3400-\u9fff]",
    r"^(?:[vV][iI][pP]|会员)\s*$",
]


@pytest.mark.parametrize("source", SOURCES)
def test_a_pattern_made_from_its_code_is_the_compiled_pattern(source: str) -> None:
    data = marshal.loads(marshal.dumps(datacache.pattern_data(source)))
    made = datacache.pattern_from(source, data)
    compiled = re.compile(source)
    assert made == compiled  # equal patterns have equal code, flags and source
    assert made.groupindex == compiled.groupindex
    for text in ("下载本资料需要3.5积分", "共2.1MB 第5页", "乡村,振兴", "VIP", "会员 "):
        found = made.search(text)
        expected = compiled.search(text)
        assert (found and (found.span(), found.lastgroup)) == (
            expected and (expected.span(), expected.lastgroup)
        )


@pytest.mark.parametrize(
    "data",
    [None, [], ["other", 32, [1, 2], 0, {}], [SOURCES[0], 32, [0, 0, 0], 3, {"p0": 1, "n": 2, "t": 3}]],
    ids=["none", "empty", "another-source", "damaged-code"],
)
def test_missing_foreign_or_damaged_code_is_compiled_anew(data: object) -> None:
    assert datacache.pattern_from(SOURCES[0], data) == re.compile(SOURCES[0])


def test_a_cached_pattern_is_compiled_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The first call compiles and caches the code; the next reads it; a changed source is
    compiled anew and replaces the stale file."""
    monkeypatch.setenv(datacache.CACHE_ENV, str(tmp_path))
    source = SOURCES[2]
    assert datacache.cached_pattern(source, "test") == re.compile(source)
    (path,) = tmp_path.glob("test-*")
    assert datacache.read_cached(path, datacache.fingerprint_of(source)) == datacache.pattern_data(source)
    assert datacache.cached_pattern(source, "test") == re.compile(source)
    assert datacache.cached_pattern(SOURCES[3], "test") == re.compile(SOURCES[3])
    assert [file.name for file in tmp_path.glob("test-*")] != [path.name]
    assert len(list(tmp_path.glob("test-*"))) == 1


def test_a_cached_pattern_needs_no_writable_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(datacache.CACHE_ENV, str(blocker / "cache"))
    assert datacache.cached_pattern(SOURCES[0], "test") == re.compile(SOURCES[0])


def test_the_folds_classes_are_the_compiled_classes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The fold's classes of changed characters, made from cached code, are the classes compiled."""
    monkeypatch.setenv(datacache.CACHE_ENV, str(tmp_path))
    for wide in (False, True):
        fold._changed_re.cache_clear()
        first = fold._changed_re(wide)
        fold._changed_re.cache_clear()
        again = fold._changed_re(wide)
        assert first == again == re.compile(first.pattern)
    fold._changed_re.cache_clear()
    assert len(list(tmp_path.glob("*fold*"))) == 2
