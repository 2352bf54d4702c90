"""The live event stream of a board: backlog after a given id, then live events, exactly once."""

from __future__ import annotations

import asyncio
import bisect
import contextlib
import json
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
# Recent events a board's feed keeps for its streams (per board with open streams).
CACHE_SIZE = 2 * BATCH_SIZE
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class StreamedEvent:
    """One outbox event as delivered to a subscriber.

    `data` is the payload as compact JSON, encoded once per read: a board's streams share
    the objects of its feed, so a broadcast to N streams encodes each event once, not N times.
    """

    id: int
    type: str
    payload: dict[str, Any]
    data: str

    @classmethod
    def of(cls, event_id: int, kind: str, payload: dict[str, Any]) -> StreamedEvent:
        """The event with its payload's JSON."""
        return cls(event_id, kind, payload, json.dumps(payload, separators=(",", ":")))


class BoardStream:
    """An open subscription to one board; iterate it for events after `last_id`."""

    def __init__(
        self,
        feed: _BoardFeed,
        subscription: Subscription,
        *,
        user_id: uuid.UUID,
        last_id: int,
    ) -> None:
        self._feed = feed
        self._subscription = subscription
        self._user_id = user_id
        self.last_id = last_id

    async def __aiter__(self) -> AsyncIterator[StreamedEvent]:
        """Backlog first, then each new event; ends when the board is deleted, the user
        leaves it, or the broker closes."""
        while True:
            batch, more = await self._feed.read(after_id=self.last_id)
            for event in batch:
                # Every read asks for ids above the last one delivered: a signal for events
                # already read, or an event both in the backlog and signalled, yields nothing twice.
                self.last_id = event.id
                yield event
                if _ends_stream(event, self._user_id):
                    return
            if more:
                continue
            if not await self._subscription.wait():
                return


class _BoardFeed:
    """The board's recent events, read once per wake-up for all of its local streams.

    Holds the events with ids in (`_low`, `_high`], everything the board committed in that
    range (per board, outbox ids commit in id order: writers hold the board lock). A stream
    at or past `_high` gets a refresh that *started after it asked* (so it sees every event
    committed before its signal was consumed); callers arriving before a refresh has started
    share it, so N woken streams cost one or two queries, not N. A stream behind `_low`
    (resuming from an old id) reads the table itself until it catches up.
    """

    def __init__(self, streams: EventStreams, board_id: uuid.UUID, last_id: int) -> None:
        self._streams = streams
        self._board_id = board_id
        self._events: list[StreamedEvent] = []
        self._low = last_id
        self._high = last_id
        self._pending: asyncio.Task[bool] | None = None  # not started yet: joinable
        self._current: asyncio.Task[bool] | None = None  # started: too late to join
        self.users = 0

    async def read(self, *, after_id: int) -> tuple[list[StreamedEvent], bool]:
        """Up to BATCH_SIZE events after `after_id`, oldest first, and whether more may be
        available right away (False: the caller is up to date as of a read begun after this
        call, so it can wait for the next signal)."""
        if after_id < self._low:
            batch = await self._streams.read(self._board_id, after_id=after_id)
            return batch, len(batch) == BATCH_SIZE
        # Served without a refresh, the caller must come back (more=True) before it waits:
        # events committed after the last refresh may have rung its bell already.
        complete = False
        if after_id >= self._high:
            complete = await self._refresh()
        if after_id < self._low:  # trimmed while this caller waited for the refresh
            return await self.read(after_id=after_id)
        start = bisect.bisect_right(self._events, after_id, key=_event_id)
        batch = self._events[start : start + BATCH_SIZE]
        return batch, not complete or start + BATCH_SIZE < len(self._events)

    async def _refresh(self) -> bool:
        """Read the events after `_high`; True if that reached the newest one."""
        if self._pending is None:
            self._pending = asyncio.ensure_future(self._refresh_after(self._current))
            _running.add(self._pending)
            self._pending.add_done_callback(_running.discard)
        # Shielded: the read finishes (and closes its session) even if this caller goes away.
        return await asyncio.shield(self._pending)

    async def _refresh_after(self, previous: asyncio.Task[bool] | None) -> bool:
        if previous is not None:
            with contextlib.suppress(Exception):
                await asyncio.shield(previous)
        # From here on, new callers wait for the next refresh: this one may miss their events.
        self._current, self._pending = self._pending, None
        batch = await self._streams.read(self._board_id, after_id=self._high)
        if batch:
            self._events.extend(batch)
            self._high = batch[-1].id
            excess = len(self._events) - CACHE_SIZE
            if excess > 0:
                self._low = self._events[excess - 1].id
                del self._events[:excess]
        return len(batch) < BATCH_SIZE


class EventStreams:
    """Opens board event streams; each read uses its own short session (streams are long).

    Streams of the same board share one `_BoardFeed`, so a change costs one outbox query per
    board rather than one per stream.
    """

    def __init__(self, sessions: async_sessionmaker[AsyncSession], broker: Broker) -> None:
        self._sessions = sessions
        self._broker = broker
        self._feeds: dict[uuid.UUID, _BoardFeed] = {}

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
            feed = self._feeds.get(board_id)
            if feed is None:
                feed = self._feeds[board_id] = _BoardFeed(self, board_id, last_id)
            feed.users += 1
            try:
                yield BoardStream(feed, subscription, user_id=user_id, last_id=last_id)
            finally:
                feed.users -= 1
                if feed.users == 0 and self._feeds.get(board_id) is feed:
                    del self._feeds[board_id]

    async def read(self, board_id: uuid.UUID, *, after_id: int) -> list[StreamedEvent]:
        """Up to BATCH_SIZE events of the board after `after_id`, oldest first."""
        return await _to_completion(self._read(board_id, after_id))

    async def _read(self, board_id: uuid.UUID, after_id: int) -> list[StreamedEvent]:
        async with self._sessions() as session:
            rows = await EventRepository(session).after(
                board_id, after_id=after_id, limit=BATCH_SIZE
            )
            return [StreamedEvent.of(r.id, r.type, r.payload) for r in rows]

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


def _event_id(event: StreamedEvent) -> int:
    return event.id


def _ends_stream(event: StreamedEvent, user_id: uuid.UUID) -> bool:
    if event.type == EventType.BOARD_DELETED:
        return True
    return event.type == EventType.MEMBER_REMOVED and event.payload.get("user_id") == str(user_id)
