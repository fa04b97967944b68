"""Throughput, start-up and peak memory, side by side in one run on the same generated corpus.

Rows: the raw floor (read + decode + encode + write, nothing else), the naive pipeline
(``chardet.detect`` on the whole file + OpenCC ``t2s`` over the whole text), and the govclean
command over the tree (``-o DIR``) with one and two workers. CPU seconds (this process and its
children) sit beside wall time: on a shared machine they show what a second worker really got.
"""

from __future__ import annotations

import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from bench.common import ROOT, WORK, mb_per_s, table
from bench.corpus import build_big_file, build_many_lines_file, build_tree, corpus_documents

GOVCLEAN = Path(sys.executable).parent / "govclean"
SEED = ROOT / "seeds" / "000_79a294fec3fc9865.txt"
#: Where the timed runs write. A memory file system when the machine has one: a disk's background
#: work (journal, page reclaim) can move one run by seconds of system time and hide how the tool
#: itself scales. Every row writes there, the floor included.
SHM = Path("/dev/shm")
OUT = SHM / "govclean-bench-out" if SHM.is_dir() and os.access(SHM, os.W_OK) else WORK / "out"
STARTUP_RUNS = 11
#: -j 1 and -j 2 are timed in turn this many times.
GOVCLEAN_PAIRS = 5
STARTUP_VENV = WORK / "startup-venv"
#: Runs a command as a child and prints the child's peak resident set in KiB (Linux ru_maxrss).
_PEAK_RSS = (
    "import resource, subprocess, sys\n"
    "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode\n"
    "print(code, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
)


def _mirror(path: Path, tree: Path, out: Path) -> Path:
    target = out / path.relative_to(tree)
    target.parent.mkdir(parents=True, exist_ok=True)
    return target


def floor_one(path: Path, tree: Path, out: Path) -> None:
    """Read, decode, encode, write: what any tool that rewrites the file must pay."""
    text = path.read_bytes().decode("utf-8", errors="replace")
    _mirror(path, tree, out).write_bytes(text.encode("utf-8"))


@cache
def _t2s() -> Any:
    from opencc import OpenCC

    return OpenCC("t2s")


def naive_one(path: Path, tree: Path, out: Path) -> None:
    """The obvious script: detect the whole file's encoding, convert the whole text to simplified."""
    import chardet

    data = path.read_bytes()
    encoding = chardet.detect(data)["encoding"] or "utf-8"
    text = _t2s().convert(data.decode(encoding, errors="replace"))
    _mirror(path, tree, out).write_bytes(text.encode("utf-8"))


class Measured(NamedTuple):
    wall: float
    cpu: float


