"""A relationship as one flat SQL row, one column per field, and back.

The SQLite store keeps relationships in columns rather than as one JSON document per row:
reading a million of them back is then a plain row fetch with no JSON to decode, which was
most of a large graph's start-up. Evidence takes two columns: the source ids separated by
spaces (ids are slugs, so they hold none) and the quotes, which are the quote itself when
there is one and a JSON list of them otherwise.

Examples
--------
>>> record = {"id": "r1", "relation": "HOSTS", "source": "iran", "target": "russia",
...           "evidence": [{"source": "nbc", "quote": "Russian bombers took off from Iran"}],
...           "date": "2016-08-16", "support_kinds": ["TERRITORY_ACCESS"], "stance": "REPORTED"}
>>> row = row_of(record)
>>> row[:4], row[-2:]
(('r1', 'HOSTS', 'iran', 'russia'), ('nbc', 'Russian bombers took off from Iran'))
>>> relationship_of(row).support_kinds
(<SupportKind.TERRITORY_ACCESS: 'TERRITORY_ACCESS'>,)
>>> record_of_row(row) == {**record, "confidence": 1.0}
True
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from typing import Any

import msgspec

from graph.model import Evidence, Relationship
from graph.vocabulary import DatePrecision, Relation, Stance, SupportKind

__all__ = ["COLUMNS", "TABLE", "record_of_row", "relationship_of", "relationships_of", "row_of"]

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
"""The columns of the ``relationships`` table, in the order of :func:`row_of`'s tuple."""

TABLE = """CREATE TABLE IF NOT EXISTS relationships (
    id TEXT PRIMARY KEY,
    relation TEXT NOT NULL,
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    date TEXT,
    date_precision TEXT,
    valid_from TEXT,
    valid_until TEXT,
    support_kinds TEXT,
    location TEXT,
    claimed_by TEXT,
    stance TEXT NOT NULL,
    confidence REAL NOT NULL,
    evidence_sources TEXT NOT NULL,
    evidence_quotes TEXT NOT NULL
) WITHOUT ROWID"""
"""The SQL that creates the table when it is missing. WITHOUT ROWID keeps the rows in id order
in the file itself: a start-up reads them back sorted, which the graph's sorts and indexes
then find nearly free, and there is no second b-tree for the primary key."""

_OPTIONAL = ("date", "date_precision", "valid_from", "valid_until", "location", "claimed_by")

# Support kinds by value (a row holds them space-separated): a dict read, cheaper than the Enum.
_SUPPORT = {m.value: m for m in SupportKind}


def row_of(record: Mapping[str, Any]) -> tuple[object, ...]:
    """The row of a seed-format relationship record that passed the rules."""
    evidence = record["evidence"]
    quotes = [e["quote"] for e in evidence]
    return (
        record["id"],
        record["relation"],
        record["source"],
        record["target"],
        *(record.get(name) for name in _OPTIONAL[:4]),
        " ".join(record.get("support_kinds", ())) or None,
        *(record.get(name) for name in _OPTIONAL[4:]),
        record.get("stance", Stance.REPORTED.value),
        float(record.get("confidence", 1.0)),
        " ".join(e["source"] for e in evidence),
        quotes[0] if len(quotes) == 1 else json.dumps(quotes, ensure_ascii=False),
    )


def _quotes(sources: str, quotes: str) -> list[str]:
    # One source: the quote as it is. Several (or, never stored, none): a JSON list.
    return [quotes] if sources and " " not in sources else _decode_quotes(quotes)


_decode_quotes = msgspec.json.Decoder(list[str]).decode


class _Row(msgspec.Struct, array_like=True):
    """A row as the columns' types: msgspec turns the texts into enums and dates in C."""

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


_ROWS = list[_Row]


def relationships_of(
    rows: Sequence[tuple[Any, ...]], names: Mapping[str, str] | None = None
) -> list[Relationship]:
    """The relationships a batch of rows holds, built with no checks (the store wrote them).

    ``names`` maps actor keys and source ids to the very strings the graph already holds for
    them, so a million rows do not keep a million copies of each.
    """
    name = (names or {}).get
    built = []
    for r in msgspec.convert(rows, _ROWS, strict=False):
        sources, quotes = r.evidence_sources, r.evidence_quotes
        if sources and sources.find(" ") < 0:
            evidence: tuple[Evidence, ...] = (Evidence(name(sources, sources), quotes),)
        else:
            evidence = tuple(
                [
                    Evidence(name(s, s), q)
                    for s, q in zip(sources.split(), _quotes(sources, quotes), strict=True)
                ]
            )
        kinds, claimed_by = r.support_kinds, r.claimed_by
        built.append(
            Relationship(
                r.id,
                r.relation,
                name(r.source, r.source),
                name(r.target, r.target),
                evidence,
                r.date,
                r.date_precision,
                r.valid_from,
                r.valid_until,
                () if kinds is None else tuple([_SUPPORT[k] for k in kinds.split(" ")]),
                r.location,
                None if claimed_by is None else name(claimed_by, claimed_by),
                r.stance,
                r.confidence,
            )
        )
    return built


def relationship_of(row: tuple[Any, ...]) -> Relationship:
    """The relationship one row holds (see :func:`relationships_of`)."""
    (found,) = relationships_of([row])
    return found


def record_of_row(row: tuple[Any, ...]) -> dict[str, object]:
    """The seed-format record a row holds, empty fields left out, for full validation."""
    record: dict[str, Any] = dict(zip(COLUMNS[:13], row[:13], strict=True))
    kinds = record.pop("support_kinds")
    if kinds is not None:
        record["support_kinds"] = kinds.split(" ")
    sources, quotes = row[13], row[14]
    record["evidence"] = [
        {"source": s, "quote": q}
        for s, q in zip(sources.split(), _quotes(sources, quotes), strict=True)
    ]
    return {name: value for name, value in record.items() if value is not None}
