"""Throughput, start-up and peak memory, side by side in one run on the same documents.

Rows: the raw floor (read + decode + encode + write, nothing else), the naive pipeline
(``chardet.detect`` on the whole file + OpenCC ``t2s`` over the whole text), and the govclean
command over the tree of distinct documents (``-o DIR``) with one and two workers; the headline is
the ratio to the naive pipeline. Two more rows run the command with steps skipped (without the
line classification; with only the steps that cannot be skipped): what a run costs besides those
steps, and so the time a ratio to naive leaves them. Every row keeps its fastest of
:data:`PASSES` passes, taken in turn: on a shared machine the fastest pass is the one least
disturbed by other work. CPU seconds (this process and its children) sit beside wall time: they
show what a second worker really got.
"""

from __future__ import annotations

import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache, partial
from pathlib import Path
from typing import Any, NamedTuple

from bench.common import ROOT, WORK, best_of, mb_per_s, table
from bench.corpus import (
    build_big_file,
    build_distinct_tree,
    build_many_lines_file,
    corpus_documents,
    distinct_documents,
)
from govclean.pipeline import SKIPPABLE_STEPS

GOVCLEAN = Path(sys.executable).parent / "govclean"
#: The step the first budget row skips (see :data:`~govclean.pipeline.SKIPPABLE_STEPS`).
CLASSIFY_STEP = "classify_lines"
#: The compiled build (``make compiled``), timed beside the pure one when it is there.
COMPILED = ROOT / ".venv-compiled" / "bin"
SEED = ROOT / "seeds" / "000_79a294fec3fc9865.txt"
#: Where the timed runs write. A memory file system when the machine has one: a disk's background
#: work (journal, page reclaim) can move one run by seconds of system time and hide how the tool
#: itself scales. Every row writes there, the floor included.
SHM = Path("/dev/shm")
OUT = SHM / "govclean-bench-out" if SHM.is_dir() and os.access(SHM, os.W_OK) else WORK / "out"
#: Starts of each command timed for the start-up table, the commands in turn.
STARTUP_RUNS = 25
#: Every throughput row is timed this many times, the rows in turn; each keeps its fastest pass.
PASSES = 3
STARTUP_VENV = WORK / "startup-venv"
#: Runs a command as a child and prints its exit status, wall seconds and peak resident set in KiB
#: (Linux ru_maxrss).
_PEAK_RSS = (
    "import resource, subprocess, sys, time\n"
    "start = time.perf_counter()\n"
    "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode\n"
    "print(code, time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
)
#: Document sizes of the scaling table; the largest comes from the 200 MB file's command-line run.
SCALING_SIZES = (1_000, 10_000, 100_000, 1_000_000, 10_000_000)


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


