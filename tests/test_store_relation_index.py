"""A page of relationships from the relation index is the page of the full, sorted list."""

from __future__ import annotations

import datetime as dt
import gc
import random

import pytest
from msgspec.structs import replace

from graph import AllianceGraph, Evidence, Relation, Relationship, Stance, Valence, load_seed
from graph.store.filters import RelationshipFilter
from graph.store.pages import page_of
from graph.store.relation_index import SMALL
from tests.builders import graph_of

ACTORS = [f"a{i}" for i in range(8)]
DAYS = [dt.date(2016, 8, d) for d in range(1, 29)]


def random_relationship(rng: random.Random, number: int) -> Relationship:
    source, target = rng.sample(ACTORS, 2)
    return Relationship(
        f"r{rng.randrange(10**6):06d}-{number}",
        rng.choice(list(Relation)),
        source,
        target,
        (Evidence("nbc", "a quote"),),
        date=rng.choice([None, *DAYS]),
        stance=rng.choice(list(Stance)),
        confidence=rng.choice([0.2, 0.5, 1.0]),
        claimed_by=rng.choice([None, "a0", "a1"]),
    )


def random_filter(rng: random.Random) -> RelationshipFilter:
    since, until = sorted(rng.sample(DAYS, 2))
    return RelationshipFilter(
        relations=rng.choice([None, frozenset(rng.sample(list(Relation), rng.randint(0, 3)))]),
        valence=rng.choice([None, *Valence]),
        since=rng.choice([None, since]),
        until=rng.choice([None, until]),
        stance=rng.choice([None, None, None, Stance.CLAIMED]),
        min_confidence=rng.choice([None, None, None, 0.5]),
        claimed_by=rng.choice([None, None, None, "a1"]),
        as_of=rng.choice([None, None, None, DAYS[10]]),
        actor=rng.choice([None, None, None, "a2"]),
    )


def among(rng: random.Random) -> RelationshipFilter:
    """Only ``between``: answered from the edges of each pair
    (:class:`graph.store.pages.PairGroups`)."""
    return RelationshipFilter(between=frozenset(rng.sample(ACTORS, rng.randint(2, 6))))


def assert_pages_agree(graph: AllianceGraph, rng: random.Random, filters: int) -> None:
    ids = sorted(r.id for r in graph.relationships())
    for _ in range(filters):
        where = rng.choice([None, random_filter(rng), among(rng)])
        everything = graph.relationships(where)
        for first in (0, 1, 3, 50):
            for after in (None, rng.choice([*ids, "r", "r5", "zzz"]) if ids else "r"):
                assert graph.relationship_page(where, first, after) == page_of(
                    everything, first, after
                ), (where, first, after)


@pytest.mark.parametrize("seed", range(25))
def test_index_pages_equal_pages_of_the_sorted_list_also_after_edits(seed: int) -> None:
    rng = random.Random(seed)
    rels = [random_relationship(rng, n) for n in range(rng.randint(0, 120))]
    graph = graph_of(*rels, actors=ACTORS)
    assert_pages_agree(graph, rng, filters=30)  # builds the index
    edit_randomly(graph, rng)  # then keeps it up to date through every kind of change
    assert_pages_agree(graph, rng, filters=30)


def edit_randomly(graph: AllianceGraph, rng: random.Random, edits: int = 40) -> None:
    """Add, remove and replace relationships at random, then remove an actor with its own."""
    for n in range(edits):
        change = rng.random()
        current = graph.relationships()
        if change < 0.4 or not current:
            graph.add_relationship(random_relationship(rng, 1000 + n))
        elif change < 0.7:
            graph.remove_relationship(rng.choice(current).id)
        else:
            old = rng.choice(current)
            graph.replace_relationship(
                replace(old, date=rng.choice([None, *DAYS]), relation=Relation.MEETS)
            )
    graph.remove_actor("a3", cascade=True)


