"""Where committed changes are kept and how they are made: storages, edits, editor, feeds."""

from __future__ import annotations

from graph.persistence.changes import Change, ChangeOperation
from graph.persistence.editor import Committed, Editor
from graph.persistence.edits import Applied, Edit
from graph.persistence.memory import MemoryStorage
from graph.persistence.opening import open_storage
from graph.persistence.storage import Storage, StorageError
from graph.persistence.subscription import Subscribers, Subscription, SubscriptionOverflow

__all__ = [
    "Applied",
    "Change",
    "ChangeOperation",
    "Committed",
    "Edit",
    "Editor",
    "MemoryStorage",
    "Storage",
    "StorageError",
    "Subscribers",
    "Subscription",
    "SubscriptionOverflow",
    "open_storage",
]
