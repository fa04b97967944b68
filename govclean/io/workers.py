"""The worker processes of a batch: started once per run, shared by its passes, stopped in bounded time.

A worker loads the rule and character tables once, receives tasks in chunks and sends the results
back in order. Signals are handled so that no process waits for ever:

- A worker raises :class:`~govclean.io.signals.Interrupted` on SIGTERM only while it runs a task,
  so the task's atomic writes unwind. Outside a task it may be in the middle of sending a result:
  leaving then would cut the message short and the parent would wait for its end, so it only
  notes the signal and refuses its next chunk. Ctrl-C reaches the whole process group: the
  parent decides.
- The parent stops its workers after an interruption with SIGTERM (each abandons its task, its
  temporary file removed), waits for them at most :data:`STOP_GRACE` seconds, then kills the rest.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from itertools import repeat
from types import FrameType
from typing import TYPE_CHECKING, Any, TypeVar

from govclean.io.signals import Interrupted, signal, signals_deferred, unblock_signals

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing.process import BaseProcess

#: Each chunk is this share of the tasks not yet sent, per worker, and at most MAX_CHUNK tasks:
#: large while much is left, so the per-chunk round trip costs nothing next to cleaning, and down
#: to single tasks at the end, so no worker waits long for another to finish ("guided" scheduling).
CHUNKS_PER_WORKER = 8
MAX_CHUNK = 32
#: Seconds an interrupted run waits for its workers to leave before it kills them.
STOP_GRACE = 10.0
#: Seconds it then waits for the killed ones to be reaped.
KILL_WAIT = 5.0

T = TypeVar("T")
J = TypeVar("J")
R = TypeVar("R")


class Workers:
    """Up to ``jobs`` worker processes for one run, shared by its passes.

    The processes are started by :meth:`start` or else by the first pass with several tasks, and
    live until :meth:`close`, so the cleaning pass finds them warm after the learning pass. One
    worker (or one task) runs in this process: no process start for a one-liner.
    """

    def __init__(self, jobs: int) -> None:
        self.jobs = jobs
        self._pool: ProcessPoolExecutor | None = None

    def map(
        self, work: Callable[[T, J], R], tasks: Sequence[T], job: J, lost: Callable[[T], R]
    ) -> Iterator[R]:
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
            with signals_deferred():
                results = self._started(workers).map(_in_worker, repeat(work), repeat(job), chunks)
            for chunk in results:
                for result in chunk:
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
            with signals_deferred():
                self._started(min(self.jobs, tasks))

    def _started(self, workers: int) -> ProcessPoolExecutor:
        if self._pool is None:
            from concurrent.futures import ProcessPoolExecutor

            from govclean.collector import start_up_over

            # This process now waits on workers for the rest of the run: its start-up is over.
            start_up_over()

            # Each process loads the pipeline itself (_start_worker), all at once; a process is
            # forked on a submission that finds none idle, so one call per process starts them all.
            self._pool = ProcessPoolExecutor(workers, initializer=_start_worker)
            for _ in range(workers):
                self._pool.submit(_started_worker)
        return self._pool

    def close(self, *, interrupted: bool = False) -> None:
        """Stop the processes: after the work sent, or at once when the run was ``interrupted``
        (chunks not started are dropped, running tasks abandoned, nothing half-written left)."""
        pool, self._pool = self._pool, None
        if pool is None:
            return
        if not interrupted:
            with signals_deferred():
                pool.shutdown(wait=True, cancel_futures=True)
            return
        # A second signal does not cut this short: it takes at most STOP_GRACE seconds, and a
        # process left unreaped would outlive the run.
        with signals_deferred():
            processes: list[BaseProcess] = list(getattr(pool, "_processes", {}).values())
            pool.shutdown(wait=False, cancel_futures=True)
            for process in processes:
                _signal(process, signal.SIGTERM)
            _reap(processes, time.monotonic() + STOP_GRACE)


def _signal(process: BaseProcess, signum: int) -> None:
    if process.pid is not None and process.exitcode is None:
        with suppress(ProcessLookupError):
            os.kill(process.pid, signum)


def _reap(processes: Sequence[BaseProcess], deadline: float) -> None:
    """Wait for ``processes`` until ``deadline``, then kill those left; never longer."""
    for process in processes:
        process.join(max(0.0, deadline - time.monotonic()))
    left = [process for process in processes if process.exitcode is None]
    for process in left:
        process.kill()
    # SIGKILL cannot be ignored, but on a loaded machine the process may take a moment to be
    # reaped: one shared, bounded wait for all of them.
    killed = time.monotonic() + KILL_WAIT
    for process in left:
        process.join(max(0.0, killed - time.monotonic()))
    # The executor's own thread joins the same processes: when it collects an exit status a moment
    # before recording it, a join here returns with the exit code still unknown. Poll until every
    # code is known, within the same bound.
    while any(process.exitcode is None for process in processes) and time.monotonic() < killed:
        time.sleep(0.01)


def _guided_chunks(tasks: Sequence[T], workers: int) -> Iterator[Sequence[T]]:
    """The tasks cut into chunks that shrink as fewer remain (see :data:`CHUNKS_PER_WORKER`)."""
    start = 0
    while start < len(tasks):
        size = max(1, min(MAX_CHUNK, (len(tasks) - start) // (workers * CHUNKS_PER_WORKER)))
        yield tasks[start : start + size]
        start += size


@contextmanager
def workers(jobs: int) -> Iterator[Workers]:
    """:class:`Workers` for the length of a ``with`` block, stopped however the block ends (at once
    when it ends with an interruption)."""
    started = Workers(jobs)
    try:
        yield started
    except KeyboardInterrupt:
        started.close(interrupted=True)
        raise
    finally:
        started.close()


# A worker process is inside a task or not (see the module's docstring); a SIGTERM that came
# outside a task is kept here and refuses the next chunk.
_worker_busy = False
_worker_stopped: int | None = None


def _start_worker() -> None:
    # The parent forks with SIGINT and SIGTERM held back (signals_deferred): the handlers are set
    # before any can arrive. Ctrl-C reaches the whole process group: the parent decides.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _worker_sigterm)
    unblock_signals()
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
    global _worker_stopped, _worker_busy
    if _worker_busy:
        # Raised once a task: a SIGTERM to the group reaches a worker, then the parent's own stop
        # sends another; raised again while the task unwinds, it would cut its cleanup short and
        # leave its temporary file. The second is noted like one that comes between tasks.
        _worker_busy = False
        raise Interrupted(signum)
    _worker_stopped = signum


def _in_worker(work: Callable[[T, J], R], job: J, chunk: Sequence[T]) -> list[Any]:
    global _worker_busy
    if _worker_stopped is not None:
        raise Interrupted(_worker_stopped)
    results = []
    for task in chunk:
        _worker_busy = True
        try:
            results.append(work(task, job))
        finally:
            _worker_busy = False
    return results
