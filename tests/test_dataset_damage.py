"""`alliance-graph validate` on the shipped seed file with random damage done to it.

Fields are deleted, renamed, duplicated, given twice in one mapping and altered, values
changed to the wrong type, to impossible dates, to unknown terms and to keys nothing declares,
records dropped, doubled or replaced, sections given twice, and the text cut short. Whatever
the damage, `validate` ends with a clean report: 0 with a summary, 1 listing problems that
each name a record and a field, or 2 naming the file; never a traceback. A list is the same
on a second run: no problem hides another.
"""

from __future__ import annotations

import copy
import io
import json
import re
import tempfile
from collections.abc import Mapping
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import Phase, event, example, given, note, settings
from hypothesis import strategies as st
from hypothesis.strategies import DrawFn

from graph import seed_path
from graph.dataset.fields import given_twice
from graph.dataset.files import UnreadableDataset, decode_dataset, load_dataset
from graph.dataset.records import (
    ACTOR_FIELDS,
    EVIDENCE_FIELDS,
    RELATIONSHIP_FIELDS,
    SOURCE_FIELDS,
)
from graph.model.errors import DatasetProblem, InvalidDataset
from schema.cli import main

SEED: dict[str, Any] = yaml.safe_load(seed_path().read_text(encoding="utf-8"))
FIELDS = {"sources": SOURCE_FIELDS, "actors": ACTOR_FIELDS, "relationships": RELATIONSHIP_FIELDS}

# Written unquoted into the YAML text in place of these markers, so that YAML itself reads
# them as (impossible) dates and (too long) integers.
RAW = {
    "__impossible_month__": "2016-13-45",
    "__impossible_day__": "2016-02-30",
    "__year_zero__": "0000-01-01",
    "__bad_hour__": "2016-08-16 25:00:00",
    "__huge_integer__": "9" * 5000,
}
WRONG: list[object] = [
    None, 0, -1, 1.5, 2, True, "", "  ", "x" * 300, [], {}, ["x"], [None], {"a": 1},
    "HOSTZ", "PLANET", "RUMOURED", "day", "atlantis", "cnn", "Not A Slug!",
    "2016-13-45", "2016-02-30", "20161345", "2016-08-16T10:00:00", *RAW,
]  # fmt: skip
NAMES = ["colour", "relation ", "Relation", "1", "evidence[0]", "id2"]
# A key with this prefix is written without it, after the key it repeats: the mapping then
# gives that key twice (in YAML a problem; in JSON the last value counts).
TWICE = "__twice__"


def _records(data: dict[str, Any], draw: DrawFn) -> tuple[str, list[Any]] | None:
    section = draw(st.sampled_from(sorted(FIELDS)))
    records = data.get(section)
    return (section, records) if isinstance(records, list) and records else None


def _damage(data: dict[str, Any], draw: DrawFn) -> None:
    """One random change to ``data``, in place."""
    found = _records(data, draw)
    if found is None:
        return
    section, records = found
    i = draw(st.integers(0, len(records) - 1))
    kinds = ["set", "set", "set", "delete", "rename", "double", "drop", "replace", "section"]
    kind = draw(st.sampled_from([*kinds, "twice", "twice section"]))
    event(kind)
    if kind == "double":
        records.append(copy.deepcopy(records[i]))
        return
    if kind == "drop":
        del records[i]
        return
    if kind == "replace":
        records[i] = draw(st.sampled_from(["x", 5, None, ["a"]]))
        return
    if kind == "section":
        data[section] = draw(st.sampled_from([None, 5, "x", {"a": 1}, [None]]))
        return
    if kind == "twice section":
        data[TWICE + section] = copy.deepcopy(draw(st.sampled_from([records, [], None])))
        return
    record = records[i]
    if not isinstance(record, dict):
        return
    fields = FIELDS[section]
    evidence = record.get("evidence")
    if (
        section == "relationships"
        and isinstance(evidence, list)
        and evidence
        and draw(st.booleans())
    ):
        record = evidence[draw(st.integers(0, len(evidence) - 1))]
        if not isinstance(record, dict):
            return
        fields = EVIDENCE_FIELDS
    field = draw(st.sampled_from(fields))
    if kind == "twice":
        same = draw(st.booleans())
        record[TWICE + field] = copy.deepcopy(
            record.get(field) if same else draw(st.sampled_from(WRONG))
        )
    elif kind == "delete":
        record.pop(field, None)
    elif kind == "rename" and field in record:
        record[draw(st.sampled_from(NAMES))] = record.pop(field)
    else:
        record[field] = copy.deepcopy(draw(st.sampled_from(WRONG)))


