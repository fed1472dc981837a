"""The review queue over real ``serve`` processes sharing one store (an SQLite file, a
PostgreSQL database): proposed at one, listed and accepted at the other, seen by both."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import httpx2
import pytest

from tests.ingest_articles import ARTICLES
from tests.servers import running_server
from tests.writes import open_editor

TOKEN = "ann=s3cret"
AUTH = {"authorization": "Bearer s3cret"}
TEXT = (ARTICLES / "turkey-jet-2015.txt").read_text(encoding="utf-8")
SOURCE = {"id": "wire-2015-11-24", "publisher": "Test Wire", "published": "2015-11-26"}
PROPOSE = """mutation ($input: ArticleInput!) {
  proposeRelationships(input: $input) { id proposals { id source { key proposedNew } } }
}"""
LIST = """query ($s: ProposalStatus) {
  proposals(status: $s, first: 100) { edges { node { id status decidedBy } } }
}"""
ACCEPT = "mutation ($id: ID!) { acceptProposal(id: $id) { key source { key } } }"
RELATIONSHIP = "query ($id: ID!) { node(id: $id) { ... on Relationship { key source { key } } } }"


def post(base: str, query: str, headers: dict[str, str] | None = None, **variables: Any) -> Any:
    body = {"query": query, "variables": variables}
    answer = httpx2.post(f"{base}/graphql", json=body, headers=headers or {}, timeout=30)
    assert answer.status_code == 200, answer.text
    return answer


@pytest.fixture(params=["sqlite", "postgresql"])
def replicas(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, str]]:
    data = (
        str(tmp_path / "shared.sqlite3")
        if request.param == "sqlite"
        else str(request.getfixturevalue("postgres_url"))
    )
    open_editor(data).close()
    with ExitStack() as stack:
        one = stack.enter_context(running_server("--data", data, "--token", TOKEN))
        two = stack.enter_context(running_server("--data", data, "--token", TOKEN))
        yield one, two


def test_proposed_at_one_replica_accepted_at_the_other_and_seen_by_both(
    replicas: tuple[str, str],
) -> None:
    one, two = replicas
    filed = post(one, PROPOSE, AUTH, input={"text": TEXT, "source": SOURCE}).json()
    batch = filed["data"]["proposeRelationships"]
    listed = post(two, LIST).json()["data"]["proposals"]["edges"]
    assert [e["node"]["id"] for e in listed] == [p["id"] for p in batch["proposals"]]

    chosen = next(p for p in batch["proposals"] if p["source"]["proposedNew"])
    accepted = post(two, ACCEPT, AUTH, id=chosen["id"])
    rel = accepted.json()["data"]["acceptProposal"]
    version = accepted.headers["x-graph-version"]
    for base in (one, two):
        wait = {"x-min-graph-version": version}
        seen = post(base, RELATIONSHIP, wait, id=f"Relationship:{rel['key']}").json()
        assert seen["data"]["node"]["source"]["key"] == chosen["source"]["key"]
        done = post(base, LIST, s="ACCEPTED").json()["data"]["proposals"]["edges"]
        assert [e["node"] for e in done] == [
            {"id": chosen["id"], "status": "ACCEPTED", "decidedBy": "ann"}
        ]
    # Proposed again at the other replica: the same batch, nothing filed twice.
    again = post(two, PROPOSE, AUTH, input={"text": TEXT, "source": SOURCE}).json()
    assert again["data"]["proposeRelationships"]["id"] == batch["id"]
    pending = post(one, LIST).json()["data"]["proposals"]["edges"]
    assert len(pending) == len(batch["proposals"]) - 1
    # Accepted at one replica, the same proposal cannot be accepted at the other.
    refused = post(one, ACCEPT, AUTH, id=chosen["id"]).json()
    assert refused["errors"][0]["extensions"]["code"] == "PROPOSAL_NOT_PENDING"
