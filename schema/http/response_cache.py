"""Whole responses to read queries, kept until the graph changes.

A key is a tuple whose first item is the graph's version; the app keys on the request's raw
bytes (the GET query string or the POST body) and the media type asked for, so a repeated
request is found without decoding it. Only queries are kept (never a mutation), and only
answers without errors. Each entry carries an ETag, so a GET that sends it back in
``If-None-Match`` gets a 304 with no body. A GET's answer is ``Cache-Control: public,
no-cache``: a CDN or other shared cache may keep it (reads are the same for every client) and
asks again with ``If-None-Match`` before each use, which costs a 304 until the graph changes.

The cache is bounded twice: in entries and in the bytes of the bodies it keeps
(``--response-cache-mb``), the least recently stored out first; a body larger than the whole
byte bound is not kept at all. So requests that differ only in whitespace, each with a large
answer, cannot make the server hold more than the bound.

>>> cache = ResponseCache(maxsize=2)
>>> key = (3, "POST", b'{"query": "{ a }"}', "json")
>>> cache.get(key) is None
True
>>> entry = cache.put(key, b'{"data":{"a":1}}', "application/json")
>>> cache.get(key) is entry, entry.etag.startswith('"')
(True, True)
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass

from starlette.types import Send

from schema.http.negotiation import GRAPHQL_RESPONSE_JSON, posts_json, prefers_graphql_response

__all__ = [
    "CachedResponse",
    "ResponseCache",
    "is_read_only",
    "read_only_request",
    "response_key",
    "send_cached",
]

_WRITES = re.compile(r"\b(mutation|subscription)\b")
_UNVERSIONED = re.compile(r"\bproposal")
"""The review queue's fields: the queue changes without the graph's version moving, so an
answer that reads it cannot be kept until the version moves on."""


def is_read_only(query: str) -> bool:
    """Whether ``query`` can only read, and only what the graph's version covers: it has no
    mutation or subscription keyword, and names no field of the review queue."""
    return _WRITES.search(query) is None and _UNVERSIONED.search(query) is None


@dataclass(frozen=True, slots=True)
class CachedResponse:
    body: bytes
    media_type: str
    etag: str
    cache_control: str
    headers: list[tuple[bytes, bytes]]
    """Ready-made ASGI response headers, so a hit costs no header building."""


class ResponseCache:
    """A store of response bodies, bounded in entries and in bytes (oldest out first),
    dropped when the version moves on."""

    def __init__(self, maxsize: int = 2048, max_bytes: int = 64 << 20) -> None:
        self.maxsize = maxsize
        self.max_bytes = max_bytes
        self.bytes = 0
        """The bytes of the bodies kept now."""
        self._entries: OrderedDict[tuple[object, ...], CachedResponse] = OrderedDict()
        self._version: int | None = None
        self._lock = threading.Lock()

    def get(self, key: tuple[object, ...]) -> CachedResponse | None:
        # No lock: a lookup is one dict read under the GIL; recency is kept only on puts.
        if key[0] != self._version:
            return None
        return self._entries.get(key)

    def put(self, key: tuple[object, ...], body: bytes, media_type: str) -> CachedResponse:
        etag = f'"{hashlib.blake2b(body, digest_size=12).hexdigest()}"'
        cache_control = "public, no-cache" if key[1] == "GET" else "no-cache"
        headers = [
            (b"content-type", media_type.encode()),
            (b"content-length", str(len(body)).encode()),
            (b"etag", etag.encode()),
            (b"cache-control", cache_control.encode()),
        ]
        entry = CachedResponse(body, media_type, etag, cache_control, headers)
        with self._lock:
            version = key[0]
            assert isinstance(version, int)
            if self._version is None or version > self._version:
                self._entries.clear()
                self.bytes = 0
                self._version = version
            if version == self._version and len(body) <= self.max_bytes:
                replaced = self._entries.pop(key, None)
                if replaced is not None:
                    self.bytes -= len(replaced.body)
                self._entries[key] = entry
                self.bytes += len(body)
                while len(self._entries) > self.maxsize or self.bytes > self.max_bytes:
                    _, dropped = self._entries.popitem(last=False)
                    self.bytes -= len(dropped.body)
        return entry

    def __len__(self) -> int:
        return len(self._entries)


def response_key(
    version: int, method: str, query_string: bytes, headers: dict[bytes, bytes], body: bytes
) -> tuple[object, ...] | None:
    """The key of a request: the request as it came (raw query string or raw body), the media
    type the view will answer in and the graph ``version``. Identical bytes get an identical
    answer, so a repeated request is found without decoding anything; only read-only requests
    are ever stored (:func:`read_only_request`).

    ``headers`` are read as the view reads them (the first of a repeated header wins,
    :func:`~schema.http.headers.first_headers`), and a POST is keyed only when strawberry would
    read its body as JSON, so a request the view refuses is never answered from the cache.
    """
    accept = headers.get(b"accept", b"").decode("latin-1")
    media = GRAPHQL_RESPONSE_JSON if prefers_graphql_response(accept) else "json"
    if method == "GET":
        return (version, "GET", query_string, media)
    if not posts_json(headers.get(b"content-type", b"").decode("latin-1")):
        return None  # strawberry answers it (a 400 for a type it does not read)
    return (version, "POST", body, media)


def read_only_request(method: str, query_string: bytes, body: bytes) -> bool:
    """Whether a GET's query string or a POST's JSON body holds a query that cannot write."""
    if method == "GET":
        raw = query_string.decode("latin-1")
        return "query=" in raw and is_read_only(raw)
    try:
        data = json.loads(body)
    except ValueError:
        return False
    query = data.get("query") if isinstance(data, dict) else None
    return isinstance(query, str) and is_read_only(query)


async def send_cached(
    hit: CachedResponse, method: str, headers: dict[bytes, bytes], send: Send
) -> None:
    """Send a cached answer, or 304 to a GET whose ``If-None-Match`` holds its ETag."""
    if method == "GET" and hit.etag.encode() in headers.get(b"if-none-match", b""):
        not_modified = [
            (b"etag", hit.etag.encode()),
            (b"cache-control", hit.cache_control.encode()),
        ]
        await send({"type": "http.response.start", "status": 304, "headers": not_modified})
        await send({"type": "http.response.body", "body": b""})
        return
    await send({"type": "http.response.start", "status": 200, "headers": hit.headers})
    await send({"type": "http.response.body", "body": hit.body})
