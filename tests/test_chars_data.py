"""The character data: every shipped phrase entry and protected word, the tables and their cache."""

from __future__ import annotations

import marshal
import os
import shutil
import time
import tomllib
from importlib import metadata, resources
from pathlib import Path

import pytest

from govclean import cache as datacache
from govclean.characters import tables as chartables
from govclean.characters.repair import load_tables, protected_pattern, repair_line
from govclean.io.report import data_versions

PHRASES = tomllib.loads((resources.files("govclean") / "data" / "phrases.toml").read_text(encoding="utf-8"))
PROTECTED = chartables.parse_word_list(
    (resources.files("govclean") / "data" / "protect.txt").read_text(encoding="utf-8")
)


def _opencc_forms(char: str) -> list[str]:
    _, folder = chartables.opencc_dictionary()
    return chartables.parse_pairs((Path(folder) / "TSCharacters.txt").read_text(encoding="utf-8")).get(
        char, []
    )


@pytest.mark.parametrize(("key", "value"), sorted(PHRASES["phrases"].items()))
def test_phrase_entry(key: str, value: str) -> None:
    """Each entry changes only phrase-only characters, each to one of its OpenCC forms, and applies."""
    tables = load_tables()
    assert len(key) == len(value)
    differing = [(k, v) for k, v in zip(key, value, strict=True) if k != v]
    assert differing
    for before, after in differing:
        assert before in tables.phrase_only | set(tables.several)
        assert after in _opencc_forms(before)
    assert repair_line(f"我们{key}的情况", 1, tables)[0] == f"我们{value}的情况"


@pytest.mark.parametrize("word", PROTECTED)
def test_protected_word(word: str) -> None:
    """Each protected word would be repaired without the list, and is kept with it."""
    tables = load_tables()
    assert repair_line(word, 1, tables)[0] != word
    assert repair_line(word, 1, tables, protected_pattern(tables, ()))[0] == word


def test_variants_are_strays_with_one_common_form() -> None:
    """Japanese forms map to a common ideograph and are neither simplified nor traditional themselves."""
    tables = load_tables()
    assert tables.variants["浄"] == "净" and tables.single["査"] == "查"
    for form, target in tables.variants.items():
        assert "\u4e00" <= target <= "\u9fff"
        assert form not in tables.simplified_only and form not in tables.traditional_only


def test_single_forms_are_common_and_not_simplified() -> None:
    """A single-form stray is never a simplified character, and its form is in the common block."""
    tables = load_tables()
    assert tables.single["隊"] == "队"
    assert not set(tables.single) & tables.phrase_only
    assert all("\u4e00" <= target <= "\u9fff" for target in tables.single.values())
    assert "輗" not in tables.single  # 𫐐 is an Extension E character


def test_version_names_the_opencc_data() -> None:
    """The report's data version names the OpenCC distribution, its version and the data hash."""
    version = data_versions()["characters"]
    assert f"opencc-python-reimplemented {metadata.version('opencc-python-reimplemented')}" in version
    assert "sha256" in version and PHRASES["version"] in version
    assert f"sha256 {chartables.fingerprint_of(*chartables.read_sources())[:12]}" in version


def test_tables_are_cached_to_disk_and_read_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A cache miss writes the built tables (pruning this Python's stale ones beyond the newest
    few, never another Python's); the next load reads them back."""
    monkeypatch.setenv(datacache.CACHE_ENV, str(tmp_path))
    stales = [Path(datacache.cache_file(f"{age:024x}", chartables.TABLES_CACHE)) for age in range(4)]
    for age, stale in enumerate(stales):
        stale.write_text("{}", encoding="utf-8")
        os.utime(stale, (time.time() - 100 * (age + 1),) * 2)
    stale, *kept = stales[::-1]  # the oldest goes: the new file and three others stay
    other_python = tmp_path / "chartables-pypy39-0123456789abcdef01234567.marshal"
    other_python.write_text("{}", encoding="utf-8")
    chartables.load_tables.cache_clear()
    try:
        built = chartables.load_tables()
        (cached,) = set(tmp_path.glob("chartables-*")) - {other_python, *stales}
        chartables.load_tables.cache_clear()
        again = chartables.load_tables()
    finally:
        chartables.load_tables.cache_clear()
    assert again is not built
    assert again.as_json() == built.as_json()
    assert cached.suffix == datacache.CACHE_SUFFIX and other_python.exists() and not stale.exists()
    assert all(path.exists() for path in kept) and datacache.KEPT_PER_KIND == 4
    assert marshal.loads(cached.read_bytes())["tables"]["version"] == built.version


def test_stale_or_broken_cache_is_rebuilt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A cache file for other sources, or a damaged one, is ignored and the tables are built."""
    monkeypatch.setenv(datacache.CACHE_ENV, str(tmp_path))
    version, texts = chartables.read_sources()
    fingerprint = chartables.fingerprint_of(version, texts)
    path = Path(datacache.cache_file(fingerprint, chartables.TABLES_CACHE))
    path.write_text('{"fingerprint": "other", "tables": {}}', encoding="utf-8")
    assert chartables.read_cache(path, fingerprint) is None
    path.write_text("{not json", encoding="utf-8")
    assert chartables.read_cache(path, fingerprint) is None
    path.write_bytes(marshal.dumps({"fingerprint": fingerprint, "tables": {}})[:-3])  # truncated
    assert chartables.read_cache(path, fingerprint) is None


def test_unwritable_cache_dir_falls_back_to_memory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """When the cache folder cannot be created the tables are still built and used."""
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv(datacache.CACHE_ENV, str(blocker / "cache"))
    chartables.load_tables.cache_clear()
    try:
        tables = chartables.load_tables()
    finally:
        chartables.load_tables.cache_clear()
    assert tables.single["隊"] == "队"
    assert not (blocker / "cache").exists()


def test_fingerprint_follows_the_sources() -> None:
    """Changing any source file's text, or the OpenCC version, gives another cache key."""
    version, texts = chartables.read_sources()
    base = chartables.fingerprint_of(version, texts)
    assert chartables.fingerprint_of(version + "x", texts) != base
    edited = {**texts, "TSPhrases.txt": texts["TSPhrases.txt"] + "x"}
    assert chartables.fingerprint_of(version, edited) != base


def test_missing_dictionary_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without opencc-python-reimplemented the error names the distribution."""
    monkeypatch.setattr(chartables.sys, "path", [])
    with pytest.raises(chartables.TablesMissingError, match="opencc-python-reimplemented"):
        chartables.opencc_dictionary()


def test_word_list_format() -> None:
    """One word a line; comments and blank lines are ignored (the --protect FILE format)."""
    assert chartables.parse_word_list("# names\n張家港\n\n  乾县  # place\n") == ["張家港", "乾县"]


def test_the_dictionary_is_found_beside_its_distribution_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An ``opencc/dictionary`` folder of another distribution (the import name is shared) is
    passed over; the first folder beside opencc-python-reimplemented's metadata is taken, with
    the version that metadata names."""
    _, installed = chartables.opencc_dictionary()
    other = tmp_path / "other"
    (other / "opencc" / "dictionary").mkdir(parents=True)
    (other / "OpenCC-1.1.9.dist-info").mkdir()
    ours = tmp_path / "ours"
    (ours / "opencc_python_reimplemented-9.9.dist-info").mkdir(parents=True)
    shutil.copytree(installed, ours / "opencc" / "dictionary")
    monkeypatch.setattr(chartables.sys, "path", [str(tmp_path / "missing"), str(other), str(ours)])
    assert chartables.opencc_dictionary() == ("9.9", str(ours / "opencc" / "dictionary"))
