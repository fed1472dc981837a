"""A relationship packed as one MessagePack array, the SQLite store's row format, and back.

The store keeps each relationship as the bytes msgspec packs it into: an array of its fields
in the model's order, enums by value and dates as ISO text. Opening a store then hands a batch
of rows to msgspec, which checks each field's type and builds the relationships in C; reading
fifteen columns a row and assembling each relationship in Python took three times as long.

Examples
--------
>>> import datetime as dt
>>> from graph.model.records import Evidence, Relationship
>>> from graph.model.vocabulary import Relation
>>> rel = Relationship("r1", Relation.HOSTS, "iran", "russia",
...                    (Evidence("nbc", "Russian bombers took off from Iran"),),
...                    date=dt.date(2016, 8, 16))
>>> unpack_all([pack(rel)]) == [rel]
True
>>> record_of_packed(pack(rel))["evidence"]
[{'source': 'nbc', 'quote': 'Russian bombers took off from Iran'}]
"""

from __future__ import annotations

from collections.abc import Sequence

import msgspec

from graph.model.records import Evidence, Relationship

__all__ = ["PackedError", "pack", "record_of_packed", "unpack_all"]

_FIELDS = Relationship.__struct_fields__
_EVIDENCE_FIELDS = Evidence.__struct_fields__

pack = msgspec.msgpack.Encoder().encode
"""The bytes of one relationship."""

_relationships = msgspec.msgpack.Decoder(list[Relationship]).decode
_one = msgspec.msgpack.Decoder(Relationship).decode
_ARRAY_32 = b"\xdd"  # MessagePack: an array whose length follows in four bytes


class PackedError(ValueError):
    """A row that does not hold a packed relationship; ``position`` is its place in the batch."""

    def __init__(self, position: int, message: str) -> None:
        super().__init__(message)
        self.position = position


def unpack_all(packed: Sequence[bytes]) -> list[Relationship]:
    """The relationships a batch of packed rows holds, built and type-checked by msgspec.

    Raises :class:`PackedError` for the first row that is not a packed relationship.
    """
    try:  # the rows are whole arrays: one more header makes the batch a single array
        return _relationships(_ARRAY_32 + len(packed).to_bytes(4, "big") + b"".join(packed))
    except msgspec.MsgspecError:
        pass
    for position, row in enumerate(packed):  # rare: find the row and say what is wrong
        try:
            _one(row)
        except msgspec.MsgspecError as err:
            raise PackedError(position, str(err)) from None
    raise PackedError(len(packed), "the rows do not join into one array")  # pragma: no cover


def record_of_packed(row: bytes) -> dict[str, object]:
    """The seed-format record a packed row holds, empty fields left out, for the full checks
    of :func:`graph.dataset.parse.parse_dataset` (which name any field that is wrong).

    Raises :class:`PackedError` when the row is not a MessagePack array at all.
    """
    try:
        values = msgspec.msgpack.decode(row)
    except msgspec.MsgspecError as err:
        raise PackedError(0, str(err)) from None
    if not isinstance(values, list):
        raise PackedError(0, f"expected an array of fields, got {type(values).__name__}")
    record = dict(zip(_FIELDS, values, strict=False))
    evidence = record.get("evidence")
    if isinstance(evidence, list):
        record["evidence"] = [
            dict(zip(_EVIDENCE_FIELDS, item, strict=False)) if isinstance(item, list) else item
            for item in evidence
        ]
    return {name: value for name, value in record.items() if value is not None and value != []}
