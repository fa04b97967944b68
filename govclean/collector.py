"""Cyclic garbage collection kept out of a clean.

A clean makes many small objects and no reference cycles that outlive it (lines, records, match
objects are freed by reference counting). The cyclic collector still runs on every few hundred
allocations and walks every tracked object, the loaded tables and rules included: on a 20 MB
document that walk is about a quarter of the time. So it is paused while a document is cleaned, and
turned back on after if it was on (a caller that turned it off keeps it off).

A process that cleans many documents (the command line and its workers) may also freeze what the
first clean loaded (tables, rules, compiled patterns): :func:`gc.freeze` moves it out of every later
collection. The library does not do that by itself: it would keep a caller's objects of that moment
out of the collector too.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

_freeze_after_clean = False
_paused_for_start_up = False


def freeze_after_first_clean() -> None:
    """Freeze the objects alive after the next clean ends, once (the tables it loaded among them)."""
    global _freeze_after_clean
    _freeze_after_clean = True


def pause_for_start_up() -> None:
    """Pause the collector until the start-up ends (:func:`start_up_over`): the first clean's end,
    or the start of worker processes, whichever comes first.

    A process that starts the command loads modules, options, tables and rules: objects that live
    to the end and hold no garbage. With the collector on, each collection walks all of them made
    so far (some 2 ms of a one-line run). With :func:`freeze_after_first_clean`, they are frozen
    before the collector is turned back on, and no collection ever walks them.
    """
    global _paused_for_start_up
    if gc.isenabled():
        gc.disable()
        _paused_for_start_up = True


def start_up_over() -> None:
    """End the pause of :func:`pause_for_start_up` (nothing if there is none): freeze what the
    start-up made where a freeze is due, and turn the collector back on."""
    global _paused_for_start_up, _freeze_after_clean
    if _paused_for_start_up:
        _paused_for_start_up = False
        if _freeze_after_clean:
            _freeze_after_clean = False
            gc.freeze()
        gc.enable()


@contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic garbage collection inside the block; the collector's state is restored after."""
    global _freeze_after_clean
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if _freeze_after_clean:
            _freeze_after_clean = False
            gc.freeze()
        if enabled:
            gc.enable()
        start_up_over()
