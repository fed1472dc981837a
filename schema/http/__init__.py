"""The Starlette app and what stands before the schema: guard, tokens, limits, cache, exports.

The modules are imported by name (``from schema.http.app import ...``); importing the package
imports none of them, so a module here never drags in the rest of the schema.
"""

from __future__ import annotations

__all__ = [
    "app",
    "auth",
    "counters",
    "exports",
    "guard",
    "idempotency",
    "limits",
    "metrics",
    "negotiation",
    "response_cache",
]
