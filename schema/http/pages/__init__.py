"""The HTML pages the app answers a browser with at ``/graphql``: GraphiQL from its own origin.

The modules are imported by name (``from schema.http.pages.graphiql import ...``).
"""

from __future__ import annotations

__all__ = ["graphiql"]
