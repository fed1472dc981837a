"""Records rebuilt from what this library wrote itself, with no checks: fast store loads.

A store only ever holds records that passed the rules; checking a million of them again was
most of a large graph's start-up. Anything from outside goes through
:func:`graph.dataset.records.from_record` instead.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, TypeVar

from graph.model.records import Actor, Evidence, Relationship, Source
from graph.model.vocabulary import ActorKind, DatePrecision, Relation, Stance, SupportKind

__all__ = ["trusted_record"]

R = TypeVar("R", Source, Actor, Relationship)

# Member lookups by value: a dict read, several times cheaper than calling the Enum.
_RELATION = {m.value: m for m in Relation}
_STANCE = {m.value: m for m in Stance}
_PRECISION = {m.value: m for m in DatePrecision}
_SUPPORT = {m.value: m for m in SupportKind}


def _day(value: str | None) -> dt.date | None:
    return None if value is None else dt.date.fromisoformat(value)


def trusted_record(kind: type[R], raw: Mapping[str, Any]) -> R:
    """Build a record from a plain one that this library wrote itself, with no checks.

    Use :func:`graph.dataset.records.from_record` for anything that came from outside.

    >>> trusted_record(Actor, {"key": "iran", "name": "Iran", "kind": "STATE"}).kind.value
    'STATE'
    """
    get = raw.get
    if kind is Relationship:
        precision = get("date_precision")
        return Relationship(  # type: ignore[return-value]
            id=raw["id"],
            relation=_RELATION[raw["relation"]],
            source=raw["source"],
            target=raw["target"],
            evidence=tuple(Evidence(e["source"], e["quote"]) for e in raw["evidence"]),
            date=_day(get("date")),
            date_precision=None if precision is None else _PRECISION[precision],
            valid_from=_day(get("valid_from")),
            valid_until=_day(get("valid_until")),
            support_kinds=tuple(_SUPPORT[k] for k in get("support_kinds", ())),
            location=get("location"),
            claimed_by=get("claimed_by"),
            stance=_STANCE[get("stance", "REPORTED")],
            confidence=float(get("confidence", 1.0)),
        )
    if kind is Actor:
        return Actor(  # type: ignore[return-value]
            key=raw["key"],
            name=raw["name"],
            kind=ActorKind(raw["kind"]),
            aliases=tuple(get("aliases", ())),
            iso3=get("iso3"),
            cameo=get("cameo"),
            description=get("description"),
        )
    return Source(  # type: ignore[return-value]
        id=raw["id"],
        publisher=raw["publisher"],
        title=get("title"),
        authors=tuple(get("authors", ())),
        published=_day(get("published")),
        url=get("url"),
    )
