"""Clean JSON Lines shards with Dask: worker processes on one machine, or a dask.distributed cluster.

One task per shard. A task streams its shard through the code of ``govclean --jsonl``
(:func:`govclean.io.jsonl.clean_stream`) and writes the output shard of the same name, so the output
shards, read in input order, hold exactly what ``--jsonl`` writes for the same inputs. Shards may
be local paths or fsspec URLs (``s3://…``, ``gs://…`` with the matching fsspec backend installed).

Dask is the optional extra ``govclean[dask]``; nothing else in govclean imports this module.
A worker process loads the rule and character tables once, on its first record, and keeps them
for every later task (they are cached per process); the options shipped with each task are a
small frozen dataclass.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

import click

try:
    import dask.bag
    import fsspec
    from fsspec.core import url_to_fs
except ImportError as exc:  # the engine is an optional extra: say how to get it
    raise ImportError("govclean.io.scale needs Dask: pip install 'govclean[dask]'") from exc

from govclean.config import CleanConfig
from govclean.io.files import error_reason
from govclean.io.jsonl import (
    JSONL_SUFFIXES,
    READ_ERRORS,
    JsonlOptions,
    Messages,
    clean_stream,
    no_text_field_message,
)
from govclean.io.summary import RecordCounts
from govclean.model import ScriptMode
from govclean.options import record_options, script_option, stop_on_bad_record_option


@dataclass(frozen=True, slots=True)
class ShardReport:
    """What one task did with one shard; ``warnings`` and ``errors`` name the shard and line, as
    ``--jsonl`` does."""

    source: str
    output: str
    counts: RecordCounts
    warnings: tuple[str, ...]
    errors: tuple[str, ...] = ()

    @property
    def written(self) -> int:
        return self.counts.written

    @property
    def skipped(self) -> int:
        return self.counts.skipped

    @property
    def stopped(self) -> bool:
        """A bad record under ``stop_on_bad_record``: the rest of this shard was not written."""
        return self.counts.stopped

    @property
    def unreadable(self) -> bool:
        """The shard could not be opened or read to its end."""
        return self.counts.unreadable > 0

    @property
    def failed(self) -> bool:
        return self.stopped or self.unreadable


def plan_shards(sources: list[str], output_dir: str) -> list[tuple[str, str]]:
    """Pair each input shard with its output path, in the order ``--jsonl`` would read them.

    A directory contributes its ``.jsonl``/``.jsonl.gz`` files (recursively, sorted, the tree
    mirrored under ``output_dir``); a file or a glob contributes its matches under their own names.
    """
    out_fs, out_root = url_to_fs(output_dir)
    pairs: list[tuple[str, str]] = []
    for source in sources:
        fs, path = url_to_fs(source)
        if fs.isdir(path):
            root = PurePosixPath(path)
            members = [p for p in fs.find(path) if p.endswith(JSONL_SUFFIXES)]
            named = [(p, str(PurePosixPath(p).relative_to(root))) for p in members]
        elif _is_glob(path):
            named = [(p, PurePosixPath(p).name) for p in fs.glob(path)]
        else:
            named = [(path, PurePosixPath(path).name)]
        if not named:
            raise ValueError(f"no .jsonl or .jsonl.gz shard in {source}")
        for member, relative in sorted(named, key=lambda pair: pair[0].split("/")):
            pairs.append((fs.unstrip_protocol(member), out_fs.unstrip_protocol(f"{out_root}/{relative}")))
    outputs = [out for _, out in pairs]
    clashes = sorted({out for out in outputs if outputs.count(out) > 1})
    if clashes:
        raise ValueError(f"several input shards would be written to {clashes[0]}: rename them")
    overwritten = sorted(set(outputs) & {source for source, _ in pairs})
    if overwritten:
        raise ValueError(f"refusing to overwrite the input shard {overwritten[0]}: choose another output")
    return pairs


def clean_shard(source: str, output: str, options: JsonlOptions) -> ShardReport:
    """Clean one shard into ``output`` (gzip when its name ends in ``.gz``); runs in a worker."""
    warnings: list[str] = []
    errors: list[str] = []
    try:
        raw = fsspec.open(source, "rb").open()
    except READ_ERRORS as exc:
        errors.append(f"{source}: cannot read: {error_reason(exc)}")
        return ShardReport(source, output, RecordCounts(unreadable=1), (), tuple(errors))
    out_fs, out_path = url_to_fs(output)
    out_fs.makedirs(str(PurePosixPath(out_path).parent), exist_ok=True)
    with raw, fsspec.open(output, "wb", compression="infer") as out:
        counts = clean_stream(raw, source, out, options, Messages(warnings.append, errors.append))
    return ShardReport(source, output, counts, tuple(warnings), tuple(errors))


def clean_shards(
    sources: list[str],
    output_dir: str,
    options: JsonlOptions,
    *,
    scheduler: Any = "processes",
    num_workers: int | None = None,
) -> list[ShardReport]:
    """Clean every shard of ``sources`` into ``output_dir`` as a Dask bag of one task per shard.

    ``scheduler`` is any Dask scheduler: ``"processes"`` (local worker processes, the default),
    ``"sync"`` (in this process), or a ``dask.distributed.Client`` for a cluster. The reports come
    back in input order.
    """
    pairs = plan_shards(sources, output_dir)
    if not pairs:
        return []
    bag = dask.bag.from_sequence(pairs, npartitions=len(pairs))  # type: ignore[no-untyped-call]
    reports = bag.starmap(clean_shard, options=options)
    extra: dict[str, Any] = {"num_workers": num_workers} if num_workers else {}
    if scheduler == "processes":
        # A shard is a long task: hand them out one at a time, not in Dask's default batches of 6,
        # or one worker gets 6 shards of 8 while the other idles.
        extra["chunksize"] = 1
    return list(reports.compute(scheduler=scheduler, **extra))


def _is_glob(path: str) -> bool:
    return any(char in path for char in "*?[")


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("src", nargs=-1, required=True)
@click.option(
    "-o",
    "--output",
    "output_dir",
    required=True,
    help="Directory (or fsspec URL) for the output shards, one per input shard.",
)
@click.option(
    "--scheduler",
    "address",
    metavar="ADDRESS",
    help="A dask.distributed scheduler (tcp://host:8786); default: local worker processes.",
)
@click.option(
    "-j",
    "--workers",
    type=click.IntRange(min=1),
    help="Local worker processes (default: one per core); ignored with --scheduler.",
)
@record_options("")
@script_option
@stop_on_bad_record_option("--strict", scope=" (--strict: the older name)")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing on stderr but errors.")
def main(
    src: tuple[str, ...],
    output_dir: str,
    address: str | None,
    workers: int | None,
    text_key: str,
    id_key: str,
    field_prefix: str,
    script: ScriptMode,
    stop_on_bad_record: bool,
    quiet: bool,
) -> None:
    """Clean JSON Lines shards (files, directories, globs or URLs) into OUTPUT with Dask.

    Exit status: 0 success; 123 a shard could not be read, had a bad record under
    --stop-on-bad-record, or no record had the --text-key field.
    """
    options = JsonlOptions(
        text_key, id_key or None, field_prefix, CleanConfig(script=script), stop_on_bad_record
    )
    try:
        if address:
            from dask.distributed import Client

            with Client(address) as client:  # type: ignore[no-untyped-call]
                reports = clean_shards(list(src), output_dir, options, scheduler=client)
        else:
            reports = clean_shards(list(src), output_dir, options, num_workers=workers)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from exc
    counts = RecordCounts()
    for report in reports:
        counts.add(report.counts)
        for warning in () if quiet else report.warnings:
            click.echo(f"govclean: warning: {warning}", err=True)
        for error in report.errors:
            click.echo(f"govclean: error: {error}", err=True)
    if counts.text_key_missing:
        click.echo(f"govclean: error: {no_text_field_message(text_key, counts)}", err=True)
    if not quiet:
        click.echo(
            f"govclean: {len(reports)} shard(s), {counts.written} record(s) written, "
            f"{counts.skipped} skipped",
            err=True,
        )
    sys.exit(counts.exit_status())


if __name__ == "__main__":
    main()
