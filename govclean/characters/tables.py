"""The character tables behind stray-character repair and the script verdict.

They are built from OpenCC's dictionaries as shipped by opencc-python-reimplemented, read as files
(its import name ``opencc`` is shared with other distributions, so the module is never imported),
plus govclean's own phrase entries and protection list in ``govclean/data``. Building reads five
files and derives every table; the result is kept once per process and, because a one-line clean
should not pay for it again, in a versioned file in the user's cache directory keyed by the
OpenCC distribution version and the hashes of every source file (read again only where a source
file's size or modification time changed).
"""

from __future__ import annotations

import os
import re
import sys
from bisect import bisect_left
from collections.abc import Iterable
from functools import cache, partial
from typing import Any, Final

from govclean.budget import SlowWayBudget
from govclean.cache import cache_file, known_fingerprint, read_cached, sha256, stamp_of, write_cached
from govclean.patterns import compile_pattern, escape

OPENCC_DISTRIBUTION = "opencc-python-reimplemented"
OPENCC_FILES = ("TSCharacters.txt", "STCharacters.txt", "TSPhrases.txt", "JPVariants.txt")
PHRASES_FILE = "phrases.toml"
PROTECT_FILE = "protect.txt"
FREQUENT_FILE = "encoding_frequent_hanzi.txt"
#: The cache kind of the built tables (see :mod:`govclean.cache`).
TABLES_CACHE = "chartables"


class TablesMissingError(RuntimeError):
    """The OpenCC dictionary files could not be found."""


#: One phrase entry seen from one of its stray characters: the phrase as it shows up in simplified
#: text, the character's offset in it, and what that character becomes.
PhraseEntry = tuple[str, int, str]


#: Single forms a process looks up in the tables' strings before it makes their mapping: a
#: lookup there scans some 3,000 characters (about 1 µs), making the mapping costs 1 ms.
_single_lookups = SlowWayBudget(1000)
#: Texts up to this long are simplified character by character (:meth:`CharTables.simplify`).
SHORT_SIMPLIFY = 8
#: Any character beyond the Basic Multilingual Plane.
_ASTRAL = "[\U00010000-\U0010ffff]"


class CharSet:
    """A set of thousands of characters, kept as their sorted string until a set is asked for.

    Making a ``frozenset`` of 4,000 characters costs a start about 0.7 ms, and a start needs of
    each set only which of a page's characters belong (:meth:`among`): one compiled class of the
    members finds those, from code cached by an earlier start (:mod:`govclean.patterns`).
    Characters beyond the BMP are left out of the class, where each would be tried in turn
    against every character scanned (see :func:`govclean.characters.script.char_class`); a set of
    those few is made only when a text holds one.

    >>> kana = CharSet("あいう")
    >>> sorted(kana.among("ああ、えい")), "う" in kana.frozen(), len(kana.frozen())
    (['あ', 'い'], True, 3)
    """

    __slots__ = ("_astral", "_frozen", "_pattern", "chars")

    def __init__(self, chars: str) -> None:
        #: The members, sorted, each once.
        self.chars: Final = chars
        self._frozen: frozenset[str] | None = None
        self._pattern: re.Pattern[str] | None = None
        self._astral: frozenset[str] | None = None

    def frozen(self) -> frozenset[str]:
        """The members as a set, made on first use."""
        if self._frozen is None:
            self._frozen = frozenset(self.chars)
        return self._frozen

    def among(self, text: str) -> set[str]:
        """The members that occur in ``text`` (``frozen() & set(text)``)."""
        if self._pattern is None:
            # Members sort by code point: the BMP ones come first.
            bmp = self.chars[: bisect_left(self.chars, "\U00010000")]
            self._pattern = compile_pattern(f"[{escape(bmp)}]" if bmp else "(?!)")
        found = set(self._pattern.findall(text))
        astral = compile_pattern(_ASTRAL).findall(text)
        if astral:
            if self._astral is None:
                self._astral = frozenset(compile_pattern(_ASTRAL).findall(self.chars))
            found.update(self._astral.intersection(astral))
        return found


