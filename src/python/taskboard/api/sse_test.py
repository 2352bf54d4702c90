"""The API's configuration of sse-starlette, driven through raw ASGI messages."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, Callable
from typing import Any

import pytest
from loguru import logger
from sse_starlette import ServerSentEvent
from sse_starlette.sse import AppStatus
from starlette.types import Message

from taskboard.api.sse import EventStream, ending_all_streams, message


def test_message_fields_and_line_ends() -> None:
    encoded = message(comment="hi", id="7", event="task.created", retry_ms=3000, data="{}").encode()
    assert encoded == b": hi\nid: 7\nevent: task.created\ndata: {}\nretry: 3000\n\n"


def test_multi_line_data_becomes_one_line_each() -> None:
    assert message(data="a\nb\r\nc").encode() == b"data: a\ndata: b\ndata: c\n\n"
    assert message(data="").encode() == b"data: \n\n"


@pytest.mark.parametrize("field", ["id", "event"])
@pytest.mark.parametrize("value", ["a\nid: 9", "a\rid: 9", "a\r\nretry: 1"])
def test_line_breaks_cannot_forge_fields(field: str, value: str) -> None:
    fields: dict[str, Any] = {field: value, "data": "x"}
    lines = message(**fields).encode().decode().split("\n")
    assert [line.partition(":")[0] for line in lines if line] == [field, "data"]


def test_heartbeat_must_be_positive() -> None:
    async def nothing() -> AsyncGenerator[ServerSentEvent, None]:
        yield message(data="")  # pragma: no cover - never iterated

    with pytest.raises(ValueError, match="heartbeat_seconds must be positive"):
        EventStream(nothing(), heartbeat_seconds=0)


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

    def __init__(self, *chunks: str, then_wait: bool = True) -> None:
        self.chunks = chunks
        self.then_wait = then_wait
        self.closed = False
        self.started = False

    async def stream(self) -> AsyncGenerator[ServerSentEvent, None]:
        self.started = True
        try:
            for chunk in self.chunks:
                yield message(data=chunk)
            if self.then_wait:
                await asyncio.sleep(3600)
        finally:
            self.closed = True


def serve(response: EventStream, client: Client, method: str = "GET") -> asyncio.Task[None]:
    scope: dict[str, Any] = {"type": "http", "method": method}
    return asyncio.ensure_future(response(scope, client.receive, client.send))


async def test_streams_the_source_then_ends_with_it() -> None:
    source, client = Source("a", "b", then_wait=False), Client()
    await serve(EventStream(source.stream(), headers={"X-Extra": "1"}), client)
    start = client.messages[0]
    headers = dict(start["headers"])
    assert start["status"] == 200
    assert headers[b"content-type"] == b"text/event-stream; charset=utf-8"
    assert headers[b"cache-control"] == b"no-cache, no-transform"
    assert headers[b"x-accel-buffering"] == b"no"
    assert headers[b"x-extra"] == b"1"
    assert client.body == b"data: a\n\ndata: b\n\n"
    assert client.ended
    assert source.closed


async def test_idle_streams_get_heartbeats() -> None:
    source, client = Source(), Client()
    task = serve(EventStream(source.stream(), heartbeat_seconds=0.05), client)
    await client.until(lambda: client.body.count(b": ping\n\n") >= 2)
    client.gone.set()
    await task


async def test_a_disconnect_closes_the_source() -> None:
    source, client, closes = Source("a"), Client(), []
    task = serve(EventStream(source.stream(), on_close=lambda: closes.append("closed")), client)
    await client.until(client.got(b"data: a\n\n"))
    client.gone.set()
    await asyncio.wait_for(task, 5)
    assert source.closed
    assert closes == ["closed"]


async def test_server_shutdown_ends_every_stream_cleanly() -> None:
    pairs = [(Source("a"), Client()) for _ in range(3)]
    tasks = [serve(EventStream(s.stream()), c) for s, c in pairs]
    for _, client in pairs:
        await client.until(client.got(b"data: a\n\n"))
    with ending_all_streams():
        await asyncio.wait_for(asyncio.gather(*tasks), 5)
    assert all(c.ended and s.closed for s, c in pairs)
    # The flag is down again: the next server of this process streams.
    assert not AppStatus.should_exit


async def test_a_stalled_client_is_dropped_with_one_warning() -> None:
    source, client, closes = Source("a"), Client(stall=True), []
    warnings: list[str] = []
    sink = logger.add(warnings.append, level="WARNING", format="{message}")
    try:
        response = EventStream(
            source.stream(), send_timeout=0.05, on_close=lambda: closes.append("closed")
        )
        await asyncio.wait_for(serve(response, client), 5)
    finally:
        logger.remove(sink)
    assert source.closed
    assert not client.ended
    assert closes == ["closed"]
    assert [w.strip() for w in warnings] == [
        "dropped a stalled event stream: nothing sent for 0.05 s"
    ]


async def test_head_answers_headers_without_opening_the_stream() -> None:
    source, client, closes = Source("a"), Client(), []
    response = EventStream(source.stream(), on_close=lambda: closes.append("closed"))
    await serve(response, client, method="HEAD")
    assert client.messages[0]["status"] == 200
    assert client.body == b""
    assert client.ended
    assert not source.started
    assert closes == ["closed"]


async def test_a_failing_source_closes_and_raises() -> None:
    async def broken() -> AsyncGenerator[ServerSentEvent, None]:
        yield message(data="a")
        raise RuntimeError("database gone")

    client, closes = Client(), []
    with pytest.raises(RuntimeError, match="database gone"):
        await serve(EventStream(broken(), on_close=lambda: closes.append("closed")), client)
    assert client.body == b"data: a\n\n"
    assert closes == ["closed"]
