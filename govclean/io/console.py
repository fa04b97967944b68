"""What people see on a terminal: the progress bar and the ``-v`` summary table, both on stderr.

rich is imported only here and this module only when a terminal or ``-v`` asks for it, so a
plain ``govclean < in > out`` never pays for it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TextColumn,
    TimeRemainingColumn,
    TransferSpeedColumn,
)
from rich.table import Table

from govclean.io.summary import Summary


def error_console() -> Console:
    return Console(stderr=True)


class ProgressBar:
    """A live bar (files, MB, rate, ETA) on stderr, and the way to print a message beside it."""

    def __init__(self, files: int, total_bytes: int) -> None:
        columns = (
            TextColumn("[progress.description]{task.description}"),
            BarColumn(),
            TextColumn("{task.fields[done]}/{task.fields[files]} files"),
            DownloadColumn(),
            TransferSpeedColumn(),
            TimeRemainingColumn(),
        )
        self._progress = Progress(*columns, console=error_console(), transient=True)
        self._task = self._progress.add_task("cleaning", total=max(total_bytes, 1), done=0, files=files)
        self.done = 0

    def advance(self, size: int) -> None:
        """One more file of ``size`` bytes is done. The bar (and rich's refresh thread) starts with
        the first, after the worker processes have been forked: forking while that thread holds a
        lock could hang a worker."""
        if self.done == 0:
            self._progress.start()
        self.done += 1
        self._progress.update(self._task, advance=size, done=self.done)

    def echo(self, message: str) -> None:
        """Print a line above the bar: written past rich, it would land inside the bar's line."""
        self._progress.console.print(message, markup=False, highlight=False, emoji=False, soft_wrap=True)

    def stop(self) -> None:
        if self.done:
            self._progress.stop()


@contextmanager
def progress_bar(files: int, total_bytes: int) -> Iterator[ProgressBar]:
    """A :class:`ProgressBar` for the length of a ``with`` block."""
    bar = ProgressBar(files, total_bytes)
    try:
        yield bar
    finally:
        bar.stop()


def print_summary_table(summary: Summary, title: str) -> None:
    table = Table(title=title, show_header=False)
    table.add_column("figure")
    table.add_column("value", justify="right")
    for label, value in summary.rows():
        table.add_row(label, f"{value:,}")
    error_console().print(table)
