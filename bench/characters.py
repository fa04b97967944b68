"""Stray-character repair against opencc-python-reimplemented's whole-text t2s, on the same text.

Also the corpus helpers the character tests share: reading the shared corpus's simplified and
traditional documents as plain text, and injecting stray characters at a fixed random seed.
"""

from __future__ import annotations

import importlib.util
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from types import ModuleType
from typing import Any

from bench.common import CORPUS, best_of, mb_per_s, table
from govclean.cache import CACHE_ENV, cache_file
from govclean.characters import tables as chartables
from govclean.characters.normalize import normalize_text
from govclean.characters.pinyin import strip_pinyin_annotations
from govclean.characters.repair import repair_characters
from govclean.config import CleanConfig
from govclean.model import Change, Document
from govclean.pipeline import start_document

#: One injected stray per this many characters, at this seed.
INJECT_EVERY = 200
INJECT_SEED = 20261128


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def corpus_text(path: Path) -> str:
    """A corpus file as plain text: Markdown as it is, every string of JSON and JSON Lines."""
    raw = path.read_text(encoding="utf-8")
    if path.suffix == ".jsonl":
        return "\n".join(s for row in raw.splitlines() if row.strip() for s in _strings(json.loads(row)))
    if path.suffix == ".json":
        return "\n".join(_strings(json.loads(raw)))
    return raw


def corpus_documents(folder: Path) -> list[tuple[str, str]]:
    """(name relative to ``folder``, text) of every document file under ``folder``, sorted."""
    files = sorted(p for p in folder.rglob("*") if p.suffix in (".md", ".json", ".jsonl"))
    return [(p.relative_to(folder).as_posix(), corpus_text(p)) for p in files]


def single_traditional_forms() -> dict[str, str]:
    """Simplified characters with exactly one traditional form, from OpenCC's STCharacters."""
    _, folder = chartables.opencc_dictionary()
    pairs = chartables.parse_pairs((Path(folder) / "STCharacters.txt").read_text(encoding="utf-8"))
    return {k: v[0] for k, v in pairs.items() if len(k) == 1 and len(v) == 1 and v[0] != k}


