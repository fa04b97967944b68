"""Batches: which files a run reads, where each result goes, and the worker pool that cleans them.

One function, :func:`clean_file`, reads, cleans and writes (or only compares, for ``--check`` and
``--diff``) one input and returns an :class:`Outcome`; it runs in this process or in a worker, and
never raises for a bad input, so one failing file never stops a batch. Workers are started once
per run and serve both of its passes, load the rule and character tables once, receive inputs in
chunks, and the outcomes come back in input order, so stdout, reports and summaries are the same
whatever ``-j`` is.
"""

from __future__ import annotations

import os
import re
import signal
import stat
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from fnmatch import fnmatch
from itertools import islice, repeat
from pathlib import Path, PurePath
from types import FrameType
from typing import TYPE_CHECKING, Literal, NamedTuple, TypeVar

from govclean.config import CleanConfig
from govclean.io.files import (
    DEFAULT_INCLUDE,
    STDIN,
    Interrupted,
    display_name,
    error_reason,
    file_identity,
    printable_path,
    read_source,
    replace_in_place,
    write_atomic,
    write_lines_atomic,
)
from govclean.io.summary import FileCounts

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

    from govclean.model import CleanResult

#: Name under an output directory for text read from stdin.
STDIN_NAME = PurePath("stdin.txt")
#: Each chunk is this share of the tasks not yet sent, per worker, and at most MAX_CHUNK tasks:
#: large while much is left, so the per-chunk round trip costs nothing next to cleaning, and down
#: to single tasks at the end, so no worker waits long for another to finish ("guided" scheduling).
CHUNKS_PER_WORKER = 8
MAX_CHUNK = 32
REMOVED_ROLES = frozenset({"chrome", "meta"})
#: HTML markup: a document type or the tags of a page's structure.
HTML_TAG_RE = re.compile(
    rb"<(?:!doctype\s+html|(?:html|head|body|meta|div|p|br|span|table|tr|td|li|script|style|a)\b)[^<>]{0,300}>",
    re.IGNORECASE)
#: Where the input is looked at, and how many tags (or a leading document type) make it a page.
HTML_SCAN = 8192
HTML_TAGS = 5
HTML_WARNING = ("looks like HTML: govclean cleans the text of a page, not its markup; extract the text "
                "first (for example with trafilatura, html2text or lynx -dump), then clean that")

Write = Literal["output", "in_place", "none"]
R = TypeVar("R")


class PlanError(ValueError):
    """The inputs and outputs given cannot make a safe run (a usage error)."""


# NamedTuples, not frozen dataclasses: every start defines them, and a dataclass's generated
# methods cost some 0.5 ms each; they are as immutable and compare by value alike.
class Input(NamedTuple):
    """One file to clean and where its outputs go below an output directory."""

    source: str
    relative: PurePath


class Task(NamedTuple):
    """One input and the paths its outputs are written to (None: stdout, or nothing)."""

    source: str
    output: Path | None = None
    appended: Path | None = None
    #: This input's own report file, when reports mirror the input tree.
    report: Path | None = None


class Job(NamedTuple):
    """What every task of a run does; sent once to each worker."""

    config: CleanConfig
    write: Write = "output"
    diff: bool = False
    backup: bool = True
    report: bool = False
    explain: bool = False


class Outcome(NamedTuple):
    """What cleaning one input produced, small enough to send back from a worker."""

    name: str
    counts: FileCounts
    #: Bytes for stdout: the clean text of a single input, or its diff.
    stdout: bytes = b""
    report: str | None = None
    explain: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    error: str | None = None

    @property
    def changed(self) -> bool:
        return self.counts.status == "cleaned"


def discover(sources: Sequence[str], include: Sequence[str] = DEFAULT_INCLUDE,
             exclude: Sequence[str] = (), prune: Sequence[Path] = ()) -> list[Input]:
    """Expand directories into the files they hold; files and ``-`` are taken as given.

    A directory is walked recursively in sorted order without following symbolic links; a file
    in it is taken when a glob of ``include`` and none of ``exclude`` matches its name or its path
    relative to the directory. Directories and files in ``prune`` (the run's own outputs) are
    skipped, so a second run does not clean its own outputs.
    """
    inputs: list[Input] = []
    pruned = {path.resolve() for path in prune}
    for source in sources:
        if source != STDIN and Path(source).is_dir():
            inputs.extend(_walk(Path(source), include, exclude, pruned))
        else:
            inputs.append(Input(source, STDIN_NAME if source == STDIN else PurePath(Path(source).name)))
    return inputs