class CharTables:
    """Every table a repair or a script verdict reads, derived once per process.

    A plain class, not a ``NamedTuple``: it is compared and hashed by identity, being one
    instance per process and the key of caches derived from it (a tuple of its dicts could be no
    key at all); its attributes are ``Final``, never reassigned.
    """

    __slots__ = (
        "_simplify_table",
        "_single",
        "candidate_chars",
        "phrase_only",
        "phrases",
        "protected",
        "several",
        "simplified_chars",
        "single_forms",
        "single_keys",
        "traditional_chars",
        "variants",
        "version",
    )

    def __init__(
        self,
        single: dict[str, str] | tuple[str, str],
        variants: dict[str, str],
        several: dict[str, tuple[str, ...]],
        phrase_only: frozenset[str],
        phrases: dict[str, tuple[PhraseEntry, ...]],
        traditional_only: Iterable[str],
        simplified_only: Iterable[str],
        protected: tuple[str, ...],
        version: str,
        candidates: str | None = None,
    ) -> None:
        #: Not valid simplified, exactly one simplified form: always replaced. The some 3,000
        #: characters and their forms are two strings of equal length (as the cache file holds
        #: them): a start that meets a few strays looks them up there (:meth:`single_form`) and
        #: never makes the mapping, which costs 1 ms.
        keys, forms = ("".join(single), "".join(single.values())) if isinstance(single, dict) else single
        self.single_keys: Final = keys
        self.single_forms: Final = forms
        self._single: dict[str, str] | None = single if isinstance(single, dict) else None
        #: Japanese forms of traditional characters (浄 for 淨): replaced by the simplified form.
        self.variants: Final = variants
        #: Not valid simplified, several simplified forms (鍾 → 钟/锺): a phrase decides, else the first.
        self.several: Final = several
        #: Also valid simplified text (乾 於 徵 覆 …): replaced only where a phrase entry matches.
        self.phrase_only: Final = phrase_only
        #: Phrase entries by the character they decide.
        self.phrases: Final = phrases
        #: Characters found only in traditional text, and only in simplified text: the verdict's
        #: evidence.
        self.traditional_chars: Final = CharSet(_sorted_chars(traditional_only))
        self.simplified_chars: Final = CharSet(_sorted_chars(simplified_only))
        self.protected: Final = protected
        self.version: Final = version
        #: Every character a repair may look at: the keys of the four (given by the cache file
        #: as they were found when the tables were built).
        if candidates is None:
            candidates = _sorted_chars(frozenset().union(self.single_keys, variants, several, phrase_only))
        self.candidate_chars: Final = CharSet(candidates)
        self._simplify_table: dict[int, str] | None = None

    @property
    def single(self) -> dict[str, str]:
        """The single forms as a mapping, made on first use."""
        if self._single is None:
            self._single = dict(zip(self.single_keys, self.single_forms, strict=True))
        return self._single

    def single_form(self, char: str) -> str | None:
        """The single form of ``char``, None if it has none: looked up in the strings until the
        process has looked up enough characters to repay making the mapping."""
        if self._single is None and _single_lookups.take():
            index = self.single_keys.find(char)
            return None if index < 0 else self.single_forms[index]
        return self.single.get(char)

    def simplify(self, text: str) -> str:
        """``text.translate(self.simplify_table)``; a short text (a phrase) is looked up
        character by character until the process has made the table."""
        if self._simplify_table is None and len(text) <= SHORT_SIMPLIFY:
            return "".join(self.variants.get(char) or self.single_form(char) or char for char in text)
        return text.translate(self.simplify_table)

    @property
    def simplify_table(self) -> dict[int, str]:
        """A ``str.translate`` table of the unconditional replacements (single forms and variants),
        made on first use."""
        if self._simplify_table is None:
            self._simplify_table = str.maketrans({**self.single, **self.variants})
        return self._simplify_table

    @property
    def traditional_only(self) -> frozenset[str]:
        return self.traditional_chars.frozen()

    @property
    def simplified_only(self) -> frozenset[str]:
        return self.simplified_chars.frozen()

    @property
    def candidates(self) -> frozenset[str]:
        return self.candidate_chars.frozen()

    def as_json(self) -> dict[str, Any]:
        """The tables as plain data, for the cache file. The single forms, some 3,000 pairs of
        characters, are two strings of equal length (keys, forms): a start reads them in half the
        time it reads them as a mapping."""
        return {
            "single": [self.single_keys, self.single_forms],
            "variants": self.variants,
            "several": {k: list(v) for k, v in self.several.items()},
            "phrase_only": "".join(sorted(self.phrase_only)),
            "phrases": {k: [list(e) for e in v] for k, v in self.phrases.items()},
            "traditional_only": self.traditional_chars.chars,
            "simplified_only": self.simplified_chars.chars,
            "candidates": self.candidate_chars.chars,
            "protected": list(self.protected),
            "version": self.version,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CharTables:
        keys, forms = data["single"]  # one character each (see build_tables)
        return cls(
            single=(keys, forms),
            variants=data["variants"],
            several={k: tuple(v) for k, v in data["several"].items()},
            phrase_only=frozenset(data["phrase_only"]),
            phrases={k: tuple((key, int(off), to) for key, off, to in v) for k, v in data["phrases"].items()},
            traditional_only=data["traditional_only"],
            simplified_only=data["simplified_only"],
            protected=tuple(data["protected"]),
            version=data["version"],
            candidates=data["candidates"],
        )


def _sorted_chars(chars: Iterable[str]) -> str:
    """The characters sorted, each once. A string is taken as it is: the cache file's strings were
    written sorted (:meth:`CharTables.as_json`), and checking costs what the string saves."""
    return chars if isinstance(chars, str) else "".join(sorted(set(chars)))


def _is_common_ideograph(char: str) -> bool:
    """True for the CJK Unified Ideographs block, where every character in everyday use lives.

    Targets in Extension A and beyond (輗 → 𫐐, 騧 → 䯄) are forms few fonts and no GBK text carry;
    simplified editions keep the traditional character there, so it is not a stray, and such a
    target never counts as an alternative (戰 → 战 is a single form, not 战/𢧐).
    """
    return len(char) == 1 and "\u4e00" <= char <= "\u9fff"


def opencc_dictionary() -> tuple[str, str]:
    """The installed distribution's version and the folder of its dictionary files.

    The distribution's ``.dist-info`` folder is looked up on ``sys.path`` directly rather than
    through importlib.metadata, whose import alone costs a one-line clean some 13 ms. The
    dictionary sits beside it, where the wheel installs it; the ``opencc`` module is never imported,
    since other distributions use that import name too.
    """
    prefix, suffix = OPENCC_DISTRIBUTION.replace("-", "_") + "-", ".dist-info"
    for entry in sys.path:
        folder = os.path.join(entry or ".", "opencc", "dictionary")
        if not os.path.isdir(folder):  # one system call, not a listing of the standard library
            continue
        try:
            # Names are compared as strings: a glob matches each with a pattern, three times slower.
            with os.scandir(entry or ".") as listing:
                info = min(
                    (
                        item.name
                        for item in listing
                        if item.name.startswith(prefix) and item.name.endswith(suffix)
                    ),
                    default=None,
                )
        except OSError:  # missing, a file (a zip), or unreadable: nothing installed there
            continue
        if info is not None:  # else the folder is another distribution's (the name is shared)
            _check_dictionary(folder)
            return info.removeprefix(prefix).removesuffix(suffix), folder
    return _opencc_dictionary_by_metadata()


def _opencc_dictionary_by_metadata() -> tuple[str, str]:
    """The slower lookup, for installs without a ``.dist-info`` folder on ``sys.path`` (eggs, zips)."""
    from importlib import metadata

    try:
        dist = metadata.distribution(OPENCC_DISTRIBUTION)
    except metadata.PackageNotFoundError as exc:
        raise TablesMissingError(f"{OPENCC_DISTRIBUTION} is not installed") from exc
    folder = str(dist.locate_file("opencc/dictionary"))
    _check_dictionary(folder)
    return dist.version, folder


def _check_dictionary(folder: str) -> None:
    missing = [name for name in OPENCC_FILES if not os.path.isfile(os.path.join(folder, name))]
    if missing:
        raise TablesMissingError(f"{OPENCC_DISTRIBUTION} has no {', '.join(missing)} in {folder}")


def parse_pairs(text: str) -> dict[str, list[str]]:
    """An OpenCC dictionary: ``key<TAB>target [target…]`` a line."""
    pairs: dict[str, list[str]] = {}
    for row in text.splitlines():
        key, _, targets = row.partition("\t")
        if key and targets.strip():
            pairs[key] = targets.split()
    return pairs


def parse_word_list(text: str) -> list[str]:
    """One word a line; blank lines and ``#`` comments ignored (the ``--protect FILE`` format)."""
    words = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return [word for word in words if word]


def data_text(name: str) -> str:
    """A data file shipped in ``govclean/data``.

    It is read beside this module rather than through importlib.resources, whose import and first
    use cost a start some 5 ms: the package is installed as files (:func:`fingerprint_of` reads
    this module's own source too).
    """
    return read_text(data_path(name))


def data_path(name: str) -> str:
    """Where a data file shipped in ``govclean/data`` is (see :func:`data_text`)."""
    return os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "data", name)


