"""Committed changes, the plain seed-format records they carry, and patched copies of records.

Every change's ``before`` and ``after`` is ``None`` or a *fragment* of a dataset in the seed
format: a mapping with only the non-empty sections (``sources``, ``actors``,
``relationships``), each a list of plain, JSON-able records as
:func:`graph.dataset.records.record_of` writes them. A stored row whose id is in ``before`` but not
in ``after`` is deleted; every row in ``after`` is written.

An IMPORT or a MERGE moves whole datasets: its ``before`` and ``after`` are ``None`` and its
:class:`ChangeCounts` says how many records it wrote; the records themselves are kept beside
the history entry, in pages (:mod:`graph.persistence.bulk`), never in one field.

Examples
--------
>>> from graph.model.records import Actor
>>> from graph.model.vocabulary import ActorKind
>>> old = Actor("russia", "Russia", ActorKind.STATE)
>>> new = patched(old, {"aliases": ["Moscow"], "iso3": "RUS"})
>>> new.aliases, new.iso3
(('Moscow',), 'RUS')
>>> fragment(actors=[new])
{'actors': [{'key': 'russia', 'name': 'Russia', 'kind': 'STATE', 'aliases': ['Moscow'], \
'iso3': 'RUS'}]}
>>> patched(old, {"name": None})
Traceback (most recent call last):
...
graph.model.errors.InvalidInput: name is required and cannot be cleared
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import TypeVar

from graph.dataset.parse import Dataset
from graph.dataset.records import RecordError, fields_of, from_record, plain, record_of
from graph.model.errors import InvalidInput
from graph.model.records import Actor, Relationship, Source

__all__ = [
    "BULK",
    "IDENT",
    "Change",
    "ChangeCounts",
    "ChangeOperation",
    "RecordCounts",
    "Records",
    "fragment",
    "patched",
    "row_changes",
    "touched_actors",
    "touched_by",
]

Records = dict[str, list[dict[str, object]]]
"""A dataset fragment in the seed format: section name → plain records."""

IDENT = {"sources": "id", "actors": "key", "relationships": "id"}
"""The identifying field of the records in each section."""

_REQUIRED = {
    Source: frozenset({"id", "publisher"}),
    Actor: frozenset({"key", "name", "kind"}),
    Relationship: frozenset({"id", "relation", "source", "target", "evidence"}),
}

R = TypeVar("R", Source, Actor, Relationship)


class ChangeOperation(enum.Enum):
    """What a committed change did."""

    ADD_SOURCE = "ADD_SOURCE"
    CREATE_ACTOR = "CREATE_ACTOR"
    UPDATE_ACTOR = "UPDATE_ACTOR"
    DELETE_ACTOR = "DELETE_ACTOR"
    ADD_RELATIONSHIP = "ADD_RELATIONSHIP"
    UPDATE_RELATIONSHIP = "UPDATE_RELATIONSHIP"
    REMOVE_RELATIONSHIP = "REMOVE_RELATIONSHIP"
    IMPORT = "IMPORT"
    ACCEPT_PROPOSAL = "ACCEPT_PROPOSAL"
    """A proposal of the review queue accepted: its relationship, with the source and new
    actors it needs, in one change (:mod:`graph.persistence.review.accept`)."""
    MERGE = "MERGE"
    """A dataset's new sources, actors and relationships added to the graph in one change
    (:mod:`graph.persistence.bulk.merge`)."""


BULK = frozenset({ChangeOperation.IMPORT, ChangeOperation.MERGE})
"""The operations that move whole datasets: counts in the entry, records kept in pages."""


@dataclass(frozen=True, slots=True)
class RecordCounts:
    """How many sources, actors and relationships."""

    sources: int = 0
    actors: int = 0
    relationships: int = 0

    @classmethod
    def of(cls, dataset: Dataset) -> RecordCounts:
        """The counts of ``dataset``'s sections."""
        return cls(len(dataset.sources), len(dataset.actors), len(dataset.relationships))


@dataclass(frozen=True, slots=True)
class ChangeCounts:
    """What an IMPORT or a MERGE did: the records it ``written``; those of the file it
    ``skipped`` because the graph held them as they are (MERGE); those the graph held before
    that it ``replaced`` (IMPORT)."""

    written: RecordCounts
    skipped: RecordCounts = RecordCounts()
    replaced: RecordCounts = RecordCounts()


