"""The broker interface and the in-process implementation.

A broker carries only wake-up signals ("board B has new events"), never the events
themselves: subscribers read the outbox table after each signal, so a lost or coalesced signal
can delay an event but never lose or duplicate it.
"""

from __future__ import annotations

import asyncio
import uuid
from collections import defaultdict
from collections.abc import Iterable
from types import TracebackType
from typing import Self

from sqlalchemy.ext.asyncio import AsyncSession


class Subscription:
    """One subscriber's doorbell for one board; use as an async context manager.

    A flag and a future rather than an `asyncio.Event`: thousands of these stay open, one
    per SSE stream, and the event's waiter deque alone would double their size.
    """

    __slots__ = ("_broker", "_rung", "_waiter", "board_id")

    def __init__(self, broker: Broker, board_id: uuid.UUID) -> None:
        self._broker = broker
        self.board_id = board_id
        self._rung = False
        self._waiter: asyncio.Future[None] | None = None

    def ring(self) -> None:
        """Signal that the board may have new events (signals coalesce)."""
        self._rung = True
        if self._waiter is not None and not self._waiter.done():
            self._waiter.set_result(None)

    async def wait(self) -> bool:
        """Wait for the next signal; False once the broker closed (stop streaming)."""
        if not self._rung:
            self._waiter = asyncio.get_running_loop().create_future()
            try:
                await self._waiter
            finally:
                self._waiter = None
        # Cleared before the caller reads the table: a signal arriving during that read rings
        # again, so the read after it cannot be skipped.
        self._rung = False
        return not self._broker.closed

    async def __aenter__(self) -> Self:
        self._broker._attach(self)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._broker._detach(self)


class Broker:
    """Base broker: local subscriber bookkeeping; subclasses decide how signals travel."""

    def __init__(self) -> None:
        self._subscribers: defaultdict[uuid.UUID, set[Subscription]] = defaultdict(set)
        self.closed = False

    async def start(self) -> None:
        """Open whatever the broker needs (connections); called once at app start."""

    async def close(self) -> None:
        """Stop: every subscription's `wait()` returns False so open streams end."""
        self.closed = True
        self.ring_all()

    def subscribe(self, board_id: uuid.UUID) -> Subscription:
        """A subscription to signals for `board_id` (enter it before reading the backlog)."""
        return Subscription(self, board_id)

    @property
    def subscriber_count(self) -> int:
        """How many subscriptions are attached (for metrics and tests)."""
        return sum(len(subs) for subs in self._subscribers.values())

    async def publish_in_transaction(
        self, session: AsyncSession, board_ids: Iterable[uuid.UUID]
    ) -> None:
        """Called inside a transaction that wrote events, just before it commits."""

    def published(self, board_ids: Iterable[uuid.UUID]) -> None:
        """Called after a transaction that wrote events for `board_ids` has committed."""

    def ring(self, board_id: uuid.UUID) -> None:
        """Wake local subscribers of one board."""
        for subscription in tuple(self._subscribers.get(board_id, ())):
            subscription.ring()

    def ring_all(self) -> None:
        """Wake every local subscriber (after a possible signal loss, or on close)."""
        for subscriptions in tuple(self._subscribers.values()):
            for subscription in tuple(subscriptions):
                subscription.ring()

    def _attach(self, subscription: Subscription) -> None:
        self._subscribers[subscription.board_id].add(subscription)
        if self.closed:
            subscription.ring()

    def _detach(self, subscription: Subscription) -> None:
        subscriptions = self._subscribers.get(subscription.board_id)
        if subscriptions is not None:
            subscriptions.discard(subscription)
            if not subscriptions:
                del self._subscribers[subscription.board_id]


class InProcessBroker(Broker):
    """Signals within one process: right for SQLite, which one process owns."""

    def published(self, board_ids: Iterable[uuid.UUID]) -> None:
        """Wake this process's subscribers of the changed boards."""
        for board_id in board_ids:
            self.ring(board_id)
