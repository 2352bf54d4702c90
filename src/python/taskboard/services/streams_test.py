"""Board feeds: one outbox read per wake-up for all streams of a board, nothing lost or repeated."""

from __future__ import annotations

import asyncio
import uuid
from contextlib import AsyncExitStack
from typing import Any

from taskboard.events.broker import InProcessBroker
from taskboard.services import streams as streams_module
from taskboard.services.streams import EventStreams, StreamedEvent


class FakeOutbox(EventStreams):
    """EventStreams over an in-memory outbox that counts its reads."""

    def __init__(self, broker: InProcessBroker) -> None:
        super().__init__(sessions=None, broker=broker)  # type: ignore[arg-type]
        self.events: list[StreamedEvent] = []
        self.reads = 0

    def append(self, board_id: uuid.UUID, count: int = 1) -> None:
        for _ in range(count):
            event_id = len(self.events) + 1
            self.events.append(StreamedEvent.of(event_id, "task.created", {}))
        self._broker.published([board_id])

    async def read(self, board_id: uuid.UUID, *, after_id: int) -> list[StreamedEvent]:
        self.reads += 1
        await asyncio.sleep(0)  # a real read yields to the loop
        newer = [event for event in self.events if event.id > after_id]
        return newer[: streams_module.BATCH_SIZE]

    async def _last_id(self, board_id: uuid.UUID) -> int:
        return len(self.events)


async def _collect(stream: Any, count: int, into: list[int]) -> None:
    async for event in stream:
        into.append(event.id)
        if len(into) == count:
            return


async def _open_all(
    outbox: FakeOutbox, stack: AsyncExitStack, board_id: uuid.UUID, n: int, after_id: int | None
) -> list[Any]:
    user = uuid.uuid4()
    return [
        await stack.enter_async_context(outbox.open(board_id, user, after_id=after_id))
        for _ in range(n)
    ]


async def test_many_streams_share_one_read_per_change() -> None:
    broker = InProcessBroker()
    outbox = FakeOutbox(broker)
    board_id = uuid.uuid4()
    async with AsyncExitStack() as stack:
        streams = await _open_all(outbox, stack, board_id, 200, after_id=None)
        received: list[list[int]] = [[] for _ in streams]
        tasks = [
            asyncio.create_task(_collect(stream, 3, into))
            for stream, into in zip(streams, received, strict=True)
        ]
        await asyncio.sleep(0.05)  # every stream is waiting for its first signal
        reads_before = outbox.reads
        outbox.append(board_id)
        await asyncio.sleep(0.05)
        outbox.append(board_id, count=2)
        await asyncio.wait_for(asyncio.gather(*tasks), 5)
    assert all(ids == [1, 2, 3] for ids in received)
    # Two changes: a handful of reads between 200 streams, not 400.
    assert outbox.reads - reads_before <= 8


async def test_streams_resuming_behind_the_feed_catch_up_in_order(monkeypatch: Any) -> None:
    monkeypatch.setattr(streams_module, "BATCH_SIZE", 3)
    monkeypatch.setattr(streams_module, "CACHE_SIZE", 4)
    broker = InProcessBroker()
    outbox = FakeOutbox(broker)
    board_id = uuid.uuid4()
    outbox.append(board_id, count=10)
    async with AsyncExitStack() as stack:
        live = await _open_all(outbox, stack, board_id, 1, after_id=None)
        resumed = await _open_all(outbox, stack, board_id, 2, after_id=2)
        from_start = await _open_all(outbox, stack, board_id, 1, after_id=0)
        streams = live + resumed + from_start
        received: list[list[int]] = [[] for _ in streams]
        expected_counts = [5, 13, 13, 15]
        tasks = [
            asyncio.create_task(_collect(stream, count, into))
            for stream, count, into in zip(streams, expected_counts, received, strict=True)
        ]
        for _ in range(5):
            await asyncio.sleep(0.01)
            outbox.append(board_id)
        await asyncio.wait_for(asyncio.gather(*tasks), 5)
    assert received[0] == list(range(11, 16))
    assert received[1] == received[2] == list(range(3, 16))
    assert received[3] == list(range(1, 16))


async def test_the_feed_goes_away_with_its_last_stream() -> None:
    broker = InProcessBroker()
    outbox = FakeOutbox(broker)
    board_id = uuid.uuid4()
    async with AsyncExitStack() as stack:
        await _open_all(outbox, stack, board_id, 2, after_id=None)
        assert board_id in outbox._feeds
    assert outbox._feeds == {}
