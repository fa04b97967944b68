"""Batches: which files a run reads, where each result goes, and the run itself as a library call.

:func:`run` is the whole of a file run (the command line is its thin edge): it finds the inputs,
plans their outputs, learns the batch's boilerplate, cleans every input on the worker processes
(:mod:`govclean.io.workers`), writes the report and returns the :class:`Summary`, whose exit
status the caller passes on. One function, :func:`clean_file`, reads, cleans and writes (or only
compares, for ``--check`` and ``--diff``) one input and returns an :class:`Outcome`; it runs in
this process or in a worker, and never raises for a bad input, so one failing file never stops a
batch. Outcomes come back in input order, so stdout, reports and summaries are the same whatever
``-j`` is.

Inputs that cannot be read follow one rule wherever they are named: a file or directory on the
command line, a folder below one that cannot be listed, a file that vanishes before it is read.
Each is an outcome that fails with its name and reason; the others are cleaned; the run exits 123.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from fnmatch import fnmatch
from typing import TYPE_CHECKING, Any, BinaryIO, Literal

from govclean.config import CleanConfig
from govclean.io.files import (
    DEFAULT_INCLUDE,
    STDIN,
    as_path,
    atomic_writer,
    display_name,
    error_reason,
    file_identity,
    printable_path,
    read_ends,
    read_source,
    replace_in_place,
    write_atomic,
    write_lines_atomic,
)
from govclean.io.markup import HTML_WARNING, looks_like_html
from govclean.io.signals import signal_number, signals_held
from govclean.io.summary import FileCounts, Summary
from govclean.io.workers import Workers, workers
from govclean.record import Record

if TYPE_CHECKING:
    from pathlib import Path

    from govclean.io.review import Review
    from govclean.model import CleanResult

#: Name under an output directory for text read from stdin.
STDIN_NAME = "stdin.txt"
REMOVED_ROLES = frozenset({"chrome", "meta"})
#: The rule id of lines removed as boilerplate learned from the batch.
BOILERPLATE_RULE = "batch.boilerplate"
#: The learning pass reads this many bytes at each end of a larger file: its edge lines are there.
EDGE_BYTES = 64 * 1024
#: The summary object's file when reports mirror the inputs into a directory.
SUMMARY_REPORT = "summary.jsonl"
Write = Literal["output", "in_place", "none"]


class PlanError(ValueError):
    """The inputs and outputs given cannot make a safe run (a usage error)."""


class Input(Record):
    """One file to clean and where its outputs go below an output directory."""

    source: str
    relative: str
    #: Why the input cannot be read (a folder that cannot be listed, a name that cannot be
    #: followed), found before any cleaning; it then fails with this reason.
    error: str | None = None


class Task(Record):
    """One input and the paths its outputs are written to (None: stdout, or nothing)."""

    source: str
    output: Path | None = None
    appended: Path | None = None
    #: This input's own report file, when reports mirror the input tree.
    report: Path | None = None
    #: The input's bytes, read once beforehand when it is a stream (stdin, a pipe, ``<(…)``),
    #: which a second reading would find empty.
    data: bytes | None = None
    error: str | None = None


class Job(Record):
    """What every task of a run does; sent once to each worker."""

    config: CleanConfig
    write: Write = "output"
    diff: bool = False
    backup: bool = True
    report: bool = False
    explain: bool = False
    #: Send each input's report record back for the review page.
    review: bool = False


class BatchOptions(Record):
    """What a file run does with its inputs: the command line's options, as a value."""

    config: CleanConfig = CleanConfig()
    #: A file for one input; a directory below which several inputs mirror their tree.
    output: Path | None = None
    appended: Path | None = None
    #: The report: a file, or a directory (an existing one, or a path ending in ``/``) that
    #: mirrors the inputs' reports and holds the summary as :data:`SUMMARY_REPORT`.
    report: str | None = None
    write: Write = "output"
    diff: bool = False
    explain: bool = False
    backup: bool = True
    include: tuple[str, ...] = DEFAULT_INCLUDE
    exclude: tuple[str, ...] = ()
    #: Learn boilerplate from several inputs. None: learn when the run writes, not when it only
    #: compares (``--check``, ``--diff``), whose answer then depends on each file alone.
    learn: bool | None = None
    jobs: int = 1
    #: ``output`` names a directory even for one input (``-o out/``).
    output_directory: bool = False
    #: The review page: one HTML file showing every input's lines, roles, rules and reasons.
    review: Path | None = None


