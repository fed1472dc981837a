"""JSON dataset files decoded straight into typed records, for large files that are right.

A JSON seed file of a million relationships spent a third of its load decoding into dicts and
most of the rest reading each dict field by field. msgspec decodes the file straight into
typed records in C, checking every field's type, enum value and date on the way, and refusing
unknown fields; what is left to Python are the rules between fields and records (known actors
and sources, key shapes, date order, support kinds, confidence range, text that is valid
Unicode). :func:`typed_dataset` gives a :class:`~graph.dataset.parse.Dataset` only for a file that
passes all of that, and ``None`` for any other, which is then read by the full reader
(:func:`graph.dataset.parse.parse_dataset`), the one that names every problem. So whenever it gives
a dataset, it is the very dataset the full reader gives (a property test pins this, and a test
per rule that it is refused here too). The checks mirror
:func:`graph.model.rules.relationship_problems` rather than call it: that function walks every field
generically and would cost 17 µs a record here, more than the whole typed reading saves.

Examples
--------
>>> good = b'''{"sources": [{"id": "nbc", "publisher": "NBC News"}],
...   "actors": [{"key": "iran", "name": "Iran", "kind": "STATE"},
...              {"key": "russia", "name": "Russia", "kind": "STATE"}],
...   "relationships": [{"id": "r1", "relation": "HOSTS", "source": "iran", "target": "russia",
...     "evidence": [{"source": "nbc", "quote": "bombers took off from Iran"}]}]}'''
>>> typed_dataset(good).relationships[0].relation.value
'HOSTS'
>>> typed_dataset(good.replace(b'"target": "russia"', b'"target": "atlantis"')) is None
True
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import msgspec

from graph.dataset.parse import Dataset, parse_dataset
from graph.model.errors import InvalidDataset
from graph.model.records import Evidence, Relationship
from graph.model.rules import KEY_PATTERN, SUPPORT_RELATIONS, text_problem
from graph.model.vocabulary import DatePrecision, Relation, Stance, SupportKind

__all__ = ["typed_dataset"]


# Tuples and gc=False, as in graph.model.records: records that hold no cycle need not be tracked by
# the cycle collector, and the support kinds' tuple is the one the relationship keeps. A
# million of them peaked 140 MB lower (1.72 -> 1.58 GB) while being read.
class _Evidence(msgspec.Struct, forbid_unknown_fields=True, gc=False):
    source: str
    quote: str


class _Relationship(msgspec.Struct, forbid_unknown_fields=True, gc=False):
    id: str
    relation: Relation
    source: str
    target: str
    evidence: tuple[_Evidence, ...]
    date: dt.date | None = None
    date_precision: DatePrecision | None = None
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None
    support_kinds: tuple[SupportKind, ...] = ()
    location: str | None = None
    claimed_by: str | None = None
    stance: Stance = Stance.REPORTED
    confidence: float = 1.0


class _File(msgspec.Struct, forbid_unknown_fields=True):
    sources: list[dict[str, Any]] = []
    actors: list[dict[str, Any]] = []
    relationships: list[_Relationship] = []


class _Refused(Exception):
    """The file needs the full reader."""


def typed_dataset(data: bytes | Path) -> Dataset | None:
    """The dataset a JSON file (its bytes, or its path) holds when every record is right,
    else ``None``.

    Given a path, it reads the file and lets its bytes go once they are decoded: the records
    are then checked and built without the file held beside them (the 1M file is 450 MB).
    """
    try:
        decoded = msgspec.json.decode(
            data.read_bytes() if isinstance(data, Path) else data, type=_File
        )
        # Sources and actors are few: the full reader checks them (and reports nothing here).
        head = parse_dataset({"sources": decoded.sources, "actors": decoded.actors})
        return Dataset(head.sources, head.actors, _relationships(decoded.relationships, head))
    except (msgspec.MsgspecError, InvalidDataset, _Refused):
        return None


def _relationships(typed: list[_Relationship], head: Dataset) -> tuple[Relationship, ...]:
    ids = [r.id for r in typed]
    if len(set(ids)) != len(ids) or not all(map(KEY_PATTERN.fullmatch, ids)):
        raise _Refused
    # Each key to the string its record holds: records then share one string per actor.
    actor_of = {a.key: a.key for a in head.actors}.get
    source_of = {s.id: s.id for s in head.sources}.get
    make, evidence = Relationship, Evidence
    found: list[Relationship] = []
    add = found.append
    for r in typed:  # a million of them: names bound once, every rule in one test
        source, target = actor_of(r.source), actor_of(r.target)
        relation, kinds = r.relation, r.support_kinds
        claimed_by = r.claimed_by
        if (
            source is None
            or target is None
            or source is target  # one string per key: the same actor
            or (r.date_precision is not None and r.date is None)
            or (r.valid_from and r.valid_until and r.valid_from > r.valid_until)
            or (kinds and relation not in SUPPORT_RELATIONS)
            or not 0 <= r.confidence <= 1
            or (r.location is not None and _bad_text(r.location))
            or (claimed_by is not None and (claimed_by := actor_of(claimed_by)) is None)
        ):
            raise _Refused
        quotes: list[Evidence] = []
        for item in r.evidence:
            quote, cited = item.quote, source_of(item.source)
            if cited is None or not quote.strip() or _bad_text(quote):
                raise _Refused
            quotes.append(evidence(cited, quote))
        if not quotes:
            raise _Refused
        add(
            make(
                r.id,
                relation,
                source,
                target,
                tuple(quotes),
                r.date,
                r.date_precision,
                r.valid_from,
                r.valid_until,
                kinds,
                r.location,
                claimed_by,
                r.stance,
                r.confidence,
            )
        )
    return tuple(found)


def _bad_text(value: str) -> bool:
    return not value.isascii() and text_problem(value) is not None
