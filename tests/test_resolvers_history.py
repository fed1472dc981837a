from __future__ import annotations

from pathlib import Path

from benchmarks.generate import generate_dataset
from tests.writes import ANN, gql, writable_app

HISTORY = """
query H($first: Int, $after: String) {
  history(first: $first, after: $after) {
    totalCount
    edges { cursor node { version at author operation actorKeys relationshipId before after } }
    pageInfo { hasNextPage endCursor }
  }
}
"""

COUNTS = """{ history(first: 1) { edges { node { counts {
  written { sources actors relationships } replaced { relationships } } } } } }"""


def test_history_starts_with_the_seed_import(tmp_path: Path) -> None:
    with writable_app(tmp_path / "g.sqlite3") as (client, _):
        page = gql(client, HISTORY)["data"]["history"]
        assert page["totalCount"] == 1
        [seed] = [e["node"] for e in page["edges"]]
        assert (seed["version"], seed["author"], seed["operation"]) == (1, "seed", "IMPORT")
        assert (seed["before"], seed["after"]) == (None, None)  # its records come in pages


def test_an_import_of_thousands_is_listed_in_a_small_answer_with_counts(tmp_path: Path) -> None:
    big = generate_dataset(200, 5_000, seed=3)
    with writable_app(tmp_path / "g.sqlite3") as (client, editor):
        editor.import_dataset(big, "ann")
        response = client.post("/graphql", json={"query": HISTORY})
        # the entries and their actor keys, not the 5,000 records (2 MB as JSON)
        assert len(response.content) < 10_000
        (entry, _) = [e["node"] for e in response.json()["data"]["history"]["edges"]]
        assert (entry["operation"], entry["before"], entry["after"]) == ("IMPORT", None, None)
        counts = gql(client, COUNTS)["data"]["history"]["edges"][0]["node"]["counts"]
        assert counts["written"] == {
            "sources": len(big.sources),
            "actors": 200,
            "relationships": 5_000,
        }
        assert counts["replaced"]["relationships"] >= 30  # the seed's
        listing = client.post(
            "/graphql",
            json={"query": "{ history { edges { node { version operation author } } } }"},
        )
        assert len(listing.content) < 300


def test_history_is_newest_first_with_before_and_after(tmp_path: Path) -> None:
    with writable_app(tmp_path / "g.sqlite3") as (client, _):
        gql(client, 'mutation { updateActor(key: "iran", input: {iso3: "IRX"}) { key } }', ANN)
        gql(
            client,
            'mutation { removeRelationship(id: "putin-meets-rouhani-2016-08-08") { version } }',
            ANN,
        )
        nodes = [e["node"] for e in gql(client, HISTORY)["data"]["history"]["edges"]]
        assert [n["version"] for n in nodes] == [3, 2, 1]
        removal, update = nodes[0], nodes[1]
        assert removal["operation"] == "REMOVE_RELATIONSHIP"
        assert removal["relationshipId"] == "putin-meets-rouhani-2016-08-08"
        assert set(removal["actorKeys"]) == {"putin", "rouhani"}
        assert removal["after"] is None
        assert removal["before"]["relationships"][0]["relation"] == "MEETS"
        assert update["before"]["actors"][0]["iso3"] == "IRN"
        assert update["after"]["actors"][0]["iso3"] == "IRX"
        assert update["at"].endswith("+00:00")


def test_history_pages_follow_the_cursor(tmp_path: Path) -> None:
    with writable_app(tmp_path / "g.sqlite3") as (client, _):
        for name in ("A", "B", "C"):
            gql(
                client,
                'mutation($n: String!) { updateActor(key: "us", input: {name: $n}) { key } }',
                ANN,
                n=name,
            )
        first = gql(client, HISTORY, first=2)["data"]["history"]
        assert [e["node"]["version"] for e in first["edges"]] == [4, 3]
        assert first["pageInfo"]["hasNextPage"] is True
        rest = gql(client, HISTORY, first=2, after=first["pageInfo"]["endCursor"])
        page = rest["data"]["history"]
        assert [e["node"]["version"] for e in page["edges"]] == [2, 1]
        assert page["pageInfo"]["hasNextPage"] is False


def test_history_rejects_bad_cursor_and_page_size(tmp_path: Path) -> None:
    with writable_app(tmp_path / "g.sqlite3") as (client, _):
        body = gql(client, HISTORY, after="garbage")
        assert body["errors"][0]["extensions"]["code"] == "BAD_CURSOR"
        body = gql(client, HISTORY, first=500)
        assert body["errors"][0]["extensions"]["code"] == "BAD_PAGE_SIZE"


def test_graph_version_grows_by_one_per_change(tmp_path: Path) -> None:
    with writable_app(tmp_path / "g.sqlite3") as (client, _):
        versions = [gql(client, "{ graphVersion }")["data"]["graphVersion"]]
        for _ in range(3):
            gql(client, 'mutation { updateActor(key: "us", input: {name: "US"}) { key } }', ANN)
            versions.append(gql(client, "{ graphVersion }")["data"]["graphVersion"])
        assert versions == [1, 2, 3, 4]
