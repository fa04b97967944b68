"""The ``govclean`` command: options in, one clean per input, exit status out (SPEC §4).

The work is done by library calls, :func:`govclean.io.batch.run` for files and
:func:`govclean.io.jsonl.run_jsonl` for JSON Lines; exit statuses are decided by
:mod:`govclean.io.summary` (click's usage errors exit 2). stdout carries only data (clean text,
diffs, ``--report -``); people read stderr.
"""

from __future__ import annotations

import gc

# Loading the command (click, the options, the package's modules) makes some hundred thousand
# objects and no garbage cycles, and the cyclic collector would walk them over and over while
# they are made: some 3 ms of a one-line run. It is paused while this module loads; the end of
# the module puts it back as the importer had it.
_collecting_before_import = gc.isenabled()
gc.disable()

import atexit
import contextlib
import os
import re
import sys
from collections.abc import Callable, Sequence
from contextlib import ExitStack, nullcontext
from typing import IO, TYPE_CHECKING, Any, BinaryIO, cast

import click

from govclean.collector import freeze_after_first_clean, pause_for_start_up
from govclean.config import CleanConfig, ConfigError
from govclean.io.files import (
    DEFAULT_INCLUDE,
    STDIN,
    as_path,
    atomic_writer,
    error_reason,
    file_identity,
    printable_path,
)
from govclean.io.signals import raise_on_sigterm, signal, signal_number
from govclean.io.summary import Summary, exit_status, interrupted_status
from govclean.options import (
    record_options,
    script_option,
    stop_on_bad_record_option,
    strict_decoding_option,
)

if TYPE_CHECKING:
    from pathlib import Path

    from govclean.io.batch import BatchOptions, Input, Outcome
    from govclean.io.console import ProgressBar
    from govclean.io.jsonl import JsonlOptions

#: Options a configuration file may not set: they are about this one invocation.
NOT_CONFIGURABLE = frozenset({"config", "version", "help", "list_steps"})
#: Options whose configured value is a path, read relative to the configuration file.
PATH_OPTIONS = frozenset({"protect", "output", "appended", "report", "review"})
#: The status of a run stopped by a signal, which :func:`main` ends without waiting for anything.
_INTERRUPTED_STATUSES = frozenset({interrupted_status(signal.SIGINT), interrupted_status(signal.SIGTERM)})

#: reST markup in docstrings: ``literal``, :role:`target` (``~`` keeps the last name), `text`
#: (compiled by ``re`` where ``--list-steps`` needs it, not on every start).
REST_MARKUP = r":[a-z]+:`(~?)([^`]+)`|``([^`]+)``|`([^`]+)`"


def _fail(message: str) -> None:
    click.echo(f"govclean: error: {message}", err=True)


def _say(message: str) -> None:
    click.echo(f"govclean: {message}", err=True)


class StepChoice(click.Choice):  # type: ignore[type-arg]
    """The pipeline's step names, read when the command runs, so steps added later are accepted."""

    def __init__(self) -> None:
        super().__init__((), case_sensitive=True)

    @property
    def choices(self) -> tuple[str, ...]:
        from govclean.pipeline import SKIPPABLE_STEPS

        return SKIPPABLE_STEPS

    @choices.setter
    def choices(self, _value: Sequence[str]) -> None:
        """click's constructor assigns the choices; the pipeline is their only source."""


