"""The rules every relationship obeys, shared by the dataset validator and the store, and those
of a source or an actor on its own.

Examples
--------
>>> from graph.model.records import Evidence, Relationship
>>> from graph.model.vocabulary import Relation
>>> rel = Relationship("r", Relation.ATTACKS, "russia", "isis", (Evidence("nbc", " "),),
...                    confidence=1.5)
>>> for problem in relationship_problems(rel, {"russia", "isis"}.__contains__,
...                                     {"nbc"}.__contains__):
...     print(problem.field, "-", problem)
confidence - confidence must be between 0 and 1, got 1.5
evidence[0].quote - evidence[0].quote must not be empty
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from graph.model.errors import (
    GraphError,
    InvalidInput,
    InvalidRelationship,
    UnknownActor,
    UnknownSource,
)
from graph.model.records import Actor, Relationship, Source
from graph.model.vocabulary import Relation

__all__ = [
    "KEY_PATTERN",
    "SUPPORT_RELATIONS",
    "actor_problems",
    "key_problem",
    "record_text_problems",
    "relationship_problems",
    "source_problems",
    "text_problem",
]

KEY_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,127}$")
"""Actor keys, source ids and relationship ids: lower-case slugs, at most 128 characters."""

SUPPORT_RELATIONS = frozenset({Relation.SUPPORTS, Relation.HOSTS})
"""The relations that may carry support kinds."""


def text_problem(text: str) -> str | None:
    """Why ``text`` cannot be stored as UTF-8 (a lone surrogate), or ``None`` when it can.

    >>> text_problem("Iran") is None, text_problem("Iran" + chr(0xD800)) is None
    (True, False)
    """
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as err:
        bad = text[err.start : err.end]
        return f"contains a lone surrogate ({bad!r}), which is not valid Unicode text"
    return None


def record_text_problems(item: object) -> Iterator[tuple[str, str]]:
    """``(field, problem)`` for every text field of a model record that is not valid Unicode."""
    for name in getattr(item, "__slots__", ()):
        value = getattr(item, name)
        texts = value if isinstance(value, tuple) else (value,)
        for position, text in enumerate(texts):
            if hasattr(text, "quote"):  # evidence
                text, name = text.quote, f"evidence[{position}].quote"
            if isinstance(text, str) and (problem := text_problem(text)) is not None:
                yield name, problem


def key_problem(key: str) -> str | None:
    """Why ``key`` is not a usable slug, or ``None`` when it is.

    >>> key_problem("russia") is None, key_problem("Russia!")
    (True, "'Russia!' is not a slug (lower-case letters, digits, '.', '_', '-')")
    """
    if KEY_PATTERN.fullmatch(key):
        return None
    return f"{key!r} is not a slug (lower-case letters, digits, '.', '_', '-')"


def relationship_problems(
    rel: Relationship,
    has_actor: Callable[[str], bool],
    has_source: Callable[[str], bool],
) -> Iterator[GraphError]:
    """Yield an error, naming its ``field``, for every rule ``rel`` breaks."""

    def bad(field: str, message: str) -> InvalidRelationship:
        return InvalidRelationship(f"{field} {message}", field=field)

    if (problem := key_problem(rel.id)) is not None:
        yield bad("id", problem)
    for field, problem in record_text_problems(rel):
        yield bad(field, problem)
    for field in ("source", "target", "claimed_by"):
        key = getattr(rel, field)
        if key is not None and not has_actor(key):
            yield UnknownActor(key, field=field)
    if rel.source == rel.target:
        yield bad("target", f"must differ from source, got {rel.source!r} twice")
    if not 0.0 <= rel.confidence <= 1.0:
        yield bad("confidence", f"must be between 0 and 1, got {rel.confidence}")
    if rel.support_kinds and rel.relation not in SUPPORT_RELATIONS:
        yield bad("support_kinds", f"are only for SUPPORTS and HOSTS, not {rel.relation.value}")
    if rel.date_precision is not None and rel.date is None:
        yield bad("date_precision", "is given without a date")
    if rel.valid_from and rel.valid_until and rel.valid_from > rel.valid_until:
        yield bad("valid_until", f"{rel.valid_until} is before valid_from {rel.valid_from}")
    if not rel.evidence:
        yield bad("evidence", "needs at least one item (a source id and a verbatim quote)")
    for i, item in enumerate(rel.evidence):
        if not has_source(item.source):
            yield UnknownSource(item.source, field=f"evidence[{i}].source")
        if not item.quote.strip():
            yield bad(f"evidence[{i}].quote", "must not be empty")


def source_problems(source: Source) -> Iterator[InvalidInput]:
    """Yield an error, naming its ``field``, for every rule ``source`` breaks on its own.

    >>> [p.field for p in source_problems(Source("Bad Id", " "))]
    ['id', 'publisher']
    """
    if (problem := key_problem(source.id)) is not None:
        yield InvalidInput(problem, field="id")
    if not source.publisher.strip():
        yield InvalidInput("a source needs a publisher", field="publisher")
    for field, problem in record_text_problems(source):
        yield InvalidInput(f"{field} {problem}", field=field)


def actor_problems(actor: Actor) -> Iterator[InvalidInput]:
    """Yield an error, naming its ``field``, for every rule ``actor`` breaks on its own."""
    if (problem := key_problem(actor.key)) is not None:
        yield InvalidInput(problem, field="key")
    if not actor.name.strip():
        yield InvalidInput("an actor needs a name", field="name")
    for field, problem in record_text_problems(actor):
        yield InvalidInput(f"{field} {problem}", field=field)
