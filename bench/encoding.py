"""Decoding accuracy and speed: govclean's decoder against plain ``chardet.detect`` on the whole file.

Every simplified and traditional document and every annotated case of the shared corpus is
re-encoded into each encoding that can represent it (UTF-8, UTF-8 with BOM, GB18030, GBK, Big5,
UTF-16 with BOM and UTF-16LE without), whole and as 50-, 200- and 1000-byte snippets. A sample
counts as right when the decoded text equals the original exactly. The last table is the cost
of decoding inside a clean of UTF-8 input: decode_bytes against a bare ``bytes.decode``.
"""

from __future__ import annotations

import json
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from bench.common import CORPUS, best_of, mb_per_s, table
from bench.corpus import RAW, SIMPLIFIED, TRADITIONAL, corpus_documents
from govclean import CleanConfig, clean_bytes
from govclean.decoding.decode import DecodeError, decode_bytes
from govclean.pipeline import run as run_pipeline

#: The encodings a re-encoded sample is written in; the codec that writes it.
ENCODINGS = {
    "utf-8": "utf-8",
    "utf-8-bom": "utf-8-sig",
    "gb18030": "gb18030",
    "gbk": "gbk",
    "big5": "big5",
    "utf-16": "utf-16",
    "utf-16le-nobom": "utf-16-le",
}
SNIPPET_BYTES = (50, 200, 1000)
WHOLE = "whole"
#: Snippets cut from each document per size, at evenly spaced starting points.
SNIPPETS_PER_DOCUMENT = 6


@dataclass(frozen=True, slots=True)
class Sample:
    name: str
    encoding: str
    #: ``whole`` or the snippet size in bytes, as a string for the tables.
    size: str
    text: str
    data: bytes


def _case_text(root: Path, name: str, data: bytes) -> str:
    """A case's raw bytes decoded with the encoding its annotation names."""
    expect = json.loads((root / Path(name).parent / "expect.json").read_text(encoding="utf-8"))
    return data.decode(expect.get("encoding") or "utf-8")


def corpus_texts(root: Path = CORPUS) -> list[tuple[str, str]]:
    """(name, text) of every simplified and traditional document and every annotated case."""
    texts = []
    for doc in corpus_documents(root):
        if doc.kind in (SIMPLIFIED, TRADITIONAL):
            texts.append((doc.name, doc.data.decode("utf-8")))
        elif doc.kind == RAW and doc.name.startswith("cases/"):
            texts.append((doc.name, _case_text(root, doc.name, doc.data)))
    return texts


#: Codecs that write a BOM, and the bare codec that measures a character's bytes.
_BARE = {"utf-8-sig": "utf-8", "utf-16": "utf-16-le"}


def _snippet(text: str, start: int, size: int, codec: str) -> str | None:
    """The shortest run of characters from ``start`` whose encoding takes ``size`` bytes or more."""
    bare = _BARE.get(codec, codec)
    used, end = 0, start
    while used < size and end < len(text):
        used += len(text[end].encode(bare, errors="replace"))
        end += 1
    return text[start:end] if used >= size else None


def _encoded(text: str, codec: str) -> bytes | None:
    try:
        return text.encode(codec)
    except UnicodeEncodeError:
        return None


