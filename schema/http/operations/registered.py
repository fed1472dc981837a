"""The persisted queries a server knows: its process's own cache, in front of the store's.

Every process keeps the texts it has seen in :class:`PersistedQueries`, most recently used
kept, bounded in count and bytes. A hash it knows is answered from there, with no store in
the way. Behind it, when the server has a store that other processes share (``--data``: an
SQLite file, a PostgreSQL database), stands that store's table
(:mod:`graph.persistence.persisted_queries`): a hash this process does not know is looked up
there before it is called unknown, and a query registered here is written there, so that
every worker and replica over the same ``--data`` knows it, and still does after a restart.
The store's calls run in a thread, off the event loop, as the idempotency keys' do.

A store that cannot be read or written is not the client's problem: the hash is answered
unknown (Apollo's link then sends the query again, which works), or the query is kept by
this process alone, and the server logs a warning.

>>> queries = PersistedQueries(max_count=2, max_bytes=100)
>>> queries.put(sha256_of("{ a }"), "{ a }")
>>> queries.get(sha256_of("{ a }")), queries.get("0" * 64)
('{ a }', None)
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections import OrderedDict

from graph.persistence.persisted_queries import PersistedQueryTable, sha256_of
from graph.persistence.storage import StorageError

__all__ = ["PersistedQueries", "sha256_of"]

log = logging.getLogger("alliance_graph")


class PersistedQueries:
    """Query texts by hash, the least recently used dropped past ``max_count`` queries or
    ``max_bytes`` of text; safe to share between threads. ``shared`` is the table of the
    store that other processes share (``None``: this process's cache is all there is), kept
    to the same bounds."""

    def __init__(
        self, max_count: int, max_bytes: int, shared: PersistedQueryTable | None = None
    ) -> None:
        self.max_count = max_count
        self.max_bytes = max_bytes
        self.shared = shared
        self._texts: OrderedDict[str, str] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._texts)

    def get(self, sha256: str) -> str | None:
        """The text of ``sha256`` if this process knows it."""
        with self._lock:
            text = self._texts.get(sha256)
            if text is not None:
                self._texts.move_to_end(sha256)
            return text

    def put(self, sha256: str, query: str) -> None:
        """Keep ``query`` in this process's cache (only)."""
        size = len(query.encode())
        if size > self.max_bytes:
            return  # never kept: the client goes on sending it with its hash
        with self._lock:
            old = self._texts.pop(sha256, None)
            self._bytes += size - (0 if old is None else len(old.encode()))
            self._texts[sha256] = query
            while len(self._texts) > self.max_count or self._bytes > self.max_bytes:
                _, dropped = self._texts.popitem(last=False)
                self._bytes -= len(dropped.encode())

    async def find(self, sha256: str) -> str | None:
        """The text of ``sha256``: from this process's cache, else from the shared store
        (then cached); ``None`` when neither knows it."""
        text = self.get(sha256)
        if text is not None or self.shared is None:
            return text
        try:
            text = await asyncio.to_thread(self.shared.find, sha256)
        except StorageError as err:
            log.warning("cannot read persisted query %s from the store: %s", sha256, err)
            return None
        if text is not None:
            self.put(sha256, text)
        return text

    async def register(self, sha256: str, query: str) -> None:
        """Remember ``query``, whose hash ``sha256`` was checked: here, and in the shared
        store unless this process knew it already."""
        if self.get(sha256) is not None:
            return
        self.put(sha256, query)
        if self.shared is None or len(query.encode()) > self.max_bytes:
            return
        try:
            await asyncio.to_thread(
                self.shared.keep, query, max_count=self.max_count, max_bytes=self.max_bytes
            )
        except StorageError as err:
            log.warning("cannot keep persisted query %s in the store: %s", sha256, err)
