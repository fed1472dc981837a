"""``mergeDataset``: a dataset document added to the graph in one MERGE change.

Its ``input`` is the JSON document of a dataset file (``sources``, ``actors``,
``relationships``), whose relationships may name the graph's actors and cite its sources.
Records the graph holds as they are are skipped; any record it holds otherwise refuses the
merge with ``MERGE_CONFLICT`` (each conflict in ``extensions.conflicts``), any record that
breaks a rule with ``INVALID_DATASET`` (each problem in ``extensions.problems``), and then
nothing has changed. A dataset with nothing new stores no change.
"""

from __future__ import annotations

import strawberry
from strawberry.scalars import JSON

from graph.dataset.parse import parse_dataset
from graph.model.errors import InvalidDataset
from graph.persistence.bulk.merge import MergeConflict, Merged, NothingToMerge, merge
from schema.context import Info
from schema.errors import BadRequest
from schema.resolvers.mutation import commit_edit, writer
from schema.types.counts import RecordCounts

__all__ = ["MergeMutation", "MergeResult"]


@strawberry.type(description="What a merge added and skipped.")
class MergeResult:
    version: int = strawberry.field(
        description="The graph version after the merge (unchanged when nothing was new)."
    )
    added: RecordCounts = strawberry.field(description="The records the merge added.")
    skipped: RecordCounts = strawberry.field(
        description="The records the graph held as they are already."
    )

    @classmethod
    def of(cls, version: int, merged: Merged) -> MergeResult:
        return cls(
            version=version,
            added=RecordCounts.from_domain(merged.added),
            skipped=RecordCounts.from_domain(merged.skipped),
        )


async def merge_dataset(info: Info, input: JSON) -> MergeResult:
    editor, _ = writer(info)
    graph = editor.graph
    try:
        parsed = parse_dataset(
            input, known_actors=graph.nx, known_sources=(s.id for s in graph.sources())
        )
        done = await commit_edit(info, merge(parsed))
    except NothingToMerge as nothing:
        return MergeResult.of(editor.graph.version, nothing.merged)
    except MergeConflict as err:
        conflicts = [
            {"section": c.section, "id": c.id, "fields": list(c.fields)} for c in err.conflicts
        ]
        raise BadRequest(str(err), code=err.code, details={"conflicts": conflicts}) from None
    except InvalidDataset as err:
        problems = [
            {"record": p.record, "field": p.field, "message": p.message} for p in err.problems
        ]
        raise BadRequest(str(err), code=err.code, details={"problems": problems}) from None
    return MergeResult.of(done.change.version, done.value)


@strawberry.type
class MergeMutation:
    merge_dataset: MergeResult = strawberry.field(
        resolver=merge_dataset,
        description="Add a dataset (`input`: the JSON document of a dataset file) to the graph "
        "in one MERGE change: new records added, records stored as they are skipped; a record "
        "stored otherwise refuses it all (MERGE_CONFLICT).",
    )
