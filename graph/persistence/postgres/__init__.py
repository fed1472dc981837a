"""The PostgreSQL storage: one database that servers on many machines share and follow."""

from __future__ import annotations

from graph.persistence.postgres.layout import is_database_url
from graph.persistence.postgres.store import PostgresStorage

__all__ = ["PostgresStorage", "is_database_url"]
