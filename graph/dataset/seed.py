"""The curated seed data that ships inside the package.

Examples
--------
>>> g = load_seed()
>>> sorted(k for k in ("russia", "iran", "iraq", "syria", "us", "assad", "isis", "nusra")
...        if g.actor(k) is not None) == sorted(["russia", "iran", "iraq", "syria", "us",
...                                              "assad", "isis", "nusra"])
True
"""

from __future__ import annotations

from importlib.resources import as_file, files
from pathlib import Path

from graph.dataset.files import load_dataset
from graph.dataset.parse import Dataset
from graph.store.alliance_graph import AllianceGraph
from graph.store.bulk import frozen_after

__all__ = ["build_graph", "load_seed", "seed_path"]

SEED_FILE = "nbc-2016-08-16.yaml"


def seed_path() -> Path:
    """Where the shipped seed file lies on disk."""
    with as_file(files("seeds") / SEED_FILE) as path:
        return Path(path)


def build_graph(dataset: Dataset, *, checked: bool = True) -> AllianceGraph:
    """A new graph holding everything in ``dataset``.

    ``checked=False`` skips the rules, for a dataset that :func:`~graph.dataset.parse.parse_dataset`
    has just validated: checking a million relationships twice doubles the load time.
    """
    if not checked:
        return AllianceGraph.trusted(dataset.sources, dataset.actors, dataset.relationships, 0)
    graph = AllianceGraph()
    for source in dataset.sources:
        graph.add_source(source)
    for actor in dataset.actors:
        graph.add_actor(actor)
    for rel in dataset.relationships:
        graph.add_relationship(rel)
    return graph


def load_seed(path: str | Path | None = None) -> AllianceGraph:
    """The graph of the shipped seed data, or of the dataset file at ``path``.

    Everything read is left out of later collections (see :meth:`Editor.open
    <graph.persistence.editor.Editor.open>`): the first one would otherwise walk every record of a
    large file, and so would every full one after it.
    """
    with frozen_after():  # on the way out of the block, after the graph is built
        return build_graph(load_dataset(path or seed_path()), checked=False)