def read_text(path: str) -> str:
    """The UTF-8 text of the file at ``path``."""
    with open(path, encoding="utf-8") as file:
        return file.read()


@cache
def frequent_characters() -> str:
    """The most frequent characters of modern Chinese in both scripts, most frequent first (the
    data file ``encoding_frequent_hanzi.txt``): the encoding judge's frequent set and the rule
    screen's measure of how rare a character is."""
    text = data_text(FREQUENT_FILE)
    return "".join(line.strip() for line in text.splitlines() if not line.startswith("#"))


def read_sources() -> tuple[str, dict[str, str]]:
    """The OpenCC version and the text of every file the tables come from."""
    version, folder = opencc_dictionary()
    return version, _read_texts(_source_paths(folder))


def _source_paths(folder: str) -> dict[str, str]:
    """Every file the tables come from, by name (the OpenCC dictionary's in ``folder``)."""
    paths = {name: os.path.join(folder, name) for name in OPENCC_FILES}
    paths[PHRASES_FILE] = data_path(PHRASES_FILE)
    paths[PROTECT_FILE] = data_path(PROTECT_FILE)
    return paths


def _read_texts(paths: dict[str, str]) -> dict[str, str]:
    return {name: read_text(path) for name, path in paths.items()}


def fingerprint_of(opencc_version: str, texts: dict[str, str]) -> str:
    """The cache key, and the hash the tables' version names: the SHA-256 of the OpenCC version
    and the text of every source file and of this module (without hashlib:
    :func:`govclean.cache.sha256`), computed only where a source changed since a start before
    (:func:`load_tables`).

    This module's own source is part of the key, so that a changed derivation never reads tables
    cached by an older one.
    """
    return sha256(_hashed_bytes(opencc_version, texts)).hexdigest()


