"""The GraphQL layer: strawberry types and resolvers over :mod:`graph`, the app and the CLI.

``schema.schema`` assembles the schema; ``schema.context`` is what every resolver receives;
``schema.errors`` turns every error into a GraphQL error with a code. The rooms:
``types`` (object, input and enum types), ``resolvers`` (the root operations), ``http`` (the
Starlette app and what stands before the schema), ``execution`` (the quick execution path) and
``cli`` (the ``alliance-graph`` command); ``version`` is the installed package's version.
"""

from __future__ import annotations

__all__ = [
    "cli",
    "context",
    "errors",
    "execution",
    "http",
    "resolvers",
    "schema",
    "types",
    "version",
]
