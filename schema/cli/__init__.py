"""The ``alliance-graph`` command: serve, validate, import, export and print the schema."""

from __future__ import annotations

from schema.cli.main import main

__all__ = [
    "main",
]
