"""JSON Lines streams: clean the text field of every record, one record at a time, in order.

Memory stays constant whatever the size of the input: a record is read, cleaned and written
before the next is read. A line that is not a usable record is reported with its source and line
number and skipped, or stops the run under ``strict``; it is never dropped silently.
"""

from __future__ import annotations

import gzip
import io
import json
import sys
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, BinaryIO, cast

from govclean import clean_text
from govclean.config import CleanConfig
from govclean.io.files import STDIN, display_name, error_reason
from govclean.io.summary import EXIT_FAILED, EXIT_OK
from govclean.model import CleanResult

#: Files a directory source contributes; a file named explicitly is read whatever its name.
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz")
JSONL_GLOBS = tuple(f"*{suffix}" for suffix in JSONL_SUFFIXES)
GZIP_MAGIC = b"\x1f\x8b"
#: What reading a missing, damaged or truncated (gzip) stream raises.
READ_ERRORS = (OSError, EOFError, zlib.error)

Warn = Callable[[str], None]


class RecordError(ValueError):
    """A line that is not a JSON object with a string in the text field."""


class SourceReadError(Exception):
    """A source stopped being readable (a damaged gzip member, an I/O error) after ``line`` lines."""

    def __init__(self, line: int, reason: str) -> None:
        super().__init__(reason)
        self.line = line
        self.reason = reason


@dataclass(frozen=True, slots=True)
class JsonlOptions:
    """How records are read and written; a small frozen value, cheap to ship to worker processes."""

    text_key: str = "text"
    id_key: str | None = "id"
    prefix: str = "govclean_"
    config: CleanConfig = field(default_factory=CleanConfig)
    strict: bool = False


@dataclass(frozen=True, slots=True)
class StreamTally:
    """What one stream gave: records written, bad lines skipped, and why it ended early if it did."""

    written: int = 0
    skipped: int = 0
    #: A bad record under ``strict``: the whole run stops.
    stopped: bool = False
    #: The source could not be opened or read to its end: the run goes on and fails at the end.
    unreadable: bool = False


def run_jsonl(sources: list[str], output: BinaryIO, *, text_key: str, id_key: str | None, prefix: str,
              config: CleanConfig, strict: bool, warn: Warn, output_path: Path | None = None) -> int:
    """Clean every record of every source into ``output``; the exit status of the run.

    ``sources`` are files, directories (their ``.jsonl`` and ``.jsonl.gz`` files, walked
    recursively in sorted order, symlinks not followed, the file at ``output_path`` left out) or
    ``-`` for stdin; gzip is recognised by its magic bytes, whatever the name. Returns 0, or 123
    when a record failed under ``strict`` (the run stops there) or a source could not be read (the
    other sources are still cleaned).
    """
    options = JsonlOptions(text_key, id_key, prefix, config, strict)
    status = EXIT_OK
    written = skipped = 0
    for source in expand_sources(sources, warn, output_path):
        tally = clean_source(source, output, options, warn)
        written += tally.written
        skipped += tally.skipped
        if tally.stopped or tally.unreadable:
            status = EXIT_FAILED
        if tally.stopped:
            break
    output.flush()
    if skipped:
        warn(f"{skipped} bad record(s) skipped, {written} written")
    return status


def expand_sources(sources: Iterable[str], warn: Warn, output_path: Path | None = None) -> Iterator[str]:
    """Each source in turn, a directory replaced by its JSON Lines files (found as the file
    commands find theirs, so a run never reads its own output file back).

    Anything else (a file, a pipe such as ``<(zcat …)``, a missing path) is opened as it is, so
    that reading it reports its own error.
    """
    from govclean.io.batch import discover

    for source in sources:
        if source != STDIN and Path(source).is_dir():
            members = discover([source], JSONL_GLOBS, prune=[output_path] if output_path else [])
            if not members:
                warn(f"{source}: no .jsonl or .jsonl.gz files in this directory")
            yield from (member.source for member in members)
        else:
            yield source


def clean_source(source: str, output: BinaryIO, options: JsonlOptions, warn: Warn) -> StreamTally:
    """Clean one file, or stdin for ``-``."""
    name = display_name(source)
    if source == STDIN:
        return clean_stream(sys.stdin.buffer, name, output, options, warn)
    try:
        # Opened outside ``with`` so that only errors of opening are caught here, not of writing.
        handle = Path(source).open("rb")  # noqa: SIM115
    except OSError as exc:
        warn(f"{name}: cannot read: {error_reason(exc)}")
        return StreamTally(unreadable=True)
    with handle:
        return clean_stream(handle, name, output, options, warn)


