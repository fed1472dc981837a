"""The Gahuku-Gama highland tribes (Read 1954; Hage and Harary 1983): published answers."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph import AllianceGraph, load_seed
from graph.analysis.balance import balance_report
from graph.analysis.blocs import bloc_report
from tests.conftest import Run

TRIBES = Path(__file__).resolve().parent / "fixtures" / "gahuku_gama.yaml"
PUBLISHED_CLUSTERS = [
    ("alikadzuha", "asarodzuha", "gahuku", "gehamo", "masilakidzuha", "ove", "ukudzuha"),
    ("kohika", "nagamidzuha", "notohana", "seuve", "uheto"),
    ("gama", "gavev", "kotun", "nagamiza"),
]


@pytest.fixture(scope="module")
def tribes() -> AllianceGraph:
    return load_seed(TRIBES)


def test_the_tribes_have_sixteen_actors_and_twenty_nine_ties_of_each_sign(
    tribes: AllianceGraph,
) -> None:
    report = balance_report(tribes)

    assert (len(tribes.nx), report.ties, report.mixed_ties) == (16, 58, 0)


def test_the_tribes_have_sixty_eight_triangles_fifty_nine_balanced(tribes: AllianceGraph) -> None:
    report = balance_report(tribes)

    assert (report.triangles, report.balanced, report.unbalanced) == (68, 59, 9)


def test_the_tribes_frustration_index_is_seven_and_proved(tribes: AllianceGraph) -> None:
    report = balance_report(tribes)

    assert (report.frustration, report.frustration_exact, report.frustration_lower_bound) == (
        7,
        True,
        7,
    )


def test_blocs_are_the_three_published_clusters_frustrating_two_ties(
    tribes: AllianceGraph,
) -> None:
    report = bloc_report(tribes)

    assert [b.members for b in report.blocs] == PUBLISHED_CLUSTERS
    assert (report.frustration, report.exact) == (2, True)
    # Both frustrated ties are alliances across clusters; no cluster holds an enmity.
    assert [b.hostile_ties for b in report.blocs] == [0, 0, 0]


def test_the_api_answers_the_same_for_the_tribes(tribes: AllianceGraph) -> None:
    data = Run(tribes)(
        """
        { balance { triangles balanced frustration frustrationExact frustrationLowerBound }
          blocReport { blocs { members { key } } frustration exact } }
        """
    )

    assert data["balance"] == {
        "triangles": 68,
        "balanced": 59,
        "frustration": 7,
        "frustrationExact": True,
        "frustrationLowerBound": 7,
    }
    found = [tuple(m["key"] for m in b["members"]) for b in data["blocReport"]["blocs"]]
    assert found == PUBLISHED_CLUSTERS
    assert (data["blocReport"]["frustration"], data["blocReport"]["exact"]) == (2, True)


def test_the_fixture_is_no_seed_of_ours() -> None:
    assert load_seed().actor("gavev") is None
