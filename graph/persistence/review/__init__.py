"""The review queue: proposals read from articles, kept in the store until a person decides.

A :class:`~graph.persistence.review.records.QueuedBatch` is one article (its source, text and
the proposals made from it); each :class:`~graph.persistence.review.records.QueuedProposal` is
PENDING until it is accepted (one committed graph change, :mod:`~graph.persistence.review.accept`)
or rejected. The rows live beside the change log in every backend
(:mod:`~graph.persistence.review.table`); proposing and rejecting change no graph version
(:mod:`~graph.persistence.review.queue` says why).
"""

from __future__ import annotations

from graph.persistence.review.records import (
    Decision,
    ProposalNotPending,
    ProposalStatus,
    QueuedBatch,
    QueuedProposal,
    UnknownProposal,
)

__all__ = [
    "Decision",
    "ProposalNotPending",
    "ProposalStatus",
    "QueuedBatch",
    "QueuedProposal",
    "UnknownProposal",
]
