"""Automatic persisted queries, Apollo's protocol version 1.

A client sends ``extensions.persistedQuery: {"version": 1, "sha256Hash": ...}`` and no
``query``. A hash this server remembers is answered as if the query had been sent; an unknown
one gets the error Apollo's link is built around (``PersistedQueryNotFound``, code
``PERSISTED_QUERY_NOT_FOUND``, HTTP 200), and the link sends the query again with its hash,
which is checked (``sha256(query)``, else 400 ``PERSISTED_QUERY_HASH_MISMATCH``), remembered
and executed. A GET carrying only the hash is answered like any GET query: from the response
cache, with an ETag, so a CDN can keep it (:mod:`schema.http.response_cache`).

This middleware stands in front of everything else at ``/graphql``: it puts the remembered
query into the request (the GET query string or the POST body) and hands it on, so idempotency
keys, the response cache and strawberry see an ordinary request. A request that does not
mention ``persistedQuery`` passes untouched after one byte search.

What is remembered, and where (each process's cache in front of the store that ``--data``
names, shared by every worker and replica), is :mod:`schema.http.operations.registered`'s.
A hash-only request whose hash this process knows never waits for the store.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import parse_qsl, urlencode

from starlette.types import ASGIApp, Receive, Scope, Send

from schema.http.counters import count_error
from schema.http.guard import read_body, replaying
from schema.http.headers import header
from schema.http.negotiation import GRAPHQL_RESPONSE_JSON, prefers_graphql_response
from schema.http.operations.registered import PersistedQueries, sha256_of

__all__ = [
    "AutomaticPersistedQueries",
    "PersistedQueries",
    "PersistedQueryRefused",
    "sha256_of",
    "unknown_persisted_query",
]

VERSION = 1
MARK = b"persistedQuery"
REWRITTEN_GETS = 1024
"""Hash-only GET query strings kept with their rewritten form (all forgotten when full)..."""
REWRITTEN_BYTES = 16_384
"""... each pair at most this long, so they hold at most 16 MiB together."""
_HASH = re.compile(r"[0-9a-fA-F]{64}")


class PersistedQueryRefused(Exception):
    """A ``persistedQuery`` extension this server cannot honour: a 400 naming why."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.code = code


class _NotFound(Exception):
    pass


def unknown_persisted_query() -> dict[str, Any]:
    """The error Apollo's link waits for, to send the query with its hash."""
    return {
        "message": "PersistedQueryNotFound",
        "extensions": {"code": "PERSISTED_QUERY_NOT_FOUND"},
    }


async def _resolved(operation: Any, queries: PersistedQueries) -> str | None:
    """The query text ``operation`` stands for when it is hash-only and known; ``None`` when
    it needs nothing (no extension, or a query sent with its hash, now checked and kept)."""
    persisted = _persisted(operation)
    if persisted is None:
        return None
    sha256, query = persisted
    if query is not None:
        await queries.register(sha256, query)
        return None
    known = await queries.find(sha256)
    if known is None:
        raise _NotFound
    return known


def _persisted(operation: Any) -> tuple[str, str | None] | None:
    """The hash ``operation``'s extension names, checked, and the query sent with it (``None``
    when hash-only); ``None`` when there is nothing to do."""
    if not isinstance(operation, dict):
        return None
    extensions = operation.get("extensions")
    if not isinstance(extensions, dict) or "persistedQuery" not in extensions:
        return None
    persisted = extensions["persistedQuery"]
    if not isinstance(persisted, dict):
        raise PersistedQueryRefused(
            "extensions.persistedQuery must be an object {version, sha256Hash}",
            "BAD_PERSISTED_QUERY",
        )
    version = persisted.get("version")
    if version != VERSION:
        raise PersistedQueryRefused(
            f"persistedQuery version {version!r} is not supported: this server speaks "
            f"Apollo's automatic persisted queries version {VERSION}",
            "PERSISTED_QUERY_VERSION_NOT_SUPPORTED",
        )
    sha256 = persisted.get("sha256Hash")
    if not isinstance(sha256, str) or not _HASH.fullmatch(sha256):
        raise PersistedQueryRefused(
            "persistedQuery.sha256Hash must be 64 hexadecimal digits, the sha256 of the query",
            "BAD_PERSISTED_QUERY",
        )
    sha256 = sha256.lower()
    query = operation.get("query")
    if isinstance(query, str):
        actual = sha256_of(query)
        if actual != sha256:
            raise PersistedQueryRefused(
                f"persistedQuery.sha256Hash {sha256} is not the sha256 of the query "
                f"sent with it ({actual})",
                "PERSISTED_QUERY_HASH_MISMATCH",
            )
        return sha256, query
    if query is not None:
        return None  # a query that is not a string: strawberry's own 400 names it
    return sha256, None


