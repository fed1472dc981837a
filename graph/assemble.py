"""Relationships and evidence assembled from values already checked, at bulk-load speed.

A frozen dataclass's ``__init__`` sets each field through ``object.__setattr__``, a generic
lookup per field; a million relationships spent about as long in it as reading their rows.
:func:`relationship` and :func:`evidence` make the very same objects by setting each slot
through its own descriptor. They check nothing: they are for values that passed the rules
(the store's own rows, and seed records the quick reader has checked).

>>> import datetime as dt
>>> from graph.vocabulary import Relation, Stance
>>> args = ("r1", Relation.HOSTS, "iran", "russia", (evidence("nbc", "took off from Iran"),),
...         dt.date(2016, 8, 16), None, None, None, (), None, None, Stance.REPORTED, 1.0)
>>> relationship(*args) == Relationship(*args)
True
"""

from __future__ import annotations

import datetime as dt
from dataclasses import fields
from typing import Any

from graph.model import Evidence, Relationship
from graph.vocabulary import DatePrecision, Relation, Stance, SupportKind

__all__ = ["evidence", "relationship"]

_RELATIONSHIP_FIELDS = (
    "id",
    "relation",
    "source",
    "target",
    "evidence",
    "date",
    "date_precision",
    "valid_from",
    "valid_until",
    "support_kinds",
    "location",
    "claimed_by",
    "stance",
    "confidence",
)
# Assembling by slot must follow the model: a field added there and not here fails at import.
if tuple(f.name for f in fields(Relationship)) != _RELATIONSHIP_FIELDS:
    raise TypeError("graph.assemble does not set every field of Relationship")
if tuple(f.name for f in fields(Evidence)) != ("source", "quote"):
    raise TypeError("graph.assemble does not set every field of Evidence")


def _setter(kind: type, name: str) -> Any:
    return kind.__dict__[name].__set__


_new = object.__new__
(_id, _relation, _source, _target, _evidence, _date, _precision) = (
    _setter(Relationship, n) for n in _RELATIONSHIP_FIELDS[:7]
)
(_from, _until, _kinds, _location, _claimed, _stance, _confidence) = (
    _setter(Relationship, n) for n in _RELATIONSHIP_FIELDS[7:]
)
_ev_source, _ev_quote = _setter(Evidence, "source"), _setter(Evidence, "quote")


def relationship(
    id: str,
    relation: Relation,
    source: str,
    target: str,
    evidence: tuple[Evidence, ...],
    date: dt.date | None,
    date_precision: DatePrecision | None,
    valid_from: dt.date | None,
    valid_until: dt.date | None,
    support_kinds: tuple[SupportKind, ...],
    location: str | None,
    claimed_by: str | None,
    stance: Stance,
    confidence: float,
) -> Relationship:
    """``Relationship(...)`` of checked values, every field given, in the model's order."""
    rel: Relationship = _new(Relationship)
    _id(rel, id)
    _relation(rel, relation)
    _source(rel, source)
    _target(rel, target)
    _evidence(rel, evidence)
    _date(rel, date)
    _precision(rel, date_precision)
    _from(rel, valid_from)
    _until(rel, valid_until)
    _kinds(rel, support_kinds)
    _location(rel, location)
    _claimed(rel, claimed_by)
    _stance(rel, stance)
    _confidence(rel, confidence)
    return rel


def evidence(source: str, quote: str) -> Evidence:
    """``Evidence(source, quote)`` of checked values."""
    item: Evidence = _new(Evidence)
    _ev_source(item, source)
    _ev_quote(item, quote)
    return item
