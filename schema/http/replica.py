"""One of several servers over one store: it follows the store, says which version it
answers from, and waits for a version a client names (read your writes).

Every process serving a shared store (``--workers``, or replicas over PostgreSQL) keeps its
own graph and takes in what the others commit: :class:`Follower` asks the editor to catch up
whenever the store may have moved (a notification, or every :data:`POLL_SECONDS`).
:class:`VersionHeaders` puts the version answered from in ``X-Graph-Version`` on every response
(a mutation's: the version it committed), and holds a request bearing
``X-Min-Graph-Version: N`` until the graph has reached version N, answering
``VERSION_NOT_REACHED`` if it does not within the wait limit.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Callable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from graph.persistence.editor import Editor
from schema.http.counters import count_error
from schema.http.headers import first_headers

__all__ = ["MIN_VERSION_HEADER", "POLL_SECONDS", "VERSION_HEADER", "Follower", "VersionHeaders"]

log = logging.getLogger("alliance_graph")

POLL_SECONDS = 0.02
"""How often a server looks for changes other processes committed, with no notification."""

VERSION_HEADER = b"x-graph-version"
MIN_VERSION_HEADER = b"x-min-graph-version"


class Follower:
    """Keeps an editor's graph up with its store: catches up on a nudge or every ``poll``
    seconds, on the event loop (readers there never see a change half applied)."""

    def __init__(self, editor: Editor, poll: float = POLL_SECONDS) -> None:
        self.editor = editor
        self.poll = poll
        self._nudged = asyncio.Event()
        self._moved = asyncio.Condition()
        self._task: asyncio.Task[None] | None = None
        self._looked = False
        self._unwatch: Callable[[], None] | None = None
        self.store_version = editor.graph.version
        """The store's version when last looked at."""

    def nudge(self) -> None:
        """Look now (the store said it moved); safe to call from the loop only."""
        self._nudged.set()

    @property
    def started(self) -> bool:
        """Whether it has looked at the store at least once since it started."""
        return self._looked

    def start(self) -> None:
        loop = asyncio.get_running_loop()
        self._task = loop.create_task(self._run())

        # A store that announces commits (PostgreSQL's NOTIFY) wakes the follower at once.
        def moved() -> None:  # called from the store's own thread
            loop.call_soon_threadsafe(self.nudge)

        self._unwatch = self.editor.storage.watch(moved)

    async def stop(self) -> None:
        if self._unwatch is not None:
            await asyncio.to_thread(self._unwatch)
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    def behind(self) -> int:
        """How many committed changes this graph has yet to take in, as last seen."""
        return max(0, self.store_version - self.editor.graph.version)

    async def reach(self, version: int, timeout: float) -> bool:
        """Wait until the graph is at ``version`` or later; False if ``timeout`` passed."""
        if self.editor.graph.version >= version:
            return True
        self.nudge()
        async with self._moved:
            try:
                await asyncio.wait_for(
                    self._moved.wait_for(lambda: self.editor.graph.version >= version), timeout
                )
            except TimeoutError:
                return False
        return True

    async def _run(self) -> None:
        seen = self.editor.graph.version
        down = False
        while True:
            try:
                self.store_version = self.editor.storage.version()
                self.editor.catch_up()
                self._looked = True
                if self.editor.graph.version != seen:  # taken in here, or written here
                    seen = self.editor.graph.version
                    async with self._moved:
                        self._moved.notify_all()
                if down:
                    log.warning("following the store again, at version %d", seen)
                    down = False
            except Exception as err:  # the store is down: keep serving what we have, and retry
                if not down:  # once per outage, not every poll
                    log.warning("cannot follow the store, retrying: %s", err)
                    down = True
            self._nudged.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._nudged.wait(), self.poll)


class VersionHeaders:
    """ASGI middleware: ``X-Graph-Version`` on every response, ``X-Min-Graph-Version``
    honoured on every request, waiting at most ``wait`` seconds."""

    def __init__(
        self, app: ASGIApp, version: Callable[[], int], follower: Follower | None, wait: float
    ) -> None:
        self.app = app
        self.version = version
        self.follower = follower
        self.wait = wait

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        wanted = first_headers(scope).get(MIN_VERSION_HEADER)
        if wanted is not None:
            refusal = await self._wait_for(wanted)
            if refusal is not None:
                status, body = refusal
                await self._refuse(send, status, body)
                return

        async def send_with_version(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                if all(name.lower() != VERSION_HEADER for name, _ in headers):  # a mutation's
                    headers.append((VERSION_HEADER, str(self.version()).encode()))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_version)

    async def _wait_for(self, raw: bytes) -> tuple[int, dict[str, object]] | None:
        text = raw.decode("latin-1").strip()
        if not text.isdigit() or len(text) > 18:
            message = f"X-Min-Graph-Version must be a version number, got {text[:40]!r}"
            return 400, _error(message, "BAD_REQUEST")
        wanted = int(text)
        if self.version() >= wanted:
            return None
        reached = self.follower is not None and await self.follower.reach(wanted, self.wait)
        if reached:
            return None
        have = self.version()
        message = (
            f"this server is at graph version {have}, not yet {wanted} "
            f"(waited {self.wait:g} s); retry, or ask another replica"
        )
        return 503, _error(message, "VERSION_NOT_REACHED", wanted=wanted, version=have)

    async def _refuse(self, send: Send, status: int, body: dict[str, object]) -> None:
        data = json.dumps(body).encode()
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", b"%d" % len(data)),
            (VERSION_HEADER, str(self.version()).encode()),
        ]
        if status == 503:
            headers.append((b"retry-after", b"1"))
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": data})


def _error(message: str, code: str, **extensions: object) -> dict[str, object]:
    count_error(code)
    return {"errors": [{"message": message, "extensions": {"code": code, **extensions}}]}