@dataclass(frozen=True, slots=True)
class Change:
    """One committed change: the graph version it produced, who made it, what it replaced.

    ``before`` and ``after`` are shared with every reader: treat them as read-only. An IMPORT
    or a MERGE has ``counts``; while it is being committed, ``records`` holds what it writes
    (the store keeps them in pages), and a change read back from a store has none.
    """

    version: int
    at: dt.datetime
    author: str
    operation: ChangeOperation
    actor_keys: tuple[str, ...]
    relationship_id: str | None
    before: Records | None
    after: Records | None
    counts: ChangeCounts | None = None
    records: Dataset | None = dataclasses.field(default=None, compare=False, repr=False)

    def touches(self, actor: str) -> bool:
        """Whether the change involves the actor ``actor``."""
        return actor in self.actor_keys


def fragment(
    sources: Iterable[Source] = (),
    actors: Iterable[Actor] = (),
    relationships: Iterable[Relationship] = (),
) -> Records | None:
    """The seed-format records of the given items, or ``None`` when there are none.

    >>> fragment() is None
    True
    """
    out: Records = {}
    sections: tuple[tuple[str, Iterable[Source | Actor | Relationship]], ...] = (
        ("sources", sources),
        ("actors", actors),
        ("relationships", relationships),
    )
    for section, items in sections:
        records = [record_of(item) for item in items]
        if records:
            out[section] = records
    return out or None


def touched_actors(*fragments: Records | None) -> tuple[str, ...]:
    """The sorted keys of every actor the fragments hold or their relationships name.

    >>> touched_actors({"relationships": [{"source": "us", "target": "isis"}]}, None)
    ('isis', 'us')
    """
    keys: set[str] = set()
    for records in fragments:
        if records is None:
            continue
        keys.update(str(a["key"]) for a in records.get("actors", ()))
        for rel in records.get("relationships", ()):
            keys.update(str(rel[f]) for f in ("source", "target", "claimed_by") if f in rel)
    return tuple(sorted(keys))


def touched_by(dataset: Dataset) -> tuple[str, ...]:
    """The sorted keys of every actor ``dataset`` holds or its relationships name.

    >>> touched_by(Dataset((), (), ()))
    ()
    """
    keys = {a.key for a in dataset.actors}
    for rel in dataset.relationships:
        keys.add(rel.source)
        keys.add(rel.target)
        if rel.claimed_by is not None:
            keys.add(rel.claimed_by)
    return tuple(sorted(keys))


def row_changes(change: Change) -> Iterator[tuple[str, str, dict[str, object] | None]]:
    """``(section, id, record)`` for every stored row ``change`` writes; ``None`` deletes it.

    >>> from graph.model.records import Source
    >>> c = Change(2, dt.datetime(2016, 8, 16, tzinfo=dt.UTC), "ann",
    ...            ChangeOperation.ADD_SOURCE, (), None, None, fragment([Source("nbc", "NBC")]))
    >>> list(row_changes(c))
    [('sources', 'nbc', {'id': 'nbc', 'publisher': 'NBC'})]
    """
    before = change.before or {}
    after = change.after or {}
    for section, ident in IDENT.items():
        kept = {str(r[ident]): r for r in after.get(section, ())}
        for record in before.get(section, ()):
            if str(record[ident]) not in kept:
                yield section, str(record[ident]), None
        for key, record in kept.items():
            yield section, key, record


def patched(item: R, patch: Mapping[str, object]) -> R:
    """A copy of ``item`` with only the fields in ``patch`` changed; ``None`` clears a field.

    Values may be domain values (enums, dates, :class:`Evidence`) or their seed-format plain
    form. Clearing ``stance`` or ``confidence`` restores its default. Raises
    :class:`InvalidInput` naming the field for an unknown field, a changed key or id, a
    cleared required field or a value of the wrong type. The rules between records (known
    actors, sources …) are the graph's to check.
    """
    kind = type(item)
    fields = fields_of(kind)
    ident = fields[0]
    record = record_of(item)
    for field, value in patch.items():
        if field not in fields:
            expected = ", ".join(f for f in fields if f != ident)
            raise InvalidInput(f"unknown field {field!r}; expected one of {expected}", field=field)
        if field == ident and value != getattr(item, ident):
            raise InvalidInput(f"{ident} cannot be changed", field=field)
        if value is None:
            if field in _REQUIRED[kind]:
                raise InvalidInput(f"{field} is required and cannot be cleared", field=field)
            record.pop(field, None)
        else:
            record[field] = plain(value)
    try:
        return from_record(kind, record)
    except RecordError as bad:
        raise InvalidInput(f"{bad.field} {bad}", field=bad.field) from None
