"""A raw record's fields read one by one, every problem noted with the field it is in.

A getter that finds its field wrong notes a :class:`RecordError` and gives a stand-in value
instead of raising, so one reading of a record finds every problem in it, and the fields
that were read can still be checked against the rules (:mod:`graph.dataset.records`).

Examples
--------
>>> fields = Fields({"name": "Iran", "kind": "EMPIRE", "colour": "red"}, ("name", "kind"))
>>> fields.required("name"), fields.text("iso3")
('Iran', None)
>>> for problem in fields.problems:
...     print(problem.field, "-", problem)
colour - unknown field; expected one of kind, name

A mapping a YAML file gives a key twice (:class:`GivenTwice`) has a problem for each such
field; its last value is read all the same, and checked by the rules:

>>> twice = GivenTwice({"name": "Iran"}, ("name",))
>>> [(p.field, str(p), p.value_read) for p in Fields(twice, ("name",)).problems]
[('name', 'is given twice in this record; keep one', True)]
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from functools import lru_cache
from typing import Any, TypeVar

from graph.model.rules import text_problem

__all__ = ["Fields", "GivenTwice", "RecordError", "given_twice", "shown"]

E = TypeVar("E", bound=enum.Enum)
T = TypeVar("T")

SHOWN = 120
"""The longest value quoted in a problem; longer ones are cut."""


class RecordError(Exception):
    """A field of a record that cannot be read; ``field`` names it (``evidence[0].quote``).

    ``value_read`` is true for a problem that did not stop the field's value being read (a
    field given twice: the last value), so the rules are still checked on it.
    Callers report it as :class:`~graph.model.errors.InvalidDataset` or
    :class:`~graph.model.errors.InvalidInput`.
    """

    def __init__(self, field: str, message: str, *, value_read: bool = False) -> None:
        super().__init__(message)
        self.field = field
        self.value_read = value_read


class GivenTwice(dict[Any, Any]):
    """A mapping from a file that gave some of its keys more than once, ``twice``; it holds
    the last value of each, as YAML readers do. A mapping with unique keys is a plain dict."""

    def __init__(self, items: Mapping[Any, Any], twice: tuple[str, ...]) -> None:
        super().__init__(items)
        self.twice = twice


def given_twice(raw: Mapping[str, Any]) -> tuple[str, ...]:
    """The keys ``raw`` was given more than once (as text), in the order they came."""
    return raw.twice if isinstance(raw, GivenTwice) else ()


def shown(value: object) -> str:
    """``repr(value)``, cut short when long (a problem quotes the value it is about).

    >>> shown("2016-13-45"), shown("x" * 200)[-5:]
    ("'2016-13-45'", 'x...')
    """
    text = repr(value)
    return text if len(text) <= SHOWN else text[: SHOWN - 3] + "..."


@lru_cache(maxsize=16)
def _as_set(names: tuple[str, ...]) -> frozenset[str]:
    return frozenset(names)


class Fields:
    """Typed access to one raw record; ``problems`` holds what its getters found wrong."""

    def __init__(self, raw: Mapping[str, Any], allowed: tuple[str, ...]) -> None:
        self.raw = raw
        self.problems: list[RecordError] = [
            RecordError(name, "is given twice in this record; keep one", value_read=True)
            for name in given_twice(raw)
        ]
        if unknown := raw.keys() - _as_set(allowed):
            expected = ", ".join(sorted(allowed))
            # Field names from YAML may be numbers: compare and report them as text.
            for name in sorted(map(str, unknown)):
                self.note(name, f"unknown field; expected one of {expected}", None)

    def note(self, field: str, message: str, stand_in: T) -> T:
        """Note a problem with ``field`` and give ``stand_in`` for its value."""
        self.problems.append(RecordError(field, message))
        return stand_in

    def text(self, field: str, *, required: bool = False) -> str | None:
        value = self.raw.get(field)
        if value is None:
            return self.note(field, "is required", "") if required else None
        if not isinstance(value, str) or (required and not value.strip()):
            message = f"must be a non-empty string, got {shown(value)}"
        elif (problem := text_problem(value)) is None:
            return value
        else:
            message = problem
        return self.note(field, message, "" if required else None)

    def required(self, field: str) -> str:
        return self.text(field, required=True) or ""

    def texts(self, field: str) -> tuple[str, ...]:
        value = self.raw.get(field) or []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return self.note(field, f"must be a list of strings, got {shown(value)}", ())
        for item in value:
            if (problem := text_problem(item)) is not None:
                return self.note(field, problem, ())
        return tuple(value)

    def enum(self, field: str, kind: type[E], stand_in: E, default: E | None = None) -> E:
        """The term of ``kind`` the field holds; ``stand_in`` when it holds none."""
        value = self.raw.get(field)
        if value is None and default is not None:
            return default
        try:
            return kind(value)
        except ValueError:
            return self._unknown(field, value, kind, stand_in)

    def enums(self, field: str, kind: type[E]) -> tuple[E, ...]:
        """The terms of ``kind`` the field lists, a problem noted for each that is none."""
        values = self.raw.get(field) or []
        if not isinstance(values, list):
            return self.note(field, f"must be a list, got {shown(values)}", ())
        terms = [self._term(field, value, kind) for value in values]
        return tuple(term for term in terms if term is not None)

    def _term(self, field: str, value: object, kind: type[E]) -> E | None:
        try:
            return kind(value)
        except ValueError:
            return self._unknown(field, value, kind, None)

    def _unknown(self, field: str, value: object, kind: type[E], stand_in: T) -> T:
        names = ", ".join(m.value for m in kind)
        return self.note(field, f"{shown(value)} is not one of {names}", stand_in)

    def date(self, field: str) -> dt.date | None:
        """The date the field holds; a date that breaks no rule between dates when it is
        wrong (the earliest one)."""
        value = self.raw.get(field)
        if value is None or (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        return self.note(field, f"{shown(value)} is not a date (YYYY-MM-DD)", dt.date.min)

    def number(self, field: str, default: float) -> float:
        value = self.raw.get(field, default)
        if isinstance(value, bool) or not isinstance(value, int | float):
            return self.note(field, f"must be a number, got {shown(value)}", default)
        try:
            return float(value)
        except OverflowError:
            return self.note(field, "is too large to be a number", default)