def _matches(relative: PurePath, globs: Sequence[str]) -> bool:
    return any(fnmatch(relative.as_posix(), glob) or fnmatch(relative.name, glob) for glob in globs)


def _walk(root: Path, include: Sequence[str], exclude: Sequence[str], pruned: set[Path]) -> list[Input]:
    # os.scandir's entries know whether they are links or directories without a stat call each,
    # and names are joined as strings: on a tree of thousands of files this halves the walk,
    # which runs before any worker starts.
    found: list[Input] = []
    pending = [(str(root), PurePath())]
    while pending:
        directory, below = pending.pop()
        try:
            with os.scandir(directory) as entries:
                listed = list(entries)
        except OSError:  # as os.walk does: a directory that cannot be listed holds nothing
            continue
        for entry in listed:
            if entry.is_symlink() or _is_pruned(entry, pruned):
                continue
            relative = below / entry.name
            if _is_directory(entry):
                if not _matches(relative, exclude):
                    pending.append((entry.path, relative))
            elif _matches(relative, include) and not _matches(relative, exclude):
                found.append(Input(entry.path, relative))
    return sorted(found, key=lambda found_input: found_input.relative.parts)


def _is_pruned(entry: os.DirEntry[str], pruned: set[Path]) -> bool:
    # Resolving costs a system call per component: only an entry of a pruned path's name pays it.
    return any(entry.name == path.name for path in pruned) and Path(entry.path).resolve() in pruned


