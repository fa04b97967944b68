"""The Dask integration in local mode: same output as ``--jsonl``, tables once per worker process.

Skipped when the optional extra ``govclean[dask]`` is not installed.
"""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

pytest.importorskip("dask.bag")
distributed = pytest.importorskip("distributed")

# Imported only once the optional engine is known to be there.
from govclean.cli import cli  # noqa: E402
from govclean.io.jsonl import JsonlOptions  # noqa: E402
from govclean.io.scale import clean_shards, main, plan_shards  # noqa: E402

from .test_jsonl import DOCUMENT, record_line  # noqa: E402
from .test_jsonl_corpus import corpus_records  # noqa: E402

OPTIONS = JsonlOptions()


def jsonl_output(source: Path, strict: bool = False) -> tuple[int, bytes]:
    """What `govclean --jsonl` writes for ``source``, and its exit status."""
    result = CliRunner().invoke(cli, ["--jsonl", "--quiet", str(source), *(["--strict"] if strict else [])])
    return result.exit_code, result.stdout_bytes


def local(url: str) -> Path:
    return Path(url.removeprefix("file://"))


def shard_outputs(reports: list) -> bytes:  # type: ignore[type-arg]
    """The output shards in report order, decompressed and joined."""
    chunks = []
    for report in reports:
        data = local(report.output).read_bytes()
        chunks.append(gzip.decompress(data) if report.output.endswith(".gz") else data)
    return b"".join(chunks)


