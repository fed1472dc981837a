from __future__ import annotations

from typing import Any

from tests.conftest import Run

ACTORS = """
query Actors($kind: ActorKind, $search: String, $first: Int, $after: String) {
  actors(kind: $kind, search: $search, first: $first, after: $after) {
    totalCount
    edges { cursor node { key kind } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}
"""


def keys(connection: dict[str, Any]) -> list[str]:
    return [edge["node"]["key"] for edge in connection["edges"]]


def test_search_finds_governments_by_capital_ignoring_case(run: Run) -> None:
    for capital, key in (("moscow", "russia"), ("TEHRAN", "iran"), ("Washington", "us")):
        assert keys(run(ACTORS, search=capital)["actors"]) == [key]


def test_search_finds_armed_groups_by_other_names(run: Run) -> None:
    assert keys(run(ACTORS, search="daesh")["actors"]) == ["isis"]
    assert keys(run(ACTORS, search="jabhat al-nusra")["actors"]) == ["nusra"]


def test_kind_filter(run: Run) -> None:
    states = run(ACTORS, kind="STATE", first=100)["actors"]
    assert set(keys(states)) == {"russia", "iran", "iraq", "syria", "us"}
    assert {edge["node"]["kind"] for edge in states["edges"]} == {"STATE"}


def test_pages_cover_every_actor_once_in_key_order(run: Run) -> None:
    everyone = run(ACTORS, first=100)["actors"]
    seen: list[str] = []
    after = None
    while True:
        page = run(ACTORS, first=3, after=after)["actors"]
        assert page["totalCount"] == everyone["totalCount"]
        seen += keys(page)
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == keys(everyone) == sorted(seen)


def test_second_page_reports_a_previous_page(run: Run) -> None:
    first = run(ACTORS, first=2)["actors"]
    assert first["pageInfo"]["hasPreviousPage"] is False
    second = run(ACTORS, first=2, after=first["pageInfo"]["endCursor"])["actors"]
    assert second["pageInfo"]["hasPreviousPage"] is True
    assert second["pageInfo"]["startCursor"] == second["edges"][0]["cursor"]


def test_first_zero_gives_only_the_count(run: Run) -> None:
    page = run(ACTORS, first=0)["actors"]
    assert page["edges"] == []
    assert page["totalCount"] >= 8


def test_first_above_maximum_is_an_error_not_a_clamp(run: Run) -> None:
    [error] = run.errors(ACTORS, first=101)
    assert error["message"] == "first must be between 0 and 100, got 101"
    assert error["extensions"]["code"] == "BAD_PAGE_SIZE"


def test_negative_first_is_an_error(run: Run) -> None:
    [error] = run.errors(ACTORS, first=-1)
    assert error["extensions"]["code"] == "BAD_PAGE_SIZE"


def test_malformed_cursor_is_an_error(run: Run) -> None:
    [error] = run.errors(ACTORS, after="not-a-cursor")
    assert "malformed cursor" in error["message"]
    assert error["extensions"]["code"] == "BAD_CURSOR"


def test_bad_enum_is_a_user_error(run: Run) -> None:
    [error] = run.errors(ACTORS, kind="PLANET")
    assert "PLANET" in error["message"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
