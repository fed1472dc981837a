"""A thread that LISTENs for commits on a PostgreSQL channel and says when one comes.

It holds its own connection (a notification arrives only on a connection that listens), and
opens it again after the database restarts. A notification that is lost while it
reconnects costs nothing: whoever it wakes reads the changes after its own version, and the
follower also looks now and then without being woken.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

import psycopg
from psycopg import sql

__all__ = ["Listener"]

log = logging.getLogger("alliance_graph")

RECONNECT_S = 1.0
"""How long to wait before listening again after the connection broke."""


class Listener:
    """Calls ``moved()`` from its own thread for every notification on ``channel``, and once
    after each reconnection (a commit may have come meanwhile)."""

    def __init__(
        self, url: str, channel: str, moved: Callable[[], None], *, timeout: float = 5.0
    ) -> None:
        self.url = url
        self.channel = channel
        self.moved = moved
        self.timeout = timeout
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name="alliance-graph-listen", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stopping.set()
        self._thread.join(timeout=self.timeout + 2)

    def _run(self) -> None:
        down = False
        while not self._stopping.is_set():
            try:
                with psycopg.connect(
                    self.url, autocommit=True, connect_timeout=max(1, round(self.timeout))
                ) as db:
                    db.execute(sql.SQL("LISTEN {}").format(sql.Identifier(self.channel)))
                    down = False
                    self.moved()
                    while not self._stopping.is_set():
                        for _ in db.notifies(timeout=0.5):
                            self.moved()
            except psycopg.Error as err:
                if not down:  # once per outage
                    log.warning(
                        "not listening for commits, retrying every %s s: %s", RECONNECT_S, err
                    )
                    down = True
                self._stopping.wait(RECONNECT_S)
