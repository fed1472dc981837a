"""The records an IMPORT or a MERGE wrote: one row each beside its history entry, in pages.

A row is ``(version, seq, section, id, record)``. ``seq`` numbers the change's records from 0:
its sources, then its actors, then its relationships, each in the dataset's order. ``record``
is the seed-format record as JSON bytes, or for a relationship the bytes
:mod:`graph.persistence.packed` makes (a million of them are packed in C). A page is the rows
of one version after a ``seq``: however large the change, a reader holds one page at a time.

Examples
--------
>>> from graph.model.records import Source
>>> from graph.dataset.parse import Dataset
>>> rows = list(record_rows(2, Dataset((Source("nbc", "NBC News"),), (), ())))
>>> [record_of_row(*row[1:]) for row in rows]
[ChangeRecord(seq=0, section='sources', id='nbc', record={'id': 'nbc', 'publisher': 'NBC News'})]
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from itertools import count
from typing import Any

import msgspec

from graph.dataset.parse import Dataset
from graph.dataset.records import record_of
from graph.persistence.changes import IDENT, Change, Records
from graph.persistence.packed import pack, unpack_all

__all__ = [
    "RECORD_COLUMNS",
    "ChangeRecord",
    "SQLChangeRecords",
    "inline_records",
    "record_of_row",
    "record_rows",
    "records_fragment",
    "table_rows",
]

RECORD_COLUMNS = "version, seq, section, id, record"
"""The columns of the ``change_records`` table, in the order of :func:`record_rows`."""

_json = msgspec.json.encode


@dataclass(frozen=True, slots=True)
class ChangeRecord:
    """One record a change wrote, in the seed format, with its place ``seq`` in the change."""

    seq: int
    section: str
    id: str
    record: dict[str, object]


def record_rows(version: int, dataset: Dataset) -> Iterator[tuple[int, int, str, str, bytes]]:
    """The ``change_records`` rows of the change ``version`` that wrote ``dataset``, made one
    at a time (an import's million are never all in memory as rows)."""
    seq = count()
    for source in dataset.sources:
        yield version, next(seq), "sources", source.id, _json(record_of(source))
    for actor in dataset.actors:
        yield version, next(seq), "actors", actor.key, _json(record_of(actor))
    for rel in dataset.relationships:
        yield version, next(seq), "relationships", rel.id, pack(rel)


def table_rows(dataset: Dataset) -> Iterator[tuple[str, Iterator[tuple[str, object]]]]:
    """``(table, rows)`` for the ``sources``, ``actors`` and ``relationships`` tables: the
    ``(id, record)`` rows (JSON text) and ``(id, packed)`` rows that hold ``dataset``."""
    yield "sources", ((s.id, _json(record_of(s)).decode()) for s in dataset.sources)
    yield "actors", ((a.key, _json(record_of(a)).decode()) for a in dataset.actors)
    yield "relationships", ((r.id, pack(r)) for r in dataset.relationships)


def record_of_row(seq: int, section: str, ident: str, data: bytes | memoryview) -> ChangeRecord:
    """The record a ``change_records`` row holds (its columns after ``version``)."""
    raw = bytes(data)
    relationship = section == "relationships"
    record = record_of(unpack_all([raw])[0]) if relationship else json.loads(raw)
    return ChangeRecord(seq, section, ident, record)


def inline_records(change: Change) -> list[ChangeRecord]:
    """The records a change other than an IMPORT or a MERGE wrote (its ``after``), numbered
    as a bulk change's are, so that every change's records page alike."""
    after = change.after or {}
    seq = count()
    return [
        ChangeRecord(next(seq), section, str(record[ident]), record)
        for section, ident in IDENT.items()
        for record in after.get(section, ())
    ]


def records_fragment(records: Sequence[ChangeRecord]) -> Records:
    """The records as a dataset fragment (see :mod:`graph.persistence.changes`)."""
    out: Records = {}
    for item in records:
        out.setdefault(item.section, []).append(item.record)
    return out


class SQLChangeRecords:
    """Pages of the ``change_records`` table through ``execute`` (a DB-API ``execute`` whose
    parameters are written ``placeholder``)."""

    def __init__(self, execute: Callable[..., Any], placeholder: str) -> None:
        self.execute = execute
        self.p = placeholder

    def page(self, version: int, after: int, first: int) -> list[ChangeRecord]:
        """At most ``first`` records of the change ``version`` whose ``seq`` is above
        ``after``, in ``seq`` order."""
        p = self.p
        rows = self.execute(
            f"SELECT seq, section, id, record FROM change_records "
            f"WHERE version = {p} AND seq > {p} ORDER BY seq LIMIT {p}",
            (version, after, max(first, 0)),
        )
        return [record_of_row(*row) for row in rows]
