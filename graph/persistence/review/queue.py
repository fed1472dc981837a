"""Filing an article's proposals in the queue, rejecting one, and reading them back.

Proposing and rejecting write the queue's rows only: they change no graph version, and the
history does not list them. The graph version counts changes to what the graph holds, which
replicas replay and caches key on; a pending proposal is no fact of the graph, and neither is a
rejection. The queue is read from the store at every request, so every server sees it as soon
as it is written. Accepting is a graph change (:mod:`graph.persistence.review.accept`).

Examples
--------
>>> import datetime as dt
>>> from graph import Source, load_seed
>>> from graph.dataset.parse import Dataset
>>> from graph.persistence.opening import open_storage
>>> graph = load_seed()
>>> store = open_storage(None, Dataset((), (), ()))
>>> text = "Turkish jets shot down a Russian warplane on Tuesday."
>>> source = Source("wire", "Wire", published=dt.date(2015, 11, 26))
>>> batch, proposals, new = file_article(store, graph, text, source, "ann")
>>> new, [q.proposal.relation.value for q in proposals], store.version()
(True, ['ATTACKS'], 1)
>>> again, _, new = file_article(store, graph, text, source, "bob")
>>> new, again.id == batch.id, again.author
(False, True, 'ann')
>>> reject(store, proposals[0].id, "bob", "a stray jet").status.value
'REJECTED'
>>> reject(store, proposals[0].id, "bob", None)
Traceback (most recent call last):
...
graph.persistence.review.records.ProposalNotPending: proposal 'p-...' was rejected by bob \
already; only a PENDING proposal can be accepted or rejected
"""

from __future__ import annotations

import datetime as dt

from graph.dataset.records import record_of
from graph.ingest.propose import check_text, propose
from graph.model.errors import DuplicateKey, InvalidInput
from graph.model.records import Source
from graph.model.rules import source_problems, text_problem
from graph.persistence.review.records import (
    Decision,
    ProposalNotPending,
    ProposalStatus,
    QueuedBatch,
    QueuedProposal,
    UnknownProposal,
    UnknownProposalBatch,
    batch_id,
)
from graph.persistence.review.table import ReviewTable
from graph.persistence.storage import Storage
from graph.store.alliance_graph import AllianceGraph

__all__ = [
    "MAX_REASON_CHARS",
    "batch_with",
    "check_article",
    "file_article",
    "find",
    "in_batch",
    "reject",
]

MAX_REASON_CHARS = 2_000
"""The longest reason a rejection keeps."""


def check_article(text: object, source: Source, graph: AllianceGraph) -> str:
    """``text`` when it and ``source`` can be proposed against ``graph``; otherwise the
    :class:`InvalidInput` (``field`` ``text`` or ``source.…``) or :class:`DuplicateKey` (a
    source id the graph holds with other fields) naming the problem."""
    checked = check_text(text)
    for problem in source_problems(source):
        raise InvalidInput(f"source {problem.field}: {problem}", field=f"source.{problem.field}")
    held = graph.source(source.id)
    if held is not None and held != source:
        raise DuplicateKey(
            f"source id {source.id!r} is in the graph with other fields ({record_of(held)}); "
            "send the source as the graph holds it, or give the article a new id",
            field="source.id",
        )
    return checked


def in_batch(table: ReviewTable, batch: QueuedBatch) -> list[QueuedProposal]:
    """The proposals of ``batch``, in text order."""
    return [q for i in batch.proposal_ids if (q := table.proposal(i)) is not None]


def file_article(
    storage: Storage, graph: AllianceGraph, text: str, source: Source, author: str
) -> tuple[QueuedBatch, list[QueuedProposal], bool]:
    """File what :func:`~graph.ingest.propose` proposes from ``text`` as a new batch, unless
    the queue holds the batch of the same source id and text already: then that one, as it
    was filed (by whoever filed it first). Returns the batch, its proposals, and whether it
    is new. Raises as :func:`check_article` does, or :class:`StorageError`."""
    check_article(text, source, graph)
    wanted = batch_id(source.id, text)
    with storage.reviewing() as table:
        found = table.batch(wanted)
        if found is not None:
            return found, in_batch(table, found), False
    made = propose(text, source, graph)
    batch = QueuedBatch(
        wanted, 0, source, text, source.published, author, dt.datetime.now(dt.UTC),
        tuple(p.id for p in made.proposals), made.new_actors,
    )  # fmt: skip
    with storage.writing() as tx:
        new = tx.review.batch(wanted) is None  # none filed it since the read above
        if new:
            tx.review.add(batch, made.proposals)
    with storage.reviewing() as table:
        filed = table.batch(wanted)
        assert filed is not None, "the batch was filed or found in the transaction above"
        return filed, in_batch(table, filed), new


def find(storage: Storage, proposal_id: str) -> tuple[QueuedProposal, QueuedBatch]:
    """The proposal ``proposal_id`` and its batch; :class:`UnknownProposal` when unknown."""
    with storage.reviewing() as table:
        queued = table.proposal(proposal_id)
        batch = None if queued is None else table.batch(queued.batch)
    if queued is None or batch is None:
        raise UnknownProposal(proposal_id)
    return queued, batch


def batch_with(storage: Storage, batch: str) -> tuple[QueuedBatch, list[QueuedProposal]]:
    """The batch ``batch`` and its proposals; :class:`UnknownProposalBatch` when unknown."""
    with storage.reviewing() as table:
        found = table.batch(batch)
        if found is None:
            raise UnknownProposalBatch(batch, field="id")
        return found, in_batch(table, found)


def reject(storage: Storage, proposal_id: str, author: str, reason: str | None) -> QueuedProposal:
    """Mark the PENDING proposal ``proposal_id`` rejected by ``author``, for ``reason``.

    Raises :class:`UnknownProposal`, :class:`ProposalNotPending`, or :class:`InvalidInput`
    (``field`` ``reason``) for a reason over :data:`MAX_REASON_CHARS` or not valid Unicode.
    """
    if reason is not None:
        if len(reason) > MAX_REASON_CHARS:
            raise InvalidInput(
                f"the reason has {len(reason):,} characters; at most {MAX_REASON_CHARS:,} are kept",
                field="reason",
            )
        if (problem := text_problem(reason)) is not None:
            raise InvalidInput(f"the reason {problem}", field="reason")
        reason = reason.strip() or None
    with storage.writing() as tx:
        queued = tx.review.proposal(proposal_id)
        if queued is None:
            raise UnknownProposal(proposal_id)
        if queued.status is not ProposalStatus.PENDING:
            raise ProposalNotPending(queued)
        decision = Decision(author, dt.datetime.now(dt.UTC), reason)
        tx.review.decide(proposal_id, ProposalStatus.REJECTED, decision)
    return QueuedProposal(
        queued.proposal, queued.batch, queued.seq, ProposalStatus.REJECTED, decision
    )
