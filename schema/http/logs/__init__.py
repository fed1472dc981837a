"""The server's log: one line per event, as text or JSON, each naming the request it is about.

:mod:`schema.http.logs.lines` formats and routes every logger's records (ours, uvicorn's,
strawberry's); :mod:`schema.http.logs.access` writes a line per request when the access log
is on.
"""

from __future__ import annotations

__all__ = ["access", "lines"]
