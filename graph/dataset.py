"""The seed format: whole datasets as plain JSON or YAML, parsed with every fault reported.

A dataset is a mapping with three lists, ``sources``, ``actors`` and ``relationships``; field
names are those of :mod:`graph.model`. Dates are ISO ``YYYY-MM-DD`` strings (or YAML dates).

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
graph.errors.InvalidDataset: dataset has 1 problem(s):
  - actors[0] (key 'x'): kind: 'PLANET' is not one of STATE, STATE_BODY, PERSON, ...
"""

from __future__ import annotations

import datetime as dt
import enum
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import yaml

from graph.errors import DatasetProblem, GraphError, InvalidDataset
from graph.model import Actor, Evidence, Relationship, Source
from graph.rules import key_problem, relationship_problems
from graph.vocabulary import ActorKind, DatePrecision, Relation, Stance, SupportKind

__all__ = ["Dataset", "dump_dataset", "load_dataset", "parse_dataset", "read_dataset"]

E = TypeVar("E", bound=enum.Enum)

SOURCE_FIELDS = ("id", "publisher", "title", "authors", "published", "url")
ACTOR_FIELDS = ("key", "name", "kind", "aliases", "iso3", "cameo", "description")
RELATIONSHIP_FIELDS = (
    "id", "relation", "source", "target", "date", "date_precision", "valid_from",
    "valid_until", "support_kinds", "location", "claimed_by", "stance", "confidence",
    "evidence",
)  # fmt: skip
EVIDENCE_FIELDS = ("source", "quote")


@dataclass(frozen=True, slots=True)
class Dataset:
    """A whole, validated dataset."""

    sources: tuple[Source, ...]
    actors: tuple[Actor, ...]
    relationships: tuple[Relationship, ...]


