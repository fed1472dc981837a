from __future__ import annotations

import datetime as dt

import pytest

from graph import load_seed
from graph.analysis.signed import PairValence
from graph.analysis.stance import pair_stance, stance_matrix
from graph.model.errors import InvalidInput, UnknownActor
from graph.model.vocabulary import Relation
from tests.builders import graph_of, tie

AUG_1 = dt.date(2016, 8, 1)
AUG_16 = dt.date(2016, 8, 16)


@pytest.mark.parametrize(
    ("relations", "expected"),
    [
        ([], PairValence.NONE),
        ([Relation.MEETS], PairValence.NEUTRAL),
        ([Relation.SUPPORTS, Relation.MEETS], PairValence.COOPERATIVE),
        ([Relation.ATTACKS], PairValence.HOSTILE),
        ([Relation.SUPPORTS, Relation.ATTACKS], PairValence.MIXED),
    ],
)
def test_pair_stance_classifies_all_relationships_between_the_pair(
    relations: list[Relation], expected: PairValence
) -> None:
    rels = [tie(f"r{i}", "a", relation, "b") for i, relation in enumerate(relations)]
    g = graph_of(*rels, actors=("a", "b"))

    assert pair_stance(g, "a", "b").valence is expected


def test_pair_stance_counts_relationships_either_way_and_no_others() -> None:
    g = graph_of(
        tie("r2", "a", Relation.SUPPORTS, "b"),
        tie("r1", "b", Relation.ATTACKS, "a"),
        tie("r3", "a", Relation.ATTACKS, "c"),
    )

    stance = pair_stance(g, "b", "a")

    assert (stance.a, stance.b) == ("b", "a")
    assert stance.valence is PairValence.MIXED
    assert [r.id for r in stance.relationships] == ["r1", "r2"]


def test_as_of_leaves_out_a_later_tie_and_changes_the_stance() -> None:
    g = graph_of(
        tie("r1", "a", Relation.SUPPORTS, "b", date=AUG_1),
        tie("r2", "b", Relation.ATTACKS, "a", date=AUG_16),
    )

    assert pair_stance(g, "a", "b").valence is PairValence.MIXED
    assert pair_stance(g, "a", "b", as_of=AUG_1).valence is PairValence.COOPERATIVE


def test_pair_stance_of_an_actor_with_itself_is_invalid_input() -> None:
    g = graph_of(tie("r1", "a", Relation.MEETS, "b"))

    with pytest.raises(InvalidInput, match="the same actor twice"):
        pair_stance(g, "a", "a")


@pytest.mark.parametrize(("a", "b"), [("atlantis", "a"), ("a", "atlantis")])
def test_pair_stance_with_an_unknown_actor_names_the_key(a: str, b: str) -> None:
    g = graph_of(tie("r1", "a", Relation.MEETS, "b"))

    with pytest.raises(UnknownActor, match="'atlantis'"):
        pair_stance(g, a, b)


def test_matrix_has_a_cell_for_every_ordered_pair_row_by_row() -> None:
    g = graph_of(tie("r1", "a", Relation.SUPPORTS, "b"), actors=("c",))

    matrix = stance_matrix(g, ["c", "a", "b"])

    assert matrix.keys == ("c", "a", "b")
    assert len(matrix.cells) == 3 * 2
    assert [(c.a, c.b) for c in matrix.cells] == [
        ("c", "a"), ("c", "b"), ("a", "c"), ("a", "b"), ("b", "c"), ("b", "a"),
    ]  # fmt: skip


def test_matrix_cells_match_pair_stance_both_ways() -> None:
    g = graph_of(
        tie("r1", "a", Relation.SUPPORTS, "b"),
        tie("r2", "c", Relation.ATTACKS, "b"),
        tie("r3", "a", Relation.ATTACKS, "c"),
    )

    matrix = stance_matrix(g)

    for cell in matrix.cells:
        assert cell == pair_stance(g, cell.a, cell.b)
        assert matrix.cell(cell.a, cell.b) is cell
    assert matrix.cell("c", "b").valence is PairValence.HOSTILE
    assert matrix.cell("b", "a").valence is PairValence.COOPERATIVE


def test_matrix_without_keys_covers_every_actor_in_key_order() -> None:
    g = graph_of(tie("r1", "b", Relation.MEETS, "a"), actors=("c",))

    assert stance_matrix(g).keys == ("a", "b", "c")


def test_matrix_as_of_changes_a_cell() -> None:
    g = graph_of(
        tie("r1", "a", Relation.SUPPORTS, "b", date=AUG_1),
        tie("r2", "b", Relation.ATTACKS, "a", date=AUG_16),
    )

    assert stance_matrix(g, as_of=AUG_1).cell("a", "b").valence is PairValence.COOPERATIVE


def test_matrix_of_one_actor_has_no_cells() -> None:
    g = graph_of(tie("r1", "a", Relation.MEETS, "b"))

    assert stance_matrix(g, ["a"]).cells == ()


def test_matrix_of_no_keys_is_invalid_input() -> None:
    g = graph_of(tie("r1", "a", Relation.MEETS, "b"))

    with pytest.raises(InvalidInput, match="at least one actor") as e:
        stance_matrix(g, [])
    assert e.value.field == "keys"


def test_matrix_with_a_duplicated_key_names_it() -> None:
    g = graph_of(tie("r1", "a", Relation.MEETS, "b"))

    with pytest.raises(InvalidInput, match="'b' more than once"):
        stance_matrix(g, ["a", "b", "b"])


def test_matrix_with_an_unknown_key_names_it() -> None:
    g = graph_of(tie("r1", "a", Relation.MEETS, "b"))

    with pytest.raises(UnknownActor, match="'atlantis'"):
        stance_matrix(g, ["a", "atlantis"])


@pytest.mark.parametrize(("a", "b"), [("a", "a"), ("a", "c")])
def test_matrix_cell_outside_the_matrix_is_invalid_input(a: str, b: str) -> None:
    g = graph_of(tie("r1", "a", Relation.MEETS, "b"), actors=("c",))

    with pytest.raises(InvalidInput):
        stance_matrix(g, ["a", "b"]).cell(a, b)


def test_stances_do_not_mutate_the_graph() -> None:
    g = graph_of(tie("r1", "a", Relation.SUPPORTS, "b"), tie("r2", "b", Relation.ATTACKS, "c"))
    before = (g.version, list(g.nx.nodes(data=True)), list(g.nx.edges(keys=True, data=True)))

    pair_stance(g, "a", "b", as_of=AUG_16)
    stance_matrix(g, as_of=AUG_16)

    after = (g.version, list(g.nx.nodes(data=True)), list(g.nx.edges(keys=True, data=True)))
    assert after == before


def test_seed_isis_and_russia_are_hostile() -> None:
    assert pair_stance(load_seed(), "isis", "russia").valence is PairValence.HOSTILE
