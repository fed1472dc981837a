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

from graph.dataset.fields import given_twice
from graph.dataset.quick_records import quick_relationship
from graph.dataset.records import read_record, record_of
from graph.model.errors import DatasetProblem, GraphError, InvalidDataset, InvalidInput
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
    rules: Callable[[R], Iterable[GraphError]],
    quick: Callable[[Mapping[str, Any]], R | None] | None = None,
) -> list[R]:
    """The records of ``section`` that are right; a problem noted for everything wrong in the
    others: each field that cannot be read, each rule the fields that were read break (a
    record ``quick`` reads breaks none), and each key taken twice."""
    raw_list = data.get(section) or []
    if not isinstance(raw_list, list):
        problems.append(DatasetProblem(section, section, "must be a list"))
        return []
    built: list[R] = []
    seen: set[str] = set()
    for i, raw in enumerate(raw_list):
        if not isinstance(raw, Mapping):
            problems.append(DatasetProblem(f"{section}[{i}]", "-", "must be a mapping"))
            continue
        item = None if quick is None or given_twice(raw) else quick(raw)
        found: list[tuple[str, str]] = []
        if item is None:
            item, unread = read_record(kind, raw)
            found = [(bad.field, str(bad)) for bad in unread]
            failed = [bad.field for bad in unread if not bad.value_read]
            found += [
                (err.field or "-", str(err))
                for err in rules(item)
                if not _within(err.field, failed)
            ]
            if ident in failed:  # its key is a stand-in
                _report(problems, section, i, raw, ident, found)
                continue
        key = getattr(item, ident)
        if key in seen:
            found.append((ident, f"duplicate {ident} {key!r}"))
        seen.add(key)
        if found:
            _report(problems, section, i, raw, ident, found)
        else:
            built.append(item)
    return built


def _key_rule(key: str, field: str) -> list[GraphError]:
    problem = key_problem(key)
    return [] if problem is None else [InvalidInput(problem, field=field)]


def _within(field: str | None, failed: list[str]) -> bool:
    """Whether ``field`` is one of the fields that could not be read, or part of one
    (``evidence[0].source`` is part of ``evidence[0]`` and of ``evidence``)."""
    return field is not None and any(
        field == bad or field.startswith((f"{bad}.", f"{bad}[")) for bad in failed
    )


def _report(
    problems: list[DatasetProblem],
    section: str,
    position: int,
    raw: Mapping[str, Any],
    ident: str,
    found: list[tuple[str, str]],
) -> None:
    name = _name(section, position, raw, ident)
    problems.extend(DatasetProblem(name, field, message) for field, message in found)


def _name(section: str, position: int, raw: Mapping[str, Any], ident: str) -> str:
    """How a problem names a record: ``relationships[3] (id 'r4')``."""
    name = f"{section}[{position}]"
    return f"{name} ({ident} {raw[ident]!r})" if isinstance(raw.get(ident), str) else name


def parse_dataset(
    data: object, *, known_actors: Iterable[str] = (), known_sources: Iterable[str] = ()
) -> Dataset:
    """Build a :class:`Dataset` from plain data, or raise :class:`InvalidDataset` listing
    every problem with the record and field it is in.

    Relationships may also name the ``known_actors`` and cite the ``known_sources`` (those of
    the graph a dataset is merged into) besides the dataset's own.

    Every record is read whole and checked as far as its fields can be read: a record with a
    field that cannot be read still has its other fields checked against the rules, and its
    references to actors and sources checked, so one run lists every problem.
    """
    if not isinstance(data, Mapping):
        raise InvalidDataset([DatasetProblem("dataset", "-", "must be a mapping")])
    problems: list[DatasetProblem] = [
        DatasetProblem(
            "dataset", str(key), "unknown section; expected sources, actors, relationships"
        )
        for key in data
        if key not in {"sources", "actors", "relationships"}
    ]
    problems += [
        DatasetProblem("dataset", key, "is given twice in the file; keep one")
        for key in given_twice(data)
    ]
    # The other rules of a source or an actor on its own (a name, text that is valid Unicode)
    # are those of its fields, which reading them checks.
    sources = _records(data, "sources", Source, "id", problems, lambda s: _key_rule(s.id, "id"))
    actors = _records(data, "actors", Actor, "key", problems, lambda a: _key_rule(a.key, "key"))
    # Records that failed to parse still declare their key: report them once, not again at
    # every reference to them.
    # Each key to itself: the quick reader then shares these strings between records.
    actor_keys = _itself(known_actors, _declared(data, "actors", "key"), (a.key for a in actors))
    source_ids = _itself(known_sources, _declared(data, "sources", "id"), (s.id for s in sources))
    rels = _records(
        data,
        "relationships",
        Relationship,
        "id",
        problems,
        lambda rel: relationship_problems(rel, actor_keys.__contains__, source_ids.__contains__),
        quick=lambda raw: quick_relationship(raw, actor_keys, source_ids),
    )
    if problems:
        raise InvalidDataset(problems)
    return Dataset(sources=tuple(sources), actors=tuple(actors), relationships=tuple(rels))


def _declared(data: Mapping[str, Any], section: str, ident: str) -> set[str]:
    raw_list = data.get(section)
    if not isinstance(raw_list, list):
        return set()
    return {r[ident] for r in raw_list if isinstance(r, Mapping) and isinstance(r.get(ident), str)}


def _itself(*keys: Iterable[str]) -> dict[str, str]:
    """Each key to itself, the last string given for it kept."""
    return {key: key for group in keys for key in group}


def dump_dataset(dataset: Dataset) -> dict[str, list[dict[str, object]]]:
    """The plain data of ``dataset``, ready for ``json.dump`` or ``yaml.safe_dump``.

    Round-trips: ``parse_dataset(dump_dataset(ds)) == ds``.
    """
    return {
        "sources": [record_of(s) for s in dataset.sources],
        "actors": [record_of(a) for a in dataset.actors],
        "relationships": [record_of(r) for r in dataset.relationships],
    }
