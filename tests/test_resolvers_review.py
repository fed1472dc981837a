"""The review queue through the real app over a real SQLite file: propose from an article, list
the pending proposals, accept (with and without a patch) and reject, and every error."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from graph.ingest import MAX_TEXT_CHARS
from tests.ingest_articles import ARTICLES
from tests.writes import ANN, BOB, gql, writable_app

TEXT = (ARTICLES / "turkey-jet-2015.txt").read_text(encoding="utf-8")
SEED_SOURCE = "nbc-2016-08-16"
SOURCE = {"id": "wire-2015-11-24", "publisher": "Test Wire", "published": "2015-11-26"}

PROPOSE = """mutation ($input: ArticleInput!) {
  proposeRelationships(input: $input) {
    id text source { id key publisher }
    newActors { key name kind actor { key } }
    proposals { id status relation cue quote quoteStart quoteEnd confidence stance date
      source { key proposedNew actor { key } } target { key proposedNew } claimedBy { key } }
  }
}"""
PENDING = """query ($first: Int, $after: String, $status: ProposalStatus, $batch: ID) {
  proposals(first: $first, after: $after, status: $status, batch: $batch) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { id status relation reason decidedBy acceptedVersion relationship { key } } }
  }
}"""
ACCEPT = """mutation ($id: ID!, $patch: RelationshipPatch) {
  acceptProposal(id: $id, patch: $patch) {
    key relation stance source { key name kind } target { key } evidence { quote source { key } }
  }
}"""
REJECT = """mutation ($id: ID!, $reason: String) {
  rejectProposal(id: $id, reason: $reason) { id status reason decidedBy decidedAt }
}"""
VERSION = "{ graphVersion }"


def propose(client: Any, text: str = TEXT, **source: object) -> dict[str, Any]:
    answer = gql(client, PROPOSE, ANN, input={"text": text, "source": {**SOURCE, **source}})
    assert "errors" not in answer, answer
    batch: dict[str, Any] = answer["data"]["proposeRelationships"]
    return batch


def first_with_new_actor(batch: dict[str, Any]) -> dict[str, Any]:
    return next(p for p in batch["proposals"] if p["source"]["proposedNew"])


def error(answer: dict[str, Any]) -> dict[str, Any]:
    assert answer["data"] is None, answer
    (only,) = answer["errors"]
    return {"code": only["extensions"]["code"], "field": only["extensions"].get("field")}


def test_an_article_s_proposals_are_listed_pending_with_verbatim_quotes(tmp_path: Path) -> None:
    with writable_app(tmp_path / "g.sqlite3") as (client, _):
        before = gql(client, VERSION)["data"]["graphVersion"]
        batch = propose(client)
        assert batch["text"] == TEXT
        assert batch["source"] == {
            "id": "Source:wire-2015-11-24", "key": "wire-2015-11-24", "publisher": "Test Wire",
        }  # fmt: skip
        assert {"turkey", "nato"} <= {a["key"] for a in batch["newActors"]}
        assert all(a["actor"] is None for a in batch["newActors"])
        for p in batch["proposals"]:
            assert p["status"] == "PENDING"
            assert TEXT[p["quoteStart"] : p["quoteEnd"]] == p["quote"]
        listed = gql(client, PENDING, first=100)["data"]["proposals"]
        assert listed["totalCount"] == len(batch["proposals"])
        assert [e["node"]["id"] for e in listed["edges"]] == [p["id"] for p in batch["proposals"]]
        # Proposing changes no graph version: it is not a change of the graph.
        assert gql(client, VERSION)["data"]["graphVersion"] == before


def test_the_same_article_proposed_twice_answers_the_first_batch(tmp_path: Path) -> None:
    with writable_app(tmp_path / "g.sqlite3") as (client, _):
        first = propose(client)
        again = gql(
            client, PROPOSE, BOB, input={"text": TEXT, "source": SOURCE}
        )["data"]["proposeRelationships"]  # fmt: skip
        assert again == first
        assert gql(client, PENDING, first=100)["data"]["proposals"]["totalCount"] == len(
            first["proposals"]
        )
        by_author = gql(
            client, "query ($id: ID!) { proposalBatch(id: $id) { proposedBy } }", id=first["id"]
        )
        assert by_author["data"]["proposalBatch"] == {"proposedBy": "ann"}


def test_accepting_records_the_source_new_actors_and_relationship_in_one_change(
    tmp_path: Path,
) -> None:
    with writable_app(tmp_path / "g.sqlite3") as (client, editor):
        batch = propose(client)
        chosen = first_with_new_actor(batch)
        before = editor.graph.version
        answer = gql(client, ACCEPT, BOB, id=chosen["id"])
        assert "errors" not in answer, answer
        rel = answer["data"]["acceptProposal"]
        assert rel["relation"] == chosen["relation"]
        assert rel["source"]["key"] == chosen["source"]["key"]
        assert rel["evidence"] == [{"quote": chosen["quote"], "source": {"key": SOURCE["id"]}}]
        assert editor.graph.version == before + 1
        (change,) = editor.history(first=1)
        assert (change.author, change.operation.value) == ("bob", "ACCEPT_PROPOSAL")
        assert change.after is not None
        assert [s["id"] for s in change.after["sources"]] == [SOURCE["id"]]
        assert chosen["source"]["key"] in [a["key"] for a in change.after["actors"]]
        assert [r["id"] for r in change.after["relationships"]] == [rel["key"]]
        done = gql(client, PENDING, status="ACCEPTED")["data"]["proposals"]["edges"]
        assert [e["node"] for e in done] == [
            {
                "id": chosen["id"], "status": "ACCEPTED", "relation": chosen["relation"],
                "reason": None, "decidedBy": "bob", "acceptedVersion": before + 1,
                "relationship": {"key": rel["key"]},
            }
        ]  # fmt: skip
        # The new actor is the graph's now: the batch's candidate points at it.
        again = gql(
            client,
            "query ($id: ID!) { proposalBatch(id: $id) { newActors { key actor { key } } } }",
            id=batch["id"],
        )
        held = {a["key"]: a["actor"] for a in again["data"]["proposalBatch"]["newActors"]}
        assert held[chosen["source"]["key"]] == {"key": chosen["source"]["key"]}


def test_a_patch_is_applied_over_the_proposal_before_it_is_checked(tmp_path: Path) -> None:
    with writable_app(tmp_path / "g.sqlite3") as (client, editor):
        chosen = first_with_new_actor(propose(client))
        patch = {"relation": "OPPOSES", "stance": "UNCERTAIN", "target": "syria"}
        rel = gql(client, ACCEPT, ANN, id=chosen["id"], patch=patch)["data"]["acceptProposal"]
        assert (rel["relation"], rel["stance"], rel["target"]["key"]) == (
            "OPPOSES", "UNCERTAIN", "syria",
        )  # fmt: skip
        assert rel["key"] == f"{chosen['source']['key']}-opposes-syria-{chosen['date']}"
        assert editor.graph.relationship(rel["key"]) is not None


def test_a_patch_the_rules_refuse_changes_nothing_and_names_its_field(tmp_path: Path) -> None:
    with writable_app(tmp_path / "g.sqlite3") as (client, editor):
        chosen = first_with_new_actor(propose(client))
        before = editor.graph.version
        refused = gql(client, ACCEPT, ANN, id=chosen["id"], patch={"target": "atlantis"})
        assert error(refused) == {"code": "UNKNOWN_ACTOR", "field": "patch.target"}
        assert editor.graph.version == before
        assert editor.graph.actor(chosen["source"]["key"]) is None
        still = gql(client, PENDING, first=100)["data"]["proposals"]["edges"]
        assert chosen["id"] in [e["node"]["id"] for e in still]


def test_a_proposal_is_decided_once(tmp_path: Path) -> None:
    with writable_app(tmp_path / "g.sqlite3") as (client, editor):
        one, two = propose(client)["proposals"][:2]
        assert "errors" not in gql(client, ACCEPT, ANN, id=one["id"])
        again = gql(client, ACCEPT, ANN, id=one["id"])
        assert error(again) == {"code": "PROPOSAL_NOT_PENDING", "field": "id"}
        assert "accepted by ann" in again["errors"][0]["message"]
        assert error(gql(client, REJECT, ANN, id=one["id"]))["code"] == "PROPOSAL_NOT_PENDING"
        before = editor.graph.version
        rejected = gql(client, REJECT, BOB, id=two["id"], reason="  the pilot, not the state  ")
        node = rejected["data"]["rejectProposal"]
        assert (node["status"], node["reason"], node["decidedBy"]) == (
            "REJECTED", "the pilot, not the state", "bob",
        )  # fmt: skip
        assert editor.graph.version == before  # a rejection is no change of the graph
        assert error(gql(client, ACCEPT, ANN, id=two["id"]))["code"] == "PROPOSAL_NOT_PENDING"
        listed = gql(client, PENDING, status="REJECTED")["data"]["proposals"]["edges"]
        assert [e["node"]["reason"] for e in listed] == ["the pilot, not the state"]


def test_unknown_ids_and_bad_cursors_are_clear_errors(tmp_path: Path) -> None:
    with writable_app(tmp_path / "g.sqlite3") as (client, _):
        assert error(gql(client, ACCEPT, ANN, id="p-nothing")) == {
            "code": "UNKNOWN_PROPOSAL", "field": "id",
        }  # fmt: skip
        assert error(gql(client, REJECT, ANN, id="p-nothing"))["code"] == "UNKNOWN_PROPOSAL"
        assert error(gql(client, PENDING, batch="b-nothing")) == {
            "code": "UNKNOWN_PROPOSAL_BATCH", "field": "batch",
        }  # fmt: skip
        assert error(gql(client, PENDING, after="nonsense"))["code"] == "BAD_CURSOR"
        assert error(gql(client, PENDING, first=1000))["code"] == "BAD_PAGE_SIZE"
        nothing = gql(client, '{ proposalBatch(id: "b-nothing") { id } }')
        assert nothing == {"data": {"proposalBatch": None}}


def test_bad_articles_are_refused_naming_the_field(tmp_path: Path) -> None:
    bad, taken = "INVALID_INPUT", "DUPLICATE_KEY"
    cases = [
        ({"text": "   ", "source": SOURCE}, bad, "input.text"),
        ({"text": "x" * (MAX_TEXT_CHARS + 1), "source": SOURCE}, bad, "input.text"),
        ({"text": TEXT, "source": {**SOURCE, "id": "Not A Slug"}}, bad, "input.source.id"),
        ({"text": TEXT, "source": {**SOURCE, "publisher": " "}}, bad, "input.source.publisher"),
        # The seed's source, with other fields than the graph holds.
        ({"text": TEXT, "source": {**SOURCE, "id": SEED_SOURCE}}, taken, "input.source.id"),
    ]  # fmt: skip
    with writable_app(tmp_path / "g.sqlite3") as (client, _):
        for article, code, field in cases:
            assert error(gql(client, PROPOSE, ANN, input=article)) == {"code": code, "field": field}
        unknown = gql(
            client, PROPOSE, ANN, input={"text": TEXT, "source": {**SOURCE, "editor": "x"}}
        )
        assert unknown["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
        assert "editor" in unknown["errors"][0]["message"]
        long_reason = gql(client, REJECT, ANN, id="p-any", reason="x" * 5000)
        assert error(long_reason) == {"code": "INVALID_INPUT", "field": "reason"}
        assert gql(client, PENDING)["data"]["proposals"]["totalCount"] == 0


def test_the_queue_needs_a_token_to_write(tmp_path: Path) -> None:
    with writable_app(tmp_path / "g.sqlite3") as (client, _):
        article = {"text": TEXT, "source": SOURCE}
        assert error(gql(client, PROPOSE, input=article))["code"] == "UNAUTHENTICATED"
        assert error(gql(client, REJECT, id="p-any"))["code"] == "UNAUTHENTICATED"
        assert error(gql(client, ACCEPT, id="p-any"))["code"] == "UNAUTHENTICATED"


def test_pages_of_the_queue_follow_each_other(tmp_path: Path) -> None:
    with writable_app(tmp_path / "g.sqlite3") as (client, _):
        ids = [p["id"] for p in propose(client)["proposals"]]
        seen: list[str] = []
        after = None
        while True:
            page = gql(client, PENDING, first=2, after=after)["data"]["proposals"]
            seen += [e["node"]["id"] for e in page["edges"]]
            if not page["pageInfo"]["hasNextPage"]:
                break
            after = page["pageInfo"]["endCursor"]
        assert seen == ids
        everything = gql(client, PENDING, status=None, first=100)["data"]["proposals"]
        assert everything["totalCount"] == len(ids)


def test_the_queue_outlives_the_server_and_an_older_file_opens(tmp_path: Path) -> None:
    path = tmp_path / "g.sqlite3"
    with writable_app(path) as (client, _):
        ids = [p["id"] for p in propose(client)["proposals"]]
    with writable_app(path) as (client, _):
        listed = gql(client, PENDING, first=100)["data"]["proposals"]["edges"]
        assert [e["node"]["id"] for e in listed] == ids
    with sqlite3.connect(path) as db:  # the file as a version before the queue left it
        db.execute("DROP TABLE proposals")
        db.execute("DROP TABLE proposal_batches")
    with writable_app(path) as (client, _):
        assert gql(client, PENDING)["data"]["proposals"]["totalCount"] == 0
        assert len(propose(client)["proposals"]) == len(ids)


def test_the_pending_list_is_never_answered_from_an_old_cached_answer(tmp_path: Path) -> None:
    # Proposing moves no graph version, which the response cache is keyed on.
    listing = {"query": "{ proposals(first: 100) { totalCount } }"}
    with writable_app(tmp_path / "g.sqlite3") as (client, _):
        assert client.post("/graphql", json=listing).json()["data"]["proposals"]["totalCount"] == 0
        propose(client)
        after = client.post("/graphql", json=listing).json()
        assert after["data"]["proposals"]["totalCount"] > 0
