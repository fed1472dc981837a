"""``Idempotency-Key`` (the IETF httpapi draft's header): a mutation sent again with the same
key and body is answered as the first time, and changes nothing the second time.

Only a POST of one mutation field, bearing a valid write token, takes part: the key of a query
is ignored (a read is safe to repeat), and a write the server refuses anyway (no token, a
read-only server) is refused as without the key. A key is 1 to 255 printable ASCII characters,
bare or quoted (a structured-field string), else 400 ``BAD_IDEMPOTENCY_KEY``; it covers one
mutation field (else 400 ``IDEMPOTENCY_KEY_ONE_MUTATION``). Keys are the author's own (the
token's name) and are remembered for ``--idempotency-hours`` (24 by default).

Before the mutation runs, the store is asked for the key (:mod:`graph.persistence.idempotency`).
Unknown, the mutation runs carrying it (an :class:`Attempt` on the context); the editor stores
the key in the transaction of the change, and this module stores the answer beside it before
sending it. Known with another body: 422 ``IDEMPOTENCY_KEY_REUSED``. Known with this body: the
stored answer, with its ``X-Graph-Version`` and ``Idempotent-Replayed: true``. A retry racing
the first request (at another replica, say) finds the key in the editor's transaction instead,
and is answered the same way. An answer not stored :data:`ANSWER_WAIT_S` after its change was
committed never will be (its server died in between): it is rebuilt from the stored change and
stored, for every later retry. A mutation the rules refuse stores no key: a retry runs again.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import hashlib
import json
import logging
from dataclasses import dataclass
from typing import TypeVar

from graphql import GraphQLError, OperationType, parse
from graphql import language as ql
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from graph.persistence.editor import Committed, Editor
from graph.persistence.edits import Edit
from graph.persistence.idempotency import (
    AlreadyApplied,
    Claim,
    Remembered,
    answer,
    recall,
    recommitted,
)
from graph.persistence.storage import StorageError
from schema.http.auth import Tokens
from schema.http.counters import count_error, mark_operation
from schema.http.guard import read_body, replaying
from schema.http.headers import header
from schema.http.negotiation import GRAPHQL_RESPONSE_JSON, prefers_graphql_response

__all__ = ["ANSWER_WAIT_S", "MAX_KEY_LENGTH", "Attempt", "Idempotency"]

log = logging.getLogger("alliance_graph")
T = TypeVar("T")

HEADER = b"idempotency-key"
REPLAYED = b"idempotent-replayed"
MAX_KEY_LENGTH = 255
ANSWER_WAIT_S = 2.0
"""How long after its change was committed an answer may take to be stored, before a retry
takes its server for dead and rebuilds the answer."""
POLL_S = 0.02


@dataclass
class Attempt:
    """A mutation running with an idempotency key, as its resolver sees it (``Context``)."""

    claim: Claim
    rebuild: int | None = None
    """The version whose change to answer from, instead of committing anything."""
    answered: bool = False
    """Whether the mutation committed (or was rebuilt): the answer is then the key's."""
    taken: bool = False
    """Whether the editor found the key stored by another request meanwhile."""

    async def commit(self, editor: Editor, edit: Edit[T], author: str) -> Committed[T]:
        """Commit ``edit`` with the key, or rebuild what committing it did the first time."""
        if self.rebuild is not None:
            done: Committed[T] = await asyncio.to_thread(recommitted, editor.storage, self.rebuild)
        else:
            try:
                done = await editor.commit_async(edit, author, key=self.claim)
            except AlreadyApplied:
                self.taken = True
                raise
        self.answered = True
        return done


