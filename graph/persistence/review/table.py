"""Where the review queue is kept: two tables beside the change log, in every backend.

``proposal_batches`` holds a row per article (id, filing order, the batch as JSON) and
``proposals`` a row per proposal (id, filing order, batch, status, the proposal and the
decision as JSON; indexed by status and by batch). :class:`SQLReview` reads and writes them
through SQLite's or psycopg's ``execute``; :class:`MemoryReview` keeps them in dictionaries for
the in-memory store. A write is part of the transaction it is made in: a proposal is marked
accepted in the very transaction that commits the graph change accepting it.

Examples
--------
>>> import datetime as dt, sqlite3
>>> from graph.model.records import Source
>>> db = sqlite3.connect(":memory:")
>>> for statement in SCHEMA:
...     _ = db.execute(statement)
>>> table = SQLReview(db.execute, "?")
>>> at = dt.datetime(2016, 8, 16, tzinfo=dt.UTC)
>>> b = QueuedBatch("b-1", 0, Source("nbc", "NBC"), "text", None, "ann", at, (), ())
>>> table.add(b, []).seq, table.batch("b-1").source.publisher, table.count(None, None)
(1, 'NBC', 0)
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Any, Protocol

from graph.ingest.records import Proposal
from graph.persistence.review.records import (
    Decision,
    ProposalStatus,
    QueuedBatch,
    QueuedProposal,
    batch_of,
    batch_record,
    decision_of,
    decision_record,
    proposal_of,
    proposal_record,
)

__all__ = ["SCHEMA", "MemoryReview", "ReviewRows", "ReviewTable", "SQLReview"]

SCHEMA = (
    """CREATE TABLE IF NOT EXISTS proposal_batches (
        id TEXT PRIMARY KEY,
        seq BIGINT NOT NULL,
        record TEXT NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS proposal_batches_seq ON proposal_batches (seq)",
    """CREATE TABLE IF NOT EXISTS proposals (
        id TEXT PRIMARY KEY,
        seq BIGINT NOT NULL,
        batch TEXT NOT NULL,
        status TEXT NOT NULL,
        record TEXT NOT NULL,
        decision TEXT
    )""",
    "CREATE INDEX IF NOT EXISTS proposals_status ON proposals (status, seq)",
    "CREATE INDEX IF NOT EXISTS proposals_batch ON proposals (batch, seq)",
)
"""The statements that create the queue's tables when missing (both SQL backends)."""


class ReviewTable(Protocol):
    """The review queue of a store, as one transaction (or one read) sees it."""

    def batch(self, batch: str) -> QueuedBatch | None:
        """The batch ``batch``, or ``None``."""
        ...

    def batches(self, before: int | None, limit: int) -> list[QueuedBatch]:
        """At most ``limit`` batches filed before the one at ``before`` (all: ``None``),
        newest first."""
        ...

    def batch_count(self) -> int:
        """How many batches the queue holds."""
        ...

    def proposal(self, proposal_id: str) -> QueuedProposal | None:
        """The proposal ``proposal_id``, or ``None``."""
        ...

    def proposals(
        self, status: ProposalStatus | None, batch: str | None, after: int, limit: int
    ) -> list[QueuedProposal]:
        """At most ``limit`` proposals filed after ``after`` (a ``seq``), in filing order, of
        ``status`` and of ``batch`` when given."""
        ...

    def count(self, status: ProposalStatus | None, batch: str | None) -> int:
        """How many proposals there are of ``status`` and of ``batch`` when given."""
        ...

    def add(self, batch: QueuedBatch, proposals: Sequence[Proposal]) -> QueuedBatch:
        """File ``batch`` and those of its ``proposals`` the queue does not hold yet (a
        proposal of an earlier batch is shared, not filed twice); the batch as filed."""
        ...

    def decide(self, proposal_id: str, status: ProposalStatus, decision: Decision) -> None:
        """Record the decision on the proposal ``proposal_id``."""
        ...


