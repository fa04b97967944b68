"""Patterns kept in the cache as their compiled code: the same patterns, made without compiling."""

from __future__ import annotations

import marshal
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govclean import cache as datacache
from govclean import patterns
from govclean.characters import fold
from govclean.characters import tables as tables_module
from govclean.characters.tables import CharSet, load_tables

from . import hypothesis_profiles  # noqa: F401  (registers and loads the profile)

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


# The store of every pattern a start compiles (govclean.patterns).


@pytest.fixture
def fresh_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty store in a cache folder of the test's own, as a new process would find it."""
    from govclean import patterns

    monkeypatch.setenv(datacache.CACHE_ENV, str(tmp_path))
    monkeypatch.setattr(patterns, "_compiled", {})
    monkeypatch.setattr(patterns, "_stored", None)
    monkeypatch.setattr(patterns, "_added", {})
    monkeypatch.setattr(patterns, "_used", set())
    return tmp_path


def _new_process(monkeypatch: pytest.MonkeyPatch) -> None:
    from govclean import patterns

    monkeypatch.setattr(patterns, "_compiled", {})
    monkeypatch.setattr(patterns, "_stored", None)
    monkeypatch.setattr(patterns, "_added", {})


def test_the_folds_classes_come_from_the_store_as_compiled(
    fresh_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fold's classes of changed characters (thousands of members each) are compiled by the
    first start and built from the store's code by the next, equal to the classes compiled."""
    from govclean import patterns

    compiled = []
    for wide in (False, True):
        fold._changed_re.cache_clear()
        compiled.append(fold._changed_re(wide))
    patterns.save()
    _new_process(monkeypatch)
    assert all(f"0\0{first.pattern}" in patterns._store() for first in compiled)  # read from the file

    def no_compiling(*_args: object) -> None:
        raise AssertionError("compiled although the store holds the code")

    monkeypatch.setattr(patterns, "pattern_data", no_compiling)
    for wide, first in zip((False, True), compiled, strict=True):
        fold._changed_re.cache_clear()
        again = fold._changed_re(wide)
        assert again == first == re.compile(first.pattern)
        assert again.search("您現在的位置") is not None and again.search("您现在的位置") is None
    fold._changed_re.cache_clear()


@pytest.mark.parametrize("flags", [0, re.IGNORECASE, re.MULTILINE | re.DOTALL])
def test_the_store_compiles_once_and_the_next_start_builds_from_the_code(
    fresh_store: Path, monkeypatch: pytest.MonkeyPatch, flags: int
) -> None:
    from govclean import patterns

    made = [patterns.compile_pattern(source, flags) for source in SOURCES]
    assert made == [re.compile(source, flags) for source in SOURCES]
    assert patterns.compile_pattern(SOURCES[0], flags) is made[0]
    patterns.save()
    assert len(list(fresh_store.glob("patterns-*"))) == 1
    _new_process(monkeypatch)

    def no_compiling(*_args: object) -> None:
        raise AssertionError("compiled although the store holds the code")

    monkeypatch.setattr(patterns, "pattern_data", no_compiling)
    again = [patterns.compile_pattern(source, flags) for source in SOURCES]
    assert again == made
    assert [p.flags for p in again] == [p.flags for p in made]
    assert again[0].search("共2.1MB 第5页").span() == made[0].search("共2.1MB 第5页").span()  # type: ignore[union-attr]


def test_a_pattern_with_other_flags_is_another_entry(fresh_store: Path) -> None:
    from govclean import patterns

    plain = patterns.compile_pattern("vip")
    folded = patterns.compile_pattern("vip", re.IGNORECASE)
    assert plain.search("VIP") is None and folded.search("VIP") is not None


def test_a_damaged_or_unwritable_store_costs_only_compiling(
    fresh_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from govclean import patterns

    patterns.compile_pattern(SOURCES[1])
    patterns.save()
    (path,) = fresh_store.glob("patterns-*")
    path.write_bytes(b"\x00damaged")
    _new_process(monkeypatch)
    assert patterns.compile_pattern(SOURCES[1]) == re.compile(SOURCES[1])
    blocker = fresh_store / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(datacache.CACHE_ENV, str(blocker / "cache"))
    _new_process(monkeypatch)
    assert patterns.compile_pattern(SOURCES[2]) == re.compile(SOURCES[2])
    patterns.save()  # nothing to raise


def test_an_invalid_pattern_raises_as_re_does(fresh_store: Path) -> None:
    from govclean import patterns

    with pytest.raises(re.error):
        patterns.compile_pattern("(unclosed")


def test_a_store_grown_past_its_bound_keeps_only_the_patterns_in_use(
    fresh_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from govclean import patterns

    monkeypatch.setattr(patterns, "MAX_STORED", 3)
    for number in range(5):
        patterns.compile_pattern(f"old{number}")
    patterns.save()
    _new_process(monkeypatch)
    monkeypatch.setattr(patterns, "_used", set())
    patterns.compile_pattern("new")
    patterns.save()
    (path,) = fresh_store.glob("patterns-*")
    assert sorted(marshal.loads(path.read_bytes())["tables"]) == ["0\0new"]


@pytest.mark.parametrize("missing", [(), ("_sha256",), ("_sha256", "_sha2")], ids=["own", "no-3.11", "none"])
def test_cache_keys_are_sha256_with_or_without_the_standard_librarys_own(
    monkeypatch: pytest.MonkeyPatch, missing: tuple[str, ...]
) -> None:
    """The keys hash with the interpreter's own SHA-256 where it has one, else OpenSSL's: the same
    digest either way, so every build and interpreter of one version shares the cache files."""
    import hashlib
    import sys

    for name in missing:
        monkeypatch.setitem(sys.modules, name, None)  # its import then fails
    data = "来源：某某网 | 被引量：0次".encode()
    digest = datacache.sha256(data)
    digest.update(b"more")
    assert digest.hexdigest() == hashlib.sha256(data + b"more").hexdigest()


# Fingerprints known by their sources' stamps (govclean.cache.known_fingerprint).


def test_a_fingerprint_is_computed_again_only_when_a_source_file_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A start that finds its sources as a start before stamped them reads none of them; a
    rewritten file (another size or modification time) is read and hashed again."""
    monkeypatch.setenv(datacache.CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.setattr(datacache, "_stamps", None)
    source = tmp_path / "source.txt"
    source.write_text("甲", encoding="utf-8")
    computed: list[str] = []

    def fingerprint() -> str:
        computed.append(source.read_text(encoding="utf-8"))
        return datacache.fingerprint_of(computed[-1])

    first = datacache.known_fingerprint(datacache.stamp_of([source], "1.0"), fingerprint)
    monkeypatch.setattr(datacache, "_stamps", None)  # a new process reads the stamps file
    assert datacache.known_fingerprint(datacache.stamp_of([source], "1.0"), fingerprint) == first
    assert computed == ["甲"]
    assert datacache.known_fingerprint(datacache.stamp_of([source], "2.0"), fingerprint) == first
    source.write_text("乙丙", encoding="utf-8")  # another size: times may not differ within a clock tick
    changed = datacache.known_fingerprint(datacache.stamp_of([source], "2.0"), fingerprint)
    assert changed != first and computed == ["甲", "甲", "乙丙"]
    assert len(list((tmp_path / "cache").glob(f"{datacache.STAMPS_KIND}-*"))) == 1


def test_the_stamps_file_keeps_the_latest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(datacache.CACHE_ENV, str(tmp_path))
    monkeypatch.setattr(datacache, "_stamps", None)
    for number in range(datacache.MAX_STAMPS + 3):
        datacache.known_fingerprint(f"stamp {number}", str)
    monkeypatch.setattr(datacache, "_stamps", None)
    (path,) = tmp_path.glob(f"{datacache.STAMPS_KIND}-*")
    kept = datacache.read_cached(path, datacache.interpreter_fingerprint())
    assert list(kept) == [f"stamp {number}" for number in range(3, datacache.MAX_STAMPS + 3)]


@given(st.text(max_size=60))
def test_escape_is_re_escape(text: str) -> None:
    assert patterns.escape(text) == re.escape(text)


#: Text for the character sets: ideographs of both scripts, kana, ASCII and beyond the BMP.
_SET_TEXT = st.text(
    st.sampled_from("中国國體体乾于於隊伍服務あア-]^\\a1 \n\U00020000\U0002a6a5\U0002b740\U00010000"),
    max_size=40,
)


@given(_SET_TEXT)
def test_a_character_set_finds_what_its_frozen_set_holds(text: str) -> None:
    tables = load_tables()
    for chars in (tables.traditional_chars, tables.simplified_chars, tables.candidate_chars):
        assert chars.among(text) == chars.frozen() & set(text)


@given(st.sets(st.sampled_from("中國體于於-]^\\a \U00020000\U0002a6a5")), _SET_TEXT)
def test_any_character_set_finds_its_members(members: set[str], text: str) -> None:
    chars = CharSet("".join(sorted(members)))
    assert chars.among(text) == members & set(text)


#: Lines for the fold: simplified and traditional ideographs, variants, characters with several
#: forms, phrase-only ones, full-width letters, ASCII and beyond the BMP.
_FOLD_TEXT = st.text(st.sampled_from("中国國體乾於鍾浄隊伍服務ＡＱ３ab-]\n\U00020000"), max_size=40)


@given(_FOLD_TEXT, st.booleans())
def test_folding_one_character_at_a_time_is_the_table(text: str, wide: bool) -> None:
    """The fold's slow way (each changed character looked up) gives what its table gives."""
    table = fold._wide_table() if wide else fold._han_table()
    assert fold._changed_re(wide).sub(fold._fold_match, text) == text.translate(table)


@given(_FOLD_TEXT)
def test_the_single_forms_looked_up_in_their_strings_are_the_mapping(text: str) -> None:
    tables = load_tables()
    slow = tables_module.SlowWayBudget(10**9)
    for char in text:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(tables_module, "_single_lookups", slow)
            patch.setattr(tables, "_single", None)
            looked_up = tables.single_form(char)
        assert looked_up == tables.single.get(char)
    assert tables.simplify(text[:4]) == text[:4].translate(tables.simplify_table)


def test_a_one_line_fold_makes_no_table(monkeypatch: pytest.MonkeyPatch) -> None:
    """Until its budget is spent, a fold looks characters up and makes neither mapping."""
    fresh = tables_module.CharTables.from_json(load_tables().as_json())
    monkeypatch.setattr(tables_module, "load_tables", lambda: fresh)
    monkeypatch.setattr(fold, "load_tables", lambda: fresh)
    monkeypatch.setattr(fold, "_folded_before_table", tables_module.SlowWayBudget(100))
    monkeypatch.setattr(tables_module, "_single_lookups", tables_module.SlowWayBudget(100))
    fold._han_table.cache_clear()  # a table made now would be made from these tables
    try:
        assert fold.simplified_lines(["服務管理", None, "互助性隊伍"]) == ["服务管理", None, "互助性队伍"]
        assert fresh._single is None and fresh._simplify_table is None
        assert fold._han_table.cache_info().currsize == 0
    finally:
        fold._han_table.cache_clear()