class Idempotency:
    """ASGI middleware in front of the GraphQL endpoint; see the module's notes."""

    def __init__(
        self, app: ASGIApp, editor: Editor, tokens: Tokens, *, hours: float, max_tokens: int
    ) -> None:
        self.app = app
        self.editor = editor
        self.tokens = tokens
        self.retention = dt.timedelta(hours=hours)
        self.max_tokens = max_tokens

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        raw = None
        if scope["type"] == "http" and scope["method"] == "POST":
            raw = next((value for name, value in scope["headers"] if name == HEADER), None)
        if raw is None:  # the hot path: a read
            await self.app(scope, receive, send)
            return
        body = await read_body(receive)
        authorization = header(scope, b"authorization")
        author = self.tokens.author(authorization)
        request = _mutation(body, self.max_tokens)
        if author is None or request is None or request[1] == 0:
            await self.app(scope, replaying(body), send)  # a read, or a write refused anyway
            return
        key = _key(raw)
        if key is None:
            message = f"Idempotency-Key must be 1 to {MAX_KEY_LENGTH} printable ASCII characters"
            await _refuse(send, 400, message, "BAD_IDEMPOTENCY_KEY")
            return
        if request[1] > 1:
            message = "an Idempotency-Key covers one mutation field; send one per request"
            await _refuse(send, 400, message, "IDEMPOTENCY_KEY_ONE_MUTATION")
            return
        claim = Claim(author, key, request[0], dt.datetime.now(dt.UTC) - self.retention)
        found = None
        with contextlib.suppress(StorageError):  # the editor looks again, in its transaction
            found = await asyncio.to_thread(recall, self.editor.storage, claim)
        if found is None:
            attempt = Attempt(claim)
            start, out = await self._run(attempt, scope, body)
            if not attempt.taken:
                if attempt.answered and start["status"] == 200:
                    out = await self._store(claim, out)
                await _send(send, start, out)
                return
        await self._replay(claim, found, scope, body, send)

    async def _replay(
        self, claim: Claim, found: Remembered | None, scope: Scope, body: bytes, send: Send
    ) -> None:
        """Answer a request whose key is stored as it was answered the first time."""
        while True:
            if found is None:
                try:
                    found = await asyncio.to_thread(recall, self.editor.storage, claim)
                except StorageError:
                    log.error("cannot read Idempotency-Key %r", claim.key, exc_info=True)
                    message = "the store cannot be read; this request changed nothing; retry"
                    await _refuse(send, 503, message, "STORAGE_UNAVAILABLE")
                    return
            if found is None:  # it expired the moment it was found: rare, and safe to retry
                message = "the Idempotency-Key was in use a moment ago; retry"
                await _refuse(send, 409, message, "IDEMPOTENCY_KEY_IN_USE")
                return
            if found.request_hash != claim.request_hash:
                message = (
                    f"Idempotency-Key {claim.key!r} was used for another request (version "
                    f"{found.version}); send a new key for a new request"
                )
                await _refuse(send, 422, message, "IDEMPOTENCY_KEY_REUSED")
                return
            if found.response is not None:
                await _replayed(send, scope, found.response.encode(), found.version)
                return
            age = dt.datetime.now(dt.UTC) - found.created_at
            if age.total_seconds() >= ANSWER_WAIT_S:
                break
            await asyncio.sleep(POLL_S)
            found = None
        attempt = Attempt(claim, rebuild=found.version)
        start, out = await self._run(attempt, scope, body)
        if not (attempt.answered and start["status"] == 200):
            await _send(send, start, out)  # no answer to store (the store is down, say)
            return
        await _replayed(send, scope, await self._store(claim, out), found.version)

    async def _run(self, attempt: Attempt, scope: Scope, body: bytes) -> tuple[Message, bytes]:
        """The GraphQL endpoint's answer to ``body``, made with ``attempt`` on its context."""
        scope = {**scope, "state": {**scope.get("state", {}), "idempotency": attempt}}
        start: Message = {"type": "http.response.start", "status": 500, "headers": []}
        chunks: list[bytes] = []

        async def keep(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))

        await self.app(scope, replaying(body), keep)
        return start, b"".join(chunks)

    async def _store(self, claim: Claim, out: bytes) -> bytes:
        """Store ``out`` as the key's answer; the answer stored (another, if one came first)."""
        try:
            stored = await asyncio.to_thread(answer, self.editor.storage, claim, out.decode())
        except StorageError as err:  # a retry will rebuild it
            log.warning("cannot store the answer of Idempotency-Key %r: %s", claim.key, err)
            return out
        return out if stored is None else stored.encode()


