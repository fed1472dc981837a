"""The alliance graph domain: actors, signed and dated relationships, evidence.

Plain Python over :class:`networkx.MultiDiGraph`; nothing here knows about GraphQL or HTTP.

Examples
--------
>>> from graph import load_seed
>>> g = load_seed()
>>> g.actor("russia").name
'Russia'
"""

from __future__ import annotations

from graph.dataset.files import load_dataset, read_dataset
from graph.dataset.parse import Dataset, dump_dataset, parse_dataset
from graph.dataset.seed import build_graph, load_seed, seed_path
from graph.model.errors import (
    ActorInUse,
    DatasetProblem,
    DuplicateKey,
    GraphError,
    InvalidDataset,
    InvalidInput,
    InvalidRelationship,
    UnknownActor,
    UnknownRelationship,
    UnknownSource,
)
from graph.model.records import Actor, Evidence, Relationship, Source
from graph.model.vocabulary import (
    RELATIONS,
    ActorKind,
    DatePrecision,
    Direction,
    Relation,
    RelationInfo,
    Stance,
    SupportKind,
    Valence,
)
from graph.store.alliance_graph import AllianceGraph
from graph.store.filters import RelationshipFilter

__all__ = [
    "RELATIONS",
    "Actor",
    "ActorInUse",
    "ActorKind",
    "AllianceGraph",
    "Dataset",
    "DatasetProblem",
    "DatePrecision",
    "Direction",
    "DuplicateKey",
    "Evidence",
    "GraphError",
    "InvalidDataset",
    "InvalidInput",
    "InvalidRelationship",
    "Relation",
    "RelationInfo",
    "Relationship",
    "RelationshipFilter",
    "Source",
    "Stance",
    "SupportKind",
    "UnknownActor",
    "UnknownRelationship",
    "UnknownSource",
    "Valence",
    "build_graph",
    "dump_dataset",
    "load_dataset",
    "load_seed",
    "parse_dataset",
    "read_dataset",
    "seed_path",
]
