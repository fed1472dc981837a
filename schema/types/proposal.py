"""The review queue's types: ``ProposalBatch``, ``Proposal``, ``ActorCandidate``, ``ArticleInput``.

A proposal's ends are candidates: an actor the graph holds (``actor`` is it) or a new one the
extractor proposes (``actor`` is null until a proposal naming it is accepted). Every field is
filled when the object is made, from the queue's rows and the request's graph.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated, TypeAlias

import strawberry

from graph.ingest.records import MAX_TEXT_CHARS, Candidate
from graph.persistence.review import records
from schema.context import Info, ObjectViews
from schema.execution.input_fields import fields_read_once
from schema.types.enums import ActorKind, DatePrecision, Relation, Stance, SupportKind
from schema.types.inputs import SourceInput
from schema.types.relationship import Relationship
from schema.types.source import Source

if TYPE_CHECKING:
    from schema.types.actor import Actor

__all__ = ["ActorCandidate", "ArticleInput", "Proposal", "ProposalBatch", "ProposalStatus"]

ActorRef = Annotated["Actor", strawberry.lazy("schema.types.actor")]

strawberry.enum(records.ProposalStatus, description="Where a proposal stands in review.")
ProposalStatus: TypeAlias = records.ProposalStatus


@fields_read_once
@strawberry.input(description="A news article to propose relationships from, and its source.")
class ArticleInput:
    text: str = strawberry.field(
        description=f"The article as published: at most {MAX_TEXT_CHARS:,} characters."
    )
    source: SourceInput = strawberry.field(
        description="Its source: every quote becomes evidence from it. `published` resolves "
        "relative dates (“on Tuesday”)."
    )


@strawberry.type(description="An actor a proposal names: one the graph holds, or a new one.")
class ActorCandidate:
    candidate: strawberry.Private[Candidate]
    key: str = strawberry.field(description="The actor's key; a proposed slug for a new one.")
    name: str
    kind: ActorKind = strawberry.field(description="For a new actor, a guess from its name.")
    proposed_new: bool = strawberry.field(
        description="Whether the extractor found no such actor in the graph and proposes it."
    )

    @strawberry.field(description="The graph's actor of this key; null while it holds none.")
    def actor(self, info: Info) -> ActorRef | None:
        views = info.context.views
        return views.actor(self.key) if views.graph.actor(self.key) is not None else None

    @classmethod
    def from_domain(cls, c: Candidate) -> ActorCandidate:
        return cls(candidate=c, key=c.key, name=c.name, kind=c.kind, proposed_new=not c.existing)


@strawberry.type(description="A relationship proposed from one sentence of an article.")
class Proposal:
    queued: strawberry.Private[records.QueuedProposal]
    id: strawberry.ID = strawberry.field(description="Stable: the same article gives the same ids.")
    status: ProposalStatus
    relation: Relation
    source: ActorCandidate = strawberry.field(description="Supporter, attacker … (acting end).")
    target: ActorCandidate
    date: dt.date | None
    date_precision: DatePrecision | None
    stance: Stance
    claimed_by: ActorCandidate | None = strawberry.field(description="Who the text says claims it.")
    confidence: float = strawberry.field(
        description="From the cue, stance and ends (docs/ingest.md)."
    )
    quote: str = strawberry.field(
        description="The sentence, verbatim: `text[quoteStart:quoteEnd]`."
    )
    quote_start: int = strawberry.field(description="Where the quote starts in the article's text.")
    quote_end: int = strawberry.field(description="Where the quote ends in the article's text.")
    cue: str = strawberry.field(description="The words that gave the relation.")
    support_kinds: list[SupportKind]
    batch_id: strawberry.ID = strawberry.field(description="The batch that filed it.")
    decided_by: str | None = strawberry.field(description="The token name that decided it.")
    decided_at: dt.datetime | None
    reason: str | None = strawberry.field(description="Why it was rejected, when told.")
    accepted_version: int | None = strawberry.field(
        description="The graph version whose change accepted it."
    )
    relationship_key: str | None = strawberry.field(
        description="The key of the relationship it became, once accepted."
    )

    @strawberry.field(description="The relationship it became, once accepted (and still held).")
    def relationship(self, info: Info) -> Relationship | None:
        key = self.relationship_key
        found = None if key is None else info.context.graph.relationship(key)
        return None if found is None else Relationship.from_domain(found, info.context.views)

    @classmethod
    def from_domain(cls, queued: records.QueuedProposal) -> Proposal:
        p, decision = queued.proposal, queued.decision
        claimed_by = p.claimed_by
        return cls(
            queued=queued,
            id=strawberry.ID(p.id),
            status=queued.status,
            relation=p.relation,
            source=ActorCandidate.from_domain(p.source),
            target=ActorCandidate.from_domain(p.target),
            date=p.date,
            date_precision=p.date_precision,
            stance=p.stance,
            claimed_by=None if claimed_by is None else ActorCandidate.from_domain(claimed_by),
            confidence=p.confidence,
            quote=p.quote,
            quote_start=p.quote_start,
            quote_end=p.quote_end,
            cue=p.cue,
            support_kinds=list(p.support_kinds),
            batch_id=strawberry.ID(queued.batch),
            decided_by=None if decision is None else decision.author,
            decided_at=None if decision is None else decision.at,
            reason=None if decision is None else decision.reason,
            accepted_version=None if decision is None else decision.version,
            relationship_key=None if decision is None else decision.relationship_id,
        )


@strawberry.type(description="The proposals made from one article, filed for review.")
class ProposalBatch:
    id: strawberry.ID = strawberry.field(description="The same source id and text: the same id.")
    source: Source = strawberry.field(description="The article's source (the graph's, if held).")
    proposals: list[Proposal] = strawberry.field(description="In the order of the text.")
    new_actors: list[ActorCandidate] = strawberry.field(
        description="The actors the proposals name that the graph did not hold when proposed."
    )
    text: str = strawberry.field(description="The article, as proposed from.")
    published: dt.date | None
    proposed_by: str = strawberry.field(description="The token name that filed it.")
    proposed_at: dt.datetime
    pending_count: int = strawberry.field(description="How many of its proposals are PENDING.")

    @classmethod
    def from_domain(
        cls,
        batch: records.QueuedBatch,
        proposals: list[records.QueuedProposal],
        views: ObjectViews,
    ) -> ProposalBatch:
        held = views.graph.source(batch.source.id) is not None
        pending = records.ProposalStatus.PENDING
        return cls(
            id=strawberry.ID(batch.id),
            source=views.source(batch.source.id) if held else Source.from_domain(batch.source),
            proposals=[Proposal.from_domain(q) for q in proposals],
            new_actors=[ActorCandidate.from_domain(c) for c in batch.new_actors],
            text=batch.text,
            published=batch.published,
            proposed_by=batch.author,
            proposed_at=batch.at,
            pending_count=sum(q.status is pending for q in proposals),
        )
