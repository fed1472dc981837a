"""Domain exceptions. Each carries a stable ``code`` that the API passes on to clients.

Examples
--------
>>> err = UnknownActor("atlantis")
>>> err.code, str(err)
('UNKNOWN_ACTOR', "unknown actor key 'atlantis'")
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "ActorInUse",
    "DatasetProblem",
    "DuplicateKey",
    "GraphError",
    "InvalidDataset",
    "InvalidInput",
    "InvalidRelationship",
    "UnknownActor",
    "UnknownRelationship",
    "UnknownSource",
]


class GraphError(Exception):
    """Base class of every error the domain raises on bad input."""

    code = "BAD_USER_INPUT"

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class UnknownActor(GraphError):
    """An actor key that is not in the graph."""

    code = "UNKNOWN_ACTOR"

    def __init__(self, key: str, *, field: str | None = None) -> None:
        super().__init__(f"unknown actor key {key!r}", field=field)
        self.key = key


class UnknownSource(GraphError):
    """A source id that is not in the graph."""

    code = "UNKNOWN_SOURCE"

    def __init__(self, source_id: str, *, field: str | None = None) -> None:
        super().__init__(f"unknown source id {source_id!r}", field=field)
        self.source_id = source_id


class UnknownRelationship(GraphError):
    """A relationship id that is not in the graph."""

    code = "UNKNOWN_RELATIONSHIP"

    def __init__(self, relationship_id: str, *, field: str | None = None) -> None:
        super().__init__(f"unknown relationship id {relationship_id!r}", field=field)
        self.relationship_id = relationship_id


class InvalidInput(GraphError):
    """A value or argument that breaks a rule of the model."""

    code = "INVALID_INPUT"


class InvalidRelationship(InvalidInput):
    """A relationship that breaks a rule of the model."""


@dataclass(frozen=True, slots=True)
class DatasetProblem:
    """One thing wrong with one record of a dataset."""

    record: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.record}: {self.field}: {self.message}"


class InvalidDataset(GraphError):
    """A dataset that failed validation; ``problems`` lists every fault found."""

    code = "INVALID_DATASET"

    def __init__(self, problems: list[DatasetProblem]) -> None:
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"dataset has {len(problems)} problem(s):\n{lines}")
        self.problems = problems


class DuplicateKey(GraphError):
    """A key or id that is already taken."""

    code = "DUPLICATE_KEY"


class ActorInUse(GraphError):
    """An actor that cannot be deleted because relationships still name it."""

    code = "ACTOR_IN_USE"
