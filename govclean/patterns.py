"""Regular expressions compiled once per machine instead of once per start.

A one-line run of govclean needs about 120 patterns (rule files, the lexicon, metadata labels,
shapes), and ``re.compile`` spends more time on them than the run spends cleaning the page. The
code ``re`` compiles a pattern to depends only on the pattern and the Python version, so it is
kept in the user's cache (:mod:`govclean.cache`) in one file per Python version, keyed by the
pattern's source and flags, and the next start builds each pattern from that code at a fraction
of the cost. A pattern not yet in the file is compiled as usual and added when the process ends.

Only the patterns of a start are built, when first asked for; a changed pattern is a new key and
is compiled afresh, so stale code is never used. Where the private compiler this relies on is
missing or changed, every pattern is compiled by ``re`` as before.

>>> compile_pattern(r"\\d+年").findall("2021年 3月 2022年")
['2021年', '2022年']
>>> compile_pattern("abc", re.IGNORECASE).match("ABC") is not None
True
>>> compile_pattern("abc") is compile_pattern("abc")
True
"""

from __future__ import annotations

import re
from typing import Any

from govclean.cache import cache_file, interpreter_fingerprint, pattern_data, pattern_from, read_cached

#: The kind of the cache file (see :func:`govclean.cache.cache_file`).
KIND = "patterns"
#: A file that has grown past this many patterns (over many versions of the rules) is written
#: again with only the patterns of the latest run.
MAX_STORED = 2000

_compiled: dict[tuple[str, int], re.Pattern[str]] = {}
_stored: dict[str, Any] | None = None
_added: dict[str, Any] = {}
_used: set[str] = set()


def escape(text: str) -> str:
    """``re.escape(text)``, at a fraction of its cost on Chinese text.

    ``re.escape`` looks every character up in a table of the few it escapes, all ASCII; for any
    other character the lookup fails by raising and catching an exception inside ``str.translate``,
    some 0.2 µs each: escaping the class of the fold's 3,000 characters cost a start 1 ms. Here
    only the runs of ASCII characters are given to ``re.escape``; the result is the same.

    >>> print(escape("第1.2条[附件]"))
    第1\\.2条\\[附件\\]
    >>> escape("第1.2条[附件]") == re.escape("第1.2条[附件]")
    True
    """
    if text.isascii():
        return re.escape(text)
    return _ascii_runs().sub(_escaped_run, text)


def _escaped_run(match: re.Match[str]) -> str:
    return re.escape(match.group())


def _ascii_runs() -> re.Pattern[str]:
    return compile_pattern("[\x00-\x7f]+")


def compile_pattern(source: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(source, flags)``, made from code cached by an earlier start where there is any."""
    key = (source, flags)
    pattern = _compiled.get(key)
    if pattern is None:
        pattern = _compiled[key] = _build(source, flags)
    return pattern


def _build(source: str, flags: int) -> re.Pattern[str]:
    stored = _store()
    name = f"{flags}\0{source}"
    _used.add(name)
    data = stored.get(name)
    if data is None:
        data = pattern_data(source, flags)
        if data is None:  # the private compiler is missing or changed
            return re.compile(source, flags)
        if not _added:
            import atexit  # only a start that compiled something new writes

            atexit.register(save)
        _added[name] = stored[name] = data
    return pattern_from(source, data, flags)


def _store() -> dict[str, Any]:
    global _stored
    if _stored is None:
        # The code depends on the Python version alone; each entry names its own source and flags.
        data = read_cached(cache_file(interpreter_fingerprint(), KIND), interpreter_fingerprint())
        _stored = data if isinstance(data, dict) else {}
    return _stored


def save() -> None:
    """Write the patterns compiled since the cache was read (best effort; called at exit)."""
    from govclean.cache import write_cached

    if not _added or _stored is None:
        return
    kept = _stored if len(_stored) <= MAX_STORED else {name: _stored[name] for name in _used}
    write_cached(cache_file(interpreter_fingerprint(), KIND), interpreter_fingerprint(), kept)
    _added.clear()