def _is_directory(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:  # gone since it was listed: taken as a file, whose reading then fails by name
        return False


def plan(inputs: Sequence[Input], *, output: Path | None, appended: Path | None, batch: bool,
         reports: Path | None = None, report_file: Path | None = None) -> list[Task]:
    """Map each input to its output paths, refusing any output that would overwrite an input.

    A single input writes to ``output`` itself; a batch mirrors each input's relative path below
    the ``output`` and ``appended`` directories. With a ``reports`` directory each input's report
    is mirrored there as ``RELATIVE-PATH.jsonl``; a single ``report_file`` must not be an input.
    """
    for directory in (output, appended, reports) if batch else (reports,):
        if directory is not None and directory.exists() and not directory.is_dir():
            raise PlanError(f"{directory} is a file: several inputs need an output directory")
    tasks = [
        Task(input_.source,
             output / input_.relative if batch and output else output,
             appended / input_.relative if batch and appended else appended,
             reports / f"{input_.relative}.jsonl" if reports else None)
        for input_ in inputs
    ]
    _refuse_collisions(tasks, report_file)
    return tasks


def _refuse_collisions(tasks: Sequence[Task], report_file: Path | None) -> None:
    sources = {identity: task.source for task in tasks
               if task.source != STDIN and (identity := file_identity(task.source))}
    same_file = _OutputKeys()
    claimed: dict[object, str] = {}
    shared = ((report_file, "the report"),) if report_file is not None else ()
    for task in tasks:
        name = display_name(task.source)
        for path, what in (*shared, (task.output, name), (task.appended, f"{name}'s appended items"),
                           (task.report, f"{name}'s report")):
            if path is None:
                continue
            overwritten = sources.get(file_identity(path) or (-1, -1))
            if overwritten is not None:
                raise PlanError(f"refusing to overwrite the input {display_name(overwritten)} "
                                "(--in-place rewrites inputs)")
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
                return Path(os.path.realpath(path))
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
    try:
        data = read_source(task.source)
        size = len(data)
        # --in-place backs the original up and --diff shows it; otherwise the only reference to
        # the bytes is handed over, so they are freed as soon as they are decoded.
        original = data if job.diff or job.write == "in_place" else None
        warnings: tuple[str, ...] = (HTML_WARNING,) if looks_like_html(data) else ()
        handed_over = [data]
        del data
        result = clean_bytes(handed_over.pop(), job.config)
        stdout, output = _write(task, job, original, result)
        if job.diff:
            from govclean.decoding.decode import decode_bytes
            from govclean.io.diff import unified_diff

            assert original is not None
            # A file whose mojibake was repaired is shown as it read before the repair (its codec
            # forced, which repairs nothing, and a BOM dropped as decoding drops it), so the
            # repaired lines are hunks of the diff too.
            repaired = result.encoding.method == "repaired"
            read_as = result.encoding.name if repaired else job.config.encoding
            source_text = decode_bytes(original, read_as, job.config.strict).text
            if repaired:
                source_text = source_text.removeprefix("\ufeff")
            stdout = unified_diff(source_text, result.text, name).encode("utf-8")
        warnings += result.warnings
        report = _deliver_report(task, _result_line(result, name, output, warnings) if job.report else None)
    except (OSError, DecodeError) as exc:
        reason = error_reason(exc)
        if isinstance(exc, OSError) and exc.filename and os.fsdecode(exc.filename) != task.source:
            # an output, not the input, could not be written
            reason = f"{printable_path(os.fsdecode(exc.filename))}: {reason}"
        return _failure(task, reason, job)
    except Exception as exc:  # a defect on one input must not stop the batch; it is reported
        return _failure(task, f"internal error: {type(exc).__name__}: {exc}", job)
    counts = FileCounts(
        status="cleaned" if result.changed else "unchanged", size=size,
        removed_lines=sum(1 for line in result.lines if line.role in REMOVED_ROLES),
        repaired_characters=len(result.fixes), appended_items=len(result.appended),
    )
    return Outcome(
        name, counts, stdout, report=report,
        explain=_explained(result, name) if job.explain else (),
        warnings=warnings,
    )


# The report module (and json) is imported only by runs that asked for a report or --explain.
def _result_line(result: CleanResult, name: str, output: str | None, warnings: tuple[str, ...]) -> str:
    from govclean.io.report import result_report, to_json_line

    return to_json_line({**result_report(result, name, output), "warnings": list(warnings)})


def looks_like_html(data: bytes) -> bool:
    """Whether an input is a web page's markup rather than its text: it starts with a document
    type or ``<html>``, or its head holds several structural tags. It is still cleaned: markup
    lines are site furniture to the rules, but a page's text is better extracted by a tool that
    reads HTML."""
    head = data[:HTML_SCAN]
    first = HTML_TAG_RE.search(head.lstrip(b"\xef\xbb\xbf \t\r\n"))
    if first is not None and first.start() == 0 and first.group(0)[:5].lower() in (b"<!doc", b"<html"):
        return True
    return sum(1 for _ in islice(HTML_TAG_RE.finditer(head), HTML_TAGS)) >= HTML_TAGS


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
            replace_in_place(Path(task.source), original, result.text.encode("utf-8"), backup=job.backup)
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


def run_tasks(tasks: Sequence[Task], job: Job, workers: Workers,
              on_outcome: Callable[[Outcome], None]) -> None:
    """Clean every task, calling ``on_outcome`` in task order, on ``workers``."""
    for outcome in workers.map(clean_file, tasks, job, lost=lambda task: Outcome(
            display_name(task.source), FileCounts("failed"), error="a worker process stopped unexpectedly")):
        on_outcome(outcome)


def learn_batch_boilerplate(tasks: Sequence[Task], job: Job, workers: Workers) -> tuple[str, ...]:
    """A first pass over a batch: the header and footer lines that recur at the edges of its files.

    Workers decode each file and send back only its edge lines, which are counted here as they
    arrive, while the workers go on; files that cannot be read or decoded are left out here and
    reported by the cleaning pass.
    """
    from govclean.roles.boilerplate import boilerplate_among

    edges = workers.map(_edge_text, tasks, job, lost=lambda _task: None)
    return boilerplate_among(edge.split("\n") if edge else () for edge in edges if edge is not None)


def _edge_text(task: Task, job: Job) -> str | None:
    """The edge lines :func:`~govclean.roles.boilerplate.learn_boilerplate` looks at, found in the worker
    and sent back joined by line breaks, which no line holds: one string crosses between the
    processes, not one object per line."""
    from govclean.decoding.decode import DecodeError, decode_bytes
    from govclean.roles.boilerplate import edge_lines

    try:
        text = decode_bytes(read_source(task.source), job.config.encoding).text
    except (OSError, DecodeError):
        return None
    return "\n".join(edge_lines(text))


class Workers:
    """Up to ``jobs`` worker processes for one run, shared by its passes.

    The processes are started by :meth:`start` or else by the first pass with several tasks, and
    live until :meth:`close`, so the cleaning pass finds them warm after the learning pass. One
    worker (or one task) runs in this process: no process start for a one-liner.
    """

    def __init__(self, jobs: int) -> None:
        self.jobs = jobs
        self._pool: ProcessPoolExecutor | None = None

    def map(self, work: Callable[[Task, Job], R], tasks: Sequence[Task], job: Job,
            lost: Callable[[Task], R]) -> Iterator[R]:
        """``work(task, job)`` for every task, in task order; ``lost`` stands in for the results of
        tasks a dead worker process took with it."""
        if self.jobs <= 1 or len(tasks) <= 1:
            yield from (work(task, job) for task in tasks)
            return
        from concurrent.futures.process import BrokenProcessPool

        workers = min(self.jobs, len(tasks))
        chunks = list(_guided_chunks(tasks, workers))
        done = 0
        try:
            # The job travels with each chunk: it differs between passes, the processes do not.
            for results in self._started(workers).map(_in_worker, repeat(work), repeat(job), chunks):
                for result in results:
                    yield result
                    done += 1
        except BrokenProcessPool:
            self.close()  # a later pass starts new processes
            for task in tasks[done:]:
                yield lost(task)

    def start(self, tasks: int) -> None:
        """Start the processes a run of ``tasks`` inputs will use now, while this process still
        plans the run: they fork and load the pipeline meanwhile, off the run's serial path."""
        if self.jobs > 1 and tasks > 1:
            self._started(min(self.jobs, tasks))

    def _started(self, workers: int) -> ProcessPoolExecutor:
        if self._pool is None:
            from concurrent.futures import ProcessPoolExecutor

            # Each process loads the pipeline itself (_start_worker), all at once; a process is
            # forked on a submission that finds none idle, so one call per process starts them all.
            self._pool = ProcessPoolExecutor(workers, initializer=_start_worker)
            for _ in range(workers):
                self._pool.submit(_started_worker)
        return self._pool

    def close(self) -> None:
        """Stop the processes. On Ctrl-C or SIGTERM the chunks not started are dropped and running
        ones finish their atomic writes, so nothing half-written is left behind."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


def _guided_chunks(tasks: Sequence[Task], workers: int) -> Iterator[Sequence[Task]]:
    """The tasks cut into chunks that shrink as fewer remain (see :data:`CHUNKS_PER_WORKER`)."""
    start = 0
    while start < len(tasks):
        size = max(1, min(MAX_CHUNK, (len(tasks) - start) // (workers * CHUNKS_PER_WORKER)))
        yield tasks[start:start + size]
        start += size


@contextmanager
def workers(jobs: int) -> Iterator[Workers]:
    """:class:`Workers` for the length of a ``with`` block, stopped however the block ends."""
    started = Workers(jobs)
    try:
        yield started
    finally:
        started.close()


# A worker process is inside a task or not, so SIGTERM unwinds a task (removing its temporary
# file) but ends an idle worker quietly.
_worker_busy = False


def _start_worker() -> None:
    # Ctrl-C reaches the whole process group: the parent decides, workers finish their chunk.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _worker_sigterm)
    _load_pipeline()


def _started_worker() -> None:
    """Nothing: submitted once per process, it makes the pool start its processes."""


def _load_pipeline() -> None:
    """Import the pipeline and load its tables before the first task."""
    import govclean
    from govclean.characters.repair import load_tables
    from govclean.roles.rules import load_rules

    load_rules()
    load_tables()
    govclean.clean_text("")


def _worker_sigterm(signum: int, _frame: FrameType | None) -> None:
    if _worker_busy:
        raise Interrupted(signum)
    os._exit(128 + signum)


def _in_worker(work: Callable[[Task, Job], R], job: Job, chunk: Sequence[Task]) -> list[R]:
    global _worker_busy
    results = []
    for task in chunk:
        _worker_busy = True
        try:
            results.append(work(task, job))
        finally:
            _worker_busy = False
    return results
