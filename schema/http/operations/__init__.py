"""How the operations of a request reach the schema: Apollo's persisted queries and batches.

The modules are imported by name (``from schema.http.operations.batch import ...``).
"""

from __future__ import annotations

__all__ = ["batch", "persisted"]
