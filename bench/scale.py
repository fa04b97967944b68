"""Scale: records/s of ``--jsonl`` on one core, and the Dask engine run locally on 1 and 2 workers.

The records are every document of the shared corpus that decodes, one JSON Lines record each
(``{"id", "text"}``), repeated ``COPIES`` times and spread over ``SHARDS`` shards, every other one
gzip, under ``.bench/scale/``. All rows come from one run on the same shards, so their ratios hold
even on a noisy machine. The Dask rows need the optional extra ``govclean[dask]``.
"""

from __future__ import annotations

import gzip
import json
import multiprocessing
import os
import resource
import shutil
import subprocess
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from bench.common import WORK, table
from bench.corpus import corpus_documents
from bench.throughput import GOVCLEAN, peak_rss_bytes
from govclean import DecodeError
from govclean.decoding.decode import decode_bytes
from govclean.io.jsonl import JsonlOptions

SCALE = WORK / "scale"
SHARDS_DIR = SCALE / "in"
OUT = SCALE / "out"
SHARDS = 8
COPIES = 4


def build_shards() -> tuple[int, int]:
    """Write the shards (when missing); the number of records and of UTF-8 text bytes in them."""
    texts = []
    for doc in corpus_documents():
        try:
            texts.append(decode_bytes(doc.data).text)
        except DecodeError:
            continue
    lines = [
        json.dumps({"id": f"{copy}-{number}", "text": text}, ensure_ascii=False).encode("utf-8") + b"\n"
        for copy in range(COPIES)
        for number, text in enumerate(texts)
    ]
    size = -(-len(lines) // SHARDS)
    if not SHARDS_DIR.exists():
        SHARDS_DIR.mkdir(parents=True)
        for number in range(SHARDS):
            data = b"".join(lines[number * size : (number + 1) * size])
            name = f"part-{number:03d}.jsonl"
            if number % 2:
                (SHARDS_DIR / f"{name}.gz").write_bytes(gzip.compress(data))
            else:
                (SHARDS_DIR / name).write_bytes(data)
    return len(lines), COPIES * sum(len(text.encode("utf-8")) for text in texts)


def jsonl_once() -> None:
    """The command, as a user runs it: ``govclean --jsonl SHARDS > /dev/null`` (start-up included)."""
    subprocess.run([GOVCLEAN, "--jsonl", "-q", SHARDS_DIR], stdout=subprocess.DEVNULL, check=True)


def _cpu_seconds() -> float:
    """CPU time of this process and of its children that have ended (workers, commands)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _machine_busy_seconds() -> float:
    """CPU time all processes of the machine have used since boot (Linux /proc/stat)."""
    fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(value) for value in fields[:8])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True, slots=True, order=True)
class Timing:
    wall: float
    #: CPU seconds of this process and its ended children during the run.
    cpu: float
    #: Cores that other work on the machine kept busy during the run, on average.
    others: float


def measure(works: dict[int, Callable[[], object]], repeat: int = 3) -> dict[int, Timing]:
    """For each work, the run with the best wall time of ``repeat``, with its CPU and the machine's load.

    The works take turns, so that a change in the machine's load falls on all of them alike. On a
    shared machine (where the kernel also shares a core fairly between sessions) the 2-worker runs
    can only be as fast as the free cores allow: the ``others`` column says how many were taken.
    """
    runs: dict[int, list[Timing]] = {key: [] for key in works}
    for _ in range(repeat):
        for key, work in works.items():
            cpu, busy, start = _cpu_seconds(), _machine_busy_seconds(), time.perf_counter()
            work()
            wall, cpu = time.perf_counter() - start, _cpu_seconds() - cpu
            runs[key].append(Timing(wall, cpu, max(0.0, (_machine_busy_seconds() - busy - cpu) / wall)))
    return {key: min(timings) for key, timings in runs.items()}


def _spin(count: int) -> int:
    total = 0
    for number in range(count):
        total += number * number
    return total


def spin_loops(workers: int, loops: int = 8, count: int = 4_000_000) -> None:
    """Equal pure-Python loops on ``workers`` processes: what the machine itself gives a second process."""
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        list(pool.map(_spin, [count] * loops))


def _row(name: str, records: int, timing: Timing, ratio: str, own_cpu: bool = True) -> list[str]:
    """A table row; ``records`` 0 for work that cleans no record."""

    def rate(seconds: float) -> str:
        return f"{records / seconds:,.0f}" if records else "-"

    cpu = [f"{timing.cpu:.2f}", rate(timing.cpu), f"{timing.others:.1f}"] if own_cpu else ["-", "-", "-"]
    return [name, f"{timing.wall:.2f}", rate(timing.wall), *cpu, ratio]


def _engine_rows(records: int, one_core: float) -> list[list[str]]:
    try:
        from dask.distributed import Client, LocalCluster

        from govclean.io.scale import clean_shards
    except ImportError:
        return [["Dask rows", "-", "-", "-", "-", "-", "not run: install govclean[dask]"]]
    options = JsonlOptions()

    def run_shards(scheduler: object, workers: int | None = None) -> None:
        shutil.rmtree(OUT, ignore_errors=True)
        clean_shards([str(SHARDS_DIR)], str(OUT), options, scheduler=scheduler, num_workers=workers)

    sync = measure({0: partial(run_shards, "sync")}, repeat=2)[0]
    rows = [
        _row(
            "Dask bag, `sync` scheduler (one task after another, in this process)",
            records,
            sync,
            f"{one_core / sync.wall:.2f}× `--jsonl`",
        )
    ]
    local = measure({n: partial(run_shards, "processes", n) for n in (1, 2)})
    rows += [
        _row(
            f"Dask bag, local processes, {n} worker(s), process start included",
            records,
            timing,
            f"{local[1].wall / timing.wall:.2f}× 1 worker",
        )
        for n, timing in local.items()
    ]
    cluster: dict[int, Timing] = {}
    for n in (1, 2):
        start = time.perf_counter()
        with (
            LocalCluster(  # type: ignore[no-untyped-call]
                n_workers=n, threads_per_worker=1, processes=True, dashboard_address=":0"
            ) as local_cluster,
            Client(local_cluster) as client,  # type: ignore[no-untyped-call]
        ):
            started = time.perf_counter() - start
            cluster[n] = measure({n: partial(run_shards, client)}, repeat=2)[n]
        # The cluster's workers end after the runs, so their CPU cannot be told apart here.
        speed_up = f"{cluster[1].wall / cluster[n].wall:.2f}× 1 worker"
        rows.append(
            _row(
                f"dask.distributed LocalCluster, {n} worker(s), cluster start ({started:.1f} s) excluded",
                records,
                cluster[n],
                speed_up,
                own_cpu=False,
            )
        )
    return rows


def run() -> str:
    if not corpus_documents():
        return "shared corpus absent: section skipped"
    records, text_bytes = build_shards()
    one_core = measure({1: jsonl_once})[1]
    rows = [
        _row(
            "`govclean --jsonl` (one process, one core)",
            records,
            one_core,
            f"{text_bytes / 1e6 / one_core.wall:.2f} MB/s of text",
        )
    ]
    ceiling = measure({n: partial(spin_loops, n) for n in (1, 2)})
    rows += [
        _row(
            f"Machine ceiling: equal CPU-bound pure-Python loops on {n} process(es)",
            0,
            timing,
            f"{ceiling[1].wall / timing.wall:.2f}× 1 process",
        )
        for n, timing in ceiling.items()
    ]
    rows += _engine_rows(records, one_core.wall)
    shards = sorted(SHARDS_DIR.iterdir())
    one, every = (peak_rss_bytes([GOVCLEAN, "--jsonl", "-q", *part])[1] for part in (shards[:1], shards))
    memory = (
        f"Peak RSS of `govclean --jsonl` over 1 shard: {one / 2**20:.1f} MiB; over all {len(shards)} "
        f"shards ({len(shards)}× the records): {every / 2**20:.1f} MiB."
    )
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    return (
        f"{records:,} records ({text_bytes / 1e6:.1f} MB of text) in {SHARDS} shards, "
        f"{os.cpu_count()} cores, load average at the end {load}.\n\n"
        + table(
            [
                "run",
                "wall s (best)",
                "records/s",
                "CPU s",
                "records per CPU s",
                "cores busy with other work",
                "ratio",
            ],
            rows,
        )
        + f"\n\n{memory}\n"
    )
