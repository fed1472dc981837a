"""Adding a dataset to the graph: one MERGE change, all or nothing.

:func:`merge` is an :data:`~graph.persistence.edits.Edit` that the editor commits like any
other. Each record of the dataset is compared with the graph's record of the same id (or key):
a record the graph lacks is added, one the graph holds as it is is skipped, and one the graph
holds otherwise is a conflict. Any conflict, or any added record that breaks a rule (a
relationship naming an actor neither the graph nor the dataset holds), refuses the whole merge
with every problem listed and nothing changed. A dataset with nothing new raises
:class:`NothingToMerge`, so that a repeated merge stores no empty change.

Examples
--------
>>> from graph import load_seed
>>> from graph.dataset.parse import Dataset
>>> from graph.model.records import Actor, Source
>>> from graph.model.vocabulary import ActorKind
>>> g = load_seed()
>>> isis, new = g.actor("isis"), Actor("hezbollah", "Hezbollah", ActorKind.ARMED_GROUP)
>>> done = merge(Dataset((), (isis, new), ()))(g)
>>> done.value, done.operation.value, g.actor("hezbollah") == new
(Merged(added=RecordCounts(sources=0, actors=1, relationships=0), \
skipped=RecordCounts(sources=0, actors=1, relationships=0)), 'MERGE', True)
>>> import dataclasses
>>> merge(Dataset((), (dataclasses.replace(isis, name="Daesh"),), ()))(g)
Traceback (most recent call last):
...
graph.persistence.bulk.merge.MergeConflict: 1 record(s) of the dataset differ from the stored \
ones; nothing was changed:
  - actor 'isis': name differs (stored 'ISIS', merged 'Daesh')
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from graph.dataset.parse import Dataset
from graph.dataset.records import record_of
from graph.model.errors import DatasetProblem, GraphError, InvalidDataset
from graph.model.records import Actor, Relationship, Source
from graph.persistence.changes import ChangeCounts, ChangeOperation, RecordCounts
from graph.persistence.edits import Applied, Edit
from graph.store.alliance_graph import AllianceGraph

__all__ = ["Conflict", "MergeConflict", "Merged", "NothingToMerge", "merge"]

_ONE = {"sources": "source", "actors": "actor", "relationships": "relationship"}
_SHOWN = 60
"""How many characters of a differing value a conflict shows."""


@dataclass(frozen=True, slots=True)
class Conflict:
    """A record of the dataset (``section``, ``id``) that the graph holds with other
    ``fields``; ``stored`` and ``merged`` are those fields' values, in the seed format."""

    section: str
    id: str
    fields: tuple[str, ...]
    stored: tuple[object, ...]
    merged: tuple[object, ...]

    def __str__(self) -> str:
        shown = "; ".join(
            f"{field} differs (stored {_short(old)}, merged {_short(new)})"
            for field, old, new in zip(self.fields, self.stored, self.merged, strict=True)
        )
        return f"{_ONE[self.section]} {self.id!r}: {shown}"


class MergeConflict(GraphError):
    """Records of a dataset that the graph holds otherwise; ``conflicts`` lists each."""

    code = "MERGE_CONFLICT"

    def __init__(self, conflicts: list[Conflict]) -> None:
        lines = "\n".join(f"  - {c}" for c in conflicts)
        super().__init__(
            f"{len(conflicts)} record(s) of the dataset differ from the stored ones; "
            f"nothing was changed:\n{lines}"
        )
        self.conflicts = conflicts


@dataclass(frozen=True, slots=True)
class Merged:
    """What a merge did: the records it ``added``, and those it ``skipped`` as the graph
    held them already."""

    added: RecordCounts
    skipped: RecordCounts


class NothingToMerge(Exception):
    """A dataset whose every record the graph holds as it is: no change to store."""

    def __init__(self, merged: Merged) -> None:
        super().__init__("every record of the dataset is stored already")
        self.merged = merged