def test_a_wide_date_range_is_counted_and_paged_without_sorting_it() -> None:
    # More candidates than SMALL: the page comes from walking the id lists.
    rng = random.Random(7)
    rels = [
        replace(random_relationship(rng, n), relation=Relation.ATTACKS, date=DAYS[n % 28])
        for n in range(SMALL + 500)
    ]
    graph = graph_of(*rels, actors=ACTORS)
    attacks = frozenset({Relation.ATTACKS})
    where = RelationshipFilter(relations=attacks, since=DAYS[1], until=DAYS[26])
    everything = graph.relationships(where)
    assert len(everything) > SMALL
    middle = everything[len(everything) // 2].id
    for after in (None, middle, everything[-1].id):
        assert graph.relationship_page(where, 20, after) == page_of(everything, 20, after)


@pytest.mark.parametrize("seed", range(10))
def test_a_graph_read_in_any_order_pages_as_one_built_edit_by_edit(seed: int) -> None:
    # AllianceGraph.trusted fills the edges in bulk from a seed file's order, not id order.
    rng = random.Random(seed)
    built = graph_of(*(random_relationship(rng, n) for n in range(120)), actors=ACTORS)
    shuffled = built.relationships()
    rng.shuffle(shuffled)
    graph = AllianceGraph.trusted(built.sources(), built.actors(), shuffled, version=0)
    assert_pages_agree(graph, rng, filters=30)


@pytest.mark.parametrize("seed", range(10))
def test_a_graph_read_in_bulk_then_edited_pages_as_the_sorted_list(seed: int) -> None:
    # A bulk read notes each actor's lowest outgoing id, which first pages among actors rely
    # on; edits (ids are random, so many land below it) must keep that a floor.
    rng = random.Random(seed)
    built = graph_of(*(random_relationship(rng, n) for n in range(120)), actors=ACTORS)
    graph = AllianceGraph.trusted(built.sources(), built.actors(), built.relationships(), 0)
    edit_randomly(graph, rng, edits=60)
    assert_pages_agree(graph, rng, filters=40)


@pytest.mark.parametrize("seed", range(10))
def test_ids_that_begin_with_their_source_page_among_actors_as_the_sorted_list(seed: int) -> None:
    # As the seed's ids do: each actor's outgoing ids then lie in a range of their own, and a
    # page among many actors skips the actors whose range ends before the cursor. Edits leave
    # the ranges wider than the ids (a removal does not narrow them), never narrower.
    rng = random.Random(seed)
    rels = [random_relationship(rng, n) for n in range(150)]
    rels = [replace(r, id=f"{r.source}-{r.id}") for r in rels]
    built = graph_of(*rels, actors=ACTORS)
    graph = AllianceGraph.trusted(built.sources(), built.actors(), built.relationships(), 0)
    assert_pages_agree(graph, rng, filters=40)
    for n in range(60):
        current = graph.relationships()
        if rng.random() < 0.5 and current:
            graph.remove_relationship(rng.choice(current).id)
        else:
            rel = random_relationship(rng, 2000 + n)
            graph.add_relationship(replace(rel, id=f"{rel.source}-{rel.id}"))
    assert_pages_agree(graph, rng, filters=40)


def test_the_index_a_filtered_page_builds_is_left_out_of_later_collections() -> None:
    rng = random.Random(7)
    graph = graph_of(*(random_relationship(rng, n) for n in range(300)), actors=ACTORS)
    where = RelationshipFilter(relations=frozenset({Relation.ATTACKS}))
    assert graph._lookups.index is None
    graph.relationship_page(where, 5)
    assert graph._lookups.index is not None
    lists = {id(g.by_id) for g in graph._lookups.index._groups.values()}
    assert lists
    # gc.get_objects lists what collections walk; frozen objects are not among them.
    assert not lists & {id(o) for o in gc.get_objects()}
    assert gc.isenabled()


def test_a_graph_read_back_in_bulk_has_its_relation_index_before_the_first_filtered_page() -> None:
    # Built while loading, not by the first filtered page on a serving event loop.
    seed = load_seed()
    graph = AllianceGraph.trusted(seed.sources(), seed.actors(), seed.relationships(), 1)
    assert graph._lookups.index is not None
    attacks = RelationshipFilter(relations=frozenset({Relation.ATTACKS}))
    assert graph.relationship_page(attacks, 50).total == seed.relationship_page(attacks, 50).total
