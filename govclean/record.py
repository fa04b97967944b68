"""The base of the package's internal named tuples: :data:`Record`, ``typing.NamedTuple`` to a
type checker and a cheaper class maker at run time.

``class Point(NamedTuple)`` checks every field's annotation when the class is made. In a module
that postpones annotations (``from __future__ import annotations``, as every module here does)
each annotation is a string, and the check compiles each one into a ``ForwardRef``: about 0.2 ms
a class, some 4 ms of every start of the command over the classes on its path. The annotations
are for the type checker, which reads the source; at run time :data:`Record` makes the same
``collections.namedtuple`` class, with the same fields, defaults, methods and docstring, and
keeps the annotations as the strings they are.

>>> class Point(Record):
...     '''A point.'''
...     x: int
...     y: int = 0
...
...     def norm(self) -> int:
...         return abs(self.x) + abs(self.y)
>>> Point(3, -4), Point(3).norm(), Point._fields, Point.__doc__
(Point(x=3, y=-4), 3, ('x', 'y'), 'A point.')
>>> Point(1, 2) == (1, 2), Point(1, 2)._replace(y=5), Point.__annotations__
(True, Point(x=1, y=5), {'x': 'int', 'y': 'int'})
"""

from __future__ import annotations

from collections import namedtuple
from typing import TYPE_CHECKING, Any

__all__ = ["Record"]

# What typing.NamedTuple also keeps for itself or refuses to take from a class body.
_KEPT = frozenset({"__module__", "__annotations__"})
_REFUSED = frozenset(
    {
        "__new__",
        "__init__",
        "__slots__",
        "__getnewargs__",
        "_fields",
        "_field_defaults",
        "_make",
        "_replace",
        "_asdict",
        "_source",
    }
)


class _RecordMaker(type):
    """Turns a class body over :data:`Record` into a ``collections.namedtuple`` class, the way
    ``typing.NamedTuple`` does, without evaluating the annotations."""

    def __new__(cls, name: str, bases: tuple[type, ...], namespace: dict[str, Any]) -> Any:
        if bases != (_Record,):
            raise TypeError(f"{name}: a Record takes no other base")
        fields = tuple(namespace.get("__annotations__", {}))
        defaults = [namespace[field] for field in fields if field in namespace]
        if fields[len(fields) - len(defaults) :] != tuple(field for field in fields if field in namespace):
            raise TypeError(f"{name}: a field without a default follows one with a default")
        made = namedtuple(name, fields, defaults=defaults, module=namespace["__module__"])  # type: ignore[misc]
        made.__annotations__ = dict(namespace.get("__annotations__", {}))
        for key, value in namespace.items():
            if key in _REFUSED:
                raise AttributeError(f"{name}: a Record cannot set {key}")
            if key not in _KEPT and key not in fields:
                setattr(made, key, value)
        return made


_Record = type.__new__(_RecordMaker, "Record", (), {})

if TYPE_CHECKING:
    from typing import NamedTuple as Record
else:
    Record = _Record
