"""Writes applied once however often they are sent: idempotency keys, kept in the store.

A client that lost the answer to a write sends it again with the same key. The editor records
the key (a :class:`Claim`) in the transaction that commits its change, so the store remembers
a key exactly when it holds the change: an edit whose key the store, or an edit before it in
the batch, already holds is not applied and fails with :class:`AlreadyApplied`. The answer the
first request got is stored beside the key afterwards (:func:`answer`), for a retry to read
back (:func:`recall`); should the first server die between its commit and its answer, a retry
rebuilds the answer from the committed change (:func:`recommitted`). Keys belong to an author,
and are forgotten once created before the claim's ``since``: never honoured then, and deleted
by the next :func:`answer`.

Examples
--------
>>> import datetime as dt
>>> from graph.dataset.parse import Dataset
>>> from graph.model.records import Actor, Source
>>> from graph.model.vocabulary import ActorKind
>>> from graph.persistence import edits
>>> from graph.persistence.editor import Editor
>>> from graph.persistence.opening import open_storage
>>> editor = Editor.open(open_storage(None, Dataset((Source("nbc", "NBC News"),), (), ())))
>>> a_day_ago = dt.datetime.now(dt.UTC) - dt.timedelta(hours=24)
>>> claim = Claim("ann", "retry-1", "hash-of-the-request", a_day_ago)
>>> iran = edits.create_actor(Actor("iran", "Iran", ActorKind.STATE))
>>> editor.commit(iran, "ann", key=claim).change.version
2
>>> editor.commit(iran, "ann", key=claim)
Traceback (most recent call last):
...
graph.persistence.idempotency.AlreadyApplied: idempotency key 'retry-1' was used by version 2
>>> answer(editor.storage, claim, '{"data": {}}'), recall(editor.storage, claim).version
('{"data": {}}', 2)
>>> recommitted(editor.storage, 2).value.name, editor.graph.version
('Iran', 2)
>>> editor.close()
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial
from typing import TYPE_CHECKING, Any, Protocol

from graph.model.errors import GraphError
from graph.model.records import Actor, Relationship, Source
from graph.persistence.changes import Change, ChangeOperation
from graph.persistence.named_edits import Committed
from graph.persistence.storage import StorageError
from graph.persistence.trusted import trusted_record

if TYPE_CHECKING:
    from graph.persistence.storage import Storage

__all__ = [
    "AlreadyApplied",
    "BatchKeys",
    "Claim",
    "KeyTable",
    "MemoryKeys",
    "Remembered",
    "SQLKeys",
    "answer",
    "recall",
    "recommitted",
]


@dataclass(frozen=True, slots=True)
class Claim:
    """The key an edit carries: whose (``author``), which, for what request (a hash of it),
    and ``since``, the oldest creation time still honoured (older keys have expired)."""

    author: str
    key: str
    request_hash: str
    since: dt.datetime


@dataclass(frozen=True, slots=True)
class Remembered:
    """A key the store holds: the request it came with, the version its change committed,
    when, and the answer the request got (``None`` until it is stored)."""

    author: str
    key: str
    request_hash: str
    version: int
    created_at: dt.datetime
    response: str | None = None


class AlreadyApplied(GraphError):
    """An edit whose key the store already holds: it was not applied again."""

    code = "IDEMPOTENCY_KEY_IN_USE"

    def __init__(self, remembered: Remembered) -> None:
        super().__init__(
            f"idempotency key {remembered.key!r} was used by version {remembered.version}"
        )
        self.remembered = remembered


class KeyTable(Protocol):
    """The keys of a store, as one write transaction reads and writes them."""

    def find(self, author: str, key: str, since: dt.datetime) -> Remembered | None:
        """``author``'s ``key``, unless it is unknown or was created before ``since``."""
        ...

    def add(self, record: Remembered) -> None:
        """Remember ``record``, in place of an expired key of the same name."""
        ...

    def answer(self, author: str, key: str, response: str) -> str | None:
        """Store ``response`` unless an answer is stored already; the stored answer (``None``
        for an unknown key)."""
        ...

    def expire(self, since: dt.datetime) -> int:
        """Forget every key created before ``since``; how many there were."""
        ...


_COLUMNS = "author, key, request_hash, version, created_at, response"


def _text(moment: dt.datetime) -> str:
    """One fixed form, so that the texts sort as the moments do."""
    return moment.astimezone(dt.UTC).isoformat(timespec="microseconds")


class SQLKeys:
    """The ``idempotency`` table over a DB-API ``execute`` (SQLite's, psycopg's), whose
    placeholder is ``mark``."""

    def __init__(self, execute: Callable[..., Any], mark: str) -> None:
        self._execute = execute
        self._mark = mark

    def _run(self, statement: str, *params: object) -> Any:
        return self._execute(statement.replace("?", self._mark), params)

    def find(self, author: str, key: str, since: dt.datetime) -> Remembered | None:
        row = self._run(
            f"SELECT {_COLUMNS} FROM idempotency WHERE author = ? AND key = ? AND created_at >= ?",
            *(author, key, _text(since)),
        ).fetchone()
        if row is None:
            return None
        author, key, request_hash, version, created_at, response = row
        when = dt.datetime.fromisoformat(created_at)
        return Remembered(author, key, request_hash, int(version), when, response)

    def add(self, record: Remembered) -> None:
        self._run(
            f"INSERT INTO idempotency ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (author, key) DO UPDATE SET request_hash = excluded.request_hash, "
            "version = excluded.version, created_at = excluded.created_at, response = NULL",
            *(record.author, record.key, record.request_hash, record.version),
            *(_text(record.created_at), record.response),
        )

    def answer(self, author: str, key: str, response: str) -> str | None:
        self._run(
            "UPDATE idempotency SET response = ? WHERE author = ? AND key = ? AND response IS NULL",
            *(response, author, key),
        )
        where = "WHERE author = ? AND key = ?"
        row = self._run(f"SELECT response FROM idempotency {where}", author, key).fetchone()
        return None if row is None else str(row[0])

    def expire(self, since: dt.datetime) -> int:
        done = self._run("DELETE FROM idempotency WHERE created_at < ?", _text(since))
        return int(done.rowcount)


