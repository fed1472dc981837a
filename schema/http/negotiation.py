"""GraphQL-over-HTTP content negotiation: ``application/graphql-response+json`` or JSON.

With the newer media type, a request that never reached execution (it did not parse, did not
validate, or its variables did not coerce) is answered with 400 and no ``data`` entry; with
``application/json`` it is a 200 carrying the errors, as legacy clients expect.

>>> prefers_graphql_response("application/graphql-response+json, application/json;q=0.9")
True
>>> prefers_graphql_response("application/json"), prefers_graphql_response(None)
(False, False)

A repeated ``Accept`` or ``Content-Type`` header counts by its first value, as in Starlette's
``Request.headers`` (:mod:`schema.http.headers`).
"""

from __future__ import annotations

from strawberry.http.parse_content_type import parse_content_type
from strawberry.types import ExecutionResult

__all__ = ["GRAPHQL_RESPONSE_JSON", "posts_json", "prefers_graphql_response", "request_failed"]

GRAPHQL_RESPONSE_JSON = "application/graphql-response+json"


def _weights(accept: str) -> dict[str, float]:
    weights: dict[str, float] = {}
    for part in accept.split(","):
        media, *params = (p.strip() for p in part.split(";"))
        weight = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip() == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        if media:
            weights[media.lower()] = max(weight, weights.get(media.lower(), 0.0))
    return weights


def prefers_graphql_response(accept: str | None) -> bool:
    """Whether ``accept`` ranks the GraphQL response type at least as high as plain JSON."""
    if not accept:
        return False
    weights = _weights(accept)
    ours = weights.get(GRAPHQL_RESPONSE_JSON, 0.0)
    plain = max(weights.get("application/json", 0.0), weights.get("*/*", 0.0) * 0.999)
    return ours > 0 and ours >= plain


def posts_json(content_type: str) -> bool:
    """Whether strawberry reads a POST body with this ``Content-Type`` as JSON: by its own
    parse of the header, the media type alone, parameters set aside.

    >>> posts_json("application/json; charset=utf-8"), posts_json("text/plain; x=application/json")
    (True, False)
    """
    media_type, _ = parse_content_type(content_type)
    return "application/json" in media_type


def request_failed(result: ExecutionResult) -> bool:
    """Whether the operation failed before execution (parse, validation, variables)."""
    errors = result.errors or []
    return result.data is None and bool(errors) and all(e.path is None for e in errors)
