"""``serve``'s logging options: ``--access-log``, ``--log-level`` and ``--log-format``, each
also from an environment variable, checked and applied (:mod:`schema.http.logs.lines`).

>>> log_level("WARNING"), log_format("json"), access_log_on("yes"), access_log_on(False)
('warning', 'json', True, False)
>>> access_log_on("maybe")
Traceback (most recent call last):
...
ValueError: ALLIANCE_GRAPH_ACCESS_LOG must be on or off (or 1/0, true/false, yes/no), got 'maybe'
"""

from __future__ import annotations

import argparse
from typing import cast

from schema.http.logs.lines import LEVELS, LogFormat

__all__ = ["ENV_ACCESS_LOG", "ENV_LOG_FORMAT", "ENV_LOG_LEVEL", "access_log_on"]
__all__ += ["log_format", "log_level"]

ENV_ACCESS_LOG = "ALLIANCE_GRAPH_ACCESS_LOG"
ENV_LOG_LEVEL = "ALLIANCE_GRAPH_LOG_LEVEL"
ENV_LOG_FORMAT = "ALLIANCE_GRAPH_LOG_FORMAT"
_ON = {"1", "true", "yes", "on"}
_OFF = {"0", "false", "no", "off", ""}


def log_level(text: str) -> str:
    """``text`` as a level name, for argparse (from ``--log-level`` or its variable)."""
    level = text.strip().lower()
    if level not in LEVELS:
        raise argparse.ArgumentTypeError(
            f"log level must be one of {', '.join(LEVELS)} (from --log-level or "
            f"{ENV_LOG_LEVEL}), got {text!r}"
        )
    return level


def log_format(text: str) -> LogFormat:
    """``text`` as a log format, for argparse (from ``--log-format`` or its variable)."""
    chosen = text.strip().lower()
    if chosen not in ("text", "json"):
        raise argparse.ArgumentTypeError(
            f"log format must be text or json (from --log-format or {ENV_LOG_FORMAT}), got {text!r}"
        )
    return cast(LogFormat, chosen)


def access_log_on(value: bool | str) -> bool:
    """Whether the access log is on: the flag's answer, or its variable's text."""
    if isinstance(value, bool):
        return value
    if value.strip().lower() in _ON:
        return True
    if value.strip().lower() in _OFF:
        return False
    raise ValueError(
        f"{ENV_ACCESS_LOG} must be on or off (or 1/0, true/false, yes/no), got {value!r}"
    )
