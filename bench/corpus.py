"""The documents of the shared corpus, and the generated benchmark corpus built from them.

``corpus_documents`` turns every document of ``../shared/corpus`` into the bytes a user would have
on disk: raw files as they are, one document per JSON Lines record, one per JSON file (its Chinese
strings, one per line). The invariant tests read the same documents.

``distinct_documents`` is what the throughput rows clean: every document once, none repeated — the
shared corpus above, the gold pages, and the variants ``../shared/tools/perturb`` makes of the cases
and the gold pages (traditional, reworded, truncated, long-title), deduplicated by content. A tree of
copies would flatter a tool that learns or caches what recurs. Without the shared corpus it falls
back to the repository's own inputs (the seeds and the golden tests' raw pages).

The generated files live under ``.bench/`` (git-ignored): the distinct-document tree, the perturbed
variants, a 200 MB file and a 2,000,000-line file for the peak-memory figures. They are rebuilt
only when missing.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.common import CORPUS, ROOT, WORK

#: What a document is expected to be: site text to clean, or clean text that must pass unchanged.
RAW, SIMPLIFIED, TRADITIONAL = "raw", "simplified", "traditional"
TREE = WORK / "tree"
DISTINCT_TREE = WORK / "distinct"
VARIANTS = WORK / "variants"
PERTURB = CORPUS.parent / "tools" / "perturb"
#: The perturbation seed: the same seed gives the same variants, so runs compare.
PERTURB_SEED = "15"
BIG_FILE = WORK / "big-200mb.txt"
MANY_LINES_FILE = WORK / "lines-2m.txt"
BIG_FILE_BYTES = 200_000_000
MANY_LINES = 2_000_000
#: Copies of each corpus document in the tree: about 2,900 files.
TREE_COPIES = 12

_HANZI_RE = re.compile("[\u3400-\u9fff]")


@dataclass(frozen=True, slots=True)
class CorpusDocument:
    name: str
    data: bytes
    kind: str


def _hanzi_strings(value: Any) -> Iterator[str]:
    """Every string holding Chinese text inside a JSON value, in document order."""
    if isinstance(value, str):
        if _HANZI_RE.search(value):
            yield value
    elif isinstance(value, list):
        for item in value:
            yield from _hanzi_strings(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _hanzi_strings(item)


def _json_document(path: Path) -> bytes:
    return "".join(f"{text}\n" for text in _hanzi_strings(json.loads(path.read_bytes()))).encode("utf-8")


def _jsonl_documents(path: Path, kind: str, root: Path) -> Iterator[CorpusDocument]:
    for number, row in enumerate(path.read_text(encoding="utf-8").splitlines()):
        record = json.loads(row)
        text = record.get("raw_content") or record.get("text") or ""
        yield CorpusDocument(f"{path.relative_to(root)}#{number}", text.encode("utf-8"), kind)


def corpus_documents(root: Path = CORPUS) -> list[CorpusDocument]:
    """Every document of the shared corpus with what it is expected to be; empty when it is absent."""
    if not root.exists():
        return []
    docs: list[CorpusDocument] = []
    raw_files = [
        *sorted(root.glob("cases/*/raw.txt")),
        *sorted(root.glob("pages/*")),
        *sorted(root.glob("legacy-encoding/*")),
    ]
    docs += [CorpusDocument(str(p.relative_to(root)), p.read_bytes(), RAW) for p in raw_files]
    for path in sorted(root.glob("web/*.jsonl")):
        docs += _jsonl_documents(path, RAW, root)
    docs += [
        CorpusDocument(str(p.relative_to(root)), p.read_bytes(), SIMPLIFIED)
        for p in sorted(root.glob("simplified/*.md"))
    ]
    for path in sorted(root.glob("simplified/*.jsonl")):
        docs += _jsonl_documents(path, SIMPLIFIED, root)
    for folder, kind in (
        ("simplified/classical", SIMPLIFIED),
        ("simplified/stray-variants", RAW),
        ("traditional", TRADITIONAL),
    ):
        docs += [
            CorpusDocument(str(p.relative_to(root)), _json_document(p), kind)
            for p in sorted(root.glob(f"{folder}/*.json"))
        ]
    return docs


def _write_if_missing(path: Path, chunks: Iterator[bytes]) -> Path:
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    with partial.open("wb") as handle:
        for chunk in chunks:
            handle.write(chunk)
    partial.replace(path)
    return path


def build_tree(docs: list[CorpusDocument], copies: int = TREE_COPIES) -> list[Path]:
    """The generated tree: ``copies`` copies of every document, one sub-directory per copy."""
    paths = []
    for copy in range(copies):
        for number, doc in enumerate(docs):
            path = TREE / f"{copy:02d}" / f"{number:04d}.txt"
            if not path.exists():
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(doc.data)
            paths.append(path)
    return paths


def _utf8_texts(docs: list[CorpusDocument]) -> list[bytes]:
    """The documents that are UTF-8, each ending in a newline, so they can be concatenated."""
    texts = []
    for doc in docs:
        try:
            text = doc.data.decode("utf-8")
        except UnicodeDecodeError:
            continue
        texts.append(text.rstrip("\n").encode("utf-8") + b"\n")
    return texts


def _repeat_until(texts: list[bytes], enough: int, measure: Any) -> Iterator[bytes]:
    done = 0
    while True:
        for text in texts:
            if done >= enough:
                return
            yield text
            done += measure(text)


def build_big_file(docs: list[CorpusDocument]) -> Path:
    """A 200 MB UTF-8 file: the corpus documents one after another, again and again."""
    return _write_if_missing(BIG_FILE, _repeat_until(_utf8_texts(docs), BIG_FILE_BYTES, len))


def build_many_lines_file(docs: list[CorpusDocument]) -> Path:
    """A file of 2,000,000 lines: the corpus documents repeated, blank lines included."""
    texts = _utf8_texts(docs)
    chunks = _repeat_until(texts, MANY_LINES, lambda text: text.count(b"\n"))
    lines = (line for chunk in chunks for line in chunk.splitlines(keepends=True))
    return _write_if_missing(MANY_LINES_FILE, itertools.islice(lines, MANY_LINES))


def _variants(root: Path) -> list[CorpusDocument]:
    """The perturbed variants of the shared cases and gold pages, made once under ``.bench/variants``."""
    if not PERTURB.exists():
        return []
    docs = []
    for folder in ("cases", "gold"):
        out = VARIANTS / folder
        if not out.exists():
            partial = out.with_suffix(".partial")
            shutil.rmtree(partial, ignore_errors=True)
            partial.mkdir(parents=True)
            # The project's interpreter: the traditional variants need OpenCC.
            subprocess.run(
                [sys.executable, PERTURB, root / folder, partial, "--seed", PERTURB_SEED],
                check=True,
                stdout=subprocess.DEVNULL,
            )
            partial.replace(out)
        docs += [
            CorpusDocument(f"variants/{folder}/{p.parent.name}", p.read_bytes(), RAW)
            for p in sorted(out.glob("*/raw.txt"))
        ]
    return docs


def _repository_documents() -> list[CorpusDocument]:
    """The repository's own inputs: what the benchmark cleans when the shared corpus is absent."""
    paths = [*sorted((ROOT / "seeds").glob("*.txt")), *sorted((ROOT / "tests" / "golden").glob("*/raw.txt"))]
    return [CorpusDocument(str(p.relative_to(ROOT)), p.read_bytes(), RAW) for p in paths]


