"""The test articles of ``tests/fixtures/articles`` and a graph of the seed's actors alone."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from graph import AllianceGraph, Dataset, Relation, Source, build_graph, load_seed

ARTICLES = Path(__file__).resolve().parent / "fixtures" / "articles"
SEED_ARTICLE = (
    Path(__file__).resolve().parent.parent.parent / "shared" / "seeds" / "000_bb4b938b64fd18fe.txt"
)


@dataclass(frozen=True)
class Article:
    name: str
    text: str
    source: Source
    expected: list[tuple[Relation, str, str]]


def articles() -> list[Article]:
    found = []
    for path in sorted(ARTICLES.glob("*.txt")):
        data = yaml.safe_load(path.with_suffix(".yaml").read_text(encoding="utf-8"))
        raw = data["source"]
        found.append(
            Article(
                path.stem,
                path.read_text(encoding="utf-8"),
                Source(raw["id"], raw["publisher"], published=raw["published"]),
                [
                    (Relation[r["relation"]], r["source"], r["target"])
                    for r in data["relationships"]
                ],
            )
        )
    return found


def seed_actors_only() -> AllianceGraph:
    """The seed's actors and sources, none of its relationships: a fair graph to propose against."""
    seed = load_seed()
    return build_graph(Dataset(tuple(seed.sources()), tuple(seed.actors()), ()))
