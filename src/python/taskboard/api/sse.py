"""A lean Server-Sent Events response: a few kilobytes per open stream.

Why not sse-starlette: it runs four tasks in an anyio task group per stream (sender, pings,
shutdown watcher, disconnect listener), about 28 KiB of the 70 KiB each subscriber cost the
API (measured with tracemalloc, see docs/benchmarks.md). Here an open stream holds its
request task, one task pumping its source and one pending `receive()`.

- Heartbeat comments keep proxies from closing an idle stream and find dead clients.
- The stream ends on client disconnect, when the source is exhausted, when a send stalls
  longer than `send_timeout`, or when the server starts shutting down (`end_all_streams`,
  called by `taskboard.server`): then the client gets a clean end of stream and its
  EventSource reconnects, to another replica if this one is going away.
- HEAD answers the headers without opening the stream.
- `on_close` runs once the response is over, however it ended (even when the source never
  started): where the caller gives back what it reserved for the stream.
"""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import AsyncGenerator, Callable, Mapping

from loguru import logger
from starlette.responses import Response
from starlette.types import Message, Receive, Scope, Send

__all__ = ["EventStreamResponse", "end_all_streams", "format_event"]

DEFAULT_HEADERS = {
    # no-transform: proxies (the Next.js server included) must not gzip and buffer the stream.
    "Cache-Control": "no-cache, no-transform",
    "X-Accel-Buffering": "no",
}

_open: weakref.WeakSet[EventStreamResponse] = weakref.WeakSet()


def format_event(
    *,
    data: str | None = None,
    event: str | None = None,
    id: str | None = None,
    retry_ms: int | None = None,
    comment: str | None = None,
) -> bytes:
    """One SSE message, terminated by its blank line.

    Multi-line `data` becomes one `data:` line per line (the client joins them with "\\n").
    Line breaks in the single-line fields would forge fields, so they are refused.
    """
    for name, value in (("event", event), ("id", id), ("comment", comment)):
        if value is not None and any(c in value for c in "\r\n\0"):
            msg = f"an SSE {name} must be a single line without NUL: {value!r}"
            raise ValueError(msg)
    lines: list[str] = []
    if comment is not None:
        lines.append(f": {comment}")
    if id is not None:
        lines.append(f"id: {id}")
    if event is not None:
        lines.append(f"event: {event}")
    if retry_ms is not None:
        lines.append(f"retry: {retry_ms}")
    if data is not None:
        lines.extend(f"data: {line}" for line in data.splitlines() or [""])
    return ("\n".join(lines) + "\n\n").encode()


def end_all_streams() -> None:
    """End every open stream cleanly (server shutdown); call it on the event loop's thread."""
    for response in list(_open):
        response.end()


class EventStreamResponse(Response):
    """Stream the messages (`format_event` bytes) of `source` as `text/event-stream`."""

    media_type = "text/event-stream"

    def __init__(
        self,
        source: AsyncGenerator[bytes, None],
        status_code: int = 200,
        *,
        heartbeat_seconds: float = 15.0,
        send_timeout: float = 30.0,
        headers: Mapping[str, str] | None = None,
        on_close: Callable[[], None] | None = None,
    ) -> None:
        if heartbeat_seconds <= 0:
            msg = f"heartbeat_seconds must be positive, got {heartbeat_seconds}"
            raise ValueError(msg)
        self.source = source
        self.heartbeat_seconds = heartbeat_seconds
        self.send_timeout = send_timeout
        self.on_close = on_close
        self.status_code = status_code
        self.background = None
        self.init_headers({**DEFAULT_HEADERS, **(headers or {})})
        self._ended = False
        self._wake: asyncio.Future[None] | None = None

    def end(self) -> None:
        """Finish the stream at once (it sends the end of the response and returns)."""
        self._ended = True
        self._wake_up()

    def _wake_up(self, *_: object) -> None:
        if self._wake is not None and not self._wake.done():
            self._wake.set_result(None)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve the stream until it ends; see the module docstring for when that is."""
        start: Message = {
            "type": "http.response.start",
            "status": self.status_code,
            "headers": self.raw_headers,
        }
        try:
            await self._serve(scope, receive, send, start)
        finally:
            if self.on_close is not None:
                self.on_close()

    async def _serve(self, scope: Scope, receive: Receive, send: Send, start: Message) -> None:
        if scope.get("method") == "HEAD":
            await send(start)
            await send(_body(b"", more=False))
            await self.source.aclose()
            return
        # One task pumps the source for the stream's whole life (no task per event); this
        # one sleeps on a single future, woken by heartbeats, the client leaving, the end of
        # the source or `end()` (`asyncio.wait` would cost a few more KiB per idle stream).
        loop = asyncio.get_running_loop()
        _open.add(self)
        disconnected = asyncio.ensure_future(_wait_for_disconnect(receive))
        disconnected.add_done_callback(self._wake_up)
        pump: asyncio.Future[None] | None = None
        try:
            await self._send(send, start)
            pump = asyncio.ensure_future(self._pump(send))
            pump.add_done_callback(self._wake_up)
            while not (pump.done() or disconnected.done() or self._ended):
                self._wake = loop.create_future()
                timer = loop.call_later(self.heartbeat_seconds, self._wake_up)
                try:
                    await self._wake
                finally:
                    timer.cancel()
                if not (pump.done() or disconnected.done() or self._ended):
                    await self._send(send, _body(format_event(comment="ping"), more=True))
            if pump.done():
                pump.result()  # the source's failure, or a stalled send
            else:
                await _stop(pump)  # the client left, or the server is shutting down
            if not disconnected.done():
                await self._send(send, _body(b"", more=False))
        except _SendStalledError:
            # Drop the stream; the client's EventSource reconnects if it is still there.
            logger.warning(
                "dropped a stalled event stream: nothing sent for {} s", self.send_timeout
            )
        finally:
            _open.discard(self)
            disconnected.cancel()
            await _stop(pump)
            await self.source.aclose()

    async def _pump(self, send: Send) -> None:
        async for chunk in self.source:
            await self._send(send, _body(chunk, more=True))

    async def _send(self, send: Send, message: Message) -> None:
        try:
            async with asyncio.timeout(self.send_timeout):
                await send(message)
        except TimeoutError:
            raise _SendStalledError from None


class _SendStalledError(Exception):
    """The client has not taken a message for `send_timeout` seconds."""


def _body(chunk: bytes, *, more: bool) -> Message:
    return {"type": "http.response.body", "body": chunk, "more_body": more}


async def _wait_for_disconnect(receive: Receive) -> None:
    while (await receive())["type"] != "http.disconnect":
        pass


async def _stop(pump: asyncio.Future[None] | None) -> None:
    """Cancel the pump if it still runs (its source then unwinds) and wait for it."""
    if pump is not None:
        pump.cancel()
        # Its outcome is the caller's to read (`result()`); here it only has to be over.
        await asyncio.gather(pump, return_exceptions=True)