@st.composite
def damaged_seeds(draw: DrawFn) -> tuple[str, bytes]:
    """The suffix and bytes of a seed file with random damage done to it."""
    data = copy.deepcopy(SEED)
    for _ in range(draw(st.integers(1, 5))):
        _damage(data, draw)
    suffix = draw(st.sampled_from([".yaml", ".yaml", ".yaml", ".json"]))
    if suffix == ".json":
        text = json.dumps(data, default=str).replace(f'"{TWICE}', '"')
        for marker, raw in RAW.items():
            text = text.replace(f'"{marker}"', raw if raw.isdigit() else f'"{raw}"')
    else:
        text = yaml.safe_dump(data, allow_unicode=False, sort_keys=False).replace(TWICE, "")
        for marker, raw in RAW.items():
            text = text.replace(marker, raw)
    if draw(st.integers(0, 3)) == 0:
        event("truncated")
        text = text[: draw(st.integers(0, len(text)))]
    data_bytes = text.encode("utf-8")
    if draw(st.integers(0, 30)) == 0:
        event("not UTF-8")
        at = draw(st.integers(0, len(data_bytes)))
        data_bytes = data_bytes[:at] + b"\xff" + data_bytes[at:]
    return suffix, data_bytes


def validate(path: Path) -> tuple[int, str, str]:
    """``alliance-graph validate path``: its exit code, stdout and stderr."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(["validate", str(path)])
    return code, out.getvalue(), err.getvalue()


INDEXED = re.compile(r"(sources|actors|relationships)\[(\d+)\]( \((id|key) .+\))?", re.DOTALL)


def _given_twice(value: object) -> bool:
    """Whether ``value`` holds a mapping that gave a key twice, at any depth."""
    if isinstance(value, Mapping):
        return bool(given_twice(value)) or any(map(_given_twice, value.values()))
    return isinstance(value, list) and any(map(_given_twice, value))


def assert_names_a_record_and_field(raw: Mapping[str, Any], problem: DatasetProblem) -> None:
    """``problem`` names a record of ``raw`` and a field of that record, or the section or
    top-level key it is about."""
    if problem.record == "dataset":  # an unknown section
        assert problem.field in {str(key) for key in raw}, problem
        return
    if problem.record in FIELDS:  # a section that is not a list
        assert problem.field == problem.record, problem
        return
    named = INDEXED.fullmatch(problem.record)
    assert named is not None, problem
    record = raw[named[1]][int(named[2])]
    if problem.field == "-":  # the record as a whole
        assert problem.message == "must be a mapping", problem
        return
    assert isinstance(record, Mapping), problem
    if problem.message.startswith("unknown field") and problem.field in map(str, record):
        return
    path = re.fullmatch(r"([^\[.]+)(?:\[(\d+)\](?:\.(.+))?)?", problem.field)
    assert path is not None, problem
    name, item, inner = path[1], path[2], path[3]
    if item is None:
        known = FIELDS[named[1]]
        assert name in known, problem
        return
    assert name in ("evidence", "support_kinds"), problem
    evidence = record["evidence"]
    assert int(item) < len(evidence), problem
    if inner is not None:
        assert inner in EVIDENCE_FIELDS or inner in {str(key) for key in evidence[int(item)]}


@settings(
    max_examples=150,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink],
)
@example((".yaml", seed_path().read_bytes()))
@given(damaged_seeds())
def test_validate_reports_any_damage_to_the_seed_cleanly(damaged: tuple[str, bytes]) -> None:
    suffix, data = damaged
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"damaged{suffix}"
        path.write_bytes(data)
        code, out, err = validate(path)
        note(err)
        assert code in (0, 1, 2)
        event(f"exit {code}")
        if code == 0:
            assert out.startswith(f"{path}: ok: ")
            assert err == ""
            load_dataset(path)
            if suffix == ".yaml":  # a YAML key given twice is always reported
                assert not _given_twice(decode_dataset(path, data))
            return
        assert out == ""
        assert err.startswith(f"{path}: ")
        if code == 2:
            with pytest.raises(UnreadableDataset) as unreadable:
                load_dataset(path)
            assert err == f"{unreadable.value}\n"
            return
        with pytest.raises(InvalidDataset) as invalid:
            load_dataset(path)
        assert not isinstance(invalid.value, UnreadableDataset)
        problems = invalid.value.problems
        # The report is the whole list, a line a problem, each naming a record and field.
        lines = err.splitlines()
        assert lines[0] == f"{path}: dataset has {len(problems)} problem(s):"
        assert lines[1:] == [f"  - {p}" for p in problems]
        raw = decode_dataset(path, data)
        for problem in problems:
            assert_names_a_record_and_field(raw, problem)
        # With nothing fixed, a second run lists the very same problems.
        assert validate(path) == (code, out, err)
