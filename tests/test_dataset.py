from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from graph import InvalidDataset, dump_dataset, parse_dataset, read_dataset, seed_path

GOOD: dict[str, Any] = {
    "sources": [{"id": "nbc", "publisher": "NBC News", "published": "2016-08-16"}],
    "actors": [
        {"key": "russia", "name": "Russia", "kind": "STATE"},
        {"key": "iran", "name": "Iran", "kind": "STATE"},
        {"key": "mod", "name": "Defense ministry", "kind": "STATE_BODY"},
    ],
    "relationships": [
        {
            "id": "iran-hosts-russia",
            "relation": "HOSTS",
            "source": "iran",
            "target": "russia",
            "support_kinds": ["TERRITORY_ACCESS"],
            "date": "2016-08-16",
            "date_precision": "DAY",
            "claimed_by": "mod",
            "stance": "CLAIMED",
            "confidence": 0.9,
            "evidence": [{"source": "nbc", "quote": "took off from a base in Iran"}],
        }
    ],
}


def broken(path: list[str | int], value: object) -> dict[str, Any]:
    """GOOD with the value at ``path`` replaced (or deleted, for ``...``)."""
    data = copy.deepcopy(GOOD)
    target: Any = data
    for step in path[:-1]:
        target = target[step]
    if value is ...:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return data


def problems(data: object) -> list[str]:
    with pytest.raises(InvalidDataset) as caught:
        parse_dataset(data)
    return [str(p) for p in caught.value.problems]


def test_good_dataset_parses() -> None:
    dataset = parse_dataset(GOOD)
    assert [a.key for a in dataset.actors] == ["russia", "iran", "mod"]
    assert dataset.relationships[0].support_kinds[0].value == "TERRITORY_ACCESS"


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        (["relationships", 0, "target"], "atlantis", "target: unknown actor key 'atlantis'"),
        (["relationships", 0, "relation"], "LOVES", "relation: 'LOVES' is not one of"),
        (["actors", 0, "kind"], "EMPIRE", "kind: 'EMPIRE' is not one of"),
        (["relationships", 0, "support_kinds"], ["NUKES"], "support_kinds: 'NUKES' is not one"),
        (["relationships", 0, "evidence", 0, "quote"], "  ", "quote: must be a non-empty"),
        (["relationships", 0, "evidence", 0, "source"], "cnn", "unknown source id 'cnn'"),
        (["relationships", 0, "evidence"], [], "evidence: needs at least one item"),
        (["relationships", 0, "claimed_by"], "kremlin", "claimed_by: unknown actor key"),
        (["relationships", 0, "date"], "2016-02-30", "date: '2016-02-30' is not a date"),
        (["relationships", 0, "confidence"], 1.5, "confidence must be between 0 and 1"),
        (["relationships", 0, "stance"], "RUMOURED", "stance: 'RUMOURED' is not one of"),
        (["actors", 1, "key"], "russia", "key: duplicate key 'russia'"),
        (["actors", 0, "key"], "Russia!", "is not a slug"),
        (["actors", 0, "colour"], "red", "colour: unknown field"),
        (["relationships", 0, "relation"], "ATTACKS", "support_kinds are only for SUPPORTS"),
    ],
)
def test_validator_names_the_record_and_field(
    path: list[str | int], value: object, expected: str
) -> None:
    found = problems(broken(path, value))
    assert any(expected in p for p in found), found
    section, index = path[0], path[1]
    assert all(p.startswith(f"{section}[{index}]") for p in found if expected in p)


def test_validator_reports_every_problem_at_once() -> None:
    data = broken(["relationships", 0, "target"], "atlantis")
    data["actors"][0]["kind"] = "EMPIRE"
    assert len(problems(data)) == 2


def test_missing_required_field_is_named() -> None:
    found = problems(broken(["actors", 2, "name"], ...))
    assert found == ["actors[2] (key 'mod'): name: is required"]


def test_unknown_section_is_a_problem() -> None:
    assert any("unknown section" in p for p in problems({**GOOD, "actorz": []}))


def test_not_a_mapping_is_a_problem() -> None:
    assert problems([1, 2]) == ["dataset: -: must be a mapping"]


def test_dump_then_parse_round_trips_the_seed() -> None:
    original = parse_dataset(read_dataset(seed_path()))
    assert parse_dataset(json.loads(json.dumps(dump_dataset(original)))) == original
    assert parse_dataset(yaml.safe_load(yaml.safe_dump(dump_dataset(original)))) == original


def test_unparseable_file_is_reported_with_its_path(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{ nope", encoding="utf-8")
    with pytest.raises(InvalidDataset) as caught:
        read_dataset(bad)
    assert str(bad) in str(caught.value)
