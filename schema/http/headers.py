"""Request headers read from the raw ASGI scope the way Starlette reads them: the first wins.

A request may repeat a header. Starlette's ``Request.headers.get`` (and so strawberry) answers
with the first value; ``dict(scope["headers"])`` would keep the last, and a layer that read it so
would disagree with the view about what the client asked for.

>>> scope = {"headers": [(b"accept", b"application/json"), (b"accept", b"text/plain")]}
>>> first_headers(scope)[b"accept"]
b'application/json'
>>> header(scope, b"accept"), header(scope, b"authorization")
('application/json', '')
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["first_headers", "header"]


def first_headers(scope: Mapping[str, Any]) -> dict[bytes, bytes]:
    """Every header of ``scope`` by its (lower-case) name, with the first value of a repeat."""
    headers: dict[bytes, bytes] = {}
    for name, value in scope["headers"]:
        headers.setdefault(name, value)
    return headers


def header(scope: Mapping[str, Any], name: bytes) -> str:
    """The first value of header ``name`` (lower case) as text, or ``""`` when it is absent."""
    for key, value in scope["headers"]:
        if key == name:
            return bytes(value).decode("latin-1")
    return ""