def write_shards(folder: Path, lines: list[bytes], count: int) -> None:
    """Spread ``lines`` over ``count`` shards, every other one gzip, some in a sub-directory."""
    size = -(-len(lines) // count)
    for number in range(count):
        data = b"".join(lines[number * size : (number + 1) * size])
        path = folder / ("sub" if number % 3 == 2 else "") / f"part-{number:03d}.jsonl"
        path.parent.mkdir(parents=True, exist_ok=True)
        if number % 2:
            path.with_name(path.name + ".gz").write_bytes(gzip.compress(data))
        else:
            path.write_bytes(data)


@pytest.fixture(scope="module")
def client() -> Iterator[object]:
    """A two-process dask.distributed cluster on this machine: the cluster recipe in local mode.
    Its scheduler's web server takes a free port (``None`` would mean 8787, which another
    cluster on the machine may hold, and the warning about it is an error here)."""
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        yield client


@pytest.fixture
def mixed_shards(tmp_path: Path) -> Path:
    """Shards with good records, a bad line and a blank line, plain and gzip, nested."""
    lines = [record_line(id=i, text=DOCUMENT + f"第{i}条。") for i in range(12)]
    lines[5] = b"{broken\n"
    lines[8] = b"\n"
    folder = tmp_path / "in"
    write_shards(folder, lines, 4)
    return folder


def test_local_processes_output_equals_jsonl(mixed_shards: Path, tmp_path: Path) -> None:
    """Two local worker processes write shards that, in order, hold exactly what --jsonl writes."""
    reports = clean_shards([str(mixed_shards)], str(tmp_path / "out"), OPTIONS, num_workers=2)
    status, expected = jsonl_output(mixed_shards)
    assert status == 0 and b"broken" not in expected
    assert shard_outputs(reports) == expected
    [warning] = [w for r in reports for w in r.warnings]
    assert warning.startswith(f"{mixed_shards.as_uri()}/part-001.jsonl.gz:3: skipped: not valid JSON")
    assert sum(r.skipped for r in reports) == 1 and not any(r.failed for r in reports)


def test_cluster_output_equals_jsonl_over_corpus(client: object, tmp_path: Path) -> None:
    """On a local dask.distributed cluster, the corpus comes out as --jsonl writes it, shard by shard."""
    lines = [json.dumps(r, ensure_ascii=False).encode("utf-8") + b"\n" for r in corpus_records()]
    write_shards(tmp_path / "in", lines, 6)
    reports = clean_shards([str(tmp_path / "in")], str(tmp_path / "out"), OPTIONS, scheduler=client)
    status, expected = jsonl_output(tmp_path / "in", strict=True)
    assert status == 0
    assert shard_outputs(reports) == expected
    assert sum(r.written for r in reports) == len(lines)


def test_tables_load_once_per_worker_process(client: object, mixed_shards: Path, tmp_path: Path) -> None:
    """Each worker process builds the rule and character tables at most once, however many tasks it runs."""
    reports = clean_shards([str(mixed_shards)], str(tmp_path / "out"), OPTIONS, scheduler=client)
    assert len(reports) > len(client.scheduler_info()["workers"])  # type: ignore[attr-defined]

    def builds() -> tuple[int, int]:
        from govclean.characters.repair import load_tables
        from govclean.roles.rules import load_rules

        return load_tables.cache_info().misses, load_rules.cache_info().misses

    per_worker = client.run(builds)  # type: ignore[attr-defined]
    assert set(per_worker.values()) <= {(0, 0), (1, 1)}
    assert (1, 1) in per_worker.values()


def test_strict_stops_the_shard_with_the_bad_record(mixed_shards: Path, tmp_path: Path) -> None:
    """Under strict, the shard holding a bad record stops there and is reported as failed."""
    options = JsonlOptions(stop_on_bad_record=True)
    reports = clean_shards([str(mixed_shards)], str(tmp_path / "out"), options, scheduler="sync")
    assert [r.stopped for r in reports] == [False, True, False, False]
    assert reports[1].written == 2


def test_plan_mirrors_directories_and_names_globbed_files(tmp_path: Path) -> None:
    """A directory's tree is mirrored under the output; a glob's matches keep their names."""
    (tmp_path / "a" / "x").mkdir(parents=True)
    for name in ("a/1.jsonl", "a/x/2.jsonl.gz", "a/notes.txt", "b-3.jsonl"):
        (tmp_path / name).write_bytes(b"")
    pairs = plan_shards([str(tmp_path / "a"), str(tmp_path / "b-*.jsonl")], str(tmp_path / "out"))
    relative = [
        (
            local(source).relative_to(tmp_path).as_posix(),
            local(output).relative_to(tmp_path / "out").as_posix(),
        )
        for source, output in pairs
    ]
    assert relative == [
        ("a/1.jsonl", "1.jsonl"),
        ("a/x/2.jsonl.gz", "x/2.jsonl.gz"),
        ("b-3.jsonl", "b-3.jsonl"),
    ]


@pytest.mark.parametrize(
    ("sources", "message"),
    [
        (["same/1.jsonl", "other/1.jsonl"], "several input shards would be written to"),
        (["none-*.jsonl"], "no .jsonl or .jsonl.gz shard in"),
        (["empty/"], "no .jsonl or .jsonl.gz shard in"),
        (["out/1.jsonl"], "refusing to overwrite the input shard"),
    ],
)
def test_plan_refuses_clashing_empty_or_overwritten_inputs(
    tmp_path: Path, sources: list[str], message: str
) -> None:
    """Shards sharing an output name, no shard at all, or an output over its input are refused."""
    for source in sources:
        if source.endswith("/"):
            (tmp_path / source).mkdir()
        elif "*" not in source:
            (tmp_path / source).parent.mkdir(exist_ok=True)
            (tmp_path / source).write_bytes(b"")
    with pytest.raises(ValueError, match=message):
        plan_shards([str(tmp_path / s) for s in sources], str(tmp_path / "out"))


def test_command_reports_unreadable_shard_and_exits_123(mixed_shards: Path, tmp_path: Path) -> None:
    """`python -m govclean.io.scale` names a damaged shard and its line on stderr and exits 123."""
    whole = b"".join(record_line(id=i, text=DOCUMENT * 3) for i in range(200))
    (mixed_shards / "zz.jsonl.gz").write_bytes(gzip.compress(whole)[:-200])
    result = CliRunner().invoke(main, [str(mixed_shards), "-o", str(tmp_path / "out"), "--workers", "1"])
    assert result.exit_code == 123
    assert "zz.jsonl.gz:" in result.stderr and "cannot read further" in result.stderr
    assert "5 shard(s), " in result.stderr


def test_the_recipe_shares_the_commands_options_without_importing_it() -> None:
    """The Dask recipe takes its options from govclean.options, not from the command's module."""
    probe = "import sys, govclean.io.scale; print('govclean.cli' in sys.modules)"
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "False"


def test_command_labels_failures_as_errors_and_keeps_the_older_strict(
    mixed_shards: Path, tmp_path: Path
) -> None:
    """A bad record under --strict (the older name of --stop-on-bad-record) is an error; -q keeps it."""
    result = CliRunner().invoke(
        main, [str(mixed_shards), "-o", str(tmp_path / "out"), "--workers", "1", "--strict", "-q"]
    )
    assert result.exit_code == 123
    assert "govclean: error: " in result.stderr and "govclean: warning" not in result.stderr


def test_command_fails_when_no_record_has_the_text_key(mixed_shards: Path, tmp_path: Path) -> None:
    """A --text-key that no record of any shard has fails the run, as `govclean --jsonl` does."""
    result = CliRunner().invoke(
        main,
        [str(mixed_shards), "-o", str(tmp_path / "out"), "--workers", "1", "--text-key", "raw_content", "-q"],
    )
    assert result.exit_code == 123
    assert "govclean: error: no record has the field 'raw_content'" in result.stderr
