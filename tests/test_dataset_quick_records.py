"""The quick reader of relationship records agrees with the full one on every record."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph import load_dataset, seed_path
from graph.dataset.parse import dump_dataset, parse_dataset
from graph.dataset.quick_records import quick_relationship
from graph.dataset.records import RecordError, from_record
from graph.dataset.typed_json import typed_dataset
from graph.model.errors import InvalidDataset
from graph.model.records import Relationship
from graph.model.rules import relationship_problems

ACTORS = {"iran", "russia", "isis"}
SOURCES = {"nbc", "ap"}

QUOTES = ["Russian bombers took off from Iran", " ", "", "lone \ud800 surrogate", "caf\u00e9", 7]
EVIDENCE: list[object] = [
    *([{"source": s, "quote": q}] for s in ("nbc", "cnn", "", 3) for q in QUOTES),
    [{"source": "nbc", "quote": "a"}, {"source": "ap", "quote": "b"}],
    [{"source": "nbc"}],
    [{"source": "nbc", "quote": "a", "page": 2}],
    ["nbc"],
    [],
    {"source": "nbc", "quote": "a"},
    None,
]
DATES: list[object] = [
    None,
    "2016-08-16",
    "2016-8-16",
    "20160816",
    "",
    dt.date(2016, 8, 16),
    dt.datetime(2016, 8, 16, 12),
    20160816,
]
CHOICES: dict[str, list[object]] = {
    "id": ["r1", "R1", "", "r 1", 1, None, "r-\u00e9"],
    "relation": ["HOSTS", "SUPPORTS", "ATTACKS", "attacks", "", 1, None, ["HOSTS"]],
    "source": ["iran", "russia", "atlantis", "", 5, None],
    "target": ["russia", "iran", "isis", "atlantis", None, ["iran"]],
    "evidence": EVIDENCE,
    "date": DATES,
    "date_precision": [None, "DAY", "MONTH", "day", 3],
    "valid_from": DATES,
    "valid_until": DATES,
    "support_kinds": [
        None,
        [],
        ["AIR_POWER"],
        ["AIR_POWER", "WEAPONS"],
        ["X"],
        "AIR_POWER",
        [1],
        "",
    ],
    "location": [None, "", "Hamadan", 5, "bad \ud800"],
    "claimed_by": [None, "russia", "", "atlantis", 4],
    "stance": [None, "CLAIMED", "REPORTED", "claimed", "", 2],
    "colour": ["red"],  # not a field
    "confidence": [1, 0, 0.5, 1.5, -0.1, True, "0.5", float("nan"), 10**400, None],
}

BASE: dict[str, object] = {
    "id": "r1",
    "relation": "HOSTS",
    "source": "iran",
    "target": "russia",
    "evidence": [{"source": "nbc", "quote": "Russian bombers took off from Iran"}],
}


def changed(overrides: list[tuple[str, object]], dropped: set[str]) -> dict[str, Any]:
    """A valid record with a few fields set to other values (good or bad) and some dropped."""
    record = {**BASE, **dict(overrides)}
    return {name: value for name, value in record.items() if name not in dropped}


records = st.builds(
    changed,
    st.lists(
        st.sampled_from([(name, v) for name, values in CHOICES.items() for v in values]),
        max_size=4,
    ),
    st.sets(st.sampled_from(list(BASE)), max_size=1),
)


def full_reading(raw: dict[str, Any]) -> Relationship | None:
    """What the full reader and the rules make of ``raw``: the relationship, or ``None`` when
    they report a problem."""
    try:
        rel = from_record(Relationship, raw)
    except RecordError:
        return None
    problems = list(relationship_problems(rel, ACTORS.__contains__, SOURCES.__contains__))
    return None if problems else rel


@settings(max_examples=3000, deadline=None)
@given(records)
def test_a_quick_reading_is_the_full_reading_of_a_record_with_no_problem(
    raw: dict[str, Any],
) -> None:
    quick = quick_relationship(raw, ACTORS, SOURCES)
    if quick is not None:
        assert quick == full_reading(raw)


@settings(max_examples=500, deadline=None)
@given(records)
def test_a_record_the_full_reader_accepts_is_read_quickly(
    raw: dict[str, Any],
) -> None:
    full = full_reading(raw)
    plain_dates = all(
        type(raw.get(f)) is not dt.date for f in ("date", "valid_from", "valid_until")
    )
    if full is not None and plain_dates:
        assert quick_relationship(raw, ACTORS, SOURCES) == full


def test_every_seed_relationship_takes_the_quick_path() -> None:
    seed = load_dataset(seed_path())
    actors = {a.key for a in seed.actors}
    sources = {s.id for s in seed.sources}
    for raw, rel in zip(dump_dataset(seed)["relationships"], seed.relationships, strict=True):
        assert quick_relationship(raw, actors, sources) == rel


def file_of(relationships: list[Any]) -> dict[str, Any]:
    """A dataset file's data: ``relationships`` among ACTORS, citing SOURCES."""
    return {
        "sources": [{"id": s, "publisher": s.upper()} for s in sorted(SOURCES)],
        "actors": [{"key": k, "name": k.title(), "kind": "STATE"} for k in sorted(ACTORS)],
        "relationships": relationships,
    }


