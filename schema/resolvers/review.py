"""The review queue over GraphQL: propose from an article, list, accept, reject.

``proposeRelationships`` and ``rejectProposal`` write the queue only (no graph version);
``acceptProposal`` commits one graph change like every other mutation (see
:mod:`graph.persistence.review`). All three need a write token. The queue is read from the
store at every request, so every server over one store lists the same proposals. Work on the
store and the extractor runs off the event loop.
"""

from __future__ import annotations

import asyncio

import strawberry

from graph.persistence.review import queue
from graph.persistence.review.accept import Acceptance
from graph.persistence.review.records import ProposalStatus, UnknownProposalBatch
from schema.context import Info
from schema.errors import BadRequest
from schema.resolvers.mutation import commit_edit, writer
from schema.types.inputs import RelationshipPatch, patch_of
from schema.types.pagination import (
    Connection,
    PageInfo,
    check_first,
    connection,
    decode_cursor,
)
from schema.types.proposal import ArticleInput, Proposal, ProposalBatch
from schema.types.relationship import Relationship

__all__ = ["ReviewMutation", "ReviewQuery"]


async def propose_relationships(info: Info, input: ArticleInput) -> ProposalBatch:
    editor, author = writer(info)
    source = input.source.to_domain()

    def file() -> ProposalBatch:
        with editor.reading() as graph:  # writers wait while the article is read
            batch, proposals, _ = queue.file_article(
                editor.storage, graph, input.text, source, author
            )
        return ProposalBatch.from_domain(batch, proposals, info.context.views)

    return await asyncio.to_thread(file)


async def accept_proposal(
    info: Info, id: strawberry.ID, patch: RelationshipPatch | None = None
) -> Relationship:
    editor, _ = writer(info)
    queued, batch = await asyncio.to_thread(queue.find, editor.storage, str(id))
    fields = {} if patch is None else patch_of(patch)
    done = await commit_edit(info, Acceptance(queued, batch, fields))
    return Relationship.from_domain(done.value, info.context.views)


async def reject_proposal(info: Info, id: strawberry.ID, reason: str | None = None) -> Proposal:
    editor, author = writer(info)
    rejected = await asyncio.to_thread(queue.reject, editor.storage, str(id), author, reason)
    return Proposal.from_domain(rejected)


def _seq(cursor: str) -> int:
    text = decode_cursor(cursor)
    if not text.isdigit():
        raise BadRequest(f"malformed cursor {cursor!r}", code="BAD_CURSOR", field="after")
    return int(text)


def _empty() -> PageInfo:
    return PageInfo(
        has_next_page=False, has_previous_page=False, start_cursor=None, end_cursor=None
    )


def proposals(
    info: Info,
    status: ProposalStatus | None = ProposalStatus.PENDING,
    first: int | None = None,
    after: str | None = None,
    batch: strawberry.ID | None = None,
) -> Connection[Proposal]:
    size = check_first(first, info.context.limits.max_page)
    start = 0 if after is None else _seq(after)
    editor = info.context.editor
    if editor is None:
        return Connection(edges=[], page_info=_empty(), total_count=0)
    wanted = None if batch is None else str(batch)
    with editor.storage.reviewing() as table:
        if wanted is not None and table.batch(wanted) is None:
            raise UnknownProposalBatch(wanted)
        page = table.proposals(status, wanted, start, size + 1)
        total = table.count(status, wanted)
    return connection(
        page[:size],
        lambda q: str(q.seq),
        Proposal.from_domain,
        total=total,
        has_next=len(page) > size,
        has_previous=start > 0,
    )


def proposal_batch(info: Info, id: strawberry.ID) -> ProposalBatch | None:
    editor = info.context.editor
    if editor is None:
        return None
    with editor.storage.reviewing() as table:
        found = table.batch(str(id))
        if found is None:
            return None
        return ProposalBatch.from_domain(found, queue.in_batch(table, found), info.context.views)


def proposal_batches(
    info: Info, first: int | None = None, after: str | None = None
) -> Connection[ProposalBatch]:
    size = check_first(first, info.context.limits.max_page)
    before = None if after is None else _seq(after)
    editor = info.context.editor
    if editor is None:
        return Connection(edges=[], page_info=_empty(), total_count=0)
    with editor.storage.reviewing() as table:
        page = table.batches(before, size + 1)
        held = {b.id: queue.in_batch(table, b) for b in page[:size]}
        total = table.batch_count()
    views = info.context.views
    return connection(
        page[:size],
        lambda b: str(b.seq),
        lambda b: ProposalBatch.from_domain(b, held[b.id], views),
        total=total,
        has_next=len(page) > size,
        has_previous=before is not None,
    )


@strawberry.type
class ReviewQuery:
    proposals: Connection[Proposal] = strawberry.field(
        resolver=proposals,
        description="The review queue in filing order: PENDING proposals unless `status` says "
        "otherwise (null: every status), of one batch when `batch` is given.",
    )
    proposal_batch: ProposalBatch | None = strawberry.field(
        resolver=proposal_batch, description="One proposed article by its batch id."
    )
    proposal_batches: Connection[ProposalBatch] = strawberry.field(
        resolver=proposal_batches, description="Every proposed article, newest first."
    )


@strawberry.type
class ReviewMutation:
    propose_relationships: ProposalBatch = strawberry.field(
        resolver=propose_relationships,
        description="Read an article and file the relationships it reports for review; the "
        "same source id and text again answers the batch filed the first time.",
    )
    accept_proposal: Relationship = strawberry.field(
        resolver=accept_proposal,
        description="Accept a PENDING proposal, with `patch` over it: one committed change "
        "adds the relationship and the source and new actors it needs.",
    )
    reject_proposal: Proposal = strawberry.field(
        resolver=reject_proposal, description="Reject a PENDING proposal, saying why if you will."
    )
