"""JSON Lines streams: clean the text field of every record, one record at a time, in order.

Memory stays constant whatever the size of the input: a record is read, cleaned and written
before the next is read. A line that is not a usable record is reported with its source and line
number and skipped, or stops the run under ``stop_on_bad_record``; it is never dropped silently.
Messages go to two callbacks: warnings (a record skipped), which ``-q`` silences, and errors (a
source unreadable, a run stopped, a text field no record has), which fail the run.
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
from typing import IO, Any, cast

from govclean import clean_text
from govclean.config import CleanConfig
from govclean.io.files import STDIN, display_name, error_reason
from govclean.io.markup import HTML_WARNING, text_looks_like_html
from govclean.io.summary import RecordCounts
from govclean.model import CleanResult
from govclean.record import Record

#: Files a directory source contributes; a file named explicitly is read whatever its name.
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz")
JSONL_GLOBS = tuple(f"*{suffix}" for suffix in JSONL_SUFFIXES)
GZIP_MAGIC = b"\x1f\x8b"
#: What reading a missing, damaged or truncated (gzip) stream raises.
READ_ERRORS = (OSError, EOFError, zlib.error)

Say = Callable[[str], None]


class Messages(Record):
    """Where a run's messages go, each naming its source and line."""

    #: A line skipped as no usable record; the run still succeeds.
    warn: Say
    #: A source that could not be read, a bad record that stopped the run, a text field that no
    #: record has: the run fails (exit 123).
    error: Say


class RecordError(ValueError):
    """A line that is not a JSON object with a string in the text field."""


class NoTextFieldError(RecordError):
    """A JSON object without the text field."""


class TextNotStringError(RecordError):
    """A JSON object whose text field holds something other than a string."""


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
    #: Stop the run at the first line that is no usable record, instead of skipping it.
    stop_on_bad_record: bool = False


def run_jsonl(
    sources: list[str],
    output: IO[bytes],
    options: JsonlOptions,
    messages: Messages,
    output_path: Path | None = None,
) -> RecordCounts:
    """Clean every record of every source into ``output``; what was done, whose
    :meth:`~govclean.io.summary.RecordCounts.exit_status` is the run's.

    ``sources`` are files, directories (their ``.jsonl`` and ``.jsonl.gz`` files, walked
    recursively in sorted order, symlinks not followed, the file at ``output_path`` left out) or
    ``-`` for stdin; gzip is recognised by its magic bytes, whatever the name. The run fails when a
    record is bad under ``stop_on_bad_record`` (the run stops there), when a source cannot be read
    (the other sources are still cleaned), or when records were read and none has the text field.
    """
    counts = RecordCounts()
    for source in expand_sources(sources, messages.warn, output_path):
        counts.add(clean_source(source, output, options, messages))
        if counts.stopped:
            break
    output.flush()
    if counts.text_key_missing:
        messages.error(no_text_field_message(options.text_key, counts))
    elif counts.skipped:
        messages.warn(f"{counts.skipped} bad record(s) skipped, {counts.written} written")
    return counts


def no_text_field_message(text_key: str, counts: RecordCounts) -> str:
    """The error of a run whose records all lack the text field."""
    return (
        f"no record has the field {text_key!r} ({counts.objects} JSON object(s) read): is --text-key right?"
    )


def expand_sources(sources: Iterable[str], warn: Say, output_path: Path | None = None) -> Iterator[str]:
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


def clean_source(source: str, output: IO[bytes], options: JsonlOptions, messages: Messages) -> RecordCounts:
    """Clean one file, or stdin for ``-``."""
    name = display_name(source)
    if source == STDIN:
        return clean_stream(sys.stdin.buffer, name, output, options, messages)
    try:
        # Opened outside ``with`` so that only errors of opening are caught here, not of writing.
        handle = Path(source).open("rb")  # noqa: SIM115
    except OSError as exc:
        messages.error(f"{name}: cannot read: {error_reason(exc)}")
        return RecordCounts(unreadable=1)
    with handle:
        return clean_stream(handle, name, output, options, messages)


def clean_stream(
    stream: IO[bytes], name: str, output: IO[bytes], options: JsonlOptions, messages: Messages
) -> RecordCounts:
    """Clean the records of one open binary stream (plain or gzip) into ``output``, in order."""
    counts = RecordCounts()
    try:
        for number, line in numbered_lines(stream):
            if not line.strip():
                continue  # a blank line holds no record: nothing is lost by passing over it
            try:
                data = clean_line(line, options)
            except RecordError as exc:
                counts.objects += isinstance(exc, (NoTextFieldError, TextNotStringError))
                counts.keyed += isinstance(exc, TextNotStringError)
                if options.stop_on_bad_record:
                    messages.error(f"{name}:{number}: {exc} (--stop-on-bad-record: stopping)")
                    counts.stopped = True
                    return counts
                messages.warn(f"{name}:{number}: skipped: {exc}")
                counts.skipped += 1
                continue
            output.write(data)
            counts.written += 1
            counts.objects += 1
            counts.keyed += 1
    except SourceReadError as exc:
        messages.error(f"{name}:{exc.line + 1}: cannot read further: {exc.reason}")
        counts.unreadable = 1
    return counts


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
        raise NoTextFieldError(_with_id(f"no {options.text_key!r} field", record, options))
    text = record[options.text_key]
    if not isinstance(text, str):
        raise TextNotStringError(
            _with_id(
                f"field {options.text_key!r} is a JSON {_json_type(text)}, not a string", record, options
            )
        )
    return record


def clean_record(record: dict[str, Any], options: JsonlOptions) -> dict[str, Any]:
    """The record with its text cleaned and govclean's fields added under the prefix."""
    text = record[options.text_key]
    result = clean_text(text, options.config)
    warnings = [HTML_WARNING] if text_looks_like_html(text) else []
    prefix = options.prefix
    return {
        **record,
        options.text_key: result.text,
        f"{prefix}metadata": result.metadata,
        f"{prefix}appended": list(result.appended),
        f"{prefix}script": result.script.as_dict(),
        f"{prefix}encoding": result.encoding.as_dict(),
        f"{prefix}changes": change_summary(result),
        f"{prefix}warnings": [*warnings, *result.warnings],
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
    names = {
        dict: "object",
        list: "array",
        str: "string",
        bool: "boolean",
        int: "number",
        float: "number",
        type(None): "null",
    }
    return names.get(type(value), type(value).__name__)
