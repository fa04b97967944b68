"""Record: the internal named tuples' base, a ``typing.NamedTuple`` without run-time annotation checks."""

from __future__ import annotations

import pickle

import pytest

from govclean.io.batch import Task
from govclean.record import Record


class Pair(Record):
    """Two values."""

    first: int
    second: str = "b"

    def swapped(self) -> tuple[str, int]:
        return self.second, self.first


def test_a_record_is_a_named_tuple_with_fields_defaults_methods_and_docstring() -> None:
    pair = Pair(1)
    assert pair == (1, "b") and isinstance(pair, tuple)
    assert Pair._fields == ("first", "second") and Pair._field_defaults == {"second": "b"}
    assert pair.swapped() == ("b", 1) and Pair.__doc__ == "Two values."
    assert pair._replace(second="c") == Pair(1, "c")
    assert Pair.__module__ == __name__ and Pair.__qualname__ == "Pair"


def test_a_record_keeps_its_annotations_as_written() -> None:
    assert Pair.__annotations__ == {"first": "int", "second": "str"}


def test_records_pickle_by_name_as_worker_tasks_are_sent() -> None:
    assert pickle.loads(pickle.dumps(Pair(2, "x"))) == Pair(2, "x")
    task = Task("in.txt", data=b"text")
    assert pickle.loads(pickle.dumps(task)) == task


def test_a_field_without_a_default_after_one_with_a_default_is_refused() -> None:
    with pytest.raises(TypeError, match="follows one with a default"):

        class Bad(Record):
            first: int = 0
            second: int


def test_a_record_may_not_set_what_a_named_tuple_makes_itself() -> None:
    with pytest.raises(AttributeError, match="_replace"):

        class Bad(Record):
            first: int

            def _replace(self) -> None: ...


def test_a_record_takes_no_other_base() -> None:
    with pytest.raises(TypeError, match="no other base"):

        class Bad(Record, dict):  # type: ignore[misc]
            first: int