def inject_strays(
    text: str, forms: dict[str, str], rng: random.Random, every: int = INJECT_EVERY
) -> tuple[str, list[int]]:
    """Replace one simplified character per ``every`` characters by its single traditional form."""
    positions = [i for i, char in enumerate(text) if char in forms]
    chosen = sorted(rng.sample(positions, min(len(positions), len(text) // every)))
    chars = list(text)
    for index in chosen:
        chars[index] = forms[chars[index]]
    return "".join(chars), chosen


def repair_text(text: str, config: CleanConfig | None = None) -> tuple[str, tuple[Change, ...], Any]:
    """Normalize, strip pinyin and repair ``text`` as all-body lines (no line classification).

    Returns the lines joined by LF, the character changes and the script verdict; with every line
    kept, positions in the result line up with positions in the normalized input.
    """
    config = config or CleanConfig()
    doc = normalize_text(start_document(text), config)
    doc = repair_characters(strip_pinyin_annotations(doc, config), config)
    changes = tuple(c for c in doc.changes if c.step != "normalize_text")
    return _joined(doc, text), changes, doc.script


def normalized(text: str) -> str:
    return _joined(normalize_text(start_document(text), CleanConfig()), text)


def _joined(doc: Document, source: str) -> str:
    """The document's lines as text, with the final newline that splitting into lines removed."""
    return "\n".join(line.text for line in doc.lines) + ("\n" if source.endswith("\n") else "")


def _load_opencc() -> ModuleType:
    """opencc-python-reimplemented's converter module, loaded by file path (its import name is shared)."""
    _, folder = chartables.opencc_dictionary()
    spec = importlib.util.spec_from_file_location("opencc_reimplemented", Path(folder).parent / "opencc.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def changed_positions(before: str, after: str) -> set[int]:
    """Where two texts of equal length differ."""
    return {i for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b}


def _differences(a: str, b: str) -> int:
    return sum(x != y for x, y in zip(a, b, strict=False)) + abs(len(a) - len(b))


def _one_liner_ms(cache_dirs: tuple[str, str], runs: int = 9) -> tuple[float, float]:
    """Median wall times of a fresh interpreter cleaning one line with each table cache folder.

    The two settings alternate, so that a machine slowing down or speeding up affects both alike.
    """
    code = "import govclean; govclean.clean_text('服務管理的互助性隊伍在服务管理中发挥作用')"
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(runs):
        for cache_dir, samples in zip(cache_dirs, times, strict=True):
            env = {**os.environ, CACHE_ENV: cache_dir}
            start = time.perf_counter()
            subprocess.run([sys.executable, "-c", code], env=env, check=True)
            samples.append(time.perf_counter() - start)
    hit, miss = (1e3 * statistics.median(samples) for samples in times)
    return hit, miss


def run() -> str:
    if not CORPUS.exists():
        return "shared corpus absent: section skipped"
    docs = corpus_documents(CORPUS / "simplified")
    clean = "\n".join(text for _, text in docs)
    forms = single_traditional_forms()
    # The corpus's own true strays are repaired first, so that only injected ones remain.
    original = repair_text(clean)[0]
    injected, positions = inject_strays(original, forms, random.Random(INJECT_SEED))
    traditional = "\n".join(text for _, text in corpus_documents(CORPUS / "traditional"))
    n_bytes = len(clean.encode("utf-8"))

    opencc = _load_opencc().OpenCC("t2s")
    tables = chartables.load_tables()
    config = CleanConfig()
    rows = []
    for label, text in (("clean simplified", clean), ("1 stray / 200 chars", injected)):
        doc = normalize_text(start_document(text), config)
        t_repair = best_of(partial(repair_characters, doc, config), repeat=5)
        t_pinyin = best_of(partial(strip_pinyin_annotations, doc, config), repeat=5)
        t_opencc = best_of(partial(opencc.convert, text), repeat=3)
        t_translate = best_of(partial(text.translate, tables.simplify_table))
        rows.append(
            [
                label,
                f"{n_bytes / 1e6:.2f} MB",
                f"{mb_per_s(n_bytes, t_repair):.1f}",
                f"{mb_per_s(n_bytes, t_pinyin):.0f}",
                f"{mb_per_s(n_bytes, t_opencc):.2f}",
                f"{mb_per_s(n_bytes, t_translate):.1f}",
                f"{t_opencc / t_repair:.0f}×",
            ]
        )
    speed = table(
        [
            "text",
            "size",
            "repair step MB/s (verdict + repairs)",
            "pinyin step MB/s",
            "opencc t2s MB/s",
            "str.translate MB/s",
            "repair / opencc",
        ],
        rows,
    )

    repaired = repair_text(injected)[0]
    restored = sum(repaired[i] == original[i] for i in positions)
    other = len(changed_positions(injected, repaired) - set(positions))
    converted = opencc.convert(injected)
    accuracy = table(
        ["measure", "govclean", "opencc t2s"],
        [
            [
                "changes on the simplified corpus (all true strays, listed in the tests)",
                str(len(repair_text(clean)[1])),
                str(_differences(clean, opencc.convert(clean))),
            ],
            [
                f"injected strays restored (of {len(positions)})",
                f"{restored} ({100 * restored / len(positions):.2f} %), {other} other changes",
                str(sum(converted[i] == original[i] for i in positions)),
            ],
            [
                "characters changed in the traditional corpus",
                str(len(repair_text(traditional)[1])),
                str(_differences(traditional, opencc.convert(traditional))),
            ],
        ],
    )

    opencc_version, texts = chartables.read_sources()
    fingerprint = chartables.fingerprint_of(opencc_version, texts)
    t_build = best_of(lambda: chartables.build_tables(opencc_version, texts, fingerprint), repeat=5)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / Path(cache_file(fingerprint, chartables.TABLES_CACHE)).name
        chartables.write_cache(path, fingerprint, tables)
        t_read = best_of(lambda: chartables.read_cache(path, fingerprint), repeat=5)
        # A cache folder under a regular file cannot be created: every run builds in memory.
        warm, cold = _one_liner_ms((tmp, str(path / "unwritable")))
    t_sources = best_of(chartables.read_sources, repeat=5)
    tables_cost = table(
        ["table load step", "ms"],
        [
            ["read and hash the source files (every process)", f"{1e3 * t_sources:.1f}"],
            ["build the tables from them (cache miss)", f"{1e3 * t_build:.1f}"],
            ["read the cache file instead (cache hit)", f"{1e3 * t_read:.1f}"],
            ["one-line clean in a new interpreter, cache hit (median of 9)", f"{warm:.0f}"],
            ["one-line clean in a new interpreter, cache unwritable (median of 9)", f"{cold:.0f}"],
        ],
    )
    return "\n\n".join([speed, accuracy, tables_cost])
