"""Helpers shared by the benchmark sections: where the corpus is, timing, and rates."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: The shared corpus beside the clone; sections that need it say so and skip when it is absent.
CORPUS = ROOT.parent / "shared" / "corpus"
WORK = ROOT / ".bench"


def best_of(fn: Callable[[], object], repeat: int = 3) -> float:
    """The fastest of ``repeat`` runs in seconds: the least disturbed by a noisy machine."""
    seconds = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        seconds.append(time.perf_counter() - start)
    return min(seconds)


def mb_per_s(n_bytes: int, seconds: float) -> float:
    return n_bytes / 1e6 / seconds if seconds > 0 else float("inf")


def table(header: list[str], rows: list[list[str]]) -> str:
    """A Markdown table, ready to paste into the README."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)
