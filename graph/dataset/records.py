"""One record in the seed format: a plain, JSON-able mapping to a model object and back.

A record's field names are those of :mod:`graph.model.records`. Enums are written by value, dates as
ISO ``YYYY-MM-DD`` strings (YAML dates are read too), tuples as lists and evidence as a list of
``{"source": ..., "quote": ...}`` mappings; empty fields are left out.

Examples
--------
>>> from graph.model.records import Actor
>>> actor = from_record(Actor, {"key": "russia", "name": "Russia", "kind": "STATE"})
>>> actor.kind
<ActorKind.STATE: 'STATE'>
>>> record_of(actor)
{'key': 'russia', 'name': 'Russia', 'kind': 'STATE'}
>>> from_record(Actor, {"key": "x", "name": "X", "kind": "PLANET"})
Traceback (most recent call last):
...
graph.dataset.records.RecordError: 'PLANET' is not one of STATE, STATE_BODY, PERSON, ...
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import Any, TypeAlias, TypeVar

from graph.dataset.relationship_record import relationship_record
from graph.model.records import Actor, Evidence, Relationship, Source
from graph.model.rules import text_problem
from graph.model.vocabulary import ActorKind, DatePrecision, Relation, Stance, SupportKind

__all__ = [
    "ACTOR_FIELDS",
    "EVIDENCE_FIELDS",
    "RELATIONSHIP_FIELDS",
    "SOURCE_FIELDS",
    "RecordError",
    "fields_of",
    "from_record",
    "plain",
    "record_of",
]

SOURCE_FIELDS = ("id", "publisher", "title", "authors", "published", "url")
ACTOR_FIELDS = ("key", "name", "kind", "aliases", "iso3", "cameo", "description")
RELATIONSHIP_FIELDS = (
    "id", "relation", "source", "target", "date", "date_precision", "valid_from",
    "valid_until", "support_kinds", "location", "claimed_by", "stance", "confidence",
    "evidence",
)  # fmt: skip
EVIDENCE_FIELDS = ("source", "quote")

Item: TypeAlias = Source | Actor | Relationship
R = TypeVar("R", Source, Actor, Relationship)
E = TypeVar("E", bound=enum.Enum)


class RecordError(Exception):
    """A record that cannot be read; ``field`` names the faulty field (``evidence[0].quote``).

    Callers report it as :class:`~graph.model.errors.InvalidDataset` or
    :class:`~graph.model.errors.InvalidInput`.
    """

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


@lru_cache(maxsize=16)
def _as_set(names: tuple[str, ...]) -> frozenset[str]:
    return frozenset(names)


class _Record:
    """Typed access to one raw record; each getter raises :class:`RecordError` naming the field."""

    def __init__(self, raw: Mapping[str, Any], allowed: tuple[str, ...]) -> None:
        self.raw = raw
        # Field names from YAML may be numbers: compare and report them as text.
        unknown = sorted(str(name) for name in raw.keys() - _as_set(allowed))
        if unknown:
            expected = ", ".join(sorted(allowed))
            raise RecordError(unknown[0], f"unknown field; expected one of {expected}")

    def text(self, field: str, *, required: bool = False) -> str | None:
        value = self.raw.get(field)
        if value is None:
            if required:
                raise RecordError(field, "is required")
            return None
        if not isinstance(value, str) or (required and not value.strip()):
            raise RecordError(field, f"must be a non-empty string, got {value!r}")
        if (problem := text_problem(value)) is not None:
            raise RecordError(field, problem)
        return value

    def required(self, field: str) -> str:
        value = self.text(field, required=True)
        assert value is not None
        return value

    def texts(self, field: str) -> tuple[str, ...]:
        value = self.raw.get(field) or []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise RecordError(field, f"must be a list of strings, got {value!r}")
        for item in value:
            if (problem := text_problem(item)) is not None:
                raise RecordError(field, problem)
        return tuple(value)

    def enum(self, field: str, kind: type[E], default: E | None = None) -> E:
        value = self.raw.get(field)
        if value is None and default is not None:
            return default
        try:
            return kind(value)
        except ValueError:
            names = ", ".join(m.value for m in kind)
            raise RecordError(field, f"{value!r} is not one of {names}") from None

    def enums(self, field: str, kind: type[E]) -> tuple[E, ...]:
        values = self.raw.get(field) or []
        if not isinstance(values, list):
            raise RecordError(field, f"must be a list, got {values!r}")
        return tuple(_Record({field: v}, (field,)).enum(field, kind) for v in values)

    def date(self, field: str) -> dt.date | None:
        value = self.raw.get(field)
        if value is None or (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        raise RecordError(field, f"{value!r} is not a date (YYYY-MM-DD)")

    def number(self, field: str, default: float) -> float:
        value = self.raw.get(field, default)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise RecordError(field, f"must be a number, got {value!r}")
        try:
            return float(value)
        except OverflowError:
            raise RecordError(field, "is too large to be a number") from None


def _source(r: _Record) -> Source:
    return Source(
        id=r.required("id"),
        publisher=r.required("publisher"),
        title=r.text("title"),
        authors=r.texts("authors"),
        published=r.date("published"),
        url=r.text("url"),
    )


def _actor(r: _Record) -> Actor:
    return Actor(
        key=r.required("key"),
        name=r.required("name"),
        kind=r.enum("kind", ActorKind),
        aliases=r.texts("aliases"),
        iso3=r.text("iso3"),
        cameo=r.text("cameo"),
        description=r.text("description"),
    )


def _evidence(raw: object, i: int) -> Evidence:
    if not isinstance(raw, Mapping):
        raise RecordError(f"evidence[{i}]", "must be a mapping with source and quote")
    try:
        r = _Record(raw, EVIDENCE_FIELDS)
        return Evidence(source=r.required("source"), quote=r.required("quote"))
    except RecordError as bad:
        raise RecordError(f"evidence[{i}].{bad.field}", str(bad)) from None


def _relationship(r: _Record) -> Relationship:
    evidence = r.raw.get("evidence")
    if not isinstance(evidence, list) or not evidence:
        raise RecordError("evidence", "needs at least one item (a source id and a verbatim quote)")
    precision = r.raw.get("date_precision")
    return Relationship(
        id=r.required("id"),
        relation=r.enum("relation", Relation),
        source=r.required("source"),
        target=r.required("target"),
        evidence=tuple(_evidence(item, i) for i, item in enumerate(evidence)),
        date=r.date("date"),
        date_precision=None if precision is None else r.enum("date_precision", DatePrecision),
        valid_from=r.date("valid_from"),
        valid_until=r.date("valid_until"),
        support_kinds=r.enums("support_kinds", SupportKind),
        location=r.text("location"),
        claimed_by=r.text("claimed_by"),
        stance=r.enum("stance", Stance, Stance.REPORTED),
        confidence=r.number("confidence", 1.0),
    )


_FIELDS: dict[type[Item], tuple[str, ...]] = {
    Source: SOURCE_FIELDS,
    Actor: ACTOR_FIELDS,
    Relationship: RELATIONSHIP_FIELDS,
}
_BUILD: dict[type[Item], Callable[[_Record], Item]] = {
    Source: _source,
    Actor: _actor,
    Relationship: _relationship,
}


def fields_of(kind: type[Item]) -> tuple[str, ...]:
    """The fields of a ``kind`` record in the order they are written, its identifier first.

    >>> fields_of(Actor)[:3]
    ('key', 'name', 'kind')
    """
    return _FIELDS[kind]


def from_record(kind: type[R], raw: Mapping[str, Any]) -> R:
    """The :class:`Source`, :class:`Actor` or :class:`Relationship` that ``raw`` describes.

    Parameters
    ----------
    kind : type
        ``Source``, ``Actor`` or ``Relationship``.
    raw : Mapping
        A record in the seed format.

    Returns
    -------
    Source, Actor or Relationship
        An object of type ``kind``; absent fields get their defaults.

    Raises
    ------
    RecordError
        For the first field that is unknown, missing or of the wrong type or value. The rules
        between records (known actors, sources …) are not checked here.

    Examples
    --------
    >>> from_record(Source, {"id": "nbc", "publisher": "NBC", "published": "2016-08-16"})
    Source(id='nbc', publisher='NBC', title=None, authors=(),
           published=datetime.date(2016, 8, 16), url=None)
    >>> try:
    ...     from_record(Source, {"id": "nbc"})
    ... except RecordError as err:
    ...     print(err.field, err)
    publisher is required
    """
    built = _BUILD[kind](_Record(raw, fields_of(kind)))
    assert isinstance(built, kind)
    return built


def record_of(item: Item) -> dict[str, object]:
    """The seed-format record of ``item``, empty fields left out; :func:`from_record` reads it.

    >>> record_of(Source("nbc", "NBC News", authors=("Ann Smith",)))
    {'id': 'nbc', 'publisher': 'NBC News', 'authors': ['Ann Smith']}
    """
    if type(item) is Relationship:  # a million of them in an import: written field by field
        return relationship_record(item)
    out: dict[str, object] = {}
    for field in fields_of(type(item)):
        value = getattr(item, field)
        if value is not None and value != ():
            out[field] = plain(value)
    return out


def plain(value: object) -> object:
    """The seed-format form of a field's value: enums by value, dates as ISO strings, evidence
    as mappings, tuples and lists as lists; anything else as it is.

    >>> plain((Relation.ATTACKS, dt.date(2016, 8, 16), Evidence("nbc", "airstrikes")))
    ['ATTACKS', '2016-08-16', {'source': 'nbc', 'quote': 'airstrikes'}]
    """
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Evidence):
        return {"source": value.source, "quote": value.quote}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value
