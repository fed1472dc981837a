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
import inspect
from dataclasses import fields
from typing import Any

from graph.model import Evidence, Relationship
from graph.vocabulary import DatePrecision, Relation, Stance, SupportKind

__all__ = ["evidence", "relationship"]


def _setter(kind: type, name: str) -> Any:
    return kind.__dict__[name].__set__


_new = object.__new__
_FIELDS = tuple(f.name for f in fields(Relationship))
# One name per field: a field added to the model and not here fails right here, at import.
(
    _id,
    _relation,
    _source,
    _target,
    _evidence,
    _date,
    _precision,
    _from,
    _until,
    _kinds,
    _location,
    _claimed,
    _stance,
    _confidence,
) = (_setter(Relationship, name) for name in _FIELDS)
_ev_source, _ev_quote = (_setter(Evidence, f.name) for f in fields(Evidence))


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


# The arguments follow the fields in name and order, as Relationship(...) takes them.
if tuple(inspect.signature(relationship).parameters) != _FIELDS:
    raise TypeError("graph.assemble.relationship does not take Relationship's fields in order")


def evidence(source: str, quote: str) -> Evidence:
    """``Evidence(source, quote)`` of checked values."""
    item: Evidence = _new(Evidence)
    _ev_source(item, source)
    _ev_quote(item, quote)
    return item
