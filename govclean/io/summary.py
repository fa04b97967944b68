"""What a run did, counted over its inputs, and the exit status it ends with (SPEC §4).

This is the single place exit statuses are decided. Statuses of 126 and above are left to the
shell (command not found, killed by a signal), except the conventional 128 + signal number of a
run that was interrupted.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, NamedTuple

EXIT_OK = 0
#: ``--check`` or ``--diff``: at least one input would change.
EXIT_WOULD_CHANGE = 1
#: Usage or configuration error; click raises it for bad options, this module names it.
EXIT_USAGE = 2
#: At least one input failed; the others were still processed and written.
EXIT_FAILED = 123
#: Added to the signal number when SIGINT or SIGTERM stops a run.
EXIT_SIGNAL_BASE = 128

Status = Literal["cleaned", "unchanged", "failed"]


class FileCounts(NamedTuple):
    """The figures of one input that the summary adds up."""

    status: Status
    size: int = 0
    removed_lines: int = 0
    repaired_characters: int = 0
    appended_items: int = 0


@dataclass(slots=True)
class Summary:
    """Running totals over the inputs of one run."""

    cleaned: int = 0
    unchanged: int = 0
    failed: int = 0
    removed_lines: int = 0
    repaired_characters: int = 0
    appended_items: int = 0
    bytes_read: int = 0

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

    @property
    def inputs(self) -> int:
        return self.cleaned + self.unchanged + self.failed

    def return_code(self, *, report_changes: bool) -> int:
        """123 if anything failed; else 1 when changes are reported as findings (``--check``/``--diff``)."""
        if self.failed:
            return EXIT_FAILED
        if report_changes and self.cleaned:
            return EXIT_WOULD_CHANGE
        return EXIT_OK

    def line(self, *, would: bool) -> str:
        """The one-line summary printed at the end of a run."""
        cleaned = f"{_plural(self.cleaned, 'file')} {'would be cleaned' if would else 'cleaned'}"
        return (
            f"{cleaned}, {self.unchanged} unchanged, {self.failed} failed; "
            f"{_plural(self.removed_lines, 'chrome/meta line')} removed, "
            f"{_plural(self.repaired_characters, 'character')} repaired, "
            f"{_plural(self.appended_items, 'appended item')} separated"
        )

    def rows(self) -> list[tuple[str, int]]:
        """The figures as label/value rows, for the ``-v`` table."""
        return [
            ("inputs", self.inputs), ("cleaned", self.cleaned), ("unchanged", self.unchanged),
            ("failed", self.failed), ("chrome/meta lines removed", self.removed_lines),
            ("characters repaired", self.repaired_characters),
            ("appended items separated", self.appended_items), ("bytes read", self.bytes_read),
        ]

    def as_dict(self, exit_status: int) -> dict[str, Any]:
        """The summary object closing a batch report."""
        return {"summary": {label.replace(" ", "_").replace("/", "_"): value for label, value in self.rows()}
                | {"exit_status": exit_status}}


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"
