from __future__ import annotations

from pathlib import Path

import pytest

import graph
from graph import ActorKind, Relation, Stance, SupportKind

ARTICLE = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "000_bb4b938b64fd18fe.txt"
SOURCE_ID = "nbc-2016-08-16"

CORE_ACTORS = {
    "russia": ActorKind.STATE,
    "iran": ActorKind.STATE,
    "iraq": ActorKind.STATE,
    "syria": ActorKind.STATE,
    "us": ActorKind.STATE,
    "assad": ActorKind.PERSON,
    "isis": ActorKind.ARMED_GROUP,
    "nusra": ActorKind.ARMED_GROUP,
}


def test_shipped_seed_validates() -> None:
    dataset = graph.parse_dataset(graph.read_dataset(graph.seed_path()))

    assert [s.id for s in dataset.sources] == [SOURCE_ID]
    assert len(dataset.actors) >= len(CORE_ACTORS)
    assert len(dataset.relationships) >= 25
    assert len(graph.load_seed()) == len(dataset.relationships)


def test_core_actors_exist_with_their_kinds() -> None:
    g = graph.load_seed()

    kinds = {key: g.require_actor(key).kind for key in CORE_ACTORS}

    assert kinds == CORE_ACTORS


def test_every_actor_is_described() -> None:
    undescribed = [a.key for a in graph.load_seed().actors() if not a.description]

    assert undescribed == []


def test_every_evidence_quote_is_verbatim_in_the_article() -> None:
    if not ARTICLE.is_file():
        pytest.skip(f"article text not found at {ARTICLE}")
    article = ARTICLE.read_text(encoding="utf-8")
    g = graph.load_seed()

    missing = [
        (rel.id, item.quote)
        for rel in g.relationships()
        for item in rel.evidence
        if item.quote not in article
    ]

    assert g.relationships()
    assert missing == []


def test_every_evidence_item_cites_the_nbc_source() -> None:
    cited = {item.source for rel in graph.load_seed().relationships() for item in rel.evidence}

    assert cited == {SOURCE_ID}


@pytest.mark.parametrize(
    ("capital", "key"),
    [("Moscow", "russia"), ("Tehran", "iran"), ("Washington", "us"), ("Damascus", "syria")],
)
def test_governments_are_found_by_their_capitals(capital: str, key: str) -> None:
    states = graph.load_seed().actors(kind=ActorKind.STATE)

    assert [a.key for a in states if a.matches(capital)] == [key]


@pytest.mark.parametrize(
    ("alias", "key"),
    [
        ("Daesh", "isis"),
        ("ISIL", "isis"),
        ("Islamic State", "isis"),
        ("Jabhat al-Nusra", "nusra"),
        ("Jabhat Fateh al-Sham", "nusra"),
        ("United States of America", "us"),
    ],
)
def test_common_alternative_names_find_the_actor(alias: str, key: str) -> None:
    found = [a.key for a in graph.load_seed().actors() if a.matches(alias)]

    assert found == [key]


def test_claimed_relationships_name_a_known_claimant() -> None:
    g = graph.load_seed()
    claimed = [r for r in g.relationships() if r.stance is Stance.CLAIMED]

    assert claimed
    assert all(r.claimed_by is not None and g.actor(r.claimed_by) for r in claimed)


def test_civilian_deaths_in_aleppo_are_uncertain_between_russia_and_syria() -> None:
    g = graph.load_seed()
    attacks = g.relationships_of("aleppo-civilians", graph.Direction.IN, [Relation.ATTACKS])

    assert sorted(r.source for r in attacks) == ["russia", "syria"]
    for rel in attacks:
        assert rel.stance is Stance.UNCERTAIN
        assert rel.claimed_by == "sohr"
        assert rel.confidence < 0.5


def test_every_relationship_is_dated() -> None:
    undated = [
        r.id
        for r in graph.load_seed().relationships()
        if r.date is None or r.date_precision is None
    ]

    assert undated == []


def test_isis_is_attacked_by_russia() -> None:
    attacks = graph.load_seed().relationships_of("isis", graph.Direction.IN, [Relation.ATTACKS])

    assert "russia" in {r.source for r in attacks}


def test_iran_hosts_russia_at_hamadan() -> None:
    hosts = [
        r
        for r in graph.load_seed().relationships_of("iran", graph.Direction.OUT, [Relation.HOSTS])
        if r.target == "russia"
    ]

    assert len(hosts) == 1
    assert hosts[0].location == "Hamadan"
    assert SupportKind.TERRITORY_ACCESS in hosts[0].support_kinds


def test_symmetric_relationships_are_not_stored_twice() -> None:
    symmetric = [r for r in graph.load_seed().relationships() if r.symmetric]
    stored = {(r.relation, r.source, r.target) for r in symmetric}

    assert symmetric
    assert [r.id for r in symmetric if (r.relation, r.target, r.source) in stored] == []
