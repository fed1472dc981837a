"""What the quick execution path relies on in strawberry and graphql-core beyond their
documented APIs, in one place, with the versions it was checked against.

The quick path (:mod:`schema.execution.quick` and its helpers) must answer exactly as stock
execution does. It leans on these names, any of which an upgrade could change quietly:

========================================================  ===================================
name                                                      used by
========================================================  ===================================
graphql-core ``ExecutionContext.execute_fields`` and      ``quick.QuickExecutionContext``
``complete_value`` (overridden; 3.3's ``position_context``
argument)
graphql-core ``collect_subfields`` returning one memoised ``quick`` (plans found by ``id``)
grouped field set per (type, selection)
strawberry's resolver flag ``_is_default``                :func:`reads_only`
strawberry's ``extensions["strawberry-definition"]`` on   :func:`reads_only`, ``completion``
GraphQL types and fields, and the definition's
``python_name``, ``base_resolver``,
``permission_classes``, ``extensions``, ``directives``,
``default_resolver``, ``origin``
strawberry's ``InputContext`` and ``from_input`` hook     ``input_fields``
strawberry's ``ParserCache`` handing a repeated document  ``shared_plans``
the same nodes
========================================================  ===================================

and four hooks of strawberry's ASGI view (``get_sub_response``, ``process_result``,
``create_response``, ``get_context``) in :mod:`schema.http.app`.

Two guards watch them. ``tests/test_execution_drift.py`` checks the installed versions against
:data:`CHECKED` and the shape of each name above, and runs generated documents over the real
schema and the seed graph through both paths, comparing data and errors exactly; and
``make test`` runs the API tests again with the quick path switched off
(``ALLIANCE_GRAPH_QUICK_PATH=off``), so an upgrade shows whether a difference is the quick
path's or the library's.
"""

from __future__ import annotations

import inspect
from typing import Any

from schema.execution.lazy import is_lazy

__all__ = ["CHECKED", "STRAWBERRY_DEFINITION", "reads_only", "stored"]

CHECKED = {"strawberry-graphql": "0.341", "graphql-core": "3.3"}
"""The release series the names above were checked against (``pyproject.toml`` pins
strawberry to this series; a new one means reading this module again)."""

STRAWBERRY_DEFINITION = "strawberry-definition"
"""The extension key under which strawberry keeps a GraphQL type's or field's definition."""


def reads_only(resolve: Any, definition: Any) -> bool:
    """Whether strawberry resolves a field by reading its attribute and nothing else: its
    resolver is strawberry's default one, and the field has no resolver of its own, no
    permission class, no field extension and no schema directive, and reads with ``getattr``.

    strawberry flags a field's resolver ``_is_default`` whenever the field has no resolver of
    its own, even when it has permission classes or extensions that strawberry runs around
    the read: the definition is checked for each.
    """
    if not getattr(resolve, "_is_default", False) or definition is None:
        return False
    return (
        getattr(definition, "base_resolver", True) is None
        and not getattr(definition, "permission_classes", True)
        and not getattr(definition, "extensions", True)
        and not getattr(definition, "directives", True)
        and getattr(definition, "default_resolver", None) is getattr
        and isinstance(getattr(definition, "python_name", None), str)
    )


def stored(owner: Any, attribute: str) -> bool:
    """Whether ``owner``'s ``attribute`` is stored data: an instance attribute or a slot, or a
    :func:`~schema.execution.lazy.lazy` field (made once, then kept). A property or any
    other descriptor runs code on each read, and is left to graphql-core, which reads it once.

    >>> import dataclasses
    >>> @dataclasses.dataclass
    ... class Point:
    ...     x: int
    ...     @property
    ...     def double(self) -> int:
    ...         return self.x * 2
    >>> stored(Point, "x"), stored(Point, "double"), stored(None, "x")
    (True, False, False)
    """
    if not isinstance(owner, type):
        return False
    try:
        found = inspect.getattr_static(owner, attribute)
    except AttributeError:
        return True  # set on each instance, in its dict
    if is_lazy(found) or type(found).__name__ == "member_descriptor":  # a slot
        return True
    descriptor = type(found)
    hooks = ("__get__", "__set__", "__delete__")
    runs_code = callable(found) or any(hasattr(descriptor, hook) for hook in hooks)
    return not runs_code  # a class attribute: a default the instance did not override
