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
graph.dataset.fields.RecordError: 'PLANET' is not one of STATE, STATE_BODY, PERSON, ...

:func:`read_record` reads a record whole and gives every problem in it (see
:mod:`graph.dataset.fields`), for a validator to report them all at once.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Mapping
from typing import Any, TypeAlias, TypeVar

from graph.dataset.fields import Fields, RecordError, shown
from graph.dataset.relationship_record import relationship_record
from graph.model.records import Actor, Evidence, Relationship, Source
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
    "read_record",
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


def _source(r: Fields) -> Source:
    return Source(
        id=r.required("id"),
        publisher=r.required("publisher"),
        title=r.text("title"),
        authors=r.texts("authors"),
        published=r.date("published"),
        url=r.text("url"),
    )


def _actor(r: Fields) -> Actor:
    return Actor(
        key=r.required("key"),
        name=r.required("name"),
        kind=r.enum("kind", ActorKind, ActorKind.STATE),
        aliases=r.texts("aliases"),
        iso3=r.text("iso3"),
        cameo=r.text("cameo"),
        description=r.text("description"),
    )


def _relationship(r: Fields) -> Relationship:
    # Stand-ins break no rule between fields: a relation that may carry support kinds, the
    # earliest date (never after another), the default confidence.
    precision = r.raw.get("date_precision")
    return Relationship(
        id=r.required("id"),
        relation=r.enum("relation", Relation, Relation.SUPPORTS),
        source=r.required("source"),
        target=r.required("target"),
        date=r.date("date"),
        date_precision=None
        if precision is None
        else r.enum("date_precision", DatePrecision, DatePrecision.DAY),
        valid_from=r.date("valid_from"),
        valid_until=r.date("valid_until"),
        support_kinds=r.enums("support_kinds", SupportKind),
        location=r.text("location"),
        claimed_by=r.text("claimed_by"),
        stance=r.enum("stance", Stance, Stance.REPORTED, Stance.REPORTED),
        confidence=r.number("confidence", 1.0),
        evidence=_evidence(r),
    )


def _evidence(r: Fields) -> tuple[Evidence, ...]:
    """Every item of the evidence, one per position: a stand-in where an item cannot be read,
    so that a rule's ``evidence[i]`` is the item the file has at ``i``."""
    items = r.raw.get("evidence")
    if not isinstance(items, list) or not items:
        got = "" if items is None or items == [] else f", got {shown(items)}"
        message = f"needs at least one item (a source id and a verbatim quote){got}"
        return r.note("evidence", message, ())
    found = []
    for i, raw in enumerate(items):
        if not isinstance(raw, Mapping):
            problem = f"must be a mapping with source and quote, got {shown(raw)}"
            found.append(r.note(f"evidence[{i}]", problem, _NO_EVIDENCE))
            continue
        item = Fields(raw, EVIDENCE_FIELDS)
        found.append(Evidence(source=item.required("source"), quote=item.required("quote")))
        for bad in item.problems:
            r.problems.append(
                RecordError(f"evidence[{i}].{bad.field}", str(bad), value_read=bad.value_read)
            )
    return tuple(found)


_NO_EVIDENCE = Evidence("", "")


_FIELDS: dict[type[Item], tuple[str, ...]] = {
    Source: SOURCE_FIELDS,
    Actor: ACTOR_FIELDS,
    Relationship: RELATIONSHIP_FIELDS,
}
_BUILD: dict[type[Item], Callable[[Fields], Item]] = {
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
        For the first field that is unknown, missing or of the wrong type or value
        (:func:`read_record` gives them all). The rules between fields and records (known
        actors, sources …) are not checked here.

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
    built, problems = read_record(kind, raw)
    if problems:
        raise problems[0]
    return built


def read_record(kind: type[R], raw: Mapping[str, Any]) -> tuple[R, list[RecordError]]:
    """``raw`` read as a ``kind`` record, with every problem found in its fields.

    Where a field cannot be read the record holds a stand-in, chosen to break no rule between
    fields (an empty key, the earliest date, the default confidence …), and a problem names
    the field. So the rules can still be checked on the fields that were read, leaving out
    what they say about a field with a problem. A record with a problem is for that only.

    >>> rel, problems = read_record(Relationship, {"id": "r1", "relation": "HOSTZ",
    ...     "source": "iran", "target": "russia", "confidence": "high",
    ...     "evidence": [{"source": "nbc", "quote": 7}]})
    >>> [(p.field, str(p)) for p in problems]  # doctest: +NORMALIZE_WHITESPACE
    [('relation', "'HOSTZ' is not one of SUPPORTS, HOSTS, ALLIED_WITH, COOPERATES_WITH,
      NEGOTIATES_WITH, MEETS, ATTACKS, OPPOSES, MEMBER_OF, LEADS, PART_OF"),
     ('confidence', "must be a number, got 'high'"),
     ('evidence[0].quote', 'must be a non-empty string, got 7')]
    >>> rel.source, rel.target
    ('iran', 'russia')
    """
    fields = Fields(raw, fields_of(kind))
    built = _BUILD[kind](fields)
    assert isinstance(built, kind)
    return built, fields.problems


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
