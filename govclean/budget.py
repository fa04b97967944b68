"""Work a process does the slow way until a one-time setup would pay for itself.

Compiling a large character class or reading a code table whole costs milliseconds: a one-line
run never earns that back, a batch soon does. Each such setup keeps a budget of slow-way work
(in texts or characters, whatever its slow way spends); the process takes from it while the slow
way is still the cheaper one. Either way gives the same answer (the tests run both).
"""

from __future__ import annotations


class SlowWayBudget:
    """How much more work this process does the slow way before a setup pays for itself."""

    __slots__ = ("left",)

    def __init__(self, units: int) -> None:
        self.left = units

    def take(self, units: int = 1) -> bool:
        """Whether ``units`` more work still go the slow way; if they do, they are taken."""
        if units > self.left:
            return False
        self.left -= units
        return True
