"""The root operations: read queries, analytics, history, mutations and subscriptions.

The modules are imported by name (``from schema.resolvers.analysis import ...``); importing the
package imports none of them, so a module here never drags in the rest of the schema.
"""

from __future__ import annotations

__all__ = [
    "analysis",
    "balance",
    "compute",
    "history",
    "layouts",
    "mutation",
    "query",
    "review",
    "subscription",
]
