"""The SSE wire format and the stream response, driven through raw ASGI messages."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, Callable
from typing import Any

import pytest
from starlette.types import Message

from taskboard.api.sse import EventStreamResponse, end_all_streams, format_event


def test_format_event_fields_in_order() -> None:
    message = format_event(comment="hi", id="7", event="task.created", retry_ms=3000, data="{}")
    assert message == b": hi\nid: 7\nevent: task.created\nretry: 3000\ndata: {}\n\n"


def test_multi_line_data_becomes_one_line_each() -> None:
    assert format_event(data="a\nb\r\nc") == b"data: a\ndata: b\ndata: c\n\n"
    assert format_event(data="") == b"data: \n\n"


@pytest.mark.parametrize("field", ["id", "event", "comment"])
@pytest.mark.parametrize("value", ["a\nid: 9", "a\rb", "a\0b"])
def test_line_breaks_cannot_forge_fields(field: str, value: str) -> None:
    fields: dict[str, Any] = {field: value}
    with pytest.raises(ValueError, match=f"SSE {field} must be a single line"):
        format_event(**fields)


def test_heartbeat_must_be_positive() -> None:
    async def nothing() -> AsyncGenerator[bytes, None]:
        yield b""  # pragma: no cover - never iterated

    with pytest.raises(ValueError, match="heartbeat_seconds must be positive"):
        EventStreamResponse(nothing(), heartbeat_seconds=0)


class Client:
    """The server side of one connection: what the response sent, and a way to hang up."""

    def __init__(self, *, stall: bool = False) -> None:
        self.messages: list[Message] = []
        self.gone = asyncio.Event()
        self.sent = asyncio.Event()
        self.stall = stall

    async def receive(self) -> Message:
        await self.gone.wait()
        return {"type": "http.disconnect"}

    async def send(self, message: Message) -> None:
        if self.stall and message["type"] == "http.response.body":
            await asyncio.sleep(3600)
        self.messages.append(message)
        self.sent.set()

    def got(self, body: bytes) -> Callable[[], bool]:
        """A condition for `until`: exactly `body` was streamed so far."""
        return lambda: self.body == body

    async def until(self, condition: Callable[[], bool]) -> None:
        """Wait (at most 5 s) until `condition` holds for what was sent."""
        async with asyncio.timeout(5):
            while not condition():
                self.sent.clear()
                await self.sent.wait()

    @property
    def body(self) -> bytes:
        return b"".join(m.get("body", b"") for m in self.messages[1:])

    @property
    def ended(self) -> bool:
        return bool(self.messages) and self.messages[-1].get("more_body") is False


class Source:
    """An event source that records whether it was closed (its `finally` ran)."""

    def __init__(self, *chunks: bytes, then_wait: bool = True) -> None:
        self.chunks = chunks
        self.then_wait = then_wait
        self.closed = False
        self.started = False

    async def stream(self) -> AsyncGenerator[bytes, None]:
        self.started = True
        try:
            for chunk in self.chunks:
                yield chunk
            if self.then_wait:
                await asyncio.sleep(3600)
        finally:
            self.closed = True


def serve(response: EventStreamResponse, client: Client, method: str = "GET") -> asyncio.Task[None]:
    scope: dict[str, Any] = {"type": "http", "method": method}
    return asyncio.ensure_future(response(scope, client.receive, client.send))


async def test_streams_the_source_then_ends_with_it() -> None:
    source, client = Source(b"a\n\n", b"b\n\n", then_wait=False), Client()
    await serve(EventStreamResponse(source.stream(), headers={"X-Extra": "1"}), client)
    start = client.messages[0]
    headers = dict(start["headers"])
    assert start["status"] == 200
    assert headers[b"content-type"] == b"text/event-stream; charset=utf-8"
    assert headers[b"cache-control"] == b"no-cache, no-transform"
    assert headers[b"x-extra"] == b"1"
    assert client.body == b"a\n\nb\n\n"
    assert client.ended
    assert source.closed


async def test_idle_streams_get_heartbeats() -> None:
    source, client = Source(), Client()
    task = serve(EventStreamResponse(source.stream(), heartbeat_seconds=0.05), client)
    await client.until(lambda: client.body.count(b": ping\n\n") >= 2)
    client.gone.set()
    await task


async def test_a_disconnect_closes_the_source() -> None:
    source, client = Source(b"a\n\n"), Client()
    task = serve(EventStreamResponse(source.stream()), client)
    await client.until(client.got(b"a\n\n"))
    client.gone.set()
    await asyncio.wait_for(task, 5)
    assert source.closed


async def test_server_shutdown_ends_every_stream_cleanly() -> None:
    pairs = [(Source(b"a\n\n"), Client()) for _ in range(3)]
    tasks = [serve(EventStreamResponse(s.stream()), c) for s, c in pairs]
    for _, client in pairs:
        await client.until(client.got(b"a\n\n"))
    end_all_streams()
    await asyncio.wait_for(asyncio.gather(*tasks), 5)
    assert all(c.ended and s.closed for s, c in pairs)


async def test_a_stalled_client_is_dropped() -> None:
    source, client = Source(b"a\n\n"), Client(stall=True)
    await asyncio.wait_for(
        serve(EventStreamResponse(source.stream(), send_timeout=0.05), client), 5
    )
    assert source.closed
    assert not client.ended


async def test_head_answers_headers_without_opening_the_stream() -> None:
    source, client = Source(b"a\n\n"), Client()
    await serve(EventStreamResponse(source.stream()), client, method="HEAD")
    assert client.messages[0]["status"] == 200
    assert client.body == b""
    assert client.ended
    assert not source.started


async def test_a_failing_source_closes_and_raises() -> None:
    async def broken() -> AsyncGenerator[bytes, None]:
        yield b"a\n\n"
        raise RuntimeError("database gone")

    client = Client()
    with pytest.raises(RuntimeError, match="database gone"):
        await serve(EventStreamResponse(broken()), client)
    assert client.body == b"a\n\n"
