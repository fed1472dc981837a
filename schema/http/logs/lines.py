"""Log lines as text for a person or as JSON for a log shipper, from every logger.

``configure("info", "json")`` sends every record (ours, uvicorn's, strawberry's) to stderr,
one line each. A record written while a request is served carries that request's id
(:func:`schema.http.guard.serving_request_id`), as does the request's access line.

A JSON line is one object: ``ts`` (UTC, ISO 8601, milliseconds), ``level``, ``logger``,
``message``, ``pid``, and when there are any ``request_id``, the access fields (``method``,
``path``, ``status``, ``duration_ms``, ``client``) and ``exception`` (the stack trace, as one
string).

>>> import json, logging
>>> record = logging.LogRecord("alliance_graph", logging.INFO, "", 1, "hi %s", ("you",), None)
>>> record.created, record.process, record.request_id = 0.0, 7, "abc"
>>> for name, value in json.loads(JsonLines().format(record)).items():
...     print(name, value)
ts 1970-01-01T00:00:00.000Z
level INFO
logger alliance_graph
message hi you
pid 7
request_id abc
>>> print(TextLines().format(record))
1970-01-01T00:00:00.000Z INFO [7] alliance_graph: hi you request_id=abc
"""

from __future__ import annotations

import logging
import sys
import time
from typing import Literal

import msgspec

from schema.http.guard import serving_request_id

__all__ = ["ACCESS_FIELDS", "LEVELS", "JsonLines", "LogFormat", "RequestIds", "TextLines"]
__all__ += ["configure"]

LogFormat = Literal["text", "json"]
LEVELS = {"debug": logging.DEBUG, "info": logging.INFO, "warning": logging.WARNING}
LEVELS["error"] = logging.ERROR
ACCESS_FIELDS = ("method", "path", "status", "duration_ms", "client")
"""What an access line carries besides its message (:mod:`schema.http.logs.access`)."""

_UVICORN = ("uvicorn", "uvicorn.error", "uvicorn.access", "uvicorn.asgi")


def _timestamp(created: float) -> str:
    seconds = int(created)
    millis = int((created - seconds) * 1000)
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(seconds)) + f".{millis:03d}Z"


class RequestIds(logging.Filter):
    """Gives each record the id of the request being served (None outside one), unless the
    record was written with its own (an access line, written after the request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = serving_request_id()
        return True


class JsonLines(logging.Formatter):
    """One JSON object per record, on one line."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, object] = {
            "ts": _timestamp(record.created),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "pid": record.process,
        }
        if (request_id := getattr(record, "request_id", None)) is not None:
            line["request_id"] = request_id
        for name in ACCESS_FIELDS:
            if (value := getattr(record, name, None)) is not None:
                line[name] = value
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            line["exception"] = record.exc_text
        return msgspec.json.encode(line).decode()


class TextLines(logging.Formatter):
    """``TIME LEVEL [PID] LOGGER: MESSAGE request_id=ID``, and a stack trace below when
    there is one."""

    def format(self, record: logging.LogRecord) -> str:
        text = (
            f"{_timestamp(record.created)} {record.levelname} [{record.process}] "
            f"{record.name}: {record.getMessage()}"
        )
        if (request_id := getattr(record, "request_id", None)) is not None:
            text += f" request_id={request_id}"
        if record.exc_info:
            text += "\n" + self.formatException(record.exc_info)
        return text


def configure(level: str, log_format: LogFormat) -> None:
    """Send every logger's records at ``level`` and above to stderr, in ``log_format``."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonLines() if log_format == "json" else TextLines())
    handler.addFilter(RequestIds())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(LEVELS[level])
    for name in _UVICORN:  # uvicorn's own handlers would write its lines in its own format
        logger = logging.getLogger(name)
        logger.handlers.clear()
        logger.propagate = True
        logger.setLevel(logging.NOTSET)
