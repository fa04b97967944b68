"""Ctrl-C and SIGTERM: a run stops where it is, unwinds its pending writes, and says so.

SIGTERM is turned into :class:`Interrupted` (a ``KeyboardInterrupt``), so a temporary file is
removed exactly as on Ctrl-C. :func:`signals_deferred` holds both signals back while the worker
pool's own bookkeeping runs (submitting work, starting and stopping processes): an exception
raised inside it could leave a lock of the pool taken, and stopping the pool would then wait on
it for ever.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import signal as signal
else:
    try:
        # The C module the standard ``signal`` module wraps: the same calls and numbers, without
        # the enums ``signal`` builds when imported (1 ms of a one-line run). Handlers and masks
        # come back as plain numbers (see signal_name for names).
        import _signal as signal
    except ImportError:  # an interpreter without it
        import signal

#: The signals that stop a run.
STOP_SIGNALS = frozenset({signal.SIGINT, signal.SIGTERM})


class Interrupted(KeyboardInterrupt):
    """A termination signal, raised where the program was, so pending writes unwind."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum

    def __str__(self) -> str:
        return signal_name(self.signum)


#: The names a stopped run reports, known without ``signal``'s enums: importing that module while
#: a run unwinds from one signal would leave a second one a window inside the import.
_STOP_NAMES: dict[int, str] = {signal.SIGINT: "SIGINT", signal.SIGTERM: "SIGTERM"}


def signal_name(signum: int) -> str:
    """``SIGTERM`` for 15: the name of a signal number.

    >>> signal_name(signal.SIGTERM), signal_name(signal.SIGINT)
    ('SIGTERM', 'SIGINT')
    """
    name = _STOP_NAMES.get(signum)
    if name is None:
        import signal as named  # the enums, for any other signal

        name = named.Signals(signum).name
    return name


def signal_number(exc: KeyboardInterrupt) -> int:
    """The signal behind an interruption: SIGTERM's own, else Ctrl-C's SIGINT."""
    return exc.signum if isinstance(exc, Interrupted) else signal.SIGINT


def _raise_interrupted(signum: int, _frame: FrameType | None) -> None:
    raise Interrupted(signum)


def raise_on_sigterm() -> None:
    """Make SIGTERM unwind like Ctrl-C instead of killing the process mid-write."""
    signal.signal(signal.SIGTERM, _raise_interrupted)


@contextmanager
def signals_deferred() -> Iterator[None]:
    """Hold SIGINT and SIGTERM back in this thread for the block; one that arrived meanwhile is
    delivered when it ends. Threads and processes started inside inherit the block, so the pool's
    helper threads never take a signal meant for the main thread, and new worker processes take
    none before they have set their own handlers (they unblock with :func:`unblock_signals`)."""
    if not hasattr(signal, "pthread_sigmask"):  # not POSIX: nothing to hold back
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


@contextmanager
def signals_held() -> Iterator[None]:
    """Ctrl-C and SIGTERM received in the block take effect when it ends, not inside it: for a few
    steps of this thread that must happen together (a rewrite in place, an outcome counted and
    reported), whatever thread the signal lands on."""
    import threading  # only the runs that hold signals come here

    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread runs signal handlers (and may install them)
        return
    received: list[int] = []
    held = (signal.SIGINT, signal.SIGTERM)
    previous = {
        signum: signal.signal(signum, lambda signum, _frame: received.append(signum)) for signum in held
    }
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler if handler is not None else signal.SIG_DFL)
        for pending in received[:1]:
            signal.raise_signal(pending)


def unblock_signals() -> None:
    """Let SIGINT and SIGTERM through again (in a worker process, once its handlers are set)."""
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)
