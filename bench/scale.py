"""Scale: records/s of ``--jsonl`` on one core, and the Dask engine run locally on 1 and 2 workers.

The records are every document of the shared corpus that decodes, one JSON Lines record each
(``{"id", "text"}``), repeated ``COPIES`` times and spread over ``SHARDS`` shards, every other one
gzip, under ``.bench/scale/``. All rows come from one run on the same shards, so their ratios hold
even on a noisy machine. The Dask rows need the optional extra ``govclean[dask]``.
"""

from __future__ import annotations

import gzip
import json
import os
import resource
import shutil
import subprocess
import time
from collections.abc import Callable

from bench.common import WORK, table
from bench.corpus import corpus_documents
from bench.throughput import GOVCLEAN, peak_rss_bytes
from govclean import DecodeError
from govclean.decode import decode_bytes
from govclean.jsonl import JsonlOptions

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
    lines = [json.dumps({"id": f"{copy}-{number}", "text": text}, ensure_ascii=False).encode("utf-8") + b"\n"
             for copy in range(COPIES) for number, text in enumerate(texts)]
    size = -(-len(lines) // SHARDS)
    if not SHARDS_DIR.exists():
        SHARDS_DIR.mkdir(parents=True)
        for number in range(SHARDS):
            data = b"".join(lines[number * size:(number + 1) * size])
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


def measure(work: Callable[[], object], repeat: int = 2) -> tuple[float, float]:
    """The best wall time of ``repeat`` runs and the CPU seconds that run used.

    On a machine shared with other work the wall time of the 2-worker runs depends on how much
    of the second core is free; the CPU seconds say how much work was done.
    """
    runs = []
    for _ in range(repeat):
        cpu, start = _cpu_seconds(), time.perf_counter()
        work()
        runs.append((time.perf_counter() - start, _cpu_seconds() - cpu))
    return min(runs)


def _row(name: str, records: int, wall: float, cpu: float | None, ratio: str) -> list[str]:
    per_cpu = f"{records / cpu:,.0f}" if cpu else "-"
    return [name, f"{wall:.2f}", f"{cpu:.2f}" if cpu else "-", f"{records / wall:,.0f}", per_cpu, ratio]


def _engine_rows(records: int, one_core: float) -> list[list[str]]:
    try:
        from dask.distributed import Client, LocalCluster

        from govclean.scale import clean_shards
    except ImportError:
        return [["Dask rows", "-", "-", "-", "-", "not run: install govclean[dask]"]]
    options = JsonlOptions()

    def shards(scheduler: object = "processes", workers: int | None = None) -> tuple[float, float]:
        shutil.rmtree(OUT, ignore_errors=True)
        return measure(lambda: clean_shards([str(SHARDS_DIR)], str(OUT), options, scheduler=scheduler,
                                            num_workers=workers))

    sync = shards("sync")
    rows = [_row("Dask bag, `sync` scheduler (one task after another, in this process)", records, *sync,
                 f"{one_core / sync[0]:.2f}× `--jsonl`")]
    local = {n: shards("processes", n) for n in (1, 2)}
    rows += [_row(f"Dask bag, local processes, {n} worker(s), process start included", records, wall, cpu,
                  f"{local[1][0] / wall:.2f}× 1 worker") for n, (wall, cpu) in local.items()]
    cluster: dict[int, float] = {}
    for n in (1, 2):
        start = time.perf_counter()
        with LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                          dashboard_address=None) as local_cluster, Client(local_cluster) as client:
            started = time.perf_counter() - start
            cluster[n] = shards(client)[0]  # its workers' CPU is not ours to count until they end
        rows.append(_row(f"dask.distributed LocalCluster, {n} worker(s), cluster start ({started:.1f} s) "
                         "excluded", records, cluster[n], None, f"{cluster[1] / cluster[n]:.2f}× 1 worker"))
    return rows


def run() -> str:
    if not corpus_documents():
        return "shared corpus absent: section skipped"
    records, text_bytes = build_shards()
    one_core, one_core_cpu = measure(jsonl_once, repeat=3)
    rows = [_row("`govclean --jsonl` (one process, one core)", records, one_core, one_core_cpu,
                 f"{text_bytes / 1e6 / one_core:.2f} MB/s of text")]
    rows += _engine_rows(records, one_core)
    shards = sorted(SHARDS_DIR.iterdir())
    one, every = (peak_rss_bytes([GOVCLEAN, "--jsonl", "-q", *part])[1] for part in (shards[:1], shards))
    memory = (f"Peak RSS of `govclean --jsonl` over 1 shard: {one / 2**20:.1f} MiB; over all {len(shards)} "
              f"shards ({len(shards)}× the records): {every / 2**20:.1f} MiB.")
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    return (f"{records:,} records ({text_bytes / 1e6:.1f} MB of text) in {SHARDS} shards, "
            f"{os.cpu_count()} cores, load average at the end {load}.\n\n"
            + table(["run", "wall s (best)", "CPU s", "records/s", "records per CPU s", "ratio"], rows)
            + f"\n\n{memory}\n")
