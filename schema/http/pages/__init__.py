"""The HTML pages the app answers a browser with: the explorer at ``/``, GraphiQL from its own
origin at ``/graphql``.

The modules are imported by name (``from schema.http.pages.graphiql import ...``).
"""

from __future__ import annotations

__all__ = ["explorer", "graphiql"]
