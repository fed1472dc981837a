"""Well-formed relationship records read at speed; anything unusual is left to the full reader.

A seed file of a million relationships spent most of its load in the general reader, which
looks up every field through checks built to name what is wrong. Nearly every record in a
real file is right: :func:`quick_relationship` accepts only a record whose every field has the
plain shape a JSON or YAML file gives (strings, numbers, lists, mappings), that breaks none of
the rules, and that refers only to known actors and sources. It returns ``None`` for anything
else, and the caller then reads the record with :func:`graph.dataset.records.from_record` and checks
it with :func:`graph.model.rules.relationship_problems`, which report exactly what is wrong.

So for any record, :func:`quick_relationship` gives either ``None`` or the very relationship
the full reader would build, with no problem to report.

Examples
--------
>>> record = {"id": "r1", "relation": "HOSTS", "source": "iran", "target": "russia",
...           "evidence": [{"source": "nbc", "quote": "bombers took off from Iran"}]}
>>> quick_relationship(record, {"iran", "russia"}, {"nbc"}).relation.value
'HOSTS'
>>> quick_relationship({**record, "target": "iran"}, {"iran", "russia"}, {"nbc"}) is None
True
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Container, Mapping
from typing import Any

from graph.dataset.records import EVIDENCE_FIELDS, RELATIONSHIP_FIELDS
from graph.model.records import Evidence, Relationship
from graph.model.rules import KEY_PATTERN, SUPPORT_RELATIONS, text_problem
from graph.model.vocabulary import DatePrecision, Relation, Stance, SupportKind

__all__ = ["quick_relationship"]

_FIELDS = frozenset(RELATIONSHIP_FIELDS)
_EVIDENCE = frozenset(EVIDENCE_FIELDS)
_RELATION = {m.value: m for m in Relation}
_STANCE = {m.value: m for m in Stance}
_PRECISION = {m.value: m for m in DatePrecision}
_SUPPORT = {m.value: m for m in SupportKind}


class _NotPlain(Exception):
    """The record needs the full reader."""


def quick_relationship(
    raw: Mapping[str, Any], actors: Container[str], sources: Container[str]
) -> Relationship | None:
    """The relationship ``raw`` describes when it is well formed, breaks no rule and refers
    only to ``actors`` and ``sources``; ``None`` when the full reader must look at it.

    When ``actors`` and ``sources`` are mappings of each key to itself, the relationship
    holds their very key strings (a million records then share one string per actor).
    """
    try:
        return _read(raw, actors, sources)
    except (_NotPlain, KeyError, TypeError, ValueError):
        return None


def _read(raw: Mapping[str, Any], actors: Container[str], sources: Container[str]) -> Relationship:
    if not raw.keys() <= _FIELDS:
        raise _NotPlain
    get = raw.get
    rid, source, target = raw["id"], raw["source"], raw["target"]
    if type(rid) is not str or not KEY_PATTERN.fullmatch(rid):
        raise _NotPlain
    if source == target:
        raise _NotPlain
    source, target = _known(source, actors), _known(target, actors)
    claimed_by = get("claimed_by")
    if claimed_by is not None:
        claimed_by = _known(claimed_by, actors)
    relation = _RELATION[raw["relation"]]
    date = _date(get("date"))
    precision = get("date_precision")
    if precision is not None:
        precision = _PRECISION[precision]
        if date is None:
            raise _NotPlain
    valid_from, valid_until = _date(get("valid_from")), _date(get("valid_until"))
    if valid_from and valid_until and valid_from > valid_until:
        raise _NotPlain
    kinds = _kinds(get("support_kinds"), relation)
    location = get("location")
    if location is not None:
        _text(location)
    stance = get("stance")
    return Relationship(
        rid,
        relation,
        source,
        target,
        _evidence(raw["evidence"], sources),
        date,
        precision,
        valid_from,
        valid_until,
        kinds,
        location,
        claimed_by,
        Stance.REPORTED if stance is None else _STANCE[stance],
        _confidence(get("confidence", 1.0)),
    )


def _known(key: object, known: Container[str]) -> str:
    """``key`` as ``known`` holds it, when it is one of them."""
    if type(key) is not str or key not in known:
        raise _NotPlain
    return known.get(key, key) if isinstance(known, dict) else key


def _text(value: object) -> str:
    if type(value) is not str or not (value.isascii() or text_problem(value) is None):
        raise _NotPlain
    return value


def _date(value: object) -> dt.date | None:
    if value is None or type(value) is dt.date:
        return value
    if type(value) is not str:
        raise _NotPlain
    return dt.date.fromisoformat(value)


def _kinds(value: object, relation: Relation) -> tuple[SupportKind, ...]:
    if not value:
        return ()
    if type(value) is not list or relation not in SUPPORT_RELATIONS:
        raise _NotPlain
    return tuple([_SUPPORT[kind] for kind in value])


def _confidence(value: object) -> float:
    if type(value) is not float and type(value) is not int:
        raise _NotPlain
    if not 0 <= value <= 1:
        raise _NotPlain
    return float(value)


def _evidence(items: object, sources: Container[str]) -> tuple[Evidence, ...]:
    if type(items) is not list or not items:
        raise _NotPlain
    found = []
    for item in items:
        if type(item) is not dict or not item.keys() <= _EVIDENCE:
            raise _NotPlain
        source, quote = _known(item["source"], sources), _text(item["quote"])
        if not quote.strip():
            raise _NotPlain
        found.append(Evidence(source, quote))
    return tuple(found)