@settings(max_examples=1500, deadline=None)
@given(st.lists(records, min_size=1, max_size=3))
def test_a_json_file_the_typed_reader_accepts_is_what_the_full_reader_makes_of_it(
    rels: list[dict[str, Any]],
) -> None:
    data = file_of(rels)
    try:
        raw = json.dumps(data).encode()
    except (TypeError, ValueError):
        return  # not JSON (a date object, say): no file to read
    typed = typed_dataset(raw)
    if typed is not None:
        assert typed == parse_dataset(json.loads(raw))


@settings(max_examples=300, deadline=None)
@given(st.lists(records, min_size=1, max_size=3))
def test_a_dataset_the_full_reader_accepts_is_read_typed_as_the_library_writes_it(
    rels: list[dict[str, Any]],
) -> None:
    data = file_of([{**r, "id": f"r{i}"} for i, r in enumerate(rels)])
    try:
        full = parse_dataset(json.loads(json.dumps(data)))
    except (TypeError, ValueError, InvalidDataset):
        return
    # The written form (export, dump_dataset) is plain: "" for no support kinds, or a null
    # stance, which the full reader also takes, send a file to the full reader instead.
    assert typed_dataset(json.dumps(dump_dataset(full), default=str).encode()) == full


def test_the_typed_reader_leaves_a_file_with_a_problem_to_the_full_reader(
    tmp_path: Path,
) -> None:
    seed = dump_dataset(load_dataset(seed_path()))
    seed["relationships"][3]["target"] = "atlantis"
    path = tmp_path / "seed.json"
    path.write_text(json.dumps(seed), encoding="utf-8")
    assert typed_dataset(path.read_bytes()) is None
    with pytest.raises(InvalidDataset, match=r"relationships\[3\].*atlantis"):
        load_dataset(path)


def test_the_shipped_seed_as_json_is_read_typed(tmp_path: Path) -> None:
    seed = load_dataset(seed_path())
    raw = json.dumps(dump_dataset(seed), default=str).encode()
    assert typed_dataset(raw) == seed
    path = tmp_path / "seed.json"
    path.write_bytes(raw)
    assert typed_dataset(path) == seed == load_dataset(path)


@pytest.mark.parametrize(
    "change",
    [
        {"relation": "ATTACKS", "support_kinds": ["AIR_POWER"]},
        {"target": "iran"},
        {"claimed_by": "atlantis"},
        {"confidence": 1.5},
        {"evidence": [{"source": "nbc", "quote": "  "}]},
        {"evidence": [{"source": "cnn", "quote": "a"}]},
        {"evidence": []},
        {"date_precision": "DAY"},
        {"valid_from": "2016-08-17", "valid_until": "2016-08-16"},
        {"id": "R 1"},
        {"colour": "red"},
    ],
)
def test_the_typed_reader_refuses_what_the_rules_refuse(change: dict[str, object]) -> None:
    data = file_of([{**BASE, **change}])
    with pytest.raises(InvalidDataset):
        parse_dataset(data)
    assert typed_dataset(json.dumps(data).encode()) is None


def test_the_typed_reader_refuses_a_duplicate_id() -> None:
    data = file_of([BASE, BASE])
    assert typed_dataset(json.dumps(data).encode()) is None
