from __future__ import annotations

from pathlib import Path

from schema.schema import schema

SDL_FILE = Path(__file__).resolve().parents[1] / "schema.graphql"


def test_committed_sdl_matches_the_schema() -> None:
    # Clients build against schema.graphql; any change to the API must show up in a diff of it.
    # Regenerate with: alliance-graph schema > schema.graphql
    assert SDL_FILE.read_text(encoding="utf-8") == schema.as_str() + "\n"


def test_contract_names_are_in_the_schema() -> None:
    # Compare without line breaks: the printer wraps arguments once they carry descriptions.
    sdl = " ".join(schema.as_str().split())
    for fragment in (
        "actor( key: String!",
        "node(id: ID!): Node",
        "type Actor implements Node",
        "type Relationship implements Node",
        "enum Direction",
        "input RelationshipFilter",
        "totalCount: Int!",
    ):
        assert fragment in sdl