def _cpu_seconds() -> float:
    """CPU time of this process and of every child it has waited for, user and system."""
    own, children = (resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _measure(work: Callable[[], object]) -> Measured:
    shutil.rmtree(OUT, ignore_errors=True)
    # The previous run's files and their removal are flushed before the clock starts, so the disk
    # work they leave behind is not billed to this run.
    os.sync()
    cpu, wall = _cpu_seconds(), time.perf_counter()
    work()
    return Measured(time.perf_counter() - wall, _cpu_seconds() - cpu)


def _each(work: Callable[[Path, Path, Path], None], paths: list[Path], tree: Path) -> Callable[[], None]:
    def every_path() -> None:
        for path in paths:
            work(path, tree, OUT)

    return every_path


def _govclean(tree: Path, jobs: int) -> Callable[[], object]:
    # Exit status 123 is expected: the corpus holds an EUC-TW file, which govclean refuses.
    command: list[str | Path] = [GOVCLEAN, "-q", "-j", str(jobs), str(tree), "-o", str(OUT)]
    return lambda: subprocess.run(command, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _median_wall(command: list[str | Path], stdin: Path | None) -> float:
    times = []
    for _ in range(STARTUP_RUNS):
        with (stdin or Path("/dev/null")).open("rb") as source:
            start = time.perf_counter()
            subprocess.run(command, stdin=source, stdout=subprocess.DEVNULL, check=True)
            times.append(time.perf_counter() - start)
    return statistics.median(times)


def _startup_python() -> Path:
    """The interpreter of a bare virtual environment that sees this checkout's package and the
    project environment's dependencies through a path file, the package's bytecode compiled: a
    start as an installed copy makes it.

    The project environment itself would mislead twice: its editable install's import hook runs
    at every start (about 12 ms, so ``python -c pass`` looks slower and the ratio better), and an
    editable install compiles no bytecode (where PYTHONDONTWRITEBYTECODE is set, every start
    compiles the package from source, which no ``pip install`` leaves to do).
    """
    import compileall
    import sysconfig
    import venv

    python = STARTUP_VENV / "bin" / "python"
    if not python.exists():
        venv.create(STARTUP_VENV, with_pip=False)
    purelib = subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                             capture_output=True, text=True, check=True).stdout.strip()
    (Path(purelib) / "govclean-checkout.pth").write_text(f"{ROOT}\n{sysconfig.get_path('purelib')}\n")
    compileall.compile_dir(ROOT / "govclean", quiet=1)
    return python


def peak_rss_bytes(command: list[str | Path]) -> tuple[int, int]:
    """The exit status and the peak resident memory of ``command`` run as a child process."""
    result = subprocess.run([sys.executable, "-c", _PEAK_RSS, *map(str, command)],
                            capture_output=True, text=True, check=True)
    code, kib = result.stdout.split()
    return int(code), int(kib) * 1024


def _median(runs: list[Measured]) -> Measured:
    return Measured(statistics.median(run.wall for run in runs), statistics.median(run.cpu for run in runs))


def _govclean_pairs(tree: Path) -> tuple[Measured, Measured, list[float]]:
    """``-j 1`` and ``-j 2`` timed in turn :data:`GOVCLEAN_PAIRS` times: the median of each, and
    each pair's speed-up (on a shared machine one pair's ratio moves by 0.1 or more)."""
    one, two = [], []
    for _ in range(GOVCLEAN_PAIRS):
        one.append(_measure(_govclean(tree, 1)))
        two.append(_measure(_govclean(tree, 2)))
    speed_ups = [alone.wall / paired.wall for alone, paired in zip(one, two, strict=True)]
    return _median(one), _median(two), speed_ups


def _throughput_rows(paths: list[Path], total: int) -> tuple[list[list[str]], list[float]]:
    """The table's rows, and the speed-up of ``-j 2`` over ``-j 1`` in each pair."""
    tree = paths[0].parent.parent
    for path in paths:  # every row then reads the inputs from the page cache, the first one too
        path.read_bytes()
    floor, naive = (_measure(_each(work, paths, tree)) for work in (floor_one, naive_one))
    one, two, speed_ups = _govclean_pairs(tree)
    runs = {
        "raw floor (read + decode + encode + write)": floor,
        "naive (chardet.detect + OpenCC t2s, whole file)": naive,
        f"govclean -j 1 (command line, -o DIR; median of {GOVCLEAN_PAIRS})": one,
        f"govclean -j 2 (command line, -o DIR; median of {GOVCLEAN_PAIRS})": two,
    }
    rows = [
        [name, f"{mb_per_s(total, run.wall):.1f}", f"{len(paths) / run.wall:.0f}", f"{run.cpu:.1f}",
         f"{floor.wall / run.wall:.2f}", f"{naive.wall / run.wall:.1f}"]
        for name, run in runs.items()
    ]
    return rows, speed_ups


@contextmanager
def _clock(seconds: dict[str, float], name: str) -> Iterator[None]:
    start = time.perf_counter()
    yield
    seconds[name] += time.perf_counter() - start


#: Passes over the corpus documents for the per-step table; each part keeps its fastest pass.
STEP_PASSES = 3


def _step_rows(docs: list[bytes]) -> list[list[str]]:
    """Where the library's time goes: each pipeline step from decoding to assembling; each step's
    fastest of :data:`STEP_PASSES` passes (the first pass also pays first-use work)."""
    from govclean.config import CleanConfig
    from govclean.decoding.decode import DecodeError
    from govclean.model import Document
    from govclean.pipeline import STEPS

    config = CleanConfig()
    best: dict[str, float] = {}
    for _ in range(STEP_PASSES):
        seconds: dict[str, float] = defaultdict(float)
        for data in docs:
            doc = Document(raw=data)
            try:
                for name, step in STEPS:
                    with _clock(seconds, name):
                        doc = step(doc, config)
            except DecodeError:
                continue
        best = {name: min(spent, best.get(name, spent)) for name, spent in seconds.items()}
    total = sum(best.values())
    size = sum(map(len, docs))
    return [[name, f"{spent * 1e3:.0f}", f"{100 * spent / total:.1f} %", f"{mb_per_s(size, spent):.1f}"]
            for name, spent in best.items()]


def _memory_rows(big: Path, many: Path) -> list[list[str]]:
    rows = []
    for path in (big, many):
        size = path.stat().st_size
        out = WORK / "peak.out"
        code, peak = peak_rss_bytes([GOVCLEAN, path, "-o", out])
        rows.append([path.name, f"{size / 1e6:.0f} MB", f"{peak / 1e6:.0f} MB", f"{peak / size:.2f}x",
                     str(code)])
        out.unlink(missing_ok=True)
    return rows


def run() -> str:
    docs = corpus_documents()
    if not docs:
        return "shared corpus absent: nothing to measure"
    paths = build_tree(docs)
    total = sum(p.stat().st_size for p in paths)
    try:
        rows, speed_ups = _throughput_rows(paths, total)
    finally:
        shutil.rmtree(OUT, ignore_errors=True)
    throughput = table(["pipeline", "MB/s", "files/s", "CPU s", "x floor", "x naive"], rows)
    steps = table(["part", "ms", "share", "MB/s alone"], _step_rows([doc.data for doc in docs]))
    python = _startup_python()
    bare = _median_wall([python, "-c", "pass"], None)
    seeded = _median_wall([python, "-c", "from govclean.cli import main; main()"], SEED)
    startup = table(["command", f"median of {STARTUP_RUNS} (ms)", "ratio"], [
        ["python -c pass", f"{bare * 1e3:.1f}", "1.00"],
        ["govclean < seed > out", f"{seeded * 1e3:.1f}", f"{seeded / bare:.2f}"],
    ])
    memory = table(["file", "size", "peak RSS", "peak / size", "exit"],
                   _memory_rows(build_big_file(docs), build_many_lines_file(docs)))
    pairs = ", ".join(f"{speed_up:.2f}" for speed_up in speed_ups)
    return (f"Generated corpus: {len(paths)} files, {total / 1e6:.1f} MB (`.bench/tree`), outputs written to "
            f"`{OUT}`.\n\n{throughput}\n\n"
            f"`-j 2` against `-j 1`, pair by pair: {pairs} (median {statistics.median(speed_ups):.2f}).\n\n"
            f"Where the library's time goes (the {len(docs)} corpus documents, fastest of {STEP_PASSES} "
            f"passes):\n\n{steps}\n\n"
            f"Start-up (a bare virtual environment with this checkout on its path, bytecode compiled):"
            f"\n\n{startup}\n\nPeak memory (`govclean FILE -o OUT`, child ru_maxrss):\n\n{memory}")