def _key(raw: bytes) -> str | None:
    """The key a header value gives (a structured-field string, or bare), if it is sane.

    >>> _key(b'"8e03978e-40d5"'), _key(b"retry-1"), _key(b""), _key(b"x" * 256)
    ('8e03978e-40d5', 'retry-1', None, None)
    """
    text = raw.decode("latin-1").strip()
    if len(text) >= 2 and text[0] == text[-1] == '"':
        text = text[1:-1]
    if not 0 < len(text) <= MAX_KEY_LENGTH or not all(" " <= c <= "~" for c in text):
        return None
    return text


def _mutation(body: bytes, max_tokens: int) -> tuple[str, int] | None:
    """A hash of the request and its count of root fields, if it is one mutation operation."""
    try:
        data = json.loads(body)
    except ValueError:
        return None
    if isinstance(data, list):  # a batch: the key cannot cover its mutations one by one
        members = [json.dumps(member).encode() for member in data]
        return ("batch", 2) if any(_mutation(m, max_tokens) for m in members) else None
    if not isinstance(data, dict) or not isinstance(data.get("query"), str):
        return None
    try:
        document = parse(data["query"], max_tokens=max_tokens)
    except GraphQLError:
        return None
    name = data.get("operationName")
    operations = [d for d in document.definitions if isinstance(d, ql.OperationDefinitionNode)]
    if name is not None:
        operations = [o for o in operations if o.name is not None and o.name.value == name]
    if len(operations) != 1 or operations[0].operation is not OperationType.MUTATION:
        return None
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, ql.FragmentDefinitionNode)
    }
    fields = _root_fields(operations[0].selection_set, fragments, set())
    request = {"query": data["query"], "operationName": name, "variables": data.get("variables")}
    canonical = json.dumps(request, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest(), fields


def _root_fields(
    selections: ql.SelectionSetNode, fragments: dict[str, ql.FragmentDefinitionNode], seen: set[str]
) -> int:
    """How many fields (bar ``__typename``) a selection set asks for, through fragments."""
    count = 0
    for node in selections.selections:
        if isinstance(node, ql.FieldNode):
            count += not node.name.value.startswith("__")
        elif isinstance(node, ql.InlineFragmentNode):
            count += _root_fields(node.selection_set, fragments, seen)
        elif isinstance(node, ql.FragmentSpreadNode) and node.name.value not in seen:
            seen.add(node.name.value)
            if node.name.value in fragments:
                count += _root_fields(fragments[node.name.value].selection_set, fragments, seen)
    return count


async def _send(send: Send, start: Message, body: bytes) -> None:
    """``start`` and ``body``, with the length of ``body``."""
    headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
    headers.append((b"content-length", b"%d" % len(body)))
    await send({**start, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def _replayed(send: Send, scope: Scope, body: bytes, version: int) -> None:
    """The stored answer ``body`` of the change at ``version``, sent again."""
    mark_operation("mutation")
    accept = header(scope, b"accept")
    # As strawberry answers: the newer media type with its charset, plain JSON without.
    media = f"{GRAPHQL_RESPONSE_JSON}; charset=utf-8"
    if not prefers_graphql_response(accept):
        media = "application/json"
    headers = [
        (b"content-type", media.encode()),
        (b"x-graph-version", str(version).encode()),
        (REPLAYED, b"true"),
    ]
    await _send(send, {"type": "http.response.start", "status": 200, "headers": headers}, body)


async def _refuse(send: Send, status: int, message: str, code: str) -> None:
    count_error(code)
    error = {"errors": [{"message": message, "extensions": {"code": code}}]}
    headers = [(b"content-type", b"application/json")]
    if status in (409, 503):
        headers.append((b"retry-after", b"1"))
    start = {"type": "http.response.start", "status": status, "headers": headers}
    await _send(send, start, json.dumps(error).encode())