def _text(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


_PROPOSAL = "id, seq, batch, status, record, decision"


def _queued(row: Sequence[Any]) -> QueuedProposal:
    _, seq, batch, status, record, decision = row
    return QueuedProposal(
        proposal_of(json.loads(record)),
        batch,
        int(seq),
        ProposalStatus(status),
        None if decision is None else decision_of(json.loads(decision)),
    )


class SQLReview:
    """The queue's tables over a DB-API ``execute`` whose placeholder is ``mark``."""

    def __init__(self, execute: Callable[..., Any], mark: str) -> None:
        self._execute = execute
        self._mark = mark

    def _run(self, statement: str, *params: object) -> Any:
        return self._execute(statement.replace("?", self._mark), params)

    def _where(self, status: ProposalStatus | None, batch: str | None) -> tuple[str, list[object]]:
        clauses: list[str] = ["1 = 1"]
        params: list[object] = []
        if status is not None:
            clauses.append("status = ?")
            params.append(status.value)
        if batch is not None:
            clauses.append("batch = ?")
            params.append(batch)
        return " AND ".join(clauses), params

    def batch(self, batch: str) -> QueuedBatch | None:
        row = self._run("SELECT seq, record FROM proposal_batches WHERE id = ?", batch).fetchone()
        return None if row is None else batch_of(batch, row[0], json.loads(row[1]))

    def batches(self, before: int | None, limit: int) -> list[QueuedBatch]:
        below = "" if before is None else "WHERE seq < ?"
        params = [] if before is None else [before]
        rows = self._run(
            f"SELECT id, seq, record FROM proposal_batches {below} ORDER BY seq DESC LIMIT ?",
            *params,
            limit,
        ).fetchall()
        return [batch_of(b, seq, json.loads(record)) for b, seq, record in rows]

    def batch_count(self) -> int:
        return int(self._run("SELECT count(*) FROM proposal_batches").fetchone()[0])

    def proposal(self, proposal_id: str) -> QueuedProposal | None:
        row = self._run(f"SELECT {_PROPOSAL} FROM proposals WHERE id = ?", proposal_id).fetchone()
        return None if row is None else _queued(row)

    def proposals(
        self, status: ProposalStatus | None, batch: str | None, after: int, limit: int
    ) -> list[QueuedProposal]:
        where, params = self._where(status, batch)
        rows = self._run(
            f"SELECT {_PROPOSAL} FROM proposals WHERE {where} AND seq > ? ORDER BY seq LIMIT ?",
            *params,
            after,
            limit,
        ).fetchall()
        return [_queued(row) for row in rows]

    def count(self, status: ProposalStatus | None, batch: str | None) -> int:
        where, params = self._where(status, batch)
        return int(
            self._run(f"SELECT count(*) FROM proposals WHERE {where}", *params).fetchone()[0]
        )

    def add(self, batch: QueuedBatch, proposals: Sequence[Proposal]) -> QueuedBatch:
        last = self._run("SELECT coalesce(max(seq), 0) FROM proposal_batches").fetchone()[0]
        filed = replace(batch, seq=int(last) + 1)
        self._run(
            "INSERT INTO proposal_batches (id, seq, record) VALUES (?, ?, ?)",
            *(filed.id, filed.seq, _text(batch_record(filed))),
        )
        seq = int(self._run("SELECT coalesce(max(seq), 0) FROM proposals").fetchone()[0])
        for p in proposals:
            if self._run("SELECT 1 FROM proposals WHERE id = ?", p.id).fetchone() is None:
                seq += 1
                self._run(
                    f"INSERT INTO proposals ({_PROPOSAL}) VALUES (?, ?, ?, ?, ?, NULL)",
                    *(p.id, seq, filed.id, ProposalStatus.PENDING.value),
                    _text(proposal_record(p)),
                )
        return filed

    def decide(self, proposal_id: str, status: ProposalStatus, decision: Decision) -> None:
        self._run(
            "UPDATE proposals SET status = ?, decision = ? WHERE id = ?",
            *(status.value, _text(decision_record(decision)), proposal_id),
        )


@dataclass
class ReviewRows:
    """The in-memory store's queue."""

    batches: dict[str, QueuedBatch] = field(default_factory=dict)
    proposals: dict[str, QueuedProposal] = field(default_factory=dict)


class MemoryReview:
    """The queue of an in-memory store, ``rows``; written by ``steps`` that its transaction
    runs when it ends well (none for a read)."""

    def __init__(self, rows: ReviewRows, steps: list[Callable[[], None]] | None = None) -> None:
        self.rows = rows
        self.steps = steps if steps is not None else []

    def batch(self, batch: str) -> QueuedBatch | None:
        return self.rows.batches.get(batch)

    def batches(self, before: int | None, limit: int) -> list[QueuedBatch]:
        found = sorted(self.rows.batches.values(), key=lambda b: -b.seq)
        return [b for b in found if before is None or b.seq < before][:limit]

    def batch_count(self) -> int:
        return len(self.rows.batches)

    def proposal(self, proposal_id: str) -> QueuedProposal | None:
        return self.rows.proposals.get(proposal_id)

    def _matching(self, status: ProposalStatus | None, batch: str | None) -> list[QueuedProposal]:
        return sorted(
            (
                q
                for q in self.rows.proposals.values()
                if (status is None or q.status is status) and (batch is None or q.batch == batch)
            ),
            key=lambda q: q.seq,
        )

    def proposals(
        self, status: ProposalStatus | None, batch: str | None, after: int, limit: int
    ) -> list[QueuedProposal]:
        return [q for q in self._matching(status, batch) if q.seq > after][:limit]

    def count(self, status: ProposalStatus | None, batch: str | None) -> int:
        return len(self._matching(status, batch))

    def add(self, batch: QueuedBatch, proposals: Sequence[Proposal]) -> QueuedBatch:
        filed = replace(batch, seq=max((b.seq for b in self.rows.batches.values()), default=0) + 1)
        seq = max((q.seq for q in self.rows.proposals.values()), default=0)
        new = {}
        for p in proposals:
            if p.id not in self.rows.proposals and p.id not in new:
                seq += 1
                new[p.id] = QueuedProposal(p, filed.id, seq)
        self.steps.append(partial(self.rows.batches.__setitem__, filed.id, filed))
        self.steps.append(partial(self.rows.proposals.update, new))
        return filed

    def decide(self, proposal_id: str, status: ProposalStatus, decision: Decision) -> None:
        queued = replace(self.rows.proposals[proposal_id], status=status, decision=decision)
        self.steps.append(partial(self.rows.proposals.__setitem__, proposal_id, queued))
