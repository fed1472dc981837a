"""Accepting a proposal: one graph change that records the source, the new actors and the
relationship together, and marks the proposal accepted in the same transaction.

:class:`Acceptance` is an :data:`~graph.persistence.edits.Edit` (an ``ACCEPT_PROPOSAL``
change) that the editor commits like any other; :class:`Decisions` is how the editor checks,
inside the store's write lock, that the proposal is still PENDING (another server may have
decided it meanwhile) and marks it ACCEPTED beside the change, so that a proposal is accepted
exactly when the store holds its change.

The relationship is the proposal's (relation, ends, quote as evidence from the batch's source,
date, stance, claimant, confidence, support kinds) with the ``patch`` over it; its id is made
from its relation, ends and date. An end, or a claimant, that the graph does not hold and that
the batch proposed as a new candidate is created from the candidate; one the graph holds by
then (accepted with an earlier proposal, say) is used as the graph holds it. The batch's source
is added when the evidence cites it and the graph does not hold it.

Examples
--------
>>> import datetime as dt
>>> from graph import Source, load_seed
>>> from graph.ingest import propose
>>> g = load_seed()
>>> text = "Turkish jets shot down a Russian warplane on Tuesday."
>>> source = Source("wire", "Wire", published=dt.date(2015, 11, 26))
>>> p = propose(text, source, g).proposals[0]
>>> at = dt.datetime(2015, 11, 26, tzinfo=dt.UTC)
>>> batch = QueuedBatch("b-1", 1, source, text, None, "ann", at, (p.id,), ())
>>> version = g.version
>>> done = Acceptance(QueuedProposal(p, "b-1", 1), batch, {"stance": "CLAIMED"})(g)
>>> g.version - version, done.value.id, done.value.stance.value, sorted(done.after)
(1, 'turkey-attacks-russia-2015-11-24', 'CLAIMED', ['actors', 'relationships', 'sources'])
>>> _ = done.undo()
>>> g.actor("turkey") is None, g.source("wire") is None
(True, True)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial

from msgspec.structs import replace

from graph.ingest.records import Candidate, Proposal
from graph.model.ids import new_relationship_id
from graph.model.records import Actor, Evidence, Relationship, Source
from graph.persistence.changes import Change, ChangeOperation, fragment, patched
from graph.persistence.edits import Applied
from graph.persistence.review.records import (
    Decision,
    ProposalNotPending,
    ProposalStatus,
    QueuedBatch,
    QueuedProposal,
    UnknownProposal,
)
from graph.persistence.review.table import ReviewTable
from graph.store.alliance_graph import AllianceGraph

__all__ = ["Acceptance", "Decisions", "drafted"]


def drafted(proposal: Proposal, source_id: str, patch: Mapping[str, object]) -> Relationship:
    """The relationship ``proposal`` proposes, evidenced from ``source_id``, with ``patch``
    over it (see :func:`~graph.persistence.changes.patched`); its id still to be made."""
    rel = Relationship(
        id="proposed",
        relation=proposal.relation,
        source=proposal.source.key,
        target=proposal.target.key,
        evidence=(Evidence(source_id, proposal.quote),),
        date=proposal.date,
        date_precision=proposal.date_precision,
        support_kinds=proposal.support_kinds,
        claimed_by=None if proposal.claimed_by is None else proposal.claimed_by.key,
        stance=proposal.stance,
        confidence=proposal.confidence,
    )
    return replace(patched(rel, patch), id="")


@dataclass(frozen=True)
class Acceptance:
    """The edit that accepts ``queued`` (of ``batch``) with ``patch`` over it."""

    queued: QueuedProposal
    batch: QueuedBatch
    patch: Mapping[str, object] = field(default_factory=dict)

    def __call__(self, graph: AllianceGraph) -> Applied[Relationship]:
        rel = drafted(self.queued.proposal, self.batch.source.id, self.patch)
        rel = replace(rel, id=new_relationship_id(rel, lambda i: graph.relationship(i) is not None))
        sources = self._sources(graph, rel)
        actors = self._actors(graph, rel)
        undo: list[Callable[[], object]] = []
        start = graph.version  # each call below counts a version; the change is one
        try:
            for source in sources:
                graph.add_source(source)
                undo.append(partial(graph.remove_source, source.id))
            for actor in actors:
                graph.add_actor(actor)
                undo.append(partial(graph.remove_actor, actor.key))
            graph.add_relationship(rel)
        except Exception:
            _run(undo)
            graph.version = start
            raise
        graph.version = start + 1
        undo.append(partial(graph.remove_relationship, rel.id))
        return Applied(
            rel,
            lambda: _run(undo),
            ChangeOperation.ACCEPT_PROPOSAL,
            after=fragment(sources, actors, [rel]),
            relationship_id=rel.id,
        )

    def _sources(self, graph: AllianceGraph, rel: Relationship) -> list[Source]:
        own = self.batch.source
        cited = any(e.source == own.id for e in rel.evidence)
        return [own] if cited and graph.source(own.id) is None else []

    def _actors(self, graph: AllianceGraph, rel: Relationship) -> list[Actor]:
        p = self.queued.proposal
        candidates: dict[str, Candidate] = {c.key: c for c in self.batch.new_actors}
        for c in (p.source, p.target, p.claimed_by):
            if c is not None and not c.existing:
                candidates.setdefault(c.key, c)
        made: dict[str, Actor] = {}
        for key in (rel.source, rel.target, rel.claimed_by):
            if key is None or key in made or graph.actor(key) is not None:
                continue
            if (c := candidates.get(key)) is not None:
                made[key] = Actor(c.key, c.name, c.kind)
        return list(made.values())


def _run(steps: list[Callable[[], object]]) -> None:
    for step in reversed(steps):
        step()


class Decisions:
    """The acceptances of one batch of edits, checked and recorded in its transaction."""

    def __init__(self, table: ReviewTable) -> None:
        self.table = table
        self._accepted: dict[str, Decision] = {}

    def check(self, edit: object) -> None:
        """Raise :class:`UnknownProposal` or :class:`ProposalNotPending` when ``edit`` accepts
        a proposal the store does not hold, or holds decided, or that an edit before it in the
        batch accepted; nothing for any other edit."""
        if not isinstance(edit, Acceptance):
            return
        found = self.table.proposal(edit.queued.id)
        if found is None:
            raise UnknownProposal(edit.queued.id)
        if edit.queued.id in self._accepted:
            found = QueuedProposal(
                found.proposal, found.batch, found.seq, ProposalStatus.ACCEPTED,
                self._accepted[edit.queued.id],
            )  # fmt: skip
        if found.status is not ProposalStatus.PENDING:
            raise ProposalNotPending(found)

    def add(self, edit: object, change: Change) -> None:
        """Remember that ``change`` accepts the proposal of ``edit`` (if it is an acceptance)."""
        if isinstance(edit, Acceptance):
            decision = Decision(
                change.author, change.at, None, change.version, change.relationship_id
            )
            self._accepted[edit.queued.id] = decision

    def store(self) -> None:
        """Mark the batch's accepted proposals; call once its changes are appended."""
        for proposal_id, decision in self._accepted.items():
            self.table.decide(proposal_id, ProposalStatus.ACCEPTED, decision)
