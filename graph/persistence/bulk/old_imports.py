"""IMPORT entries as earlier versions wrote them, with the whole dataset inline, converted.

An earlier version kept an IMPORT's records in its history entry (``before``: every record the
graph held; ``after``: every record imported), so listing the history read whole datasets. A
store is converted when it is opened, in one transaction: each such entry gets its counts, its
``after`` records go to ``change_records`` (:mod:`graph.persistence.bulk.records`) and its
``before`` and ``after`` are cleared. Nothing is changed if a record cannot be read.

Examples
--------
>>> import sqlite3
>>> db = sqlite3.connect(":memory:")
>>> _ = db.execute("CREATE TABLE changes (version, operation, before, after, counts)")
>>> _ = db.execute("CREATE TABLE change_records (version, seq, section, id, record)")
>>> _ = db.execute("INSERT INTO changes VALUES (1, 'IMPORT', NULL, ?, NULL)",
...                ('{"sources": [{"id": "nbc", "publisher": "NBC"}]}',))
>>> convert_old_imports(db.execute, "?", lambda rows: db.executemany(
...     "INSERT INTO change_records VALUES (?, ?, ?, ?, ?)", rows))
1
>>> db.execute("SELECT after, counts IS NOT NULL FROM changes").fetchone()
(None, 1)
>>> db.execute("SELECT section, id FROM change_records").fetchall()
[('sources', 'nbc')]
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

import msgspec

from graph.model.records import Relationship
from graph.persistence.changes import IDENT, ChangeCounts, RecordCounts, Records
from graph.persistence.history_rows import json_text
from graph.persistence.packed import pack
from graph.persistence.trusted import trusted_record

__all__ = ["OLD_IMPORTS", "convert_old_imports"]

OLD_IMPORTS = "SELECT version FROM changes WHERE operation = 'IMPORT' AND counts IS NULL"
"""The versions of the IMPORT entries still in the earlier form (none once converted)."""

Row = tuple[int, int, str, str, bytes]


def convert_old_imports(
    execute: Callable[..., Any], placeholder: str, write: Callable[[Iterable[Row]], object]
) -> int:
    """Convert every IMPORT entry in the earlier form; how many there were. Call inside a
    write transaction: ``execute`` runs a statement (parameters written ``placeholder``) and
    ``write`` stores ``change_records`` rows."""
    p = placeholder
    versions = [int(v) for (v,) in execute(OLD_IMPORTS).fetchall()]
    for version in versions:
        before, after = execute(
            f"SELECT before, after FROM changes WHERE version = {p}", (version,)
        ).fetchone()
        old, new = _records(before), _records(after)
        counts = ChangeCounts(_counted(new), replaced=_counted(old))
        del old
        write(_rows(version, new))
        execute(
            f"UPDATE changes SET before = NULL, after = NULL, counts = {p} WHERE version = {p}",
            (json_text(counts), version),
        )
    return len(versions)


def _records(text: str | None) -> Records:
    if text is None:
        return {}
    decoded: Records = msgspec.json.decode(text)
    return decoded


def _counted(records: Records) -> RecordCounts:
    return RecordCounts(*(len(records.get(section, ())) for section in IDENT))


def _rows(version: int, records: Records) -> Iterator[Row]:
    seq = 0
    for section, ident in IDENT.items():
        for record in records.get(section, ()):
            if section == "relationships":
                data = pack(trusted_record(Relationship, record))
            else:
                data = msgspec.json.encode(record)
            yield version, seq, section, str(record[ident]), data
            seq += 1
