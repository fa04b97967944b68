"""The ``govclean`` command: options in, one clean per input, exit status out (SPEC §4).

Exit status: 0 success; 2 usage or configuration error; 123 at least one input failed (the
others were still processed and written).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import click

from govclean.config import SCRIPT_MODES, CleanConfig, ConfigError
from govclean.files import STDIN, display_name, read_source, same_file, write_atomic

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_FAILED = 123


@dataclass(frozen=True, slots=True)
class Outcome:
    source: str
    report: dict[str, Any]
    failed: bool


def _fail(message: str) -> None:
    click.echo(f"govclean: error: {message}", err=True)


def _warn(message: str) -> None:
    click.echo(f"govclean: warning: {message}", err=True)


def clean_one(source: str, output: Path | None, appended: Path | None,
              config: CleanConfig, stdout: BinaryIO) -> Outcome:
    """Clean one input and write its outputs; any failure is returned, never raised."""
    from govclean import DecodeError, clean_bytes
    from govclean.report import failure_report, result_report

    name = display_name(source)
    try:
        result = clean_bytes(read_source(source), config)
        data = result.text.encode("utf-8")
        if output is None:
            stdout.write(data)
            stdout.flush()
        else:
            write_atomic(output, data)
        if appended is not None:
            write_atomic(appended, "".join(f"{item}\n" for item in result.appended).encode("utf-8"))
    except (OSError, DecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        _fail(f"{name}: {reason}")
        return Outcome(source, failure_report(name, reason), failed=True)
    for warning in result.warnings:
        _warn(f"{name}: {warning}")
    return Outcome(source, result_report(result, name, str(output) if output else "<stdout>"), False)


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("src", nargs=-1, type=click.Path(allow_dash=True, dir_okay=False))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the clean text to this file instead of stdout.")
@click.option("--appended", "appended_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the separated appended items (other documents' abstracts) here.")
@click.option("--report", "report_path", type=click.Path(dir_okay=False, allow_dash=True),
              help="Write a JSON Lines report here ('-' for stdout when the text goes to a file).")
@click.option("--encoding", metavar="CODEC", help="Decode input with this codec instead of detecting one.")
@click.option("--strict", is_flag=True, help="Fail a file with undecodable bytes instead of replacing them.")
@click.option("--script", type=click.Choice(SCRIPT_MODES), default="auto", show_default=True,
              help="Script of the input: 'auto' decides per document; 'off' repairs no characters.")
@click.version_option(package_name="govclean", prog_name="govclean")
def cli(src: tuple[str, ...], output: Path | None, appended_path: Path | None,
        report_path: str | None, encoding: str | None, strict: bool, script: str) -> None:
    """Clean raw text scraped from Chinese sites into faithful UTF-8 articles.

    Reads each SRC (a file, or '-' for stdin; stdin when no SRC is given and it is not a
    terminal), removes site furniture, separates appended content, repairs stray traditional
    characters and writes clean UTF-8.

    Exit status: 0 success, 2 usage error, 123 at least one input failed.
    """
    sources = list(src)
    if not sources:
        if sys.stdin.isatty():
            raise click.UsageError("no input: give a file, or pipe text to stdin")
        sources = [STDIN]
    if len(sources) > 1:
        raise click.UsageError("one input at a time: give a single SRC")
    if report_path == "-" and output is None:
        raise click.UsageError("--report - needs the text to go elsewhere: add -o FILE")
    if output is not None and sources[0] != STDIN and same_file(Path(sources[0]), output):
        raise click.UsageError(f"refusing to overwrite the input {sources[0]}")
    try:
        config = CleanConfig(encoding=encoding, strict=strict, script=script)
    except ConfigError as exc:
        raise click.UsageError(str(exc)) from exc

    stdout = click.get_binary_stream("stdout")
    outcome = clean_one(sources[0], output, appended_path, config, stdout)
    if report_path is not None:
        from govclean.report import to_json_line

        line = to_json_line(outcome.report).encode("utf-8")
        if report_path == "-":
            stdout.write(line)
        else:
            write_atomic(Path(report_path), line)
    sys.exit(EXIT_FAILED if outcome.failed else EXIT_OK)


def main() -> None:
    cli(prog_name="govclean")