def _hashed_bytes(opencc_version: str, texts: dict[str, str]) -> bytes:
    named = (f"\0{name}\0".encode() + texts[name].encode("utf-8") for name in sorted(texts))
    with open(__file__, "rb") as module:
        return b"".join([opencc_version.encode(), module.read(), *named])


def build_tables(opencc_version: str, texts: dict[str, str], fingerprint: str) -> CharTables:
    """Derive every table from the source files' text (``fingerprint``: theirs, which the
    version names; see :func:`fingerprint_of`)."""
    import tomllib  # only a cache miss reads the phrase entries

    ts = parse_pairs(texts["TSCharacters.txt"])
    st = parse_pairs(texts["STCharacters.txt"])
    simplified_forms = {target for targets in ts.values() for target in targets}
    valid_simplified = {k for k in ts if len(k) == 1 and (k in ts[k] or k in st or k in simplified_forms)}

    single: dict[str, str] = {}
    several: dict[str, tuple[str, ...]] = {}
    for key, targets in ts.items():
        common = tuple(target for target in targets if _is_common_ideograph(target))
        if len(key) != 1 or key in valid_simplified or not common:
            continue
        if len(common) == 1:
            single[key] = common[0]
        else:
            several[key] = common

    variants: dict[str, str] = {}
    for traditional, forms in parse_pairs(texts["JPVariants.txt"]).items():
        for form in forms:
            known = form in ts or form in st or form in simplified_forms
            if traditional in single and not known and form != single[traditional]:
                variants[form] = single[traditional]

    phrase_chars = valid_simplified | set(several)
    simplify = str.maketrans({**single, **variants})
    phrases: dict[str, list[PhraseEntry]] = {}
    seen: set[tuple[str, int]] = set()

    def add(key: str, value: str, decides: set[str]) -> None:
        for offset, char in enumerate(key):
            if char in decides and (key, offset) not in seen:
                seen.add((key, offset))
                phrases.setdefault(char, []).append((key, offset, value[offset]))

    # govclean's own entries first: where they and OpenCC's disagree, the curated entry wins.
    for key, value in tomllib.loads(texts[PHRASES_FILE])["phrases"].items():
        add(key, value, phrase_chars)
    # TSPhrases is written for traditional input: there 覆 in 蕩覆 or 覆杯 becomes 复, while in a
    # simplified document 覆 is already right. So it only chooses among several simplified forms.
    for traditional, targets in parse_pairs(texts["TSPhrases.txt"]).items():
        simplified = targets[0]
        if len(simplified) == len(traditional):
            stray_form = "".join(c if c in phrase_chars else c.translate(simplify) for c in traditional)
            add(stray_form, simplified, set(several))

    phrases_version = tomllib.loads(texts[PHRASES_FILE])["version"]
    return CharTables(
        single=single,
        variants=variants,
        several=several,
        phrase_only=frozenset(valid_simplified),
        phrases={k: tuple(v) for k, v in phrases.items()},
        traditional_only=frozenset(k for k, v in ts.items() if len(k) == 1 and k not in v),
        simplified_only=frozenset(k for k, v in st.items() if len(k) == 1 and k not in v),
        protected=tuple(parse_word_list(texts[PROTECT_FILE])),
        version=(
            f"OpenCC data of {OPENCC_DISTRIBUTION} {opencc_version}, govclean phrases "
            f"{phrases_version} (sources sha256 {fingerprint[:12]})"
        ),
    )


def read_cache(path: str | os.PathLike[str], fingerprint: str) -> CharTables | None:
    data = read_cached(path, fingerprint)
    try:
        return None if data is None else CharTables.from_json(data)
    except (ValueError, KeyError, TypeError):
        return None


def write_cache(path: str | os.PathLike[str], fingerprint: str, tables: CharTables) -> None:
    write_cached(path, fingerprint, tables.as_json())


@cache
def load_tables() -> CharTables:
    """The tables, once per process: from the cache file when it matches the sources, else built.

    The sources are read only where they changed since a start before fingerprinted them (see
    :func:`govclean.cache.known_fingerprint`) or where the tables must be built.
    """
    opencc_version, folder = opencc_dictionary()
    paths = _source_paths(folder)
    texts = cache(partial(_read_texts, paths))
    fingerprint = known_fingerprint(
        stamp_of([*paths.values(), __file__], opencc_version),
        lambda: fingerprint_of(opencc_version, texts()),
    )
    path = cache_file(fingerprint, TABLES_CACHE)
    tables = read_cache(path, fingerprint)
    if tables is None:
        tables = build_tables(opencc_version, texts(), fingerprint)
        write_cache(path, fingerprint, tables)
    return tables