def _govclean(
    tree: Path, jobs: int, program: Path = GOVCLEAN, skip: tuple[str, ...] = ()
) -> Callable[[], object]:
    # Exit status 123 is expected: the corpus holds an EUC-TW file, which govclean refuses.
    skipped = [arg for step in skip for arg in ("--skip", step)]
    command: list[str | Path] = [program, "-q", "-j", str(jobs), *skipped, str(tree), "-o", str(OUT)]
    return lambda: subprocess.run(command, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


class StartTimes(NamedTuple):
    """Medians of one command's starts: wall seconds and CPU seconds (user + system)."""

    wall: float
    cpu: float


def _start_times(commands: dict[str, tuple[list[str | Path], Path | None]]) -> dict[str, StartTimes]:
    """Each command's median wall and CPU time over :data:`STARTUP_RUNS` starts, the commands
    taken in turn, so that a machine slowing down or speeding up affects all alike.

    CPU time is read from the child's own resource usage: on a shared machine it leaves out the
    waits for a core that wall time counts. The children run in an empty directory: a
    ``pyproject.toml`` above the working directory that names govclean (this checkout's does)
    would be parsed, which a one-line run in the user's own directory does not pay.
    """
    walls: dict[str, list[float]] = {name: [] for name in commands}
    cpus: dict[str, list[float]] = {name: [] for name in commands}
    with tempfile.TemporaryDirectory() as neutral:
        for _ in range(STARTUP_RUNS):
            for name, (command, stdin) in commands.items():
                with (stdin or Path("/dev/null")).open("rb") as source:
                    start = time.perf_counter()
                    child = subprocess.Popen(command, stdin=source, stdout=subprocess.DEVNULL, cwd=neutral)
                    _, status, usage = os.wait4(child.pid, 0)
                    walls[name].append(time.perf_counter() - start)
                child.returncode = os.waitstatus_to_exitcode(status)  # reaped: Popen must not wait
                if child.returncode != 0:
                    raise subprocess.CalledProcessError(child.returncode, command)
                cpus[name].append(usage.ru_utime + usage.ru_stime)
    return {
        name: StartTimes(statistics.median(walls[name]), statistics.median(cpus[name])) for name in commands
    }


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
    purelib = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    (Path(purelib) / "govclean-checkout.pth").write_text(f"{ROOT}\n{sysconfig.get_path('purelib')}\n")
    compileall.compile_dir(ROOT / "govclean", quiet=1)
    return python


class ChildRun(NamedTuple):
    code: int
    wall: float
    peak: int


def child_run(command: list[str | Path]) -> ChildRun:
    """The exit status, wall seconds and peak resident memory (bytes) of ``command`` run as a child."""
    result = subprocess.run(
        [sys.executable, "-c", _PEAK_RSS, *map(str, command)], capture_output=True, text=True, check=True
    )
    code, wall, kib = result.stdout.split()
    return ChildRun(int(code), float(wall), int(kib) * 1024)


def peak_rss_bytes(command: list[str | Path]) -> tuple[int, int]:
    """The exit status and the peak resident memory of ``command`` run as a child process."""
    run = child_run(command)
    return run.code, run.peak


def _fastest(runs: list[Measured]) -> Measured:
    return min(runs, key=lambda run: run.wall)


def _throughput_rows(paths: list[Path], total: int) -> list[list[str]]:
    """The table's rows: each pipeline's fastest of :data:`PASSES` passes, the pipelines in turn."""
    tree = paths[0].parent
    for path in paths:  # every row then reads the inputs from the page cache, the first one too
        path.read_bytes()
    works = {
        "raw floor (read + decode + encode + write)": _each(floor_one, paths, tree),
        "naive (chardet.detect + OpenCC t2s, whole file)": _each(naive_one, paths, tree),
        "govclean -j 1 (command line, -o DIR)": _govclean(tree, 1),
        "govclean -j 2 (command line, -o DIR)": _govclean(tree, 2),
    }
    if (COMPILED / "govclean").exists():
        works["govclean -j 1, compiled build"] = _govclean(tree, 1, COMPILED / "govclean")
    # What the rest of a run costs, for the budget the bar leaves the classification: the same
    # command without it, and with only the steps that cannot be skipped (start-up, reading,
    # decoding, the learning pass, assembling, writing).
    works[f"govclean -j 1 --skip {CLASSIFY_STEP}"] = _govclean(tree, 1, skip=(CLASSIFY_STEP,))
    works["govclean -j 1, every skippable step skipped"] = _govclean(tree, 1, skip=SKIPPABLE_STEPS)
    passes: dict[str, list[Measured]] = defaultdict(list)
    for _ in range(PASSES):
        for name, work in works.items():
            passes[name].append(_measure(work))
    runs = {name: _fastest(measured) for name, measured in passes.items()}
    floor, naive = (
        runs["raw floor (read + decode + encode + write)"],
        runs["naive (chardet.detect + OpenCC t2s, whole file)"],
    )
    return [
        [
            name,
            f"{mb_per_s(total, run.wall):.2f}",
            f"{len(paths) / run.wall:.0f}",
            f"{run.cpu:.2f}",
            f"{run.wall / floor.wall:.1f}",
            f"{floor.wall / run.wall:.3f}",
            f"**{naive.wall / run.wall:.2f}**",
            f"{naive.cpu / run.cpu:.2f}",
        ]
        for name, run in runs.items()
    ]


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
    return [
        [name, f"{spent * 1e3:.0f}", f"{100 * spent / total:.1f} %", f"{mb_per_s(size, spent):.1f}"]
        for name, spent in best.items()
    ]


def _memory_rows(big: Path, many: Path) -> tuple[list[list[str]], ChildRun]:
    """Peak memory on the 200 MB file and the 2,000,000-line file; and the 200 MB file's run."""
    rows, runs = [], []
    for path in (big, many):
        size = path.stat().st_size
        out = WORK / "peak.out"
        run = child_run([GOVCLEAN, path, "-o", out])
        runs.append(run)
        rows.append(
            [
                path.name,
                f"{size / 1e6:.0f} MB",
                f"{run.peak / 1e6:.0f} MB",
                f"{run.peak / size:.2f}x",
                f"{mb_per_s(size, run.wall):.2f}",
                str(run.code),
            ]
        )
        out.unlink(missing_ok=True)
    return rows, runs[0]


def _prefix(data: bytes, size: int) -> bytes:
    """The first whole lines of ``data`` up to about ``size`` bytes."""
    end = data.find(b"\n", size)
    return data[: end + 1 if end >= 0 else len(data)]


def _scaling_rows(big: Path, big_run: ChildRun, startup: float) -> list[list[str]]:
    """Library MB/s from 1 KB to 10 MB (prefixes of the 200 MB file, fastest of 3), and the 200 MB
    command-line run less one start-up: a step that grows faster than the input shows here."""
    from govclean import clean_bytes

    with big.open("rb") as handle:
        head = handle.read(max(SCALING_SIZES) + 100_000)
    rows = []
    for size in SCALING_SIZES:
        data = _prefix(head, size)
        seconds = best_of(partial(clean_bytes, data), repeat=3)
        rows.append(
            [f"{len(data) / 1e3:,.0f} KB", "library, fastest of 3", f"{mb_per_s(len(data), seconds):.2f}"]
        )
    size = big.stat().st_size
    rows.append(
        [
            f"{size / 1e3:,.0f} KB",
            "command line, less one start-up",
            f"{mb_per_s(size, big_run.wall - startup):.2f}",
        ]
    )
    return rows


def _startup_rows() -> tuple[list[list[str]], float]:
    python = _startup_python()
    main = "from govclean.cli import main; main()"
    commands: dict[str, tuple[list[str | Path], Path | None]] = {
        "python -c pass": ([python, "-c", "pass"], None),
        'python -c "import click"': ([python, "-c", "import click"], None),
        "govclean < seed > out": ([python, "-c", main], SEED),
    }
    compiled = COMPILED / "python"
    if compiled.exists():  # its own interpreter and click: a venv of its own, not editable
        commands["import click, compiled build's venv"] = ([compiled, "-c", "import click"], None)
        commands["govclean < seed > out, compiled build"] = ([compiled, "-c", main], SEED)
    times = _start_times(commands)
    bare, click = times["python -c pass"], times['python -c "import click"']
    rows = []
    for name, measured in times.items():
        # Each build against the import of click in its own venv.
        own_click = times.get("import click, compiled build's venv", click) if "compiled" in name else click
        rows.append(
            [
                name,
                f"{measured.wall * 1e3:.1f}",
                f"{measured.cpu * 1e3:.1f}",
                f"{measured.wall / bare.wall:.2f}",
                f"**{measured.wall / own_click.wall:.2f}**",
                f"**{measured.cpu / own_click.cpu:.2f}**",
            ]
        )
    return rows, times["govclean < seed > out"].wall


def run() -> str:
    # A cache of the benchmark's own: another checkout's runs on the machine, with other rules,
    # would otherwise replace the cached tables and rules between two timed starts.
    os.environ["GOVCLEAN_CACHE_DIR"] = str(WORK / "cache")
    docs = distinct_documents()
    paths = build_distinct_tree(docs)
    total = sum(p.stat().st_size for p in paths)
    try:
        rows = _throughput_rows(paths, total)
    finally:
        shutil.rmtree(OUT, ignore_errors=True)
    # x naive by CPU seconds too: on a loaded machine wall time also counts the waits for a core.
    throughput = table(
        [
            "pipeline",
            "MB/s",
            "files/s",
            "CPU s",
            "x time of floor",
            "share of floor",
            "x naive",
            "x naive, CPU",
        ],
        rows,
    )
    steps = table(["part", "ms", "share", "MB/s alone"], _step_rows([doc.data for doc in docs]))
    startup_rows, seeded = _startup_rows()
    startup = table(
        [
            "command",
            f"wall, median of {STARTUP_RUNS} (ms)",
            "CPU, median (ms)",
            "x python -c pass, wall",
            "x import click, wall",
            "x import click, CPU",
        ],
        startup_rows,
    )
    source = (
        "the shared corpus, gold pages and perturbed variants"
        if corpus_documents()
        else "the repository's seeds and golden inputs: no shared corpus"
    )
    parts = [
        f"Distinct documents: {len(paths)} files, {total / 1e6:.2f} MB (`.bench/distinct`: {source}"
        f", none repeated); outputs written to `{OUT}`; each row the fastest of {PASSES} passes "
        f"taken in turn.\n\n{throughput}",
        f"Where the library's time goes (the {len(docs)} documents, fastest of {STEP_PASSES} "
        f"passes):\n\n{steps}",
        f"Start-up (a bare virtual environment with this checkout on its path, bytecode compiled, "
        f"run from an empty directory; the commands in turn):"
        f"\n\n{startup}",
    ]
    if corpus_documents():
        big = build_big_file(corpus_documents())
        memory_rows, big_run = _memory_rows(big, build_many_lines_file(corpus_documents()))
        memory = table(["file", "size", "peak RSS", "peak / size", "MB/s", "exit"], memory_rows)
        scaling = table(["document size", "measured", "MB/s"], _scaling_rows(big, big_run, seeded))
        parts += [
            f"Peak memory (`govclean FILE -o OUT`, child ru_maxrss):\n\n{memory}",
            f"Rate by document size (the same text, cut at line ends):\n\n{scaling}",
        ]
    return "\n\n".join(parts)
