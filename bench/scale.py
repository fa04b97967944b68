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
import shutil
import subprocess
import time

from bench.common import WORK, best_of, table
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


def _rate(records: int, seconds: float) -> str:
    return f"{records / seconds:,.0f}"


def _engine_rows(records: int, one_core: float) -> list[list[str]]:
    try:
        from dask.distributed import Client, LocalCluster

        from govclean.scale import clean_shards
    except ImportError:
        return [["Dask rows", "-", "-", "not run: install govclean[dask]"]]
    options = JsonlOptions()

    def shards(scheduler: object = "processes", workers: int | None = None) -> float:
        shutil.rmtree(OUT, ignore_errors=True)
        return best_of(lambda: clean_shards([str(SHARDS_DIR)], str(OUT), options, scheduler=scheduler,
                                            num_workers=workers), repeat=2)

    rows = []
    sync = shards("sync")
    rows.append(["Dask bag, `sync` scheduler (in this process)", f"{sync:.2f}", _rate(records, sync),
                 f"{one_core / sync:.2f}× `--jsonl`"])
    local = {n: shards("processes", n) for n in (1, 2)}
    for n, seconds in local.items():
        rows.append([f"Dask bag, local processes, {n} worker(s), start-up included", f"{seconds:.2f}",
                     _rate(records, seconds), f"{local[1] / seconds:.2f}× 1 worker"])
    cluster_times = {}
    for n in (1, 2):
        start = time.perf_counter()
        with LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                          dashboard_address=None) as cluster, \
                Client(cluster) as client:
            started = time.perf_counter() - start
            cluster_times[n] = shards(client)
        rows.append([f"dask.distributed LocalCluster, {n} worker(s) (cluster start {started:.1f} s excluded)",
                     f"{cluster_times[n]:.2f}", _rate(records, cluster_times[n]),
                     f"{cluster_times[1] / cluster_times[n]:.2f}× 1 worker"])
    return rows


def run() -> str:
    if not corpus_documents():
        return "shared corpus absent: section skipped"
    records, text_bytes = build_shards()
    one_core = best_of(jsonl_once)
    rows = [["`govclean --jsonl` (one process, one core)", f"{one_core:.2f}", _rate(records, one_core),
             f"{text_bytes / 1e6 / one_core:.2f} MB/s of text"]]
    rows += _engine_rows(records, one_core)
    shards = sorted(SHARDS_DIR.iterdir())
    one, every = (peak_rss_bytes([GOVCLEAN, "--jsonl", "-q", *part])[1] for part in (shards[:1], shards))
    memory = (f"Peak RSS of `govclean --jsonl` over 1 shard: {one / 2**20:.1f} MiB; over all {len(shards)} "
              f"shards ({len(shards)}× the records): {every / 2**20:.1f} MiB.")
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    return (f"{records:,} records ({text_bytes / 1e6:.1f} MB of text) in {SHARDS} shards, "
            f"{os.cpu_count()} cores, load average at the end {load} (other work on the machine "
            f"takes cores from the 2-worker rows).\n\n"
            + table(["run", "seconds (best)", "records/s", "ratio"], rows)
            + f"\n\n{memory}\n")
