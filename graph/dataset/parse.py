"""The seed format: whole datasets as plain JSON or YAML, parsed with every fault reported.

A dataset is a mapping with three lists, ``sources``, ``actors`` and ``relationships``; field
names are those of :mod:`graph.model.records`. Dates are ISO ``YYYY-MM-DD`` strings (or YAML dates).

Examples
--------
>>> ds = parse_dataset({
...     "sources": [{"id": "nbc", "publisher": "NBC News"}],
...     "actors": [{"key": "russia", "name": "Russia", "kind": "STATE"},
...                {"key": "isis", "name": "ISIS", "kind": "ARMED_GROUP"}],
...     "relationships": [{"id": "r1", "relation": "ATTACKS", "source": "russia",
...                        "target": "isis", "date": "2016-08-16",
...                        "evidence": [{"source": "nbc", "quote": "airstrikes"}]}]})
>>> ds.relationships[0].date
datetime.date(2016, 8, 16)
>>> parse_dataset({"actors": [{"key": "x", "name": "X", "kind": "PLANET"}]})
Traceback (most recent call last):
...
graph.model.errors.InvalidDataset: dataset has 1 problem(s):
  - actors[0] (key 'x'): kind: 'PLANET' is not one of STATE, STATE_BODY, PERSON, ...
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from graph.dataset.quick_records import quick_relationship
from graph.dataset.records import RecordError, from_record, record_of
from graph.model.errors import DatasetProblem, GraphError, InvalidDataset
from graph.model.records import Actor, Relationship, Source
from graph.model.rules import key_problem, relationship_problems

__all__ = ["Dataset", "dump_dataset", "parse_dataset"]

R = TypeVar("R", Source, Actor, Relationship)


@dataclass(frozen=True, slots=True)
class Dataset:
    """A whole, validated dataset."""

    sources: tuple[Source, ...]
    actors: tuple[Actor, ...]
    relationships: tuple[Relationship, ...]


def _records(
    data: Mapping[str, Any],
    section: str,
    kind: type[R],
    ident: str,
    problems: list[DatasetProblem],
    quick: Callable[[Mapping[str, Any]], R | None] | None = None,
) -> list[tuple[int, R, bool]]:
    """``(position, record, checked)`` for each record of ``section`` that could be read;
    ``checked`` when ``quick`` read it, which also means it breaks no rule."""
    raw_list = data.get(section) or []
    if not isinstance(raw_list, list):
        problems.append(DatasetProblem(section, section, "must be a list"))
        return []
    built: list[tuple[int, R, bool]] = []
    seen: set[str] = set()
    for i, raw in enumerate(raw_list):
        if not isinstance(raw, Mapping):
            problems.append(DatasetProblem(f"{section}[{i}]", "-", "must be a mapping"))
            continue
        item = None if quick is None else quick(raw)
        checked = item is not None
        if item is None:
            try:
                item = from_record(kind, raw)
            except RecordError as bad:
                problems.append(DatasetProblem(_name(section, i, raw, ident), bad.field, str(bad)))
                continue
        key = getattr(item, ident)
        if not checked and (problem := key_problem(key)) is not None:
            problems.append(DatasetProblem(_name(section, i, raw, ident), ident, problem))
        elif key in seen:
            problems.append(
                DatasetProblem(_name(section, i, raw, ident), ident, f"duplicate {ident} {key!r}")
            )
        seen.add(key)
        built.append((i, item, checked))
    return built


def _name(section: str, position: int, raw: Mapping[str, Any], ident: str) -> str:
    """How a problem names a record: ``relationships[3] (id 'r4')``."""
    name = f"{section}[{position}]"
    return f"{name} ({ident} {raw[ident]!r})" if isinstance(raw.get(ident), str) else name


def parse_dataset(data: object) -> Dataset:
    """Build a :class:`Dataset` from plain data, or raise :class:`InvalidDataset` listing
    every problem with the record and field it is in."""
    if not isinstance(data, Mapping):
        raise InvalidDataset([DatasetProblem("dataset", "-", "must be a mapping")])
    problems: list[DatasetProblem] = [
        DatasetProblem(
            "dataset", str(key), "unknown section; expected sources, actors, relationships"
        )
        for key in data
        if key not in {"sources", "actors", "relationships"}
    ]
    sources = _records(data, "sources", Source, "id", problems)
    actors = _records(data, "actors", Actor, "key", problems)
    # Records that failed to parse still declare their key: report them once, not again at
    # every reference to them.
    # Each key to itself: the quick reader then shares these strings between records.
    actor_keys = _itself(_declared(data, "actors", "key"), (a.key for _, a, _ in actors))
    source_ids = _itself(_declared(data, "sources", "id"), (s.id for _, s, _ in sources))
    rels = _records(
        data,
        "relationships",
        Relationship,
        "id",
        problems,
        quick=lambda raw: quick_relationship(raw, actor_keys, source_ids),
    )
    for i, rel, checked in rels:
        if checked:
            continue
        name = _name("relationships", i, data["relationships"][i], "id")
        for err in relationship_problems(rel, actor_keys.__contains__, source_ids.__contains__):
            problems.append(_problem(name, err))
    if problems:
        raise InvalidDataset(problems)
    return Dataset(
        sources=tuple(s for _, s, _ in sources),
        actors=tuple(a for _, a, _ in actors),
        relationships=tuple(r for _, r, _ in rels),
    )


def _declared(data: Mapping[str, Any], section: str, ident: str) -> set[str]:
    raw_list = data.get(section)
    if not isinstance(raw_list, list):
        return set()
    return {r[ident] for r in raw_list if isinstance(r, Mapping) and isinstance(r.get(ident), str)}


def _itself(*keys: Iterable[str]) -> dict[str, str]:
    """Each key to itself, the last string given for it kept."""
    return {key: key for group in keys for key in group}


def _problem(record: str, err: GraphError) -> DatasetProblem:
    return DatasetProblem(record, err.field or "-", str(err))


def dump_dataset(dataset: Dataset) -> dict[str, list[dict[str, object]]]:
    """The plain data of ``dataset``, ready for ``json.dump`` or ``yaml.safe_dump``.

    Round-trips: ``parse_dataset(dump_dataset(ds)) == ds``.
    """
    return {
        "sources": [record_of(s) for s in dataset.sources],
        "actors": [record_of(a) for a in dataset.actors],
        "relationships": [record_of(r) for r in dataset.relationships],
    }