def merge(dataset: Dataset) -> Edit[Merged]:
    """Add ``dataset``'s new records to the graph as one MERGE change (see the module)."""

    def edit(graph: AllianceGraph) -> Applied[Merged]:
        new, skipped = _sorted_out(graph, dataset)
        merged = Merged(RecordCounts.of(new), skipped)
        if not any((new.sources, new.actors, new.relationships)):
            raise NothingToMerge(merged)
        start = graph.version  # each record added counts a version; the change is one
        try:
            undo = _add(graph, new)
        finally:
            graph.version = start
        graph.version = start + 1
        return Applied(
            merged,
            lambda: [step() for step in reversed(undo)],
            ChangeOperation.MERGE,
            records=new,
            counts=ChangeCounts(merged.added, skipped=skipped),
        )

    return edit


def _sorted_out(graph: AllianceGraph, dataset: Dataset) -> tuple[Dataset, RecordCounts]:
    """The records the graph lacks, and how many it holds as they are; raises
    :class:`MergeConflict` listing every record it holds otherwise."""
    conflicts: list[Conflict] = []
    skipped: list[int] = []

    def new_ones(
        section: str, items: tuple[Source, ...] | tuple[Actor, ...] | tuple[Relationship, ...]
    ) -> tuple[Source | Actor | Relationship, ...]:
        find: Callable[[str], Source | Actor | Relationship | None] = {
            "sources": graph.source,
            "actors": graph.actor,
            "relationships": graph.relationship,
        }[section]
        kept, same = [], 0
        for item in items:
            ident = item.key if isinstance(item, Actor) else item.id
            stored = find(ident)
            if stored is None:
                kept.append(item)
            elif stored == item:
                same += 1
            else:
                conflicts.append(_conflict(section, ident, stored, item))
        skipped.append(same)
        return tuple(kept)

    sources = new_ones("sources", dataset.sources)
    actors = new_ones("actors", dataset.actors)
    relationships = new_ones("relationships", dataset.relationships)
    if conflicts:
        raise MergeConflict(conflicts)
    new = Dataset(sources, actors, relationships)  # type: ignore[arg-type]
    return new, RecordCounts(*skipped)


def _conflict(
    section: str, ident: str, stored: Source | Actor | Relationship, merged: object
) -> Conflict:
    old, new = record_of(stored), record_of(merged)  # type: ignore[arg-type]
    fields = tuple(f for f in (*old, *(f for f in new if f not in old)) if old.get(f) != new.get(f))
    return Conflict(
        section,
        ident,
        fields,
        tuple(old.get(f) for f in fields),
        tuple(new.get(f) for f in fields),
    )


def _add(graph: AllianceGraph, new: Dataset) -> list[Callable[[], object]]:
    """Add ``new``'s records, sources first; the steps that take them back. Raises
    :class:`InvalidDataset` naming every record that breaks a rule, having added nothing."""
    undo: list[Callable[[], object]] = []
    problems: list[DatasetProblem] = []
    steps: list[tuple[str, str, Callable[[], None], Callable[[], object]]] = [
        *(
            ("sources", s.id, partial(graph.add_source, s), partial(graph.remove_source, s.id))
            for s in new.sources
        ),
        *(
            ("actors", a.key, partial(graph.add_actor, a), partial(graph.remove_actor, a.key))
            for a in new.actors
        ),
        *(
            (
                "relationships",
                r.id,
                partial(graph.add_relationship, r),
                partial(graph.remove_relationship, r.id),
            )
            for r in new.relationships
        ),
    ]
    for section, ident, add, remove in steps:
        try:
            add()
        except GraphError as err:
            name = f"{section} ({'key' if section == 'actors' else 'id'} {ident!r})"
            problems.append(DatasetProblem(name, err.field or "-", str(err)))
            continue
        undo.append(remove)
    if problems:
        for step in reversed(undo):
            step()
        raise InvalidDataset(problems)
    return undo


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…"
