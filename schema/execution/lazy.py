"""Fields of a GraphQL object made when first read rather than when the object is made.

A list of relationships makes one object each, and a client that asks only for their keys and
ends should not pay for their quotes. :func:`lazy` gives a strawberry field (a dataclass
field) a maker instead of a value: reading the attribute makes the value from the object and
keeps it. The field stays a plain attribute, so strawberry reads it with ``getattr`` and
:mod:`schema.execution.quick` answers it on its quick path; the schema does not change.

It is a dataclass field whose default is a data descriptor, as :mod:`dataclasses` documents
for descriptor-typed fields: a value passed to the constructor is kept as it is.

>>> import dataclasses
>>> @dataclasses.dataclass
... class Point:
...     x: int
...     double: int = lazy(lambda point: point.x * 2)
>>> p = Point(3)
>>> p.double, Point(3, double=7).double
(6, 7)
>>> p.x = 4
>>> p.double  # made once, then kept
6
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar, cast

__all__ = ["is_lazy", "lazy"]

T = TypeVar("T")


class _Unmade:
    """The default a lazy field's constructor argument takes: make the value when read."""

    def __repr__(self) -> str:
        return "<made when read>"


UNMADE: Any = _Unmade()


class _Lazy(Generic[T]):
    def __init__(self, make: Callable[[Any], T]) -> None:
        self._make = make
        self._name = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self._name = name

    def __get__(self, instance: object, owner: type | None = None) -> T:
        if instance is None:
            return cast(T, UNMADE)  # the dataclass default
        kept = instance.__dict__
        value = kept.get(self._name, UNMADE)
        if value is UNMADE:
            value = kept[self._name] = self._make(instance)
        return cast(T, value)

    def __set__(self, instance: object, value: T) -> None:
        if value is not UNMADE:  # the constructor's default: nothing to keep yet
            instance.__dict__[self._name] = value


def lazy(make: Callable[[Any], T]) -> T:
    """A field whose value is ``make(obj)``, made when ``obj``'s attribute is first read
    (unless the constructor was given one). ``make`` must read only what the object holds."""
    return cast(T, _Lazy(make))


def is_lazy(found: object) -> bool:
    """Whether ``found`` (a class attribute) is a field made by :func:`lazy`."""
    return isinstance(found, _Lazy)
