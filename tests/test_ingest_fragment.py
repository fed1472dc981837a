"""Proposals as a dataset fragment: it validates on its own, as data and as a YAML file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from graph import load_dataset, load_seed, parse_dataset
from graph.ingest import fragment, propose
from tests.ingest_articles import Article, articles, seed_actors_only


@pytest.mark.parametrize("article", articles(), ids=lambda a: a.name)
def test_each_articles_fragment_passes_the_dataset_validator(
    article: Article, tmp_path: Path
) -> None:
    graph = seed_actors_only()
    data = fragment(propose(article.text, article.source, graph), graph)
    dataset = parse_dataset(data)
    assert len(dataset.relationships) > 0
    path = tmp_path / "fragment.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert load_dataset(path) == dataset
    for rel in dataset.relationships:
        assert all(e.quote in article.text for e in rel.evidence)


def test_repeated_ties_become_one_relationship_with_every_quote_as_evidence() -> None:
    text = "Russia bombed ISIS on Tuesday. Russian jets struck ISIS again on Tuesday."
    graph = load_seed()
    batch = propose(text, graph.sources()[0], graph, published=dt.date(2016, 8, 16))
    (rel,) = parse_dataset(fragment(batch, graph)).relationships
    assert [e.quote for e in rel.evidence] == [
        "Russia bombed ISIS on Tuesday.", "Russian jets struck ISIS again on Tuesday.",
    ]  # fmt: skip
    assert graph.relationship(rel.id) is None  # a new id, free to merge


def test_new_actors_go_in_with_their_proposed_key_name_and_kind() -> None:
    graph = load_seed()
    data = fragment(propose("Hezbollah fighters attacked ISIS.", graph.sources()[0], graph), graph)
    assert {"key": "hezbollah", "name": "Hezbollah", "kind": "ARMED_GROUP"} in data["actors"]
    assert [a["key"] for a in data["actors"]] == ["hezbollah", "isis"]


def test_a_confidence_floor_leaves_weak_proposals_out() -> None:
    graph = load_seed()
    batch = propose("Iran reportedly attacked ISIS.", graph.sources()[0], graph)
    assert fragment(batch, graph, min_confidence=0.9)["relationships"] == []
