"""The rows of the review queue, their plain (JSON) form, and the errors of deciding on them.

Examples
--------
>>> import datetime as dt
>>> from graph.ingest.records import Candidate, Proposal
>>> from graph.model.vocabulary import ActorKind, Relation
>>> turkey = Candidate("turkey", "Turkey", ActorKind.STATE, existing=False)
>>> russia = Candidate("russia", "Russia", ActorKind.STATE)
>>> p = Proposal("p-1", Relation.ATTACKS, turkey, russia, "Turkey shot down a jet.", 0, 23,
...              "shot down", 0.75, date=dt.date(2015, 11, 24))
>>> proposal_of(proposal_record(p)) == p
True
>>> batch_id("wire", "Turkey shot down a jet.")
'b-...'
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from graph.dataset.records import record_of
from graph.ingest.records import Candidate, Proposal
from graph.model.errors import GraphError
from graph.model.records import Source
from graph.model.vocabulary import ActorKind, DatePrecision, Relation, Stance, SupportKind
from graph.persistence.trusted import trusted_record

__all__ = [
    "Decision",
    "ProposalNotPending",
    "ProposalStatus",
    "QueuedBatch",
    "QueuedProposal",
    "UnknownProposal",
    "UnknownProposalBatch",
    "batch_id",
    "batch_of",
    "batch_record",
    "decision_of",
    "decision_record",
    "proposal_of",
    "proposal_record",
]


class ProposalStatus(enum.Enum):
    """Where a proposal stands in review."""

    PENDING = "PENDING"
    ACCEPTED = "ACCEPTED"
    REJECTED = "REJECTED"


@dataclass(frozen=True, slots=True)
class Decision:
    """Who decided on a proposal, when, why (a rejection's reason), and for an acceptance the
    graph version that recorded it and the relationship it became."""

    author: str
    at: dt.datetime
    reason: str | None = None
    version: int | None = None
    relationship_id: str | None = None


@dataclass(frozen=True, slots=True)
class QueuedProposal:
    """A proposal in the queue: the extractor's :class:`Proposal`, the batch that filed it,
    its place in filing order (``seq``), its status and the decision on it."""

    proposal: Proposal
    batch: str
    seq: int
    status: ProposalStatus = ProposalStatus.PENDING
    decision: Decision | None = None

    @property
    def id(self) -> str:
        return self.proposal.id


@dataclass(frozen=True, slots=True)
class QueuedBatch:
    """One article proposed: its source, text and publication date, who proposed it and when,
    the ids of its proposals in text order and the new actors they name."""

    id: str
    seq: int
    source: Source
    text: str
    published: dt.date | None
    author: str
    at: dt.datetime
    proposal_ids: tuple[str, ...]
    new_actors: tuple[Candidate, ...]


class UnknownProposal(GraphError):
    """A proposal id the queue does not hold."""

    code = "UNKNOWN_PROPOSAL"

    def __init__(self, proposal_id: str, *, field: str | None = "id") -> None:
        super().__init__(f"unknown proposal id {proposal_id!r}", field=field)


class UnknownProposalBatch(GraphError):
    """A batch id the queue does not hold."""

    code = "UNKNOWN_PROPOSAL_BATCH"

    def __init__(self, batch: str, *, field: str | None = "batch") -> None:
        super().__init__(f"unknown proposal batch id {batch!r}", field=field)


class ProposalNotPending(GraphError):
    """A proposal that was accepted or rejected already: it is decided once."""

    code = "PROPOSAL_NOT_PENDING"

    def __init__(self, queued: QueuedProposal, *, field: str | None = "id") -> None:
        by = "" if queued.decision is None else f" by {queued.decision.author}"
        super().__init__(
            f"proposal {queued.id!r} was {queued.status.value.lower()}{by} already; "
            "only a PENDING proposal can be accepted or rejected",
            field=field,
        )
        self.queued = queued


def batch_id(source_id: str, text: str) -> str:
    """The id of the batch of an article: the same source id and text give the same id."""
    data = f"{source_id}\x1f{text}".encode("utf-8", "surrogatepass")
    return "b-" + hashlib.sha256(data).hexdigest()[:16]


def _candidate(raw: Mapping[str, Any]) -> Candidate:
    return Candidate(raw["key"], raw["name"], ActorKind(raw["kind"]), bool(raw["existing"]))


def _plain(c: Candidate) -> dict[str, object]:
    return {"key": c.key, "name": c.name, "kind": c.kind.value, "existing": c.existing}


def _day(value: object) -> dt.date | None:
    return None if value is None else dt.date.fromisoformat(str(value))


def proposal_record(p: Proposal) -> dict[str, object]:
    """The plain form of ``p``, as the queue stores it."""
    return {
        "id": p.id,
        "relation": p.relation.value,
        "source": _plain(p.source),
        "target": _plain(p.target),
        "quote": p.quote,
        "quote_start": p.quote_start,
        "quote_end": p.quote_end,
        "cue": p.cue,
        "confidence": p.confidence,
        "stance": p.stance.value,
        "claimed_by": None if p.claimed_by is None else _plain(p.claimed_by),
        "date": None if p.date is None else p.date.isoformat(),
        "date_precision": None if p.date_precision is None else p.date_precision.value,
        "support_kinds": [k.value for k in p.support_kinds],
    }


def proposal_of(raw: Mapping[str, Any]) -> Proposal:
    """The proposal whose plain form is ``raw``."""
    claimed_by, precision = raw.get("claimed_by"), raw.get("date_precision")
    return Proposal(
        id=raw["id"],
        relation=Relation(raw["relation"]),
        source=_candidate(raw["source"]),
        target=_candidate(raw["target"]),
        quote=raw["quote"],
        quote_start=int(raw["quote_start"]),
        quote_end=int(raw["quote_end"]),
        cue=raw["cue"],
        confidence=float(raw["confidence"]),
        stance=Stance(raw["stance"]),
        claimed_by=None if claimed_by is None else _candidate(claimed_by),
        date=_day(raw.get("date")),
        date_precision=None if precision is None else DatePrecision(precision),
        support_kinds=tuple(SupportKind(k) for k in raw.get("support_kinds", ())),
    )


def batch_record(b: QueuedBatch) -> dict[str, object]:
    """The plain form of ``b`` (all but its id and seq, which are columns of their own)."""
    return {
        "source": record_of(b.source),
        "text": b.text,
        "published": None if b.published is None else b.published.isoformat(),
        "author": b.author,
        "at": b.at.isoformat(),
        "proposal_ids": list(b.proposal_ids),
        "new_actors": [_plain(c) for c in b.new_actors],
    }


def batch_of(batch: str, seq: int, raw: Mapping[str, Any]) -> QueuedBatch:
    """The batch ``batch`` whose plain form is ``raw``."""
    return QueuedBatch(
        id=batch,
        seq=int(seq),
        source=trusted_record(Source, raw["source"]),
        text=raw["text"],
        published=_day(raw.get("published")),
        author=raw["author"],
        at=dt.datetime.fromisoformat(raw["at"]),
        proposal_ids=tuple(raw["proposal_ids"]),
        new_actors=tuple(_candidate(c) for c in raw["new_actors"]),
    )


def decision_record(d: Decision) -> dict[str, object]:
    """The plain form of ``d``."""
    return {
        "author": d.author,
        "at": d.at.isoformat(),
        "reason": d.reason,
        "version": d.version,
        "relationship_id": d.relationship_id,
    }


def decision_of(raw: Mapping[str, Any]) -> Decision:
    """The decision whose plain form is ``raw``."""
    return Decision(
        author=raw["author"],
        at=dt.datetime.fromisoformat(raw["at"]),
        reason=raw.get("reason"),
        version=raw.get("version"),
        relationship_id=raw.get("relationship_id"),
    )
