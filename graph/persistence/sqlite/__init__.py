"""The embedded SQLite storage: its tables, its packed rows, the older layouts it converts."""

from __future__ import annotations

from graph.persistence.sqlite.store import SQLiteStorage

__all__ = [
    "SQLiteStorage",
]
