"""The quick execution path: plain selections completed without graphql-core's per-field machinery.

The modules are imported by name (``from schema.execution.completion import ...``); importing the
package imports none of them, so a module here never drags in the rest of the schema.
"""

from __future__ import annotations

__all__ = [
    "completion",
    "input_fields",
    "lazy",
    "quick",
    "shared_plans",
    "strawberry_names",
]
