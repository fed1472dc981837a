"""The GraphQL object, interface, input and enum types, each made from a domain record.

The modules are imported by name (``from schema.types.actor import ...``); importing the package
imports none of them, so a module here never drags in the rest of the schema.
"""

from __future__ import annotations

__all__ = [
    "actor",
    "enums",
    "filters",
    "inferred",
    "inputs",
    "node",
    "pagination",
    "position",
    "proposal",
    "relationship",
    "source",
    "views",
]
