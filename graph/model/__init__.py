"""The vocabulary, the records the graph holds, the rules they obey, ids and domain errors."""

from __future__ import annotations

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
from graph.model.ids import new_relationship_id
from graph.model.records import Actor, Evidence, Relationship, Source
from graph.model.rules import KEY_PATTERN, SUPPORT_RELATIONS
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

__all__ = [
    "KEY_PATTERN",
    "RELATIONS",
    "SUPPORT_RELATIONS",
    "Actor",
    "ActorInUse",
    "ActorKind",
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
    "Source",
    "Stance",
    "SupportKind",
    "UnknownActor",
    "UnknownRelationship",
    "UnknownSource",
    "Valence",
    "new_relationship_id",
]
