from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx2
import pytest

from schema.cli import main
from schema.schema import schema
from tests.servers import running_server


def test_validate_accepts_the_shipped_seed(capsys: pytest.CaptureFixture[str]) -> None:
    from graph import seed_path

    assert main(["validate", str(seed_path())]) == 0
    assert "ok:" in capsys.readouterr().out


def test_validate_rejects_a_bad_file_naming_record_and_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps({"actors": [{"key": "x", "name": "X", "kind": "PLANET"}]}), encoding="utf-8"
    )
    assert main(["validate", str(bad)]) == 1
    assert "actors[0] (key 'x'): kind: 'PLANET'" in capsys.readouterr().err


def test_validate_reports_a_missing_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", str(tmp_path / "nope.yaml")]) == 2
    assert "cannot read" in capsys.readouterr().err


SEVEN_PROBLEMS = """
sources:
- {id: nbc, publisher: NBC News}
actors:
- {key: russia, name: Russia, kind: STATE}
- {key: russia, name: Russian Federation, kind: EMPIRE}
- {key: isis, name: ISIS, kind: ARMED_GROUP}
relationships:
- id: r1
  relation: HOSTZ
  source: russia
  target: atlantis
  confidence: 1.5
  evidence:
  - {source: nbc, quote: ""}
  - {source: cnn, quote: airstrikes}
"""


def test_validate_reports_every_problem_of_every_record_in_one_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "seven.yaml"
    path.write_text(SEVEN_PROBLEMS, encoding="utf-8")
    assert main(["validate", str(path)]) == 1
    first, *lines = capsys.readouterr().err.splitlines()
    assert first == f"{path}: dataset has 7 problem(s):"
    assert sorted(line.split(": ")[:2] for line in lines) == [
        ["  - actors[1] (key 'russia')", "key"],
        ["  - actors[1] (key 'russia')", "kind"],
        ["  - relationships[0] (id 'r1')", "confidence"],
        ["  - relationships[0] (id 'r1')", "evidence[0].quote"],
        ["  - relationships[0] (id 'r1')", "evidence[1].source"],
        ["  - relationships[0] (id 'r1')", "relation"],
        ["  - relationships[0] (id 'r1')", "target"],
    ]


IMPOSSIBLE_DATE = """
sources: [{id: nbc, publisher: NBC News}]
actors: [{key: russia, name: Russia, kind: STATE}, {key: isis, name: ISIS, kind: ARMED_GROUP}]
relationships:
- {id: r1, relation: ATTACKS, source: russia, target: isis, date: 2016-13-45,
   evidence: [{source: nbc, quote: airstrikes}]}
"""
IMPOSSIBLE_DATE_PROBLEM = "relationships[0] (id 'r1'): date: '2016-13-45' is not a date"


def test_validate_names_the_record_and_field_of_an_impossible_yaml_date(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "impossible.yaml"
    path.write_text(IMPOSSIBLE_DATE, encoding="utf-8")
    assert main(["validate", str(path)]) == 1
    err = capsys.readouterr().err
    assert f"  - {IMPOSSIBLE_DATE_PROBLEM} (YYYY-MM-DD)\n" in err
    assert "Traceback" not in err


def test_import_and_serve_refuse_an_impossible_yaml_date_with_a_message(tmp_path: Path) -> None:
    path = tmp_path / "impossible.yaml"
    path.write_text(IMPOSSIBLE_DATE, encoding="utf-8")
    for argv in (
        ["import", str(path), "--data", str(tmp_path / "g.sqlite3")],
        ["serve", "--seed", str(path), "--port", "0"],
    ):
        with pytest.raises(SystemExit) as caught:
            main(argv)
        assert IMPOSSIBLE_DATE_PROBLEM in str(caught.value.code)


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("latin1.yaml", "actors: [{name: Th\u00e9}]".encode("latin-1"), "is not UTF-8 text"),
        ("bad.yaml", b"actors: [", "cannot be parsed"),
        ("bad.json", b"{nope", "cannot be parsed"),
        ("list.json", b"[1, 2]", "must be a mapping"),
        ("empty.yaml", b"", "must be a mapping"),
    ],
)
def test_validate_exits_2_for_a_file_that_is_no_dataset(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, data: bytes, reason: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    assert main(["validate", str(path)]) == 2
    assert capsys.readouterr().err.startswith(f"{path}: {reason}")


def test_schema_prints_the_sdl(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    assert capsys.readouterr().out == schema.as_str() + "\n"


def test_serve_help_names_the_environment_fallbacks(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["serve", "--help"])
    out = capsys.readouterr().out
    for variable in ("ALLIANCE_GRAPH_HOST", "ALLIANCE_GRAPH_PORT", "ALLIANCE_GRAPH_SEED"):
        assert variable in out


@pytest.fixture
def server() -> Iterator[str]:
    with running_server() as base:
        yield base


def test_serve_answers_graphql_over_real_http(server: str) -> None:
    response = httpx2.post(
        f"{server}/graphql",
        json={"query": '{ actors(search: "tehran") { edges { node { key } } } }'},
        timeout=5,
    )
    assert response.json() == {"data": {"actors": {"edges": [{"node": {"key": "iran"}}]}}}
    health = httpx2.get(f"{server}/healthz", timeout=5).json()
    assert health["actors"] >= 8


def test_serve_refuses_a_bad_port(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["serve", "--port", "99999"])
    assert "port must be between 0 and 65535" in capsys.readouterr().err


def test_serve_refuses_an_invalid_seed_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("actors: [{key: x, name: X, kind: PLANET}]\n", encoding="utf-8")
    with pytest.raises(SystemExit) as caught:
        main(["serve", "--seed", str(bad)])
    assert "PLANET" in str(caught.value.code)
