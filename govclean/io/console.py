"""What people see on a terminal: the progress bar and the ``-v`` summary table, both on stderr.

rich is imported only here and this module only when a terminal or ``-v`` asks for it, so a
plain ``govclean < in > out`` never pays for it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
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


@contextmanager
def progress_bar(files: int, total_bytes: int) -> Iterator[Callable[[int], None]]:
    """A live bar (files, MB, rate, ETA); yields ``advance(bytes_of_one_file)``.

    The bar (and rich's refresh thread) starts with the first finished file, after the worker
    processes have been forked: forking while that thread holds a lock could hang a worker.
    """
    columns = (
        TextColumn("[progress.description]{task.description}"), BarColumn(),
        TextColumn("{task.fields[done]}/{task.fields[files]} files"), DownloadColumn(),
        TransferSpeedColumn(), TimeRemainingColumn(),
    )
    progress = Progress(*columns, console=error_console(), transient=True)
    task = progress.add_task("cleaning", total=max(total_bytes, 1), done=0, files=files)
    done = 0

    def advance(size: int) -> None:
        nonlocal done
        if done == 0:
            progress.start()
        done += 1
        progress.update(task, advance=size, done=done)

    try:
        yield advance
    finally:
        if done:
            progress.stop()


def print_summary_table(summary: Summary, title: str) -> None:
    table = Table(title=title, show_header=False)
    table.add_column("figure")
    table.add_column("value", justify="right")
    for label, value in summary.rows():
        table.add_row(label, f"{value:,}")
    error_console().print(table)
