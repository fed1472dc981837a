"""Readable, unused ids for relationships a client adds without one."""

from __future__ import annotations

import re
from collections.abc import Callable

from graph.model.records import Relationship

__all__ = ["new_relationship_id"]


def new_relationship_id(rel: Relationship, taken: Callable[[str], bool]) -> str:
    """A readable, unused id for ``rel`` from its ends, relation and date (``rel.id`` is ignored).

    >>> import datetime as dt
    >>> from graph.model.vocabulary import Relation
    >>> r = Relationship("", Relation.ATTACKS, "russia", "isis", (), date=dt.date(2016, 8, 16))
    >>> new_relationship_id(r, {"russia-attacks-isis-2016-08-16"}.__contains__)
    'russia-attacks-isis-2016-08-16-2'
    """
    parts = [rel.source, rel.relation.value.replace("_", "-"), rel.target]
    if rel.date is not None:
        parts.append(rel.date.isoformat())
    base = re.sub(r"[^a-z0-9_.-]+", "-", "-".join(parts).lower()).strip("-._") or "relationship"
    candidate, n = base[:128], 2
    while taken(candidate):
        suffix = f"-{n}"
        candidate, n = base[: 128 - len(suffix)] + suffix, n + 1
    return candidate
