"""The live event stream of a board: backlog after a given id, then live events, exactly once."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Coroutine
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from taskboard.domain.models import EventType
from taskboard.events.broker import Broker, Subscription
from taskboard.repositories.events import EventRepository

BATCH_SIZE = 500
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class StreamedEvent:
    """One outbox event as delivered to a subscriber."""

    id: int
    type: str
    payload: dict[str, Any]


class BoardStream:
    """An open subscription to one board; iterate it for events after `last_id`."""

    def __init__(
        self,
        streams: EventStreams,
        subscription: Subscription,
        *,
        user_id: uuid.UUID,
        last_id: int,
    ) -> None:
        self._streams = streams
        self._subscription = subscription
        self._user_id = user_id
        self.last_id = last_id

    def stop(self) -> None:
        """End the iteration at its next wait (e.g. the server is shutting down)."""
        self._subscription.stop()

    async def __aiter__(self) -> AsyncIterator[StreamedEvent]:
        """Backlog first, then each new event; ends when the board is deleted, the user
        leaves it, or the broker closes."""
        board_id = self._subscription.board_id
        while True:
            batch = await self._streams.read(board_id, after_id=self.last_id)
            for event in batch:
                # Every read asks for ids above the last one delivered: a signal for events
                # already read, or an event both in the backlog and signalled, yields nothing twice.
                self.last_id = event.id
                yield event
                if _ends_stream(event, self._user_id):
                    return
            if len(batch) == BATCH_SIZE:
                continue
            if not await self._subscription.wait():
                return


class EventStreams:
    """Opens board event streams; each read uses its own short session (streams are long)."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], broker: Broker) -> None:
        self._sessions = sessions
        self._broker = broker

    @asynccontextmanager
    async def open(
        self, board_id: uuid.UUID, user_id: uuid.UUID, *, after_id: int | None
    ) -> AsyncIterator[BoardStream]:
        """Subscribe, then fix the starting point: `after_id`, or the newest event (from now).

        Subscribing before anything is read means an event committed meanwhile both rings the
        bell and is found by the first read: nothing falls between backlog and live.
        """
        async with self._broker.subscribe(board_id) as subscription:
            last_id = after_id if after_id is not None else await self._last_id(board_id)
            yield BoardStream(self, subscription, user_id=user_id, last_id=last_id)

    async def read(self, board_id: uuid.UUID, *, after_id: int) -> list[StreamedEvent]:
        """Up to BATCH_SIZE events of the board after `after_id`, oldest first."""
        return await _to_completion(self._read(board_id, after_id))

    async def _read(self, board_id: uuid.UUID, after_id: int) -> list[StreamedEvent]:
        async with self._sessions() as session:
            rows = await EventRepository(session).after(
                board_id, after_id=after_id, limit=BATCH_SIZE
            )
            return [StreamedEvent(id=r.id, type=r.type, payload=r.payload) for r in rows]

    async def _last_id(self, board_id: uuid.UUID) -> int:
        return await _to_completion(self._read_last_id(board_id))

    async def _read_last_id(self, board_id: uuid.UUID) -> int:
        async with self._sessions() as session:
            return await EventRepository(session).last_id(board_id)


_running: set[asyncio.Task[Any]] = set()


async def _to_completion(coroutine: Coroutine[Any, Any, T]) -> T:
    """Await `coroutine` in its own task, which finishes even if the caller is cancelled.

    Streams are cancelled whenever a client goes away. A query cancelled half-way leaves its
    connection mid-transaction (on SQLite: holding the database lock until the pool throws
    the connection away), so each short read runs to completion and closes its session; a
    cancelled caller just drops the result.
    """
    task = asyncio.ensure_future(coroutine)
    _running.add(task)
    task.add_done_callback(_running.discard)
    return await asyncio.shield(task)


def _ends_stream(event: StreamedEvent, user_id: uuid.UUID) -> bool:
    if event.type == EventType.BOARD_DELETED:
        return True
    return event.type == EventType.MEMBER_REMOVED and event.payload.get("user_id") == str(user_id)