class _Bad(Exception):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class _Record:
    """Typed access to one raw record; each getter raises :class:`_Bad` naming the field."""

    def __init__(self, raw: Mapping[str, Any], allowed: Iterable[str]) -> None:
        self.raw = raw
        unknown = sorted(set(raw) - set(allowed))
        if unknown:
            raise _Bad(unknown[0], f"unknown field; expected one of {', '.join(sorted(allowed))}")

    def text(self, field: str, *, required: bool = False) -> str | None:
        value = self.raw.get(field)
        if value is None:
            if required:
                raise _Bad(field, "is required")
            return None
        if not isinstance(value, str) or (required and not value.strip()):
            raise _Bad(field, f"must be a non-empty string, got {value!r}")
        return value

    def required(self, field: str) -> str:
        value = self.text(field, required=True)
        assert value is not None
        return value

    def texts(self, field: str) -> tuple[str, ...]:
        value = self.raw.get(field) or []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise _Bad(field, f"must be a list of strings, got {value!r}")
        return tuple(value)

    def enum(self, field: str, kind: type[E], default: E | None = None) -> E:
        value = self.raw.get(field)
        if value is None and default is not None:
            return default
        try:
            return kind(value)
        except ValueError:
            names = ", ".join(m.value for m in kind)
            raise _Bad(field, f"{value!r} is not one of {names}") from None

    def enums(self, field: str, kind: type[E]) -> tuple[E, ...]:
        values = self.raw.get(field) or []
        if not isinstance(values, list):
            raise _Bad(field, f"must be a list, got {values!r}")
        return tuple(_Record({field: v}, (field,)).enum(field, kind) for v in values)

    def date(self, field: str) -> dt.date | None:
        value = self.raw.get(field)
        if value is None or (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        raise _Bad(field, f"{value!r} is not a date (YYYY-MM-DD)")

    def number(self, field: str, default: float) -> float:
        value = self.raw.get(field, default)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise _Bad(field, f"must be a number, got {value!r}")
        return float(value)


def _source(r: _Record) -> Source:
    return Source(
        id=r.required("id"),
        publisher=r.required("publisher"),
        title=r.text("title"),
        authors=r.texts("authors"),
        published=r.date("published"),
        url=r.text("url"),
    )


def _actor(r: _Record) -> Actor:
    return Actor(
        key=r.required("key"),
        name=r.required("name"),
        kind=r.enum("kind", ActorKind),
        aliases=r.texts("aliases"),
        iso3=r.text("iso3"),
        cameo=r.text("cameo"),
        description=r.text("description"),
    )


def _evidence(raw: object, i: int) -> Evidence:
    if not isinstance(raw, Mapping):
        raise _Bad(f"evidence[{i}]", "must be a mapping with source and quote")
    try:
        r = _Record(raw, EVIDENCE_FIELDS)
        return Evidence(source=r.required("source"), quote=r.required("quote"))
    except _Bad as bad:
        raise _Bad(f"evidence[{i}].{bad.field}", str(bad)) from None


def _relationship(r: _Record) -> Relationship:
    evidence = r.raw.get("evidence")
    if not isinstance(evidence, list) or not evidence:
        raise _Bad("evidence", "needs at least one item (a source id and a verbatim quote)")
    precision = r.raw.get("date_precision")
    return Relationship(
        id=r.required("id"),
        relation=r.enum("relation", Relation),
        source=r.required("source"),
        target=r.required("target"),
        evidence=tuple(_evidence(item, i) for i, item in enumerate(evidence)),
        date=r.date("date"),
        date_precision=None if precision is None else r.enum("date_precision", DatePrecision),
        valid_from=r.date("valid_from"),
        valid_until=r.date("valid_until"),
        support_kinds=r.enums("support_kinds", SupportKind),
        location=r.text("location"),
        claimed_by=r.text("claimed_by"),
        stance=r.enum("stance", Stance, Stance.REPORTED),
        confidence=r.number("confidence", 1.0),
    )


T = TypeVar("T")


def _records(
    data: Mapping[str, Any],
    section: str,
    allowed: Iterable[str],
    build: Callable[[_Record], T],
    ident: str,
    problems: list[DatasetProblem],
) -> list[tuple[str, T]]:
    raw_list = data.get(section) or []
    if not isinstance(raw_list, list):
        problems.append(DatasetProblem(section, section, "must be a list"))
        return []
    built: list[tuple[str, T]] = []
    seen: set[str] = set()
    for i, raw in enumerate(raw_list):
        name = f"{section}[{i}]"
        if not isinstance(raw, Mapping):
            problems.append(DatasetProblem(name, "-", "must be a mapping"))
            continue
        if isinstance(raw.get(ident), str):
            name = f"{name} ({ident} {raw[ident]!r})"
        try:
            item = build(_Record(raw, allowed))
        except _Bad as bad:
            problems.append(DatasetProblem(name, bad.field, str(bad)))
            continue
        key = getattr(item, ident)
        if (problem := key_problem(key)) is not None:
            problems.append(DatasetProblem(name, ident, problem))
        elif key in seen:
            problems.append(DatasetProblem(name, ident, f"duplicate {ident} {key!r}"))
        seen.add(key)
        built.append((name, item))
    return built


def parse_dataset(data: object) -> Dataset:
    """Build a :class:`Dataset` from plain data, or raise :class:`InvalidDataset` listing
    every problem with the record and field it is in."""
    if not isinstance(data, Mapping):
        raise InvalidDataset([DatasetProblem("dataset", "-", "must be a mapping")])
    problems: list[DatasetProblem] = [
        DatasetProblem("dataset", key, "unknown section; expected sources, actors, relationships")
        for key in data
        if key not in {"sources", "actors", "relationships"}
    ]
    sources = _records(data, "sources", SOURCE_FIELDS, _source, "id", problems)
    actors = _records(data, "actors", ACTOR_FIELDS, _actor, "key", problems)
    rels = _records(data, "relationships", RELATIONSHIP_FIELDS, _relationship, "id", problems)
    # Records that failed to parse still declare their key: report them once, not again at
    # every reference to them.
    actor_keys = {a.key for _, a in actors} | _declared(data, "actors", "key")
    source_ids = {s.id for _, s in sources} | _declared(data, "sources", "id")
    for name, rel in rels:
        for err in relationship_problems(rel, actor_keys.__contains__, source_ids.__contains__):
            problems.append(_problem(name, err))
    if problems:
        raise InvalidDataset(problems)
    return Dataset(
        sources=tuple(s for _, s in sources),
        actors=tuple(a for _, a in actors),
        relationships=tuple(r for _, r in rels),
    )


def _declared(data: Mapping[str, Any], section: str, ident: str) -> set[str]:
    raw_list = data.get(section)
    if not isinstance(raw_list, list):
        return set()
    return {r[ident] for r in raw_list if isinstance(r, Mapping) and isinstance(r.get(ident), str)}


def _problem(record: str, err: GraphError) -> DatasetProblem:
    return DatasetProblem(record, err.field or "-", str(err))


def read_dataset(path: str | Path) -> object:
    """Read the raw data of a JSON (``.json``) or YAML (anything else) dataset file."""
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    try:
        if path.suffix.lower() == ".json":
            return json.loads(text)
        return yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as err:
        raise InvalidDataset([DatasetProblem(str(path), "-", f"cannot be parsed: {err}")]) from None


def load_dataset(path: str | Path) -> Dataset:
    """Read and validate a dataset file."""
    return parse_dataset(read_dataset(path))


def _plain(value: object) -> object:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    return value


def _record(item: object, fields: Iterable[str]) -> dict[str, object]:
    out: dict[str, object] = {}
    for field in fields:
        value = getattr(item, field)
        if value is None or value == ():
            continue
        if field == "evidence":
            out[field] = [{"source": e.source, "quote": e.quote} for e in value]
        else:
            out[field] = _plain(value)
    return out


def dump_dataset(dataset: Dataset) -> dict[str, list[dict[str, object]]]:
    """The plain data of ``dataset``, ready for ``json.dump`` or ``yaml.safe_dump``.

    Round-trips: ``parse_dataset(dump_dataset(ds)) == ds``.
    """
    return {
        "sources": [_record(s, SOURCE_FIELDS) for s in dataset.sources],
        "actors": [_record(a, ACTOR_FIELDS) for a in dataset.actors],
        "relationships": [_record(r, RELATIONSHIP_FIELDS) for r in dataset.relationships],
    }
