"""A second article's dataset, for the tests that merge it into the seeded graph."""

from __future__ import annotations

import copy
from typing import Any

SECOND_ARTICLE: dict[str, Any] = {
    "sources": [{"id": "wire-2016-08-17", "publisher": "Wire", "published": "2016-08-17"}],
    "actors": [
        {"key": "isis", "name": "ISIS", "kind": "ARMED_GROUP"},
        {"key": "hezbollah", "name": "Hezbollah", "kind": "ARMED_GROUP"},
    ],
    "relationships": [
        {
            "id": "hezbollah-supports-iran-2016-08-17",
            "relation": "SUPPORTS",
            "source": "hezbollah",
            "target": "iran",
            "date": "2016-08-17",
            "evidence": [{"source": "wire-2016-08-17", "quote": "Hezbollah fighters backed"}],
        }
    ],
}
"""New records naming stored ones (``iran``): one source, one actor and one relationship new.
Its ``isis`` is not the stored one (which has aliases and a description): a conflict."""


def second_article(*, with_isis: bool = False) -> dict[str, Any]:
    """A fresh copy of :data:`SECOND_ARTICLE`, without its conflicting ``isis`` unless asked."""
    data = copy.deepcopy(SECOND_ARTICLE)
    if not with_isis:
        data["actors"] = [a for a in data["actors"] if a["key"] != "isis"]
    return data
