"""The review page of a large run: its size, what ``--review`` adds to the run, and how long
Chromium takes to open it.

A tree of REVIEW_FILES files (copies of the shared corpus's documents, or of the repository's
golden inputs when the corpus is absent) is checked with and without ``--review``; the page is
then opened in headless Chromium OPENS times, each timed from navigation to the first frame drawn
after the load event.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.browser import Browser, find_chromium
from bench.common import ROOT, WORK, table
from bench.corpus import corpus_documents

GOVCLEAN = Path(sys.executable).parent / "govclean"
REVIEW_FILES = 10_000
REVIEW_TREE = WORK / f"review-tree-{REVIEW_FILES}"
PAGE = WORK / "review.html"
OPENS = 3
JOBS = 2
#: What the page must stay under, from the review page's acceptance.
MAX_MB, MAX_OPEN_SECONDS = 20, 5.0
_DRAWN = (
    "new Promise(function (done) { requestAnimationFrame(function () { requestAnimationFrame(done); }); })"
)


def _documents() -> list[bytes]:
    docs = [doc.data for doc in corpus_documents() if doc.data.strip()]
    return docs or [path.read_bytes() for path in sorted((ROOT / "tests" / "golden").glob("*/raw.txt"))]


def build_review_tree() -> Path:
    """REVIEW_FILES files, 100 to a folder, cycling through the documents; built once."""
    done = REVIEW_TREE / ".complete"
    if done.exists():
        return REVIEW_TREE
    docs = _documents()
    for number in range(REVIEW_FILES):
        path = REVIEW_TREE / f"{number // 100:03d}" / f"{number % 100:02d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(docs[number % len(docs)])
    done.touch()
    return REVIEW_TREE


def _timed_check(tree: Path, *extra: str) -> tuple[float, float]:
    """Wall and CPU seconds (the run's processes together) of a ``--check`` run over ``tree``: on a
    shared machine the CPU seconds show what the run itself cost."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(
        [str(GOVCLEAN), str(tree), "--check", "-q", "-j", str(JOBS), *extra],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


def open_seconds(browser: Browser, page: Path) -> float:
    """From navigation to the first frame drawn after the page's load event."""
    browser.open("about:blank")
    started = time.monotonic()
    browser.open(page.as_uri())
    browser.evaluate(_DRAWN)
    return time.monotonic() - started


def run() -> str:
    tree = build_review_tree()
    without, cpu_without = _timed_check(tree)
    with_review, cpu_with = _timed_check(tree, "--review", str(PAGE))
    size_mb = PAGE.stat().st_size / 1e6
    rows = [
        ["files", f"{REVIEW_FILES:,}"],
        [f"`govclean --check -j {JOBS}`, wall (CPU)", f"{without:.1f} s ({cpu_without:.1f} s)"],
        [
            "the same with `--review`, wall (CPU)",
            f"{with_review:.1f} s ({cpu_with:.1f} s): +{cpu_with - cpu_without:.1f} s CPU",
        ],
        ["page size", f"{size_mb:.1f} MB (limit {MAX_MB} MB)"],
    ]
    chromium = find_chromium()
    if chromium is None:
        rows.append(["open in Chromium", "not measured: no Chromium on this machine"])
    else:
        with Browser(chromium) as browser:
            seconds = [open_seconds(browser, PAGE) for _ in range(OPENS)]
            detailed = browser.evaluate("document.querySelectorAll('details.file').length")
            errors = browser.errors
        median = statistics.median(seconds)
        rows.append(
            [
                "open in headless Chromium (navigation to first frame)",
                f"median {median:.2f} s of {OPENS} (limit {MAX_OPEN_SECONDS:.0f} s)",
            ]
        )
        rows.append(["files shown line by line", f"{detailed:,}"])
        rows.append(["console errors", str(len(errors))])
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    rows.append(["cores", str(cores)])
    return table(["review page", "figure"], rows)


if __name__ == "__main__":
    print(run())
