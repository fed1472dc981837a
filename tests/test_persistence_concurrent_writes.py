from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx2

from tests.servers import running_server
from tests.writes import open_editor

MUTATION = """
mutation($input: RelationshipInput!) { addRelationship(input: $input) { key } }
"""
CLIENTS = 4
WRITES_EACH = 15


def write_batch(base: str, client_no: int) -> list[str]:
    done = []
    with httpx2.Client(base_url=base, timeout=10) as http:
        for i in range(WRITES_EACH):
            relation = {
                "relation": "MEETS",
                "source": "putin",
                "target": "rouhani",
                "date": f"2016-09-{i + 1:02d}",
                "evidence": [{"source": "nbc-2016-08-16", "quote": f"meeting {client_no}/{i}"}],
            }
            response = http.post(
                "/graphql",
                json={"query": MUTATION, "variables": {"input": relation}},
                headers={"authorization": "Bearer w-secret"},
            )
            body = response.json()
            assert "errors" not in body, body
            done.append(body["data"]["addRelationship"]["key"])
    return done


def test_concurrent_writes_from_several_clients_all_land_once(tmp_path: Path) -> None:
    data = tmp_path / "g.sqlite3"
    with running_server("--data", str(data), "--token", "writer=w-secret") as base:
        with ThreadPoolExecutor(CLIENTS) as pool:
            keys = [
                k
                for batch in pool.map(write_batch, [base] * CLIENTS, range(CLIENTS))
                for k in batch
            ]
        health = httpx2.get(f"{base}/healthz").json()
    # Same date from every client: ids are generated with suffixes, never reused.
    assert len(keys) == len(set(keys)) == CLIENTS * WRITES_EACH
    editor = open_editor(data)
    try:
        assert editor.graph.version == 1 + CLIENTS * WRITES_EACH == health["version"]
        quotes = [
            r.evidence[0].quote
            for r in editor.graph.relationships()
            if r.evidence[0].quote.startswith("meeting ")
        ]
        assert sorted(quotes) == sorted(
            f"meeting {c}/{i}" for c in range(CLIENTS) for i in range(WRITES_EACH)
        )
        assert editor.history_count() == 1 + CLIENTS * WRITES_EACH
    finally:
        editor.close()