def clean_stream(stream: IO[bytes], name: str, output: IO[bytes], options: JsonlOptions,
                 warn: Warn) -> StreamTally:
    """Clean the records of one open binary stream (plain or gzip) into ``output``, in order."""
    written = skipped = 0
    try:
        for number, line in numbered_lines(stream):
            if not line.strip():
                continue  # a blank line holds no record: nothing is lost by passing over it
            try:
                data = clean_line(line, options)
            except RecordError as exc:
                if options.strict:
                    warn(f"{name}:{number}: {exc} (strict: stopping)")
                    return StreamTally(written, skipped, stopped=True)
                warn(f"{name}:{number}: skipped: {exc}")
                skipped += 1
                continue
            output.write(data)
            written += 1
    except SourceReadError as exc:
        warn(f"{name}:{exc.line + 1}: cannot read further: {exc.reason}")
        return StreamTally(written, skipped, unreadable=True)
    return StreamTally(written, skipped)


def numbered_lines(stream: IO[bytes]) -> Iterator[tuple[int, bytes]]:
    """The lines of a plain or gzip stream (told apart by the gzip magic bytes), numbered from 1.

    Read errors become :class:`SourceReadError`, so that errors writing the output are never
    mistaken for them. The stream stays open: it belongs to the caller.
    """
    if isinstance(stream, io.BufferedReader):
        buffered = stream
    else:  # a BytesIO, or a file-like object of fsspec: buffered here so that peeking is possible
        buffered = io.BufferedReader(cast(io.RawIOBase, stream))
    number = 0
    try:
        gzipped = buffered.peek(2)[:2] == GZIP_MAGIC
        lines: Iterable[bytes] = gzip.GzipFile(fileobj=buffered, mode="rb") if gzipped else buffered
        for number, line in enumerate(lines, 1):
            yield number, line
    except READ_ERRORS as exc:
        raise SourceReadError(number, error_reason(exc)) from exc
    finally:
        if buffered is not stream:
            buffered.detach()  # without closing the caller's stream


def clean_line(line: bytes | str, options: JsonlOptions) -> bytes:
    """One JSON Lines record in, its clean form out as one UTF-8 line; :class:`RecordError` if bad."""
    record = parse_record(line, options)
    return encode_record(clean_record(record, options))


def parse_record(line: bytes | str, options: JsonlOptions) -> dict[str, Any]:
    try:
        record = json.loads(line)
    except ValueError as exc:  # JSONDecodeError, or bytes that are not UTF-8/16/32
        raise RecordError(f"not valid JSON: {exc}") from exc
    if not isinstance(record, dict):
        raise RecordError(f"a JSON {_json_type(record)}, not an object")
    if options.text_key not in record:
        raise RecordError(_with_id(f"no {options.text_key!r} field", record, options))
    text = record[options.text_key]
    if not isinstance(text, str):
        raise RecordError(_with_id(f"field {options.text_key!r} is a JSON {_json_type(text)}, "
                                   f"not a string", record, options))
    return record


def clean_record(record: dict[str, Any], options: JsonlOptions) -> dict[str, Any]:
    """The record with its text cleaned and govclean's fields added under the prefix."""
    result = clean_text(record[options.text_key], options.config)
    prefix = options.prefix
    return {
        **record,
        options.text_key: result.text,
        f"{prefix}metadata": result.metadata,
        f"{prefix}appended": list(result.appended),
        f"{prefix}script": result.script.as_dict(),
        f"{prefix}encoding": result.encoding.as_dict(),
        f"{prefix}changes": change_summary(result),
        f"{prefix}warnings": list(result.warnings),
        f"{prefix}status": "cleaned" if result.changed else "unchanged",
    }


def change_summary(result: CleanResult) -> dict[str, Any]:
    """How many changes each step and each removed role made, and which rules fired."""
    return {
        "total": len(result.changes),
        "by_step": dict(Counter(change.step for change in result.changes)),
        "by_role": dict(Counter(change.role for change in result.changes if change.role)),
        "rules": sorted({change.rule for change in result.changes if change.rule}),
    }


def encode_record(record: dict[str, Any]) -> bytes:
    text = json.dumps(record, ensure_ascii=False)
    try:
        return text.encode("utf-8") + b"\n"
    except UnicodeEncodeError:
        # Lone surrogates (valid as JSON escapes, not as UTF-8) are written back as escapes.
        return json.dumps(record).encode("ascii") + b"\n"


def _with_id(message: str, record: dict[str, Any], options: JsonlOptions) -> str:
    if options.id_key and options.id_key in record:
        return f"record {record[options.id_key]!r}: {message}"
    return message


def _json_type(value: object) -> str:
    names = {dict: "object", list: "array", str: "string", bool: "boolean", int: "number",
             float: "number", type(None): "null"}
    return names.get(type(value), type(value).__name__)