def distinct_documents(root: Path = CORPUS) -> list[CorpusDocument]:
    """Every document once: the shared corpus, its gold pages and perturbed variants, deduplicated by
    content (a raw page that is also a case is counted once); the repository's inputs without it."""
    if not root.exists():
        candidates = _repository_documents()
    else:
        gold = [
            CorpusDocument(str(p.relative_to(root)), p.read_bytes(), RAW)
            for p in sorted(root.glob("gold/*/raw.txt"))
        ]
        candidates = [*corpus_documents(root), *gold, *_variants(root)]
    seen: set[bytes] = set()
    docs = []
    for doc in candidates:
        digest = hashlib.blake2b(doc.data, digest_size=16).digest()
        if doc.data and digest not in seen:
            seen.add(digest)
            docs.append(doc)
    return docs


def build_distinct_tree(docs: list[CorpusDocument]) -> list[Path]:
    """One file per distinct document under ``.bench/distinct``; rebuilt when the set changed."""
    stamp = DISTINCT_TREE / ".documents"
    names = "\n".join(doc.name for doc in docs)
    if not stamp.exists() or stamp.read_text(encoding="utf-8") != names:
        shutil.rmtree(DISTINCT_TREE, ignore_errors=True)
        DISTINCT_TREE.mkdir(parents=True)
        for number, doc in enumerate(docs):
            (DISTINCT_TREE / f"{number:04d}.txt").write_bytes(doc.data)
        stamp.write_text(names, encoding="utf-8")
    return [DISTINCT_TREE / f"{number:04d}.txt" for number in range(len(docs))]
