"""The slow way's budget: work is taken from it while it lasts, never more than is left."""

from __future__ import annotations

from govclean.budget import SlowWayBudget


def test_work_is_taken_while_it_fits() -> None:
    budget = SlowWayBudget(5)
    assert budget.take(3) and budget.take()
    assert not budget.take(2)  # more than is left: the setup pays now, nothing is taken
    assert budget.take() and not budget.take()
    assert budget.left == 0
