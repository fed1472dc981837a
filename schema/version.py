"""The version of the installed ``alliance-graph`` package, as ``--version`` and ``/healthz``
report it."""

from __future__ import annotations

from functools import cache
from importlib.metadata import PackageNotFoundError, version

__all__ = ["package_version"]


@cache
def package_version() -> str:
    """The installed package's version (``0.1.0``), or ``(not installed)`` when the code runs
    from a checkout that was never installed."""
    try:
        return version("alliance-graph")
    except PackageNotFoundError:
        return "(not installed)"
