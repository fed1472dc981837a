"""The quick reader of relationship records agrees with the full one on every record."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from graph import load_dataset, seed_path
from graph.dataset import dump_dataset
from graph.model import Relationship
from graph.quick_records import quick_relationship
from graph.records import RecordError, from_record
from graph.rules import relationship_problems

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
