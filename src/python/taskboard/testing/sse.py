"""A minimal Server-Sent Events reader for tests (the parsing rules of the HTML standard)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import httpx


@dataclass
class SseMessage:
    """One dispatched block: an event, a retry hint, or only comments (a heartbeat)."""

    id: str | None = None
    event: str | None = None
    data: list[str] = field(default_factory=list)
    retry: int | None = None
    comments: list[str] = field(default_factory=list)

    @property
    def is_event(self) -> bool:
        """Whether a browser would dispatch this block as an event (it carries data)."""
        return bool(self.data)


async def read_sse(response: httpx.Response) -> AsyncIterator[SseMessage]:
    """Yield every block of a streaming response as it arrives."""
    message = SseMessage()
    touched = False
    async for line in response.aiter_lines():
        if line == "":
            if touched:
                yield message
            message, touched = SseMessage(), False
            continue
        touched = True
        name, _, value = line.partition(":")
        value = value.removeprefix(" ")
        if name == "":
            message.comments.append(value)
        elif name == "id":
            message.id = value
        elif name == "event":
            message.event = value
        elif name == "data":
            message.data.append(value)
        elif name == "retry" and value.isdigit():
            message.retry = int(value)


class SseReader:
    """Pulls messages from a stream with a deadline, so a missing event fails instead of hanging."""

    def __init__(self, response: httpx.Response, *, timeout: float = 5.0) -> None:
        self._messages = read_sse(response)
        self._timeout = timeout

    async def next_message(self) -> SseMessage:
        """The next block, heartbeats included."""
        async with asyncio.timeout(self._timeout):
            return await anext(self._messages)

    async def hello(self) -> SseMessage:
        """The stream's opening block; heartbeats that reach the wire before it are skipped."""
        # A heartbeat can beat the opening block when subscribing is slow (a loaded machine,
        # tests' 0.2 s heartbeats): clients ignore comments, so that order is legitimate.
        async with asyncio.timeout(self._timeout):
            async for message in self._messages:
                if not (message.comments and message.comments[0].startswith("ping")):
                    return message
        raise EOFError("the stream ended")

    async def next_event(self) -> SseMessage:
        """The next block that carries data (heartbeats and hints skipped)."""
        async with asyncio.timeout(self._timeout):
            async for message in self._messages:
                if message.is_event:
                    return message
        raise EOFError("the stream ended")

    async def events(self, count: int) -> list[SseMessage]:
        """The next `count` events."""
        return [await self.next_event() for _ in range(count)]

    async def ended(self) -> bool:
        """Whether the server closes the stream (before the deadline) without another event."""
        async with asyncio.timeout(self._timeout):
            async for message in self._messages:
                if message.is_event:
                    return False
        return True
