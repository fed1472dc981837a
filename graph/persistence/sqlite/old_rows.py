"""The layouts the SQLite store kept relationships in before they were packed, read only to
convert a file (:func:`packed_old_rows`).

The first held each relationship as its seed-format record in JSON. The second held it as
one flat row, one column per field; evidence took two columns: the source ids separated by
spaces (ids are slugs, so they hold none) and the quotes, which are the quote itself when
there is one and a JSON list of them otherwise.
:class:`graph.persistence.sqlite.store.SQLiteStorage` converts either to the packed layout
(:mod:`graph.persistence.packed`) when it opens such a file.

Examples
--------
>>> row = ("r1", "HOSTS", "iran", "russia", "2016-08-16", None, None, None,
...        "TERRITORY_ACCESS", None, None, "REPORTED", 1.0, "nbc", "bombers took off from Iran")
>>> rel = relationship_of(row)
>>> rel.support_kinds, rel.evidence[0].quote
((<SupportKind.TERRITORY_ACCESS: 'TERRITORY_ACCESS'>,), 'bombers took off from Iran')
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterator
from typing import Any

import msgspec

from graph.model.records import Evidence, Relationship
from graph.model.vocabulary import DatePrecision, Relation, Stance, SupportKind
from graph.persistence.packed import pack
from graph.persistence.trusted import trusted_record

__all__ = ["COLUMNS", "OldRowError", "packed_old_rows", "relationship_of"]

COLUMNS = (
    "id",
    "relation",
    "source",
    "target",
    "date",
    "date_precision",
    "valid_from",
    "valid_until",
    "support_kinds",
    "location",
    "claimed_by",
    "stance",
    "confidence",
    "evidence_sources",
    "evidence_quotes",
)
"""The columns of the old ``relationships`` table, in the order of a row."""


class _Row(msgspec.Struct, array_like=True):
    """A row as the columns' types: msgspec turns the texts into enums and dates."""

    id: str
    relation: Relation
    source: str
    target: str
    date: dt.date | None
    date_precision: DatePrecision | None
    valid_from: dt.date | None
    valid_until: dt.date | None
    support_kinds: str | None
    location: str | None
    claimed_by: str | None
    stance: Stance
    confidence: float
    evidence_sources: str
    evidence_quotes: str


_decode_quotes = msgspec.json.Decoder(list[str]).decode


def relationship_of(row: tuple[Any, ...]) -> Relationship:
    """The relationship one old row holds. Raises :class:`msgspec.MsgspecError` (or
    ``ValueError``) naming what is wrong when the row does not hold one."""
    r = msgspec.convert(row, _Row, strict=False)
    sources = r.evidence_sources.split()
    # One source: the quote as it is. Several: a JSON list of them.
    quotes = [r.evidence_quotes] if len(sources) == 1 else _decode_quotes(r.evidence_quotes)
    kinds = r.support_kinds
    return Relationship(
        r.id,
        r.relation,
        r.source,
        r.target,
        tuple(Evidence(s, q) for s, q in zip(sources, quotes, strict=True)),
        r.date,
        r.date_precision,
        r.valid_from,
        r.valid_until,
        () if kinds is None else tuple(SupportKind(k) for k in kinds.split(" ")),
        r.location,
        r.claimed_by,
        r.stance,
        r.confidence,
    )


class OldRowError(ValueError):
    """An old row that does not hold a relationship; the message names its id."""


def packed_old_rows(
    db: sqlite3.Connection, table: str, json_records: bool
) -> Iterator[tuple[str, bytes]]:
    """``(id, packed)`` for each row of the old ``table``, in id order: JSON records when
    ``json_records``, else a column per field. Raises :class:`OldRowError` at the first row
    that cannot be read."""
    read = "id, record" if json_records else ", ".join(COLUMNS)  # the id comes first
    for row in db.execute(f"SELECT {read} FROM {table} ORDER BY id"):
        try:
            if json_records:
                rel = trusted_record(Relationship, json.loads(row[1]))
            else:
                rel = relationship_of(row)
        except (ValueError, KeyError, TypeError, AttributeError, msgspec.MsgspecError) as err:
            raise OldRowError(
                f"cannot convert relationship {row[0]!r} to the packed layout "
                f"({type(err).__name__}: {err})"
            ) from None
        yield rel.id, pack(rel)
