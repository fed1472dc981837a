"""A relationship's seed-format record, written field by field.

:func:`graph.dataset.records.record_of` writes any record by walking its fields and asking of each
value what it is; an import's history entry, or an export, writes a million relationships,
and that walk cost about 20 µs each. This writes the same record, in the same field order,
reading each field as what it is known to be.

>>> import datetime as dt
>>> from graph.model.records import Evidence, Relationship
>>> from graph.model.vocabulary import Relation
>>> relationship_record(Relationship("r1", Relation.ATTACKS, "russia", "isis",
...     (Evidence("nbc", "strikes"),), date=dt.date(2016, 8, 16)))  # doctest: +NORMALIZE_WHITESPACE
{'id': 'r1', 'relation': 'ATTACKS', 'source': 'russia', 'target': 'isis', 'date': '2016-08-16',
 'stance': 'REPORTED', 'confidence': 1.0, 'evidence': [{'source': 'nbc', 'quote': 'strikes'}]}
"""

from __future__ import annotations

from enum import Enum

from graph.model.records import Relationship
from graph.model.vocabulary import DatePrecision, Relation, Stance, SupportKind

__all__ = ["relationship_record"]

# Each vocabulary term to its value, by a dict lookup (``Enum.value`` is a Python property).
_VALUE: dict[Enum, str] = {
    term: term.value for terms in (Relation, DatePrecision, Stance, SupportKind) for term in terms
}


def relationship_record(rel: Relationship) -> dict[str, object]:
    """``record_of(rel)``: the record :func:`graph.dataset.records.from_record` reads back as
    ``rel``, its empty fields left out."""
    value = _VALUE
    out: dict[str, object] = {
        "id": rel.id,
        "relation": value[rel.relation],
        "source": rel.source,
        "target": rel.target,
    }
    if rel.date is not None:
        out["date"] = rel.date.isoformat()
    if rel.date_precision is not None:
        out["date_precision"] = value[rel.date_precision]
    if rel.valid_from is not None:
        out["valid_from"] = rel.valid_from.isoformat()
    if rel.valid_until is not None:
        out["valid_until"] = rel.valid_until.isoformat()
    if rel.support_kinds:
        out["support_kinds"] = [value[kind] for kind in rel.support_kinds]
    if rel.location is not None:
        out["location"] = rel.location
    if rel.claimed_by is not None:
        out["claimed_by"] = rel.claimed_by
    out["stance"] = value[rel.stance]
    out["confidence"] = rel.confidence
    out["evidence"] = [{"source": e.source, "quote": e.quote} for e in rel.evidence]
    return out
