"""The latency client: one keep-alive HTTP/1.1 connection from the standard library.

A request's latency is what the server adds, so the client must add as little as it can.
``http.client`` writes the request and reads the answer with a few calls; httpx2, used
everywhere else here, costs 0.6-1.5 ms more per request on this machine (its request and
response objects, its connection pool), which is as much as a loopback round trip.
"""

from __future__ import annotations

import http.client
import json
from urllib.parse import urlsplit

__all__ = ["Answer", "Connection"]

Answer = tuple[int, bytes]
"""The status and the whole body of an answer."""


class Connection:
    """One persistent connection to ``url`` (``http://host:port``).

    A timed-out request raises :class:`TimeoutError`; the connection is then closed, and the
    next request opens a new one. ``headers`` are the last answer's, names in lower case.
    """

    def __init__(self, url: str, *, timeout: float) -> None:
        parts = urlsplit(url)
        if parts.scheme != "http" or parts.hostname is None or parts.port is None:
            raise ValueError(f"expected http://host:port, got {url!r}")
        self._http = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
        self.headers: dict[str, str] = {}

    def get(self, path: str) -> Answer:
        return self._send("GET", path, None, {})

    def post_json(
        self, path: str, payload: object, headers: dict[str, str] | None = None
    ) -> Answer:
        body = json.dumps(payload).encode()
        return self._send(
            "POST", path, body, {"Content-Type": "application/json", **(headers or {})}
        )

    def _send(self, method: str, path: str, body: bytes | None, headers: dict[str, str]) -> Answer:
        try:
            self._http.request(method, path, body=body, headers=headers)
            response = self._http.getresponse()
            self.headers = {name.lower(): value for name, value in response.getheaders()}
            return response.status, response.read()
        except BaseException:
            self._http.close()
            raise

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> Connection:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()
