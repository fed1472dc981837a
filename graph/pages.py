"""A page of relationships in id order: the ones after a cursor, and how many there are in all.

Examples
--------
>>> from graph.model import Relationship
>>> from graph.vocabulary import Relation
>>> rels = [Relationship(i, Relation.MEETS, "a", "b", ()) for i in ("r1", "r2", "r3")]
>>> page = page_of(rels, first=1, after="r1")
>>> [r.id for r in page.items], page.total, page.has_next, page.has_previous
(['r2'], 3, True, True)
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

from graph.model import Relationship

__all__ = ["RelationshipPage", "page_of"]


@dataclass(frozen=True, slots=True)
class RelationshipPage:
    """Up to ``first`` relationships after the cursor, in id order, of ``total`` matching."""

    items: tuple[Relationship, ...]
    total: int
    has_next: bool
    has_previous: bool


def _rel_id(rel: Relationship) -> str:
    return rel.id


def page_of(found: Sequence[Relationship], first: int, after: str | None) -> RelationshipPage:
    """The page of ``found`` (every match, in id order) after the id ``after``."""
    start = 0 if after is None else bisect.bisect_right(found, after, key=_rel_id)
    return RelationshipPage(
        items=tuple(found[start : start + first]),
        total=len(found),
        has_next=start + first < len(found),
        has_previous=start > 0,
    )