class MemoryKeys:
    """The keys of an in-memory store, ``rows``, written by ``steps`` that its transaction
    runs when it ends well."""

    def __init__(
        self, rows: dict[tuple[str, str], Remembered], steps: list[Callable[[], None]]
    ) -> None:
        self.rows = rows
        self.steps = steps

    def find(self, author: str, key: str, since: dt.datetime) -> Remembered | None:
        found = self.rows.get((author, key))
        return found if found is not None and found.created_at >= since else None

    def add(self, record: Remembered) -> None:
        self.steps.append(partial(self.rows.__setitem__, (record.author, record.key), record))

    def answer(self, author: str, key: str, response: str) -> str | None:
        found = self.rows.get((author, key))
        if found is None or found.response is not None:
            return None if found is None else found.response
        self.add(replace(found, response=response))
        return response

    def expire(self, since: dt.datetime) -> int:
        old = [name for name, record in self.rows.items() if record.created_at < since]

        def forget() -> None:
            for name in old:
                self.rows.pop(name, None)

        self.steps.append(forget)
        return len(old)


class BatchKeys:
    """The keys of one batch of edits, checked and recorded in the batch's transaction."""

    def __init__(self, table: KeyTable) -> None:
        self.table = table
        self._added: dict[tuple[str, str], Remembered] = {}

    def check(self, claim: Claim | None) -> None:
        """Raise :class:`AlreadyApplied` when the store, or an edit earlier in the batch,
        holds the key ``claim`` names."""
        if claim is None:
            return
        found = self._added.get((claim.author, claim.key))
        if found is None:
            found = self.table.find(claim.author, claim.key, claim.since)
        if found is not None:
            raise AlreadyApplied(found)

    def add(self, claim: Claim | None, change: Change) -> None:
        """Remember ``claim`` as the key of ``change`` (nothing when it is ``None``)."""
        if claim is not None:
            record = Remembered(
                claim.author, claim.key, claim.request_hash, change.version, change.at
            )
            self._added[(claim.author, claim.key)] = record

    def store(self) -> None:
        """Write the batch's keys; call once its changes are appended."""
        for record in self._added.values():
            self.table.add(record)


def recall(storage: Storage, claim: Claim) -> Remembered | None:
    """The key ``claim`` names, as the store holds it; ``None`` when unknown or expired."""
    with storage.writing() as tx:
        return tx.keys.find(claim.author, claim.key, claim.since)


def answer(storage: Storage, claim: Claim, response: str) -> str | None:
    """Store ``response`` as the answer to the key ``claim`` names, unless another is stored
    already, and forget the expired keys; the answer stored now (``None``: no such key)."""
    with storage.writing() as tx:
        tx.keys.expire(claim.since)
        return tx.keys.answer(claim.author, claim.key, response)


_SOURCE = partial(trusted_record, Source)
_ACTOR = partial(trusted_record, Actor)
_RELATIONSHIP = partial(trusted_record, Relationship)
_VALUES: dict[ChangeOperation, tuple[str, str, Callable[[dict[str, object]], object]]] = {
    ChangeOperation.ADD_SOURCE: ("after", "sources", _SOURCE),
    ChangeOperation.CREATE_ACTOR: ("after", "actors", _ACTOR),
    ChangeOperation.UPDATE_ACTOR: ("after", "actors", _ACTOR),
    ChangeOperation.ADD_RELATIONSHIP: ("after", "relationships", _RELATIONSHIP),
    ChangeOperation.UPDATE_RELATIONSHIP: ("after", "relationships", _RELATIONSHIP),
    ChangeOperation.REMOVE_RELATIONSHIP: ("before", "relationships", _RELATIONSHIP),
    ChangeOperation.ACCEPT_PROPOSAL: ("after", "relationships", _RELATIONSHIP),
}
"""Where each edit's value is in its change (a deletion's is the relationships it removed)."""


def recommitted(storage: Storage, version: int) -> Committed[Any]:
    """The change committed as ``version``, with the value its edit returned, rebuilt from the
    change's records (see :mod:`graph.persistence.edits`)."""
    found = storage.history(1, version + 1)
    if not found or found[0].version != version:
        raise StorageError(f"the store holds no change at version {version}")
    change = found[0]
    if change.operation is ChangeOperation.DELETE_ACTOR:
        removed = (change.before or {}).get("relationships", ())
        return Committed([_RELATIONSHIP(r) for r in removed], change)
    if change.operation not in _VALUES:
        raise StorageError(f"version {version} is an {change.operation.value}, not an edit")
    side, section, value_of = _VALUES[change.operation]
    records = getattr(change, side) or {}
    return Committed(value_of(records[section][0]), change)
