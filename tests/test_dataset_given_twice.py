"""A YAML dataset that gives a key twice in one mapping: YAML wants keys unique, and PyYAML
would keep the last value silently, so the reader names the record and field (or the
section), and checks the last value against the rules all the same."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from graph import InvalidDataset, load_dataset
from schema.cli import main

HEAD = """\
sources:
  - {id: nbc, publisher: NBC News}
actors:
  - {key: iran, name: Iran, kind: STATE}
  - {key: russia, name: Russia, kind: STATE}
"""
RELATIONSHIP = """\
relationships:
  - id: r1
    relation: HOSTS
    source: iran
    target: russia
    evidence: [{source: nbc, quote: took off from Iran}]
"""


def problems_of(tmp_path: Path, text: str, name: str = "d.yaml") -> list[str]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InvalidDataset) as caught:
        load_dataset(path)
    return [str(problem) for problem in caught.value.problems]


def test_a_field_given_twice_is_named_and_its_last_value_still_checked(tmp_path: Path) -> None:
    text = HEAD + RELATIONSHIP + "    confidence: 0.5\n    confidence: 1.5\n"
    assert problems_of(tmp_path, text) == [
        "relationships[0] (id 'r1'): confidence: is given twice in this record; keep one",
        "relationships[0] (id 'r1'): confidence: confidence must be between 0 and 1, got 1.5",
    ]


def test_a_field_of_an_evidence_item_or_a_source_given_twice_is_named(tmp_path: Path) -> None:
    text = (
        (HEAD + RELATIONSHIP)
        .replace("{id: nbc, publisher: NBC News}", "{id: nbc, publisher: NBC, publisher: NBC News}")
        .replace("quote: took off from Iran}", "quote: took off, quote: from Iran}")
    )
    assert problems_of(tmp_path, text) == [
        "sources[0] (id 'nbc'): publisher: is given twice in this record; keep one",
        "relationships[0] (id 'r1'): evidence[0].quote: is given twice in this record; keep one",
    ]


def test_a_section_given_twice_is_named(tmp_path: Path) -> None:
    text = HEAD + RELATIONSHIP + "actors: []\n"
    found = problems_of(tmp_path, text)
    assert found[0] == "dataset: actors: is given twice in the file; keep one"
    # The last list is the one read: the relationship's actors are then unknown.
    assert "relationships[0] (id 'r1'): source: unknown actor key 'iran'" in found


def test_validate_lists_a_key_given_twice_with_every_other_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "d.yaml"
    text = HEAD + RELATIONSHIP + "    relation: HOSTZ\n    date: 2016-13-45\n"
    path.write_text(text, encoding="utf-8")
    assert main(["validate", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.splitlines()[1:] == [
        "  - relationships[0] (id 'r1'): relation: is given twice in this record; keep one",
        "  - relationships[0] (id 'r1'): relation: 'HOSTZ' is not one of SUPPORTS, HOSTS, "
        "ALLIED_WITH, COOPERATES_WITH, NEGOTIATES_WITH, MEETS, ATTACKS, OPPOSES, MEMBER_OF, "
        "LEADS, PART_OF",
        "  - relationships[0] (id 'r1'): date: '2016-13-45' is not a date (YYYY-MM-DD)",
    ]


def test_keys_merged_from_an_anchor_are_no_keys_given_twice(tmp_path: Path) -> None:
    path = tmp_path / "merged.yaml"
    text = (
        HEAD
        + "relationships:\n"
        + "  - &base {id: r1, relation: HOSTS, source: iran, target: russia,\n"
        + "           evidence: [{source: nbc, quote: took off from Iran}]}\n"
        + "  - {<<: *base, id: r2, relation: COOPERATES_WITH}\n"
    )
    path.write_text(text, encoding="utf-8")
    dataset = load_dataset(path)
    assert [(r.id, r.relation.value) for r in dataset.relationships] == [
        ("r1", "HOSTS"),
        ("r2", "COOPERATES_WITH"),
    ]


def test_a_json_key_given_twice_keeps_its_last_value_as_json_readers_do(tmp_path: Path) -> None:
    # JSON leaves repeated names to the reader; every reader here keeps the last, quick or not.
    path = tmp_path / "d.json"
    path.write_text(
        '{"sources": [{"id": "nbc", "publisher": "NBC", "publisher": "NBC News"}],'
        ' "actors": [], "relationships": []}',
        encoding="utf-8",
    )
    assert [s.publisher for s in load_dataset(path).sources] == ["NBC News"]


def test_validate_import_and_serve_give_one_clear_list_in_real_processes(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    bad = "    relation: HOSTZ\n    confidence: 1.5\n    date: 2016-13-45\n    date: 2016-08-16\n"
    path.write_text(HEAD + RELATIONSHIP + bad, encoding="utf-8")
    expected = [
        "  - relationships[0] (id 'r1'): relation: is given twice in this record; keep one",
        "  - relationships[0] (id 'r1'): date: is given twice in this record; keep one",
        "  - relationships[0] (id 'r1'): relation: 'HOSTZ' is not one of SUPPORTS, HOSTS, "
        "ALLIED_WITH, COOPERATES_WITH, NEGOTIATES_WITH, MEETS, ATTACKS, OPPOSES, MEMBER_OF, "
        "LEADS, PART_OF",
        "  - relationships[0] (id 'r1'): confidence: confidence must be between 0 and 1, got 1.5",
    ]
    store = tmp_path / "g.sqlite3"
    for argv in (
        ["validate", str(path)],
        ["import", str(path), "--data", str(store)],
        ["serve", "--seed", str(path), "--port", "0"],
        ["serve", "--seed", str(path), "--port", "0", "--data", str(store), "--workers", "2"],
    ):
        done = subprocess.run(
            [sys.executable, "-m", "schema.cli", *argv],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 1, argv
        assert "Traceback" not in done.stderr, argv
        lines = done.stderr.splitlines()
        header = next(i for i, line in enumerate(lines) if "dataset has 4 problem(s):" in line)
        assert lines[header + 1 :] == expected, argv
    assert not store.exists()  # nothing was created or changed