def _list_steps(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    from govclean.pipeline import REQUIRED_STEPS, STEPS

    for name, step in STEPS:
        summary = (step.__doc__ or "").strip().splitlines()
        required = " (always runs: cannot be skipped)" if name in REQUIRED_STEPS else ""
        click.echo(f"{name}\t{_plain_text(summary[0]) if summary else ''}{required}")
    ctx.exit(0)


def _plain_text(docstring_line: str) -> str:
    """A docstring's line as people read it: ``blank`` and :func:`~x.y` markup dropped."""

    def plain(match: re.Match[str]) -> str:
        tilde, target, literal, text = match.groups()
        if target is not None:
            return target.rsplit(".", 1)[-1] if tilde else target
        return literal if literal is not None else text

    return re.sub(REST_MARKUP, plain, docstring_line)


class ConfigurationError(click.ClickException):
    """A configuration file found beside the inputs (no ``--config`` given) cannot be used."""

    exit_code = 2


def _read_config(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Load ``--config FILE`` or the nearest pyproject.toml into the defaults the flags override."""
    from govclean.io.configfile import ConfigFileError, find_pyproject, read_options

    path = as_path(value) if value else find_pyproject(ctx.params.get("src") or ())
    if path is None:
        return None
    parameters = _configurable(ctx.command)
    try:
        options = read_options(path, parameters.keys(), PATH_OPTIONS)
    except ConfigFileError as exc:
        if value:
            raise click.BadParameter(str(exc), ctx, param) from exc
        raise ConfigurationError(f"configuration file {exc}") from exc
    configured = {parameters[key]: value for key, value in options.items()}
    ctx.default_map = {**(ctx.default_map or {}), **configured}
    return str(path)


def _configurable(command: click.Command) -> dict[str, str]:
    """Configuration keys (long option names, ``_`` for ``-``) and the parameters they set."""
    keys = {}
    for option in command.params:
        if not isinstance(option, click.Option) or option.name is None:
            continue
        longest = max(option.opts, key=len).lstrip("-").replace("-", "_")
        if longest not in NOT_CONFIGURABLE:
            keys[longest] = option.name
    return keys


def read_protect_file(path: str | os.PathLike[str]) -> tuple[str, ...]:
    """Protected words, one a line; ``#`` starts a comment; blank lines are ignored."""
    from govclean.characters.tables import parse_word_list

    with open(path, encoding="utf-8") as file:
        return tuple(parse_word_list(file.read()))


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
# readable=False: an input that cannot be read fails alone, by name, like one inside a directory
# (exit 123), instead of stopping the whole run as a usage error.
@click.argument("src", nargs=-1, is_eager=True, type=click.Path(allow_dash=True, readable=False))
@click.option(
    "-o",
    "--output",
    "output_option",
    type=click.Path(),
    help="Write the clean text to this file ('-': stdout), or below this directory when "
    "there are several inputs or a directory (the input tree is mirrored), or when it "
    "ends with '/' (made if missing).",
)
@click.option(
    "--appended",
    "appended_path",
    type=click.Path(),
    help="Write the separated appended items (other documents' abstracts) to this file, "
    "or below this directory for several inputs.",
)
@click.option(
    "--report",
    "report_path",
    type=click.Path(allow_dash=True),
    help="Write a JSON Lines report: one object per input (plus a summary object for "
    "several inputs). '-' for stdout, when the text goes to files. A directory (an "
    "existing one, or a path ending in '/') mirrors the inputs: one RELATIVE-PATH.jsonl "
    "per input and summary.jsonl.",
)
@click.option(
    "--review",
    "review_path",
    type=click.Path(dir_okay=False),
    help="Write a review page: one self-contained HTML file showing, file by file and line by "
    "line, what was removed, kept and separated, and the rule and reason for each.",
)
@click.option(
    "--check",
    is_flag=True,
    help="Write nothing; exit 1 and name the inputs that would change, 0 if none would.",
)
@click.option(
    "--diff",
    is_flag=True,
    help="Write nothing; print a unified diff of each input that would change on stdout, "
    "exit 1 if any would.",
)
@click.option("--explain", is_flag=True, help="Print each change and the rule that made it on stderr.")
@click.option(
    "--in-place",
    is_flag=True,
    help="Rewrite the inputs themselves (atomically; a symbolic link's target, a hard-linked "
    "file in its own inode).",
)
@click.option(
    "--backup/--no-backup",
    default=True,
    show_default=True,
    help="With --in-place, keep each rewritten input's original as FILE.orig, or FILE.orig.1, "
    "FILE.orig.2, ... when that exists: a backup is never overwritten.",
)
@click.option(
    "--include",
    multiple=True,
    default=DEFAULT_INCLUDE,
    show_default=True,
    metavar="GLOB",
    help="In directories, clean files whose name or relative path matches (repeatable).",
)
@click.option(
    "--exclude",
    multiple=True,
    metavar="GLOB",
    help="In directories, skip files and folders whose name or relative path matches (repeatable).",
)
@click.option(
    "--learn-boilerplate/--no-learn-boilerplate",
    default=None,
    help="With several inputs, first learn the lines that recur at the head or tail of many "
    "of them (never headings, numbered articles or sentences) and remove those lines "
    "there as site furniture (rule batch.boilerplate).  [default: on; off with --check "
    "and --diff, which judge each file alone]",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    metavar="N",
    help="Worker processes for several inputs.  [default: number of CPUs]",
)
@click.option("--encoding", metavar="CODEC", help="Decode input with this codec instead of detecting one.")
@strict_decoding_option
@stop_on_bad_record_option(scope=" (with --jsonl)")
@click.option(
    "--strict",
    is_flag=True,
    help="Both --strict-decoding and --stop-on-bad-record (the older name of the two).",
)
@script_option
@click.option(
    "--protect",
    "protect_file",
    type=click.Path(exists=True, dir_okay=False),
    help="A file of words (names, places) whose characters are never repaired, one a line; "
    "'#' starts a comment.",
)
@click.option(
    "--skip",
    multiple=True,
    type=StepChoice(),
    metavar="STEP",
    help="Do not run this pipeline step (repeatable; see --list-steps).",
)
@click.option(
    "--list-steps",
    is_flag=True,
    is_eager=True,
    expose_value=False,
    callback=_list_steps,
    help="Print the pipeline's steps in order and exit.",
)
@click.option(
    "--jsonl",
    is_flag=True,
    help="Inputs are JSON Lines (.jsonl, .jsonl.gz): clean the text field of every record "
    "and write the records, in order, to -o FILE or stdout.",
)
@record_options(" (with --jsonl)")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing on stderr but errors.")
@click.option("-v", "--verbose", is_flag=True, help="Name every input and end with a table of figures.")
@click.option(
    "--config",
    type=click.Path(exists=True, dir_okay=False),
    is_eager=True,
    callback=_read_config,
    help="Read options from this TOML file instead of [tool.govclean] in the nearest "
    "pyproject.toml; options given here win.",
)
@click.version_option(package_name="govclean", prog_name="govclean")
@click.pass_context
def cli(
    ctx: click.Context,
    src: tuple[str, ...],
    output_option: str | None,
    appended_path: str | None,
    report_path: str | None,
    review_path: str | None,
    check: bool,
    diff: bool,
    explain: bool,
    in_place: bool,
    backup: bool,
    include: tuple[str, ...],
    exclude: tuple[str, ...],
    learn_boilerplate: bool | None,
    jobs: int | None,
    encoding: str | None,
    strict_decoding: bool,
    stop_on_bad_record: bool,
    strict: bool,
    script: str,
    protect_file: str | None,
    skip: tuple[str, ...],
    jsonl: bool,
    text_key: str,
    id_key: str,
    field_prefix: str,
    quiet: bool,
    verbose: bool,
    config: str | None,
) -> None:
    """Clean raw text scraped from Chinese sites into faithful UTF-8 articles.

    Reads each SRC (a file, a directory walked recursively, or '-' for stdin; stdin when no SRC
    is given and it is not a terminal), removes site furniture, separates appended content,
    repairs stray traditional characters and writes clean UTF-8. One input goes to stdout unless
    -o FILE; several inputs or a directory need -o DIR, --in-place, --check or --diff.

    Exit status: 0 success (with --check: nothing would change); 1 --check or --diff found
    inputs that would change; 2 usage or configuration error; 123 at least one input failed
    (the others were still processed and written); 130 or 143 stopped by Ctrl-C or SIGTERM
    (nothing partial is left behind).
    """
    if quiet and verbose:
        raise click.UsageError("-q/--quiet and -v/--verbose contradict each other")
    sources = list(src)
    if not sources:
        if sys.stdin.isatty():
            raise click.UsageError("no input: give a file or directory, or pipe text to stdin")
        sources = [STDIN]
    output = None if output_option in (None, "-") else as_path(output_option)
    output_directory = output is not None and _names_directory(str(output_option))
    if jsonl and (check or diff or in_place or appended_path or report_path or review_path):
        raise click.UsageError(
            "--jsonl writes records to -o FILE or stdout: it takes no --check, --diff, "
            "--in-place, --appended, --report or --review"
        )
    if jsonl and output is not None:
        _refuse_overwriting(sources, output)
    clean_config = _clean_config(encoding, strict_decoding or strict, script, protect_file, skip)
    raise_on_sigterm()
    try:
        if jsonl:
            from govclean.io.jsonl import JsonlOptions

            options = JsonlOptions(
                text_key, id_key or None, field_prefix, clean_config, stop_on_bad_record or strict
            )
            status = _run_jsonl(sources, output, options, quiet=quiet)
        else:
            from govclean.io.batch import BatchOptions, is_batch

            appended = None if appended_path is None else as_path(appended_path)
            _usage_checks(
                sources,
                output,
                appended,
                report_path,
                several=is_batch(sources),
                check=check,
                diff=diff,
                in_place=in_place,
            )
            batch = BatchOptions(
                clean_config,
                output,
                appended,
                report_path,
                write="none" if check or diff else "in_place" if in_place else "output",
                diff=diff,
                explain=explain,
                backup=backup,
                include=include,
                exclude=exclude,
                learn=learn_boilerplate,
                jobs=jobs or _cpu_count(),
                output_directory=output_directory,
                review=None if review_path is None else as_path(review_path),
            )
            status = _run_files(sources, batch, quiet=quiet, verbose=verbose)
    except OSError as exc:  # the run's own outputs (-o FILE of --jsonl, --report FILE): inputs fail alone
        if isinstance(exc, BrokenPipeError) and exc.filename is None:
            _stop_quietly(ctx)
        _fail(
            f"{printable_path(os.fsdecode(exc.filename)) if exc.filename else '<output>'}: "
            f"{error_reason(exc)}"
        )
        status = exit_status(failed=True)
    except KeyboardInterrupt as exc:
        _fail("interrupted: outputs already written are complete, nothing partial was left")
        status = interrupted_status(signal_number(exc))
    ctx.exit(status)


def _stop_quietly(ctx: click.Context) -> None:
    """stdout's reader stopped reading (``| head``): end as ``cat`` does, without a word, with
    128 + SIGPIPE. stdout is pointed at /dev/null so the interpreter's last flush cannot complain."""
    with contextlib.suppress(OSError, ValueError):  # a stdout with no descriptor (CliRunner's)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    ctx.exit(interrupted_status(signal.SIGPIPE))


def _names_directory(path: str) -> bool:
    """``-o out/``: a path ending with a separator names a directory, made if it is missing."""
    return path.endswith(("/", os.sep)) or os.path.isdir(path)


def _cpu_count() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _clean_config(
    encoding: str | None, strict: bool, script: str, protect_file: str | None, skip: tuple[str, ...]
) -> CleanConfig:
    if encoding is not None:
        _check_encoding(encoding)
    values: dict[str, Any] = {"encoding": encoding, "strict": strict, "script": script}
    values.update(dict.fromkeys(skip, False))
    if protect_file is not None:
        try:
            values["protect"] = read_protect_file(protect_file)
        except (OSError, UnicodeDecodeError) as exc:
            raise click.BadParameter(f"{protect_file}: {exc}", param_hint="--protect") from exc
    try:
        return CleanConfig.from_mapping(values)
    except ConfigError as exc:
        raise click.UsageError(str(exc)) from exc


def _check_encoding(encoding: str) -> None:
    """An ``--encoding`` Python cannot decode with is the run's error (exit 2), not every file's."""
    from govclean.decoding.decode import DecodeError, decode_bytes

    try:
        decode_bytes(b"", encoding)
    except DecodeError as exc:
        raise click.BadParameter(str(exc), param_hint="--encoding") from exc


def _refuse_overwriting(sources: list[str], output: Path) -> None:
    """An input named as --jsonl's -o FILE would be replaced when the output is renamed over it."""
    written = file_identity(output)
    if written is None:  # a file that does not exist yet is no input
        return
    for source in sources:
        if source != STDIN and file_identity(source) == written:
            raise click.UsageError(f"refusing to overwrite the input {source}: choose another -o FILE")


def _run_jsonl(sources: list[str], output: Path | None, options: JsonlOptions, *, quiet: bool) -> int:
    """``--jsonl``: records to ``-o FILE`` (gzip when its name ends in ``.gz``) or stdout."""
    import gzip

    from govclean.io.jsonl import Messages, run_jsonl

    def warn(message: str) -> None:
        if not quiet:
            _say(f"warning: {message}")

    stdout: IO[bytes] = sys.stdout.buffer
    with ExitStack() as stack:
        stream: IO[bytes] = stack.enter_context(atomic_writer(output) if output else nullcontext(stdout))
        if output is not None and output.suffix == ".gz":
            # mtime 0: the same records give the same bytes on every run.
            stream = cast(
                IO[bytes], stack.enter_context(gzip.GzipFile(filename="", mode="wb", fileobj=stream, mtime=0))
            )
        counts = run_jsonl(sources, stream, options, Messages(warn, _fail), output_path=output)
    return counts.exit_status()


def _usage_checks(
    sources: list[str],
    output: Path | None,
    appended: Path | None,
    report: str | None,
    *,
    several: bool,
    check: bool,
    diff: bool,
    in_place: bool,
) -> None:
    if STDIN in sources and len(sources) > 1:
        raise click.UsageError("'-' (stdin) cannot be combined with other inputs")
    if (check or diff) and (output or appended or in_place):
        raise click.UsageError("--check and --diff write nothing: drop -o, --appended and --in-place")
    if in_place and (output or STDIN in sources):
        raise click.UsageError("--in-place rewrites input files: it takes no -o and no stdin")
    if several and not (output or in_place or check or diff):
        raise click.UsageError("several inputs or a directory need -o DIR, --in-place, --check or --diff")
    if report == "-" and (diff or (output is None and not in_place and not check)):
        raise click.UsageError("--report - needs stdout free: send the text elsewhere with -o")


def _run_files(sources: list[str], options: BatchOptions, *, quiet: bool, verbose: bool) -> int:
    # The batch machinery is imported here, not with the command: --help and --version skip it.
    from govclean.io.batch import PlanError, run

    stdout = sys.stdout.buffer
    would = options.write == "none"
    with ExitStack() as stack:
        bars: list[ProgressBar] = []

        def on_start(inputs: Sequence[Input]) -> None:
            bars.extend(_progress(stack, inputs, quiet))

        on_outcome = _reporter(stdout, bars, would=would, quiet=quiet, verbose=verbose)
        try:
            summary = run(
                sources,
                options,
                on_outcome,
                on_start=on_start,
                report_stream=stdout if options.report == STDIN else None,
            )
        except PlanError as exc:
            raise click.UsageError(str(exc)) from exc
    if not summary.inputs:
        if not quiet:
            _say("no input files found (see --include and --exclude)")
        return summary.return_code(report_changes=False)
    text_to_stdout = options.write == "output" and options.output is None
    _print_summary(summary, would=would, quiet=quiet or (text_to_stdout and not verbose), verbose=verbose)
    return summary.return_code(report_changes=would)


def _progress(stack: ExitStack, inputs: Sequence[Input], quiet: bool) -> list[ProgressBar]:
    """A progress bar, only for several inputs and only on a terminal."""
    if quiet or len(inputs) < 2 or not sys.stderr.isatty():
        return []
    from govclean.io.console import progress_bar

    total = 0
    for input_ in inputs:
        try:
            total += os.stat(input_.source).st_size
        except OSError:
            continue
    return [stack.enter_context(progress_bar(len(inputs), total))]


def _reporter(
    stdout: BinaryIO, bars: list[ProgressBar], *, would: bool, quiet: bool, verbose: bool
) -> Callable[[Outcome], None]:
    """What happens, in input order, with each outcome: stdout written, messages printed (through
    the progress bar, when there is one, so they do not land inside its line). The bar, if any,
    is in ``bars`` once the run has found its inputs."""

    def echo(message: str) -> None:
        if bars:
            bars[0].echo(message)
        else:
            click.echo(message, err=True)

    def fail(message: str) -> None:
        echo(f"govclean: error: {message}")

    def say(message: str) -> None:
        echo(f"govclean: {message}")

    def on_outcome(outcome: Outcome) -> None:
        if outcome.stdout:
            stdout.write(outcome.stdout)
            stdout.flush()
        for line in outcome.explain:
            echo(line)
        if outcome.error is not None:
            fail(f"{outcome.name}: {outcome.error}")
        elif not quiet:
            for warning in outcome.warnings:
                say(f"warning: {outcome.name}: {warning}")
            if would and outcome.changed:
                say(f"would clean {outcome.name}")
            elif verbose:
                say(f"{outcome.counts.status} {outcome.name}")
        for bar in bars:
            bar.advance(outcome.counts.size)

    return on_outcome


def _print_summary(summary: Summary, *, would: bool, quiet: bool, verbose: bool) -> None:
    if quiet:
        return
    _say(summary.line(would=would))
    if verbose:
        from govclean.io.console import print_summary_table

        print_summary_table(summary, "govclean summary")


def main() -> None:
    # At exit the objects still alive are frozen out of the interpreter's final garbage
    # collections: walking every table, rule and pattern of the run, they cost a one-line clean
    # some 9 ms only to free memory the operating system takes back anyway. Every output is
    # written and closed before; objects freed by reference counting are still freed.
    atexit.register(gc.freeze)
    # The tables and rules the first clean loads stay out of every later collection (workers
    # forked after it inherit them frozen; those forked before freeze their own).
    freeze_after_first_clean()
    # Until the first clean ends (or workers start), the collector would only walk what the
    # start-up loads: modules, tables, rules (see govclean.collector).
    pause_for_start_up()
    try:
        cli(prog_name="govclean")
    except SystemExit as exit_:
        if exit_.code in _INTERRUPTED_STATUSES:
            # Stopped by a signal: every output is complete or removed and the workers are reaped
            # or killed; leave without the interpreter's exit-time joins, which could wait on a
            # pool a killed worker left half-way through a message.
            _flush_quietly()
            os._exit(int(exit_.code))
        raise


def _flush_quietly() -> None:
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe or stream: nothing more can reach it
            stream.flush()


if _collecting_before_import:
    gc.enable()
del _collecting_before_import
