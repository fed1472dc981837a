from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from graph import (
    InvalidDataset,
    dump_dataset,
    load_dataset,
    parse_dataset,
    read_dataset,
    seed_path,
)
from graph.dataset.files import UnreadableDataset

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


def test_a_record_with_two_problems_lists_both() -> None:
    data = broken(["relationships", 0, "relation"], "HOSTZ")
    data["relationships"][0]["confidence"] = 1.5
    found = problems(data)
    assert len(found) == 2, found
    assert found[0].startswith("relationships[0] (id 'iran-hosts-russia'): relation: 'HOSTZ'")
    assert found[1].startswith("relationships[0] (id 'iran-hosts-russia'): confidence:")


def test_a_record_that_cannot_be_read_still_has_its_references_and_rules_checked() -> None:
    data = broken(["relationships", 0, "stance"], "RUMOURED")
    data["relationships"][0]["claimed_by"] = "kremlin"
    data["relationships"][0]["valid_from"] = "2016-08-17"
    data["relationships"][0]["valid_until"] = "2016-08-16"
    data["relationships"][0]["evidence"].append({"source": "cnn", "quote": 7})
    fields = [p.split(": ")[1] for p in problems(data)]
    assert fields == [
        "stance", "evidence[1].quote", "claimed_by", "valid_until", "evidence[1].source",
    ]  # fmt: skip


def test_a_field_that_cannot_be_read_is_reported_once_not_again_by_the_rules() -> None:
    found = problems(broken(["relationships", 0, "evidence", 0, "quote"], " "))
    assert found == [
        "relationships[0] (id 'iran-hosts-russia'): evidence[0].quote: "
        "must be a non-empty string, got ' '"
    ]


def test_an_id_that_is_no_slug_is_reported_once() -> None:
    assert len(problems(broken(["relationships", 0, "id"], "R1"))) == 1


def test_a_key_is_checked_for_duplicates_even_in_a_record_that_cannot_be_read() -> None:
    data = copy.deepcopy(GOOD)
    data["actors"].append({"key": "iran", "name": "Iran again", "kind": "EMPIRE"})
    assert [p.split(": ", 1)[1] for p in problems(data)] == [
        "kind: 'EMPIRE' is not one of STATE, STATE_BODY, PERSON, ARMED_GROUP, ORGANIZATION, "
        "MEDIA, CIVILIANS",
        "key: duplicate key 'iran'",
    ]


def test_an_evidence_item_that_is_no_mapping_keeps_the_others_in_place() -> None:
    data = broken(["relationships", 0, "evidence"], ["nbc", {"source": "cnn", "quote": "a"}])
    assert [p.split(": ")[1] for p in problems(data)] == ["evidence[0]", "evidence[1].source"]


def test_a_yaml_date_that_is_no_real_date_is_a_problem_of_its_record(tmp_path: Path) -> None:
    path = tmp_path / "impossible.yaml"
    path.write_text(
        yaml.safe_dump(GOOD, sort_keys=False).replace("'2016-08-16'", "2016-13-45"),
        encoding="utf-8",
    )
    with pytest.raises(InvalidDataset) as caught:
        load_dataset(path)
    assert [str(p) for p in caught.value.problems] == [
        "sources[0] (id 'nbc'): published: '2016-13-45' is not a date (YYYY-MM-DD)",
        "relationships[0] (id 'iran-hosts-russia'): date: '2016-13-45' is not a date (YYYY-MM-DD)",
    ]


def test_yaml_dates_and_numbers_are_read_as_yaml_reads_them(tmp_path: Path) -> None:
    text = "a: 2016-08-16\nb: 2016-08-16 10:00:00\nc: 0x1f\nd: 12:30:00\ne: 1_000\n"
    path = tmp_path / "plain.yaml"
    path.write_text(text, encoding="utf-8")
    assert read_dataset(path) == yaml.safe_load(text)


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("latin1.yaml", "actors: [{name: Th\u00e9}]".encode("latin-1"), "is not UTF-8 text"),
        ("bad.yaml", b"actors: [", "cannot be parsed"),
        ("bad.json", b'{"actors": ', "cannot be parsed"),
        ("list.yaml", b"- 1\n- 2\n", "must be a mapping of sources, actors and relationships"),
        ("empty.yaml", b"", "must be a mapping of sources, actors and relationships"),
    ],
)
def test_a_file_that_is_no_dataset_is_unreadable(
    tmp_path: Path, name: str, data: bytes, reason: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(UnreadableDataset) as caught:
        load_dataset(path)
    assert str(caught.value).startswith(f"{path}: {reason}")
