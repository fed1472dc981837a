"""Changes another process committed, applied to this process's graph.

Every process that serves a shared store keeps its own :class:`AllianceGraph` and follows
the store's history: a change some other writer committed is applied here from its
``before`` and ``after`` records (a MERGE's, from the records the store keeps beside it), so
the graph goes through the same versions everywhere.
An IMPORT replaces everything; it is not replayed but read back whole from the store.

Examples
--------
>>> from graph.dataset.seed import load_seed
>>> from graph.persistence.changes import Change, ChangeOperation
>>> import datetime as dt
>>> g = load_seed()
>>> change = Change(g.version + 1, dt.datetime(2016, 8, 17, tzinfo=dt.UTC), "ann",
...     ChangeOperation.CREATE_ACTOR, ("hezbollah",), None, None,
...     {"actors": [{"key": "hezbollah", "name": "Hezbollah", "kind": "ARMED_GROUP"}]})
>>> replay(g, change)
>>> g.actor("hezbollah").name, g.version == change.version
('Hezbollah', True)
"""

from __future__ import annotations

import logging
from dataclasses import replace

from graph.model.records import Actor, Relationship, Source
from graph.persistence.bulk.records import ChangeRecord, records_fragment
from graph.persistence.changes import Change, ChangeOperation, row_changes
from graph.persistence.storage import Storage, StorageError, Transaction
from graph.persistence.trusted import trusted_record
from graph.store.alliance_graph import AllianceGraph
from graph.store.bulk import frozen_after

__all__ = ["needs_reload", "replay", "take_in"]

log = logging.getLogger("alliance_graph")

_PAGE = 10_000
"""Records of a MERGE read from the store at a time."""

_REMOVAL_ORDER = ("relationships", "actors", "sources")
"""What names others goes first when records are removed, last when they are put."""


def needs_reload(change: Change) -> bool:
    """Whether ``change`` replaces the whole graph, so that only a reload applies it."""
    return change.operation is ChangeOperation.IMPORT


def replay(graph: AllianceGraph, change: Change) -> None:
    """Apply ``change``, committed by another writer, to ``graph``, whose version must be the
    one before it; the graph's version becomes the change's.

    Raises :class:`StorageError` when the change does not follow the graph's version, is an
    IMPORT (see :func:`needs_reload`) or does not fit the graph (which then needs a reload:
    what it holds is no longer what the store holds).
    """
    if change.version != graph.version + 1:
        raise StorageError(f"change version {change.version} does not follow {graph.version}")
    if needs_reload(change):
        raise StorageError(f"change {change.version} is an IMPORT: reload the graph")
    rows = list(row_changes(change))
    try:
        for section in _REMOVAL_ORDER:
            for key in (k for s, k, record in rows if s == section and record is None):
                _remove(graph, section, key)
        for section in reversed(_REMOVAL_ORDER):
            for record in (r for s, _, r in rows if s == section and r is not None):
                _put(graph, section, record)
    except Exception as err:
        raise StorageError(f"change {change.version} does not fit the graph: {err}") from err
    graph.version = change.version


def take_in(
    graph: AllianceGraph, missed: list[Change], store: Storage | Transaction
) -> AllianceGraph:
    """``graph`` with the ``missed`` changes applied: the same object, replayed change by
    change, or a new one read back whole from ``store`` when one of them is an IMPORT or (a
    sign of a bug) does not fit."""
    if not missed:
        return graph
    if not any(needs_reload(change) for change in missed):
        try:
            for change in missed:
                replay(graph, _with_records(change, store))
            return graph
        except StorageError:
            log.warning("reloading the graph: a change did not fit", exc_info=True)
    with frozen_after():  # a large graph is millions of objects, as at start-up
        dataset, version = store.load(trusted=True)
        return AllianceGraph.trusted(
            dataset.sources, dataset.actors, dataset.relationships, version
        )


def _with_records(change: Change, store: Storage | Transaction) -> Change:
    """``change``, a MERGE's with the records it added as its ``after``, read from the store
    a page at a time (its history entry holds only counts)."""
    if change.operation is not ChangeOperation.MERGE:
        return change
    records: list[ChangeRecord] = []
    while page := store.change_records(change.version, records[-1].seq if records else -1, _PAGE):
        records.extend(page)
    return replace(change, after=records_fragment(records))


def _remove(graph: AllianceGraph, section: str, key: str) -> None:
    if section == "relationships":
        graph.remove_relationship(key)
    elif section == "actors":
        graph.remove_actor(key)
    else:
        graph.remove_source(key)


def _put(graph: AllianceGraph, section: str, record: dict[str, object]) -> None:
    if section == "relationships":
        rel = trusted_record(Relationship, record)
        if graph.relationship(rel.id) is None:
            graph.add_relationship(rel)
        else:
            graph.replace_relationship(rel)
    elif section == "actors":
        actor = trusted_record(Actor, record)
        if graph.actor(actor.key) is None:
            graph.add_actor(actor)
        else:
            graph.replace_actor(actor)
    else:
        source = trusted_record(Source, record)
        if graph.source(source.id) is None:
            graph.add_source(source)
