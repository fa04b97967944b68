"""What a run did, counted over its inputs, and the exit status it ends with (SPEC §4).

This is the single place exit statuses are decided, for file runs (:class:`Summary`), JSON Lines
runs and Dask shards (:class:`RecordCounts`) and interrupted runs (:func:`interrupted_status`);
the command line and the Dask recipe only pass them on. Statuses of 126 and above are left to the
shell (command not found, killed by a signal), except the conventional 128 + signal number of a
run that was interrupted.
"""

from __future__ import annotations

from typing import Any, Literal

from govclean.io.signals import signal_name
from govclean.record import Record

EXIT_OK = 0
#: ``--check`` or ``--diff``: at least one input would change.
EXIT_WOULD_CHANGE = 1
#: Usage or configuration error; click raises it for bad options, this module names it.
EXIT_USAGE = 2
#: At least one input failed; the others were still processed and written.
EXIT_FAILED = 123
#: Added to the signal number when SIGINT or SIGTERM stops a run.
EXIT_SIGNAL_BASE = 128


def exit_status(*, failed: bool, would_change: bool = False) -> int:
    """123 if anything failed; else 1 when changes are findings (``--check``/``--diff``); else 0."""
    if failed:
        return EXIT_FAILED
    return EXIT_WOULD_CHANGE if would_change else EXIT_OK


def interrupted_status(signum: int) -> int:
    """The status of a run stopped by a signal: 130 for Ctrl-C (SIGINT), 143 for SIGTERM."""
    return EXIT_SIGNAL_BASE + signum


Status = Literal["cleaned", "unchanged", "failed"]


class FileCounts(Record):
    """The figures of one input that the summary adds up."""

    status: Status
    size: int = 0
    removed_lines: int = 0
    repaired_characters: int = 0
    appended_items: int = 0
    #: Of the removed lines, those removed as boilerplate learned from the batch.
    boilerplate_lines: int = 0


class Summary:
    """Running totals over the inputs of one run (a plain class: :meth:`add` changes it)."""

    __slots__ = (
        "appended_items",
        "boilerplate_lines",
        "bytes_read",
        "cleaned",
        "failed",
        "interrupted",
        "learned_lines",
        "removed_lines",
        "repaired_characters",
        "unchanged",
    )

    def __init__(
        self,
        cleaned: int = 0,
        unchanged: int = 0,
        failed: int = 0,
        removed_lines: int = 0,
        repaired_characters: int = 0,
        appended_items: int = 0,
        bytes_read: int = 0,
        boilerplate_lines: int = 0,
        learned_lines: int = 0,
        interrupted: int | None = None,
    ) -> None:
        self.cleaned = cleaned
        self.unchanged = unchanged
        self.failed = failed
        self.removed_lines = removed_lines
        self.repaired_characters = repaired_characters
        self.appended_items = appended_items
        self.bytes_read = bytes_read
        self.boilerplate_lines = boilerplate_lines
        #: Lines learned as the batch's boilerplate before cleaning (0 when nothing was learned).
        self.learned_lines = learned_lines
        #: The number of the signal that stopped the run (SIGINT, SIGTERM), if one did.
        self.interrupted = interrupted

    def add(self, counts: FileCounts) -> None:
        if counts.status == "cleaned":
            self.cleaned += 1
        elif counts.status == "unchanged":
            self.unchanged += 1
        else:
            self.failed += 1
        self.removed_lines += counts.removed_lines
        self.repaired_characters += counts.repaired_characters
        self.appended_items += counts.appended_items
        self.bytes_read += counts.size
        self.boilerplate_lines += counts.boilerplate_lines

    @property
    def inputs(self) -> int:
        return self.cleaned + self.unchanged + self.failed

    def return_code(self, *, report_changes: bool) -> int:
        """128 + the signal of an interrupted run; 123 if anything failed; else 1 when changes are
        reported as findings (``--check``/``--diff``)."""
        if self.interrupted is not None:
            return interrupted_status(self.interrupted)
        return exit_status(failed=self.failed > 0, would_change=report_changes and self.cleaned > 0)

    def line(self, *, would: bool) -> str:
        """The one-line summary printed at the end of a run."""
        cleaned = f"{_plural(self.cleaned, 'file')} {'would be cleaned' if would else 'cleaned'}"
        return (
            f"{cleaned}, {self.unchanged} unchanged, {self.failed} failed; "
            f"{_plural(self.removed_lines, 'chrome/meta line')} removed"
            f"{f' ({self.boilerplate_lines} as learned boilerplate)' if self.learned_lines else ''}, "
            f"{_plural(self.repaired_characters, 'character')} repaired, "
            f"{_plural(self.appended_items, 'appended item')} separated"
        )

    def rows(self) -> list[tuple[str, int]]:
        """The figures as label/value rows, for the ``-v`` table."""
        return [
            ("inputs", self.inputs),
            ("cleaned", self.cleaned),
            ("unchanged", self.unchanged),
            ("failed", self.failed),
            ("chrome/meta lines removed", self.removed_lines),
            ("characters repaired", self.repaired_characters),
            ("appended items separated", self.appended_items),
            ("bytes read", self.bytes_read),
            ("boilerplate lines learned", self.learned_lines),
            ("learned boilerplate lines removed", self.boilerplate_lines),
        ]

    def as_dict(self, status: int) -> dict[str, Any]:
        """The summary object closing a batch report; ``interrupted`` names the signal that stopped
        the run (the objects before it are then the inputs done so far), or is null."""
        return {
            "summary": {label.replace(" ", "_").replace("/", "_"): value for label, value in self.rows()}
            | {
                "interrupted": None if self.interrupted is None else signal_name(self.interrupted),
                "exit_status": status,
            }
        }


class RecordCounts:
    """What a JSON Lines run (or one stream or shard of it) did with its records (a plain class:
    :meth:`add` changes it)."""

    __slots__ = ("keyed", "objects", "skipped", "stopped", "unreadable", "written")

    def __init__(
        self,
        written: int = 0,
        stopped: bool = False,
        skipped: int = 0,
        objects: int = 0,
        keyed: int = 0,
        unreadable: int = 0,
    ) -> None:
        self.written = written
        #: A bad record under ``--stop-on-bad-record`` ended the run.
        self.stopped = stopped
        #: Lines that were no usable record, reported and passed over.
        self.skipped = skipped
        #: Lines that were JSON objects, and those of them that had the text field.
        self.objects = objects
        self.keyed = keyed
        #: Sources that could not be opened or read to their end.
        self.unreadable = unreadable

    def add(self, other: RecordCounts) -> None:
        """Add the counts of another stream of the same run."""
        for name in ("written", "skipped", "objects", "keyed", "unreadable"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.stopped = self.stopped or other.stopped

    @property
    def text_key_missing(self) -> bool:
        """Records were read and not one had the text field: the key asked for is surely wrong."""
        return self.objects > 0 and self.keyed == 0

    @property
    def failed(self) -> bool:
        return self.stopped or self.unreadable > 0 or self.text_key_missing

    def exit_status(self) -> int:
        return exit_status(failed=self.failed)


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"