class AutomaticPersistedQueries:
    """ASGI middleware in front of the GraphQL endpoint; see the module's notes."""

    def __init__(self, app: ASGIApp, queries: PersistedQueries) -> None:
        self.app = app
        self.queries = queries
        # Hash-only GETs as they came, each with its query string holding the query: a hash
        # stands for one text forever, so a repeated GET (a CDN revalidating) skips the work.
        self._rewritten: dict[bytes, bytes] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        method = scope.get("method")
        if scope["type"] != "http" or method not in ("GET", "POST"):
            await self.app(scope, receive, send)
            return
        accept = header(scope, b"accept")
        try:
            if method == "GET":
                if MARK in scope["query_string"]:
                    scope = await self._get(scope)
            else:
                body = await read_body(receive)
                if MARK in body:
                    body, scope = await self._post(body, scope)
                receive = replaying(body)
        except _NotFound:
            count_error("PERSISTED_QUERY_NOT_FOUND")
            await _answer(send, 200, {"errors": [unknown_persisted_query()]}, accept)
            return
        except PersistedQueryRefused as refused:
            count_error(refused.code)
            error = {"message": str(refused), "extensions": {"code": refused.code}}
            await _answer(send, 400, {"errors": [error]}, accept)
            return
        await self.app(scope, receive, send)

    async def _get(self, scope: Scope) -> Scope:
        raw = scope["query_string"]
        known = self._rewritten.get(raw)
        if known is not None:
            return {**scope, "query_string": known}
        params = dict(parse_qsl(raw.decode("latin-1"), keep_blank_values=True))
        try:
            extensions = json.loads(params.get("extensions") or "null")
        except ValueError:
            return scope  # strawberry's own 400 names it
        query = await _resolved({**params, "extensions": extensions}, self.queries)
        if query is None:
            return scope
        # The remembered query goes first, so that equal requests give equal query strings
        # (the response cache keys on them).
        rewritten = urlencode({"query": query, **params}).encode("latin-1", "replace")
        if len(rewritten) + len(raw) <= REWRITTEN_BYTES:
            if len(self._rewritten) >= REWRITTEN_GETS:
                self._rewritten.clear()
            self._rewritten[raw] = rewritten
        return {**scope, "query_string": rewritten}

    async def _post(self, body: bytes, scope: Scope) -> tuple[bytes, Scope]:
        try:
            data = json.loads(body)
        except ValueError:
            return body, scope  # strawberry's own 400 names it
        if isinstance(data, list):
            changed = False
            for index, operation in enumerate(data):
                try:
                    query = await _resolved(operation, self.queries)
                except _NotFound:
                    continue  # that member alone is answered PersistedQueryNotFound
                except PersistedQueryRefused as refused:
                    raise PersistedQueryRefused(
                        f"operation {index} of the batch: {refused}", refused.code
                    ) from None
                if query is not None:
                    data[index] = {**operation, "query": query}
                    changed = True
            if not changed:
                return body, scope
        else:
            query = await _resolved(data, self.queries)
            if query is None:
                return body, scope
            data = {**data, "query": query}
        body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
        headers = [(k, v) for k, v in scope["headers"] if k != b"content-length"]
        headers.append((b"content-length", str(len(body)).encode()))
        return body, {**scope, "headers": headers}


async def _answer(send: Send, status: int, payload: dict[str, Any], accept: str) -> None:
    media = GRAPHQL_RESPONSE_JSON if prefers_graphql_response(accept) else "application/json"
    body = json.dumps(payload).encode()
    headers = [
        (b"content-type", f"{media}; charset=utf-8".encode()),
        (b"content-length", str(len(body)).encode()),
        (b"cache-control", b"no-store"),
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
