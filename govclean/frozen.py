"""The base of the package's public immutable values: :class:`Frozen`.

A frozen dataclass writes its ``__init__``, ``__eq__``, ``__hash__`` and ``__repr__`` with
``exec()`` when its class is defined, some 0.5-1.2 ms a class that every start of the command
would pay, and importing :mod:`dataclasses` costs more. A :class:`Frozen` class writes its typed
``__init__`` once, in the source, and inherits the rest, driven by the fields that ``__init__``
takes: the class costs nothing beyond its cached bytecode.
"""

from __future__ import annotations

from operator import attrgetter
from typing import Any, ClassVar, NoReturn, Self


class Frozen:
    """An immutable value of named fields, compared, hashed and shown by their values.

    A subclass's fields (two or more) are its ``__init__``'s parameters, in that order, and its
    ``__slots__`` names the same fields; ``__init__`` gives each its value with :meth:`_fill`
    (or, in a class made by the million, with each field's own setter from :attr:`_setters`).
    Pickling and :meth:`replace` call ``__init__`` again, so what it checks still holds for
    every copy. Assigning or deleting a field raises :class:`AttributeError`.
    """

    __slots__ = ()

    #: The fields, in the order ``__init__`` takes them.
    _fields: ClassVar[tuple[str, ...]]
    #: The fields' values of an instance, as a tuple in the order of :attr:`_fields`.
    _values: ClassVar[attrgetter[tuple[Any, ...]]]
    #: Each field's slot setter, in the order of :attr:`_fields`: the only way in once
    #: ``__setattr__`` refuses.
    _setters: ClassVar[tuple[Any, ...]]

    def __init_subclass__(cls) -> None:
        super().__init_subclass__()
        # The fields in __init__'s positional order, read from its code: the order pickling
        # gives their values back in. (attrgetter of a single name returns the value itself, not
        # a tuple of one: hence two fields or more.)
        code = vars(cls)["__init__"].__code__
        fields: tuple[str, ...] = code.co_varnames[1 : code.co_argcount]
        if len(fields) < 2 or sorted(fields) != sorted(vars(cls)["__slots__"]):
            raise TypeError(
                f"{cls.__name__}.__init__ must take the fields of __slots__ (two or more), no other"
            )
        cls._fields = fields
        cls._values = attrgetter(*fields)
        cls._setters = tuple(vars(cls)[name].__set__ for name in fields)

    def _fill(self, *values: object) -> None:
        """Give the fields their values, in the order of :attr:`_fields`."""
        for setter, value in zip(self._setters, values, strict=True):
            setter(self, value)

    def replace(self, **changes: Any) -> Self:
        """A copy with the fields named changed, as ``dataclasses.replace`` made one."""
        return type(self)(**{**dict(zip(self._fields, self._values(self), strict=True)), **changes})

    def __setattr__(self, name: str, value: object) -> NoReturn:
        raise AttributeError(f"cannot assign to field {name!r} of an immutable {type(self).__name__}")

    def __delattr__(self, name: str) -> NoReturn:
        raise AttributeError(f"cannot delete field {name!r} of an immutable {type(self).__name__}")

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self._values(self) == self._values(other)

    def __hash__(self) -> int:
        return hash(self._values(self))

    def __repr__(self) -> str:
        fields = ", ".join(
            f"{name}={value!r}" for name, value in zip(self._fields, self._values(self), strict=True)
        )
        return f"{type(self).__qualname__}({fields})"

    def __reduce__(self) -> tuple[type[Self], tuple[Any, ...]]:
        # The class and its fields' values, given back to __init__: slots with a __setattr__
        # that refuses cannot be restored by pickle's default way, which assigns them.
        return type(self), self._values(self)