class Outcome(Record):
    """What cleaning one input produced, small enough to send back from a worker."""

    name: str
    counts: FileCounts
    #: Bytes for stdout: the clean text of a single input, or its diff.
    stdout: bytes = b""
    report: str | None = None
    explain: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    error: str | None = None
    #: The report record (:func:`govclean.io.report.result_report`), when the job asks for a review.
    record: dict[str, Any] | None = None

    @property
    def changed(self) -> bool:
        return self.counts.status == "cleaned"


def discover(
    sources: Sequence[str],
    include: Sequence[str] = DEFAULT_INCLUDE,
    exclude: Sequence[str] = (),
    prune: Sequence[Path] = (),
) -> list[Input]:
    """Expand directories into the files they hold; files and ``-`` are taken as given.

    A directory is walked recursively in sorted order without following symbolic links; a file
    in it is taken when a glob of ``include`` and none of ``exclude`` matches its name or its path
    relative to the directory. Directories and files in ``prune`` (the run's own outputs) are
    skipped, so a second run does not clean its own outputs. A directory that cannot be listed is
    an input with its :attr:`Input.error`, so that it is named instead of passed over.
    """
    inputs: list[Input] = []
    pruned = {resolved for path in prune if (resolved := _resolved(path)) is not None}
    for source in sources:
        if source != STDIN and os.path.isdir(source):
            inputs.extend(_walk(source, include, exclude, pruned))
        else:
            inputs.append(Input(source, STDIN_NAME if source == STDIN else os.path.basename(source)))
    return inputs


