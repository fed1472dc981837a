from __future__ import annotations

import datetime as dt

import pytest

from graph import load_seed
from graph.analysis.timeline import timeline
from graph.model.errors import UnknownActor
from graph.model.records import Evidence, Relationship
from graph.model.vocabulary import Relation
from tests.builders import graph_of

AUG_1 = dt.date(2016, 8, 1)
AUG_8 = dt.date(2016, 8, 8)
AUG_16 = dt.date(2016, 8, 16)


def tie(
    rid: str,
    source: str,
    relation: Relation,
    target: str,
    *,
    date: dt.date | None = None,
    valid_from: dt.date | None = None,
    claimed_by: str | None = None,
) -> Relationship:
    return Relationship(
        rid,
        relation,
        source,
        target,
        (Evidence("wire", "quoted"),),
        date=date,
        valid_from=valid_from,
        claimed_by=claimed_by,
    )


def ids(rels: list[Relationship]) -> list[str]:
    return [r.id for r in rels]


def test_timeline_is_in_date_order_then_id_order() -> None:
    g = graph_of(
        tie("r4", "a", Relation.SUPPORTS, "b", date=AUG_16),
        tie("r2", "b", Relation.ATTACKS, "c", date=AUG_16),
        tie("r3", "c", Relation.MEETS, "a", date=AUG_1),
        tie("r1", "a", Relation.OPPOSES, "c", date=AUG_8),
    )

    assert ids(timeline(g)) == ["r3", "r1", "r2", "r4"]


def test_timeline_leaves_out_undated_relationships() -> None:
    g = graph_of(
        tie("r1", "a", Relation.SUPPORTS, "b"),
        tie("r2", "a", Relation.SUPPORTS, "c", valid_from=AUG_1),
        tie("r3", "b", Relation.ATTACKS, "c", date=AUG_8),
    )

    assert ids(timeline(g)) == ["r3"]


def test_timeline_of_an_actor_holds_its_relationships_at_either_end() -> None:
    g = graph_of(
        tie("r1", "a", Relation.SUPPORTS, "b", date=AUG_16),
        tie("r2", "c", Relation.ATTACKS, "a", date=AUG_8),
        tie("r3", "b", Relation.MEETS, "a", date=AUG_1),
        tie("r4", "b", Relation.ATTACKS, "c", date=AUG_1, claimed_by="a"),
    )

    assert ids(timeline(g, "a")) == ["r3", "r2", "r1"]


def test_timeline_of_an_actor_without_dated_ties_is_empty() -> None:
    g = graph_of(tie("r1", "a", Relation.SUPPORTS, "b", date=AUG_1), actors=("loner",))

    assert timeline(g, "loner") == []


def test_timeline_of_an_unknown_actor_names_the_key() -> None:
    g = graph_of(tie("r1", "a", Relation.SUPPORTS, "b", date=AUG_1))

    with pytest.raises(UnknownActor, match="'atlantis'"):
        timeline(g, "atlantis")


def test_timeline_does_not_mutate_the_graph() -> None:
    g = graph_of(tie("r1", "a", Relation.SUPPORTS, "b", date=AUG_1))
    before = (g.version, list(g.nx.nodes(data=True)), list(g.nx.edges(keys=True, data=True)))

    timeline(g)
    timeline(g, "a")

    after = (g.version, list(g.nx.nodes(data=True)), list(g.nx.edges(keys=True, data=True)))
    assert after == before


def test_seed_timeline_of_putin_starts_with_meeting_rouhani() -> None:
    events = timeline(load_seed(), "putin")

    assert events[0].relation is Relation.MEETS
    assert events[0].other("putin") == "rouhani"
    assert [r.date for r in events] == sorted(r.date for r in events if r.date is not None)
