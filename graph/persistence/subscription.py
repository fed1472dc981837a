"""Live feeds of committed changes: each subscriber reads them on its own event loop.

Examples
--------
>>> import asyncio, datetime as dt
>>> from graph.persistence.changes import Change, ChangeOperation
>>> def created(version: int, key: str) -> Change:
...     at = dt.datetime(2016, 8, 16, tzinfo=dt.UTC)
...     return Change(version, at, "ann", ChangeOperation.CREATE_ACTOR, (key,), None, None, None)
>>> async def main() -> list[int]:
...     subscribers = Subscribers()
...     async with subscribers.subscribe("iran", buffer=8) as feed:
...         for version, key in [(2, "iran"), (3, "russia"), (4, "iran")]:
...             subscribers.publish(created(version, key))
...         subscribers.close()
...         return [change.version async for change in feed]
>>> asyncio.run(main())
[2, 4]
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable

from graph.model.errors import GraphError
from graph.persistence.changes import Change

__all__ = ["Subscribers", "Subscription", "SubscriptionOverflow"]


class SubscriptionOverflow(GraphError):
    """A subscriber fell too far behind and was closed; it may have missed changes."""

    code = "SUBSCRIPTION_OVERFLOW"


class Subscription:
    """The changes committed after it was made, in commit order; an async iterator.

    Made by :meth:`Subscribers.subscribe` on the event loop; every change reaches it through that
    loop (``call_soon_threadsafe``), whichever thread committed it. Its buffer is bounded: a
    subscriber more than ``buffer`` changes behind is closed rather than slowing writers
    down, and after the changes it holds, iterating raises :class:`SubscriptionOverflow`.
    Leaving ``async with``, :meth:`aclose`, :meth:`close` or cancelling a waiting read ends it.
    """

    def __init__(
        self, actor: str | None, buffer: int, unsubscribe: Callable[[Subscription], None]
    ) -> None:
        self.actor = actor
        self._loop = asyncio.get_running_loop()
        self._buffer = buffer
        self._unsubscribe = unsubscribe
        # One place more than the buffer, so the end marker always fits.
        self._queue: asyncio.Queue[Change | None] = asyncio.Queue(buffer + 1)
        self._ended = False
        self._overflowed = False

    def __aiter__(self) -> Subscription:
        return self

    async def __anext__(self) -> Change:
        try:
            change = await self._queue.get()
        except asyncio.CancelledError:
            self.close()
            raise
        if change is None:
            self._queue.put_nowait(None)  # so that every later read ends too
            if self._overflowed:
                raise SubscriptionOverflow(
                    f"fell more than {self._buffer} changes behind; subscribe again"
                )
            raise StopAsyncIteration
        return change

    async def __aenter__(self) -> Subscription:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        self.close()

    async def aclose(self) -> None:
        """Stop receiving changes."""
        self.close()

    def close(self) -> None:
        """Stop receiving changes; reads end after those already delivered. Any thread."""
        self._unsubscribe(self)
        self._call(self._end)

    def offer(self, change: Change) -> None:
        """Hand ``change`` to the subscriber's loop. Any thread."""
        self._call(self._deliver, change)

    def _call(self, callback: Callable[..., None], *args: object) -> None:
        try:
            self._loop.call_soon_threadsafe(callback, *args)
        except RuntimeError:  # the loop is closed: nobody is listening any more
            self._unsubscribe(self)

    def _deliver(self, change: Change) -> None:
        if self._ended:
            return
        if self._queue.qsize() >= self._buffer:
            self._end(overflowed=True)
        else:
            self._queue.put_nowait(change)

    def _end(self, overflowed: bool = False) -> None:
        if not self._ended:
            self._ended, self._overflowed = True, overflowed
            self._unsubscribe(self)
            self._queue.put_nowait(None)


class Subscribers:
    """The open subscriptions to one stream of changes; any thread may use it."""

    def __init__(self) -> None:
        self._open: set[Subscription] = set()
        self._lock = threading.Lock()

    def subscribe(self, actor: str | None, buffer: int) -> Subscription:
        """Every change published from now on (only those touching ``actor``, if given).

        Call from a running event loop; the subscriber is closed once it falls more than
        ``buffer`` changes behind.
        """
        subscription = Subscription(actor, buffer, self._discard)
        with self._lock:
            self._open.add(subscription)
        return subscription

    def __len__(self) -> int:
        """How many subscriptions are open."""
        with self._lock:
            return len(self._open)

    def publish(self, change: Change) -> None:
        """Offer ``change`` to every open subscription it concerns.

        Publish one change at a time, in commit order: subscribers receive them in that order.
        """
        with self._lock:
            subscriptions = list(self._open)
        for subscription in subscriptions:
            if subscription.actor is None or change.touches(subscription.actor):
                subscription.offer(change)

    def close(self) -> None:
        """End every open subscription; reads end after the changes already delivered."""
        with self._lock:
            subscriptions, self._open = self._open, set()
        for subscription in subscriptions:
            subscription.close()

    def _discard(self, subscription: Subscription) -> None:
        with self._lock:
            self._open.discard(subscription)
