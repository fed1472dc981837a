from __future__ import annotations

from pathlib import Path

from starlette.testclient import TestClient

from tests.writes import ANN, gql, writable_app

QUERY = '{ actor(key: "us") { name } }'
RENAME = 'mutation($n: String!) { updateActor(key: "us", input: {name: $n}) { name } }'


def test_repeated_query_is_answered_with_the_same_bytes_and_an_etag(client: TestClient) -> None:
    first = client.post("/graphql", json={"query": QUERY})
    again = client.post("/graphql", json={"query": QUERY})
    assert first.content == again.content
    assert first.headers["etag"] == again.headers["etag"]
    assert again.headers["content-type"].startswith("application/json")


def test_get_with_a_matching_etag_is_304(client: TestClient) -> None:
    first = client.get("/graphql", params={"query": QUERY})
    etag = first.headers["etag"]
    again = client.get("/graphql", params={"query": QUERY}, headers={"if-none-match": etag})
    assert again.status_code == 304
    assert again.content == b""
    other = client.get("/graphql", params={"query": QUERY}, headers={"if-none-match": '"x"'})
    assert other.status_code == 200


def test_media_type_and_variables_are_part_of_the_key(client: TestClient) -> None:
    plain = client.post("/graphql", json={"query": QUERY})
    typed = client.post(
        "/graphql", json={"query": QUERY}, headers={"accept": "application/graphql-response+json"}
    )
    assert typed.headers["content-type"].startswith("application/graphql-response+json")
    assert plain.headers["content-type"].startswith("application/json")
    query = "query($k: String!) { actor(key: $k) { name } }"
    iran = client.post("/graphql", json={"query": query, "variables": {"k": "iran"}}).json()
    iraq = client.post("/graphql", json={"query": query, "variables": {"k": "iraq"}}).json()
    assert (iran["data"]["actor"]["name"], iraq["data"]["actor"]["name"]) == ("Iran", "Iraq")


def test_a_write_makes_the_next_read_fresh(tmp_path: Path) -> None:
    with writable_app(tmp_path / "g.sqlite3") as (client, _):
        before = client.get("/graphql", params={"query": QUERY})
        gql(client, RENAME, ANN, n="USA")
        after = client.get(
            "/graphql", params={"query": QUERY}, headers={"if-none-match": before.headers["etag"]}
        )
        assert after.status_code == 200
        assert after.json() == {"data": {"actor": {"name": "USA"}}}


def test_mutations_are_never_replayed(tmp_path: Path) -> None:
    with writable_app(tmp_path / "g.sqlite3") as (client, editor):
        for name in ("One", "One"):
            body = gql(client, RENAME, ANN, n=name)
            assert body == {"data": {"updateActor": {"name": name}}}
        assert editor.history_count() == 3  # seed + two committed renames


def test_errors_are_not_kept(client: TestClient) -> None:
    bad = client.post("/graphql", json={"query": "{ actors(first: 1000) { totalCount } }"})
    assert "etag" not in bad.headers


TYPED = "application/graphql-response+json"


def _post(client: TestClient, headers: list[tuple[str, str]]) -> tuple[int, str]:
    response = client.post(
        "/graphql", content=b'{"query": "{ actor(key: \\"iran\\") { name } }"}', headers=headers
    )
    return response.status_code, response.headers["content-type"].split(";")[0]


def test_a_repeated_accept_header_counts_by_its_first_value_on_hits_and_misses(
    client: TestClient,
) -> None:
    json_type = ("content-type", "application/json")
    typed_first = [json_type, ("accept", TYPED), ("accept", "application/json")]
    plain_first = [json_type, ("accept", "application/json"), ("accept", TYPED)]
    # Asked both ways round, each twice: a miss, then a hit, each in the first Accept's type.
    for _ in range(2):
        assert _post(client, typed_first) == (200, TYPED)
        assert _post(client, plain_first) == (200, "application/json")
    assert _post(client, [json_type]) == (200, "application/json")
    assert _post(client, [json_type, ("accept", TYPED)]) == (200, TYPED)


def test_a_content_type_strawberry_refuses_is_refused_even_after_the_answer_is_cached(
    client: TestClient,
) -> None:
    assert _post(client, [("content-type", "application/json")])[0] == 200  # now cached
    odd = [("content-type", "text/plain; x=application/json")]
    assert _post(client, odd)[0] == 400
    second = [("content-type", "text/plain"), ("content-type", "application/json")]
    assert _post(client, second)[0] == 400
    first_json = [("content-type", "application/json"), ("content-type", "text/plain")]
    assert _post(client, first_json)[0] == 200