def _resolved(path: Path) -> Path | None:
    """The path with its symbolic links followed, None for a link that goes round in a loop."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a symlink loop (RuntimeError before Python 3.13)
        return None


def _matches(relative: str, globs: Sequence[str]) -> bool:
    posix = relative.replace(os.sep, "/")
    return any(fnmatch(posix, glob) or fnmatch(os.path.basename(relative), glob) for glob in globs)


def _walk(root: str, include: Sequence[str], exclude: Sequence[str], pruned: set[Path]) -> list[Input]:
    # os.scandir's entries know whether they are links or directories without a stat call each,
    # and names are joined as strings: on a tree of thousands of files this halves the walk,
    # which runs before any worker starts. Relative paths are strings too, "" for the root.
    found: list[Input] = []
    pending = [(root, "")]
    while pending:
        directory, below = pending.pop()
        try:
            with os.scandir(directory) as entries:
                listed = list(entries)
        except OSError as exc:
            found.append(
                Input(directory, below or ".", error=f"cannot list this folder: {error_reason(exc)}")
            )
            continue
        for entry in listed:
            if entry.is_symlink() or _is_pruned(entry, pruned):
                continue
            relative = os.path.join(below, entry.name)
            if _is_directory(entry):
                if not _matches(relative, exclude):
                    pending.append((entry.path, relative))
            elif _matches(relative, include) and not _matches(relative, exclude):
                found.append(Input(entry.path, relative))
    return sorted(found, key=lambda found_input: found_input.relative.split(os.sep))


def _is_pruned(entry: os.DirEntry[str], pruned: set[Path]) -> bool:
    # Resolving costs a system call per component: only an entry of a pruned path's name pays it.
    return any(entry.name == path.name for path in pruned) and _resolved(as_path(entry.path)) in pruned


def _is_directory(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:  # gone since it was listed: taken as a file, whose reading then fails by name
        return False


def plan(
    inputs: Sequence[Input],
    *,
    output: Path | None,
    appended: Path | None,
    batch: bool,
    reports: Path | None = None,
    report_file: Path | None = None,
    review_file: Path | None = None,
) -> list[Task]:
    """Map each input to its output paths, refusing any output that would overwrite an input.

    A single input writes to ``output`` itself; a batch mirrors each input's relative path below
    the ``output`` and ``appended`` directories. With a ``reports`` directory each input's report
    is mirrored there as ``RELATIVE-PATH.jsonl``; a single ``report_file`` and the ``review_file``
    must be neither an input nor another output.
    """
    for directory in (output, appended, reports) if batch else (reports,):
        if directory is not None and directory.exists() and not directory.is_dir():
            raise PlanError(f"{directory} is a file: several inputs need an output directory")
    tasks = [
        Task(
            input_.source,
            output / input_.relative if batch and output else output,
            appended / input_.relative if batch and appended else appended,
            reports / f"{input_.relative}.jsonl" if reports else None,
            error=input_.error,
        )
        for input_ in inputs
    ]
    _refuse_collisions(tasks, report_file, review_file)
    return tasks


def _refuse_collisions(tasks: Sequence[Task], report_file: Path | None, review_file: Path | None) -> None:
    sources = {
        identity: task.source
        for task in tasks
        if task.source != STDIN and (identity := file_identity(task.source))
    }
    same_file = _OutputKeys()
    claimed: dict[object, str] = {}
    shared = tuple(
        (path, what)
        for path, what in ((report_file, "the report"), (review_file, "the review page"))
        if path is not None
    )
    for task in tasks:
        if task.error is not None:  # fails before writing anything
            continue
        name = display_name(task.source)
        for path, what in (
            *shared,
            (task.output, name),
            (task.appended, f"{name}'s appended items"),
            (task.report, f"{name}'s report"),
        ):
            if path is None:
                continue
            overwritten = sources.get(file_identity(path) or (-1, -1))
            if overwritten is not None:
                raise PlanError(
                    f"refusing to overwrite the input {display_name(overwritten)} "
                    "(--in-place rewrites inputs)"
                )
            key = same_file(path)
            if key is None:
                continue
            if key in claimed:
                raise PlanError(f"{claimed[key]} and {what} would both be written to {printable_path(path)}")
            claimed[key] = what
        shared = ()


class _OutputKeys:
    """What two output paths share when they are one file, however they are spelled: the file's
    device and inode when it exists (through symbolic and hard links), else its resolved folder
    (each folder resolved once: a batch's outputs share few) and name. None for a character
    device (``/dev/null``): it is written into, so any number of outputs may share it."""

    def __init__(self) -> None:
        self._folders: dict[Path, Path] = {}

    def __call__(self, path: Path) -> object | None:
        try:
            status = path.lstat()  # one system call for the usual new output
            if stat.S_ISLNK(status.st_mode):
                status = path.stat()
        except OSError:
            if path.is_symlink():  # a dangling link: its target is the file that will be written
                return type(path)(os.path.realpath(path))
            folder = self._folders.get(path.parent)
            if folder is None:
                folder = self._folders[path.parent] = path.parent.resolve()
            return folder / path.name
        if stat.S_ISCHR(status.st_mode):
            return None
        return status.st_dev, status.st_ino


def clean_file(task: Task, job: Job) -> Outcome:
    """Clean one input and write (or compare) its outputs; any failure is returned, never raised."""
    from govclean import clean_bytes
    from govclean.decoding.decode import DecodeError

    name = display_name(task.source)
    if task.error is not None:
        return _failure(task, task.error, job)
    try:
        data = read_source(task.source) if task.data is None else task.data
        size = len(data)
        # --in-place backs the original up; otherwise the only reference to the bytes is handed
        # over, so they are freed as soon as they are decoded.
        original = data if job.write == "in_place" else None
        warnings: tuple[str, ...] = (HTML_WARNING,) if looks_like_html(data) else ()
        handed_over = [data]
        del data
        result = clean_bytes(handed_over.pop(), job.config)
        stdout, output = _write(task, job, original, result)
        if job.diff:
            from govclean.io.diff import unified_diff

            # The input as decoded, before any step: repaired mojibake is a hunk of the diff too.
            stdout = unified_diff(result.source_text, result.text, name).encode("utf-8")
        warnings += result.warnings
        record = _result_record(result, name, output, warnings) if job.report or job.review else None
        report = _deliver_report(task, _json_line(record) if job.report and record is not None else None)
    except (OSError, DecodeError) as exc:
        reason = error_reason(exc)
        if isinstance(exc, OSError) and exc.filename and os.fsdecode(exc.filename) != task.source:
            # an output, not the input, could not be written
            reason = f"{printable_path(os.fsdecode(exc.filename))}: {reason}"
        return _failure(task, reason, job)
    except Exception as exc:  # a defect on one input must not stop the batch; it is reported
        return _failure(task, f"internal error: {type(exc).__name__}: {exc}", job)
    removed = [line.rule for line in result.lines if line.role in REMOVED_ROLES]
    counts = FileCounts(
        status="cleaned" if result.changed else "unchanged",
        size=size,
        removed_lines=len(removed),
        repaired_characters=len(result.fixes),
        appended_items=len(result.appended),
        boilerplate_lines=removed.count(BOILERPLATE_RULE) if job.config.boilerplate else 0,
    )
    return Outcome(
        name,
        counts,
        stdout,
        report=report,
        explain=_explained(result, name) if job.explain else (),
        warnings=warnings,
        record=record if job.review else None,
    )


# The report module (and json) is imported only by runs that asked for a report, a review or --explain.
def _result_record(
    result: CleanResult, name: str, output: str | None, warnings: tuple[str, ...]
) -> dict[str, Any]:
    from govclean.io.report import result_report

    return {**result_report(result, name, output), "warnings": list(warnings)}


def _json_line(record: dict[str, Any]) -> str:
    from govclean.io.report import to_json_line

    return to_json_line(record)


def _explained(result: CleanResult, name: str) -> tuple[str, ...]:
    from govclean.io.report import explain_lines

    return tuple(explain_lines(result, name))


def _deliver_report(task: Task, report: str | None) -> str | None:
    """Write a mirrored report here, in the worker; otherwise hand the line back for the run's report."""
    if report is None or task.report is None:
        return report
    write_atomic(task.report, report.encode("utf-8"))
    return None


def _write(task: Task, job: Job, original: bytes | None, result: CleanResult) -> tuple[bytes, str | None]:
    """Write what the job asks for; the bytes left for stdout and the output's name for reports."""
    if job.write == "none":
        return b"", None
    if task.appended is not None:
        write_atomic(task.appended, "".join(f"{item}\n" for item in result.appended).encode("utf-8"))
    if job.write == "in_place":
        assert original is not None
        if result.changed:
            replace_in_place(as_path(task.source), original, result.text.encode("utf-8"), backup=job.backup)
        return b"", printable_path(task.source)
    if task.output is None:
        return result.text.encode("utf-8"), "<stdout>"
    write_lines_atomic(task.output, result.text_lines)
    return b"", printable_path(task.output)


def _failure(task: Task, reason: str, job: Job) -> Outcome:
    name = display_name(task.source)
    report = None
    if job.report:
        from govclean.io.report import failure_report, to_json_line

        report = to_json_line(failure_report(name, reason))
    try:
        report = _deliver_report(task, report)
    except OSError as exc:
        reason = f"{reason}; its report could not be written either: {error_reason(exc)}"
    return Outcome(name, FileCounts("failed"), report=report, error=reason)


def run_tasks(
    tasks: Sequence[Task], job: Job, workers: Workers, on_outcome: Callable[[Outcome], None]
) -> None:
    """Clean every task, calling ``on_outcome`` in task order, on ``workers``."""
    for outcome in workers.map(
        clean_file,
        tasks,
        job,
        lost=lambda task: Outcome(
            display_name(task.source), FileCounts("failed"), error="a worker process stopped unexpectedly"
        ),
    ):
        on_outcome(outcome)


def learn_batch_boilerplate(tasks: Sequence[Task], job: Job, workers: Workers) -> tuple[str, ...]:
    """A first pass over a batch: the header and footer lines that recur at the edges of its files.

    Workers read only the two ends of each file, decode them and send back the edge lines, which
    are counted here as they arrive while the workers go on; streams were read once beforehand
    (:attr:`Task.data`) and are not read again. Files that cannot be read or decoded are left out
    here and reported by the cleaning pass.
    """
    from govclean.roles.boilerplate import boilerplate_among

    edges = workers.map(_edge_text, tasks, job, lost=lambda _task: None)
    return boilerplate_among(edge.split("\n") if edge else () for edge in edges if edge is not None)


def _edge_text(task: Task, job: Job) -> str | None:
    """The edge lines :func:`~govclean.roles.boilerplate.edge_lines` finds, found in the worker
    and sent back joined by line breaks, which no line holds: one string crosses between the
    processes, not one object per line."""
    from govclean.decoding.decode import DecodeError, decode_bytes
    from govclean.roles.boilerplate import edge_lines

    if task.error is not None:
        return None
    try:
        head, tail = (task.data, None) if task.data is not None else read_ends(task.source, EDGE_BYTES)
        whole_lines = head if tail is None else head[: head.rfind(b"\n") + 1]
        decoded = decode_bytes(whole_lines, job.config.encoding)
        if tail is None:  # read whole: the head is the file
            return "\n".join(edge_lines(decoded.text))
        name = decoded.encoding.name
        if name.startswith(("utf-16", "utf-32")) or decoded.encoding.method == "repaired":
            # Read whole: wide encodings have no byte-aligned line breaks to cut at, and a repaired
            # reading is decided over the whole text.
            return "\n".join(edge_lines(decode_bytes(read_source(task.source), job.config.encoding).text))
        # Cut at line breaks, which no byte of a multi-byte character in these encodings is, and
        # read the tail as the head was read.
        tail_text = decode_bytes(tail[tail.find(b"\n") + 1 :], name).text
    except (OSError, DecodeError):
        return None
    return "\n".join(edge_lines(decoded.text, tail_text))


def run(
    sources: Sequence[str],
    options: BatchOptions,
    on_outcome: Callable[[Outcome], None],
    *,
    report_stream: BinaryIO | None = None,
    on_start: Callable[[Sequence[Input]], None] | None = None,
) -> Summary:
    """Clean every input of ``sources`` as ``options`` say; call ``on_outcome`` with each outcome,
    in input order; return what was done, whose :meth:`~Summary.return_code` is the run's status.

    ``sources`` are files, directories or ``-`` (stdin). ``on_start`` is called with the inputs
    found, before cleaning. The report goes to ``options.report`` or, if given, ``report_stream``;
    for several inputs it ends with the summary object. On Ctrl-C or SIGTERM the report is still
    written, with what was done and a summary marked ``interrupted``, and the interruption is
    raised again. Raises :class:`PlanError` for outputs that cannot make a safe run.
    """
    several = is_batch(sources)
    reports = reports_directory(options.report)
    output = options.output
    summary = Summary()
    interruption: KeyboardInterrupt | None = None
    report: BinaryIO | None = None
    with ExitStack() as stack:
        pool: Workers | None = None
        try:
            inputs = discover(
                sources,
                options.include,
                options.exclude,
                prune=[path for path in (output, options.appended, reports, options.review) if path],
            )
            # The one file of the run's report lines or, for mirrored reports, their summary.
            report_file = (
                reports / SUMMARY_REPORT
                if reports
                else None
                if options.report in (None, STDIN)
                else as_path(str(options.report))
            )
            tasks = plan(
                inputs,
                output=output,
                appended=options.appended,
                reports=reports,
                report_file=report_file,
                review_file=options.review,
                batch=several or options.output_directory or (output is not None and output.is_dir()),
            )
            if not tasks:
                return summary
            report = _report_writer(stack, options.report, reports, report_stream)
            pool = stack.enter_context(workers(options.jobs))
            pool.start(len(tasks))
            config = options.config
            if several and (options.learn if options.learn is not None else options.write != "none"):
                tasks = _read_streams(tasks)
                learned = learn_batch_boilerplate(tasks, Job(config), pool)
                config = config.replace(boilerplate=learned)
                summary.learned_lines = len(learned)
            if on_start is not None:
                on_start(inputs)
            job = Job(
                config,
                options.write,
                diff=options.diff,
                backup=options.backup,
                report=options.report is not None,
                explain=options.explain,
                review=options.review is not None,
            )
            review = _review(sources) if options.review is not None else None

            def counted(outcome: Outcome) -> None:
                # Counted and reported together, so an interrupted run's summary counts exactly
                # the objects its report holds.
                with signals_held():
                    summary.add(outcome.counts)
                    if report is not None and outcome.report is not None:
                        report.write(outcome.report.encode("utf-8"))
                if review is not None:
                    _add_to_review(review, outcome)
                on_outcome(outcome)

            run_tasks(tasks, job, pool, counted)
            if review is not None and options.review is not None:
                _write_review(options.review, review)
        except KeyboardInterrupt as exc:
            # The report is kept, complete for the inputs done, and says it was interrupted;
            # the interruption goes on once it is written. A signal that came before the report
            # was opened (while the inputs were found or the outputs planned) still leaves one.
            with signals_held():
                if pool is not None:
                    pool.close(interrupted=True)
                summary.interrupted = signal_number(exc)
                interruption = exc
                if report is None:
                    report = _report_writer(stack, options.report, reports, report_stream)
        # The run's end is held against a signal: the summary is written, the workers stopped and
        # the report put in place before an interruption can unwind them. A signal that came
        # meanwhile takes effect once the report is whole.
        with signals_held():
            if several or reports or interruption is not None:
                _write_summary(report, summary, options)
            stack.close()
    if interruption is not None:
        raise interruption
    return summary


def _review(sources: Sequence[str]) -> Review:
    """An empty review page, titled with the run's inputs (the first three, and how many more)."""
    from govclean.io.review import Review

    named = ", ".join(display_name(source) for source in sources[:3])
    more = f" and {len(sources) - 3} more" if len(sources) > 3 else ""
    return Review(title=f"govclean review: {named}{more}")


def _add_to_review(review: Review, outcome: Outcome) -> None:
    from govclean.io.report import failure_report

    review.add(outcome.record or failure_report(outcome.name, outcome.error or ""), outcome.counts.size)


def _write_review(path: Path, review: Review) -> None:
    with atomic_writer(path) as handle:
        for chunk in review.chunks():
            handle.write(chunk.encode("utf-8", "replace"))


def is_batch(sources: Sequence[str]) -> bool:
    """Several inputs, or a directory: outputs go below directories and boilerplate is learned."""
    return len(sources) > 1 or any(source != STDIN and os.path.isdir(source) for source in sources)


def reports_directory(report: str | None) -> Path | None:
    """The directory mirrored reports go to, when the report names one."""
    if report is None or report == STDIN:
        return None
    if report.endswith(("/", os.sep)) or os.path.isdir(report):
        return as_path(report)
    return None


def _report_writer(
    stack: ExitStack, report: str | None, reports: Path | None, stream: BinaryIO | None
) -> BinaryIO | None:
    """Where the run's report lines go: a stream, the report file, or the summary of mirrored reports."""
    if report is None:
        return None
    if stream is not None:
        return stream
    return stack.enter_context(atomic_writer(reports / SUMMARY_REPORT if reports else as_path(report)))


def _write_summary(report: BinaryIO | None, summary: Summary, options: BatchOptions) -> None:
    if report is None:
        return
    from govclean.io.report import to_json_line

    status = summary.return_code(report_changes=options.write == "none")
    report.write(to_json_line(summary.as_dict(status)).encode("utf-8"))


def _read_streams(tasks: list[Task]) -> list[Task]:
    """Tasks whose input is a stream (stdin, a pipe, a terminal, ``<(…)``) with its bytes read now,
    once: the learning pass and the cleaning pass would otherwise both read it, and the second
    would find it empty. A stream that cannot be read fails with its reason."""
    read = []
    for task in tasks:
        if task.error is None and task.data is None and _is_stream(task.source):
            try:
                task = task._replace(data=read_source(task.source))
            except OSError as exc:
                task = task._replace(error=error_reason(exc))
        read.append(task)
    return read


def _is_stream(source: str) -> bool:
    if source == STDIN:
        return True
    try:
        mode = os.stat(source).st_mode
    except OSError:  # reading it reports the reason
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))