def samples(root: Path = CORPUS, sizes: tuple[int, ...] = SNIPPET_BYTES) -> Iterator[Sample]:
    """Every document whole and cut into snippets, in every encoding that can represent it."""
    for name, text in corpus_texts(root):
        for label, codec in ENCODINGS.items():
            whole = _encoded(text, codec)
            if whole is not None:
                yield Sample(name, label, WHOLE, text, whole)
            for size in sizes:
                for k in range(SNIPPETS_PER_DOCUMENT):
                    snippet = _snippet(text, len(text) * k // SNIPPETS_PER_DOCUMENT, size, codec)
                    data = _encoded(snippet, codec) if snippet else None
                    if snippet and data is not None:
                        yield Sample(name, label, str(size), snippet, data)


def govclean_text(data: bytes) -> str | None:
    try:
        return decode_bytes(data).text
    except DecodeError:
        return None


def chardet_text(data: bytes) -> str | None:
    """Plain ``chardet.detect`` on the whole input, its answer used as the codec."""
    import chardet

    name = chardet.detect(data)["encoding"]
    try:
        return data.decode(name) if name else None
    except (UnicodeDecodeError, LookupError):
        return None


def _accuracy(
    all_samples: list[Sample], decode: Callable[[bytes], str | None]
) -> dict[tuple[str, str], tuple[int, int, float]]:
    """(encoding, size) → (right, total, seconds)."""
    right: dict[tuple[str, str], int] = defaultdict(int)
    total: dict[tuple[str, str], int] = defaultdict(int)
    seconds: dict[tuple[str, str], float] = defaultdict(float)
    for sample in all_samples:
        key = (sample.encoding, sample.size)
        start = time.perf_counter()
        decoded = decode(sample.data)
        seconds[key] += time.perf_counter() - start
        right[key] += decoded == sample.text
        total[key] += 1
    return {key: (right[key], total[key], seconds[key]) for key in total}


def _utf8_overhead(root: Path) -> str:
    """What govclean's decoder adds to cleaning UTF-8 input, against a bare ``bytes.decode``.

    The difference of two whole-clean timings drowns in the noise of a shared machine, so the
    decoders are timed on their own, in the same run, and their difference is divided by the
    clean time; the end-to-end timings are shown as well.
    """
    docs = [text.encode("utf-8") for _, text in corpus_texts(root)]
    config = CleanConfig()
    n_bytes = sum(map(len, docs))
    timed = {
        "bytes.decode('utf-8')": lambda: [data.decode("utf-8") for data in docs],
        "decode_bytes": lambda: [decode_bytes(data) for data in docs],
        "bytes.decode + pipeline": lambda: [run_pipeline(data.decode("utf-8"), config) for data in docs],
        "clean_bytes (decode_bytes + pipeline)": lambda: [clean_bytes(data, config) for data in docs],
    }
    seconds = {label: best_of(fn, repeat=5) for label, fn in timed.items()}
    rows = [[label, f"{s * 1000:.1f}", f"{mb_per_s(n_bytes, s):.1f}"] for label, s in seconds.items()]
    added = seconds["decode_bytes"] - seconds["bytes.decode('utf-8')"]
    overhead = added / seconds["clean_bytes (decode_bytes + pipeline)"]
    return (
        table(["UTF-8 input", "ms (best of 5)", "MB/s"], rows)
        + f"\n\nDetection overhead on UTF-8 input: decode_bytes adds {added * 1000:.1f} ms to "
        f"{seconds['clean_bytes (decode_bytes + pipeline)'] * 1000:.0f} ms of cleaning = "
        f"{overhead:.1%} ({len(docs)} documents, {n_bytes / 1e6:.2f} MB)."
    )


def _warm_up() -> None:
    """Load the decoders' tables and chardet's models once, outside every timing."""
    sample = "政务公开工作通知".encode("gb18030")
    for decode in (govclean_text, chardet_text):
        decode(sample)
        decode("政务".encode())


def run() -> str:
    if not CORPUS.exists():
        return "shared corpus absent: section skipped"
    all_samples = list(samples(CORPUS))
    _warm_up()
    ours = _accuracy(all_samples, govclean_text)
    theirs = _accuracy(all_samples, chardet_text)
    rows = []
    for key in sorted(ours, key=lambda k: (list(ENCODINGS).index(k[0]), k[1] != WHOLE, k[1].zfill(5))):
        ok, n, s = ours[key]
        c_ok, _, c_s = theirs[key]
        n_bytes = sum(len(x.data) for x in all_samples if (x.encoding, x.size) == key)
        rows.append(
            [
                key[0],
                key[1],
                str(n),
                f"{ok / n:.1%}",
                f"{c_ok / n:.1%}",
                f"{mb_per_s(n_bytes, s):.2f}",
                f"{mb_per_s(n_bytes, c_s):.2f}",
            ]
        )
    accuracy = table(
        ["encoding", "size", "samples", "govclean", "chardet.detect", "govclean MB/s", "chardet MB/s"], rows
    )
    return accuracy + "\n\n" + _totals(ours, theirs) + "\n\n" + _utf8_overhead(CORPUS)


def _totals(
    ours: dict[tuple[str, str], tuple[int, int, float]], theirs: dict[tuple[str, str], tuple[int, int, float]]
) -> str:
    """Accuracy per sample size over all encodings: the acceptance figures."""
    rows = []
    for size in (WHOLE, *map(str, SNIPPET_BYTES)):
        keys = [key for key in ours if key[1] == size]
        n = sum(ours[key][1] for key in keys)
        ok, c_ok = sum(ours[key][0] for key in keys), sum(theirs[key][0] for key in keys)
        rows.append([size, str(n), f"{ok / n:.2%} ({n - ok} wrong)", f"{c_ok / n:.2%} ({n - c_ok} wrong)"])
    return table(["size", "samples", "govclean", "chardet.detect"], rows)
