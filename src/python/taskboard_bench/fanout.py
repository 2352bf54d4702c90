"""SSE fan-out: N subscribers on one board of one server process, one change, its delivery.

Subscribers are raw asyncio streams (no SSE parser, no httpx) so that thousands of them cost
the load process little: each reads until the `connected` comment, then until the first
`task.created` event, and notes when it arrived. Latency is measured on this process's clock
from just before the change is POSTed to each arrival, so it includes the write, the commit,
the broker's signal, every subscriber's outbox read and the socket writes.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from taskboard_bench.procfs import rss_kib
from taskboard_bench.rawhttp import Connection, build_request, parse_head
from taskboard_bench.stats import LatencySummary, SseResult

CONNECTED = b": connected"
CREATED = b"event: task.created"
CONNECT_TIMEOUT_SECONDS = 60.0
# Idle RSS is read this long after the warm-up stream closed, connected RSS this long after
# the last subscriber connected: the server has settled both times.
SETTLE_SECONDS = 1.0


@dataclass
class Subscriber:
    """One open stream; `tail` is what was read of its body so far (still chunk-encoded)."""

    reader: asyncio.StreamReader
    writer: asyncio.StreamWriter
    tail: bytes


def stream_request(netloc: str, *, board_id: str, token: str) -> bytes:
    """The request that opens a stream of the board's events (sent by every subscriber)."""
    return build_request(
        "GET",
        f"/api/v1/boards/{board_id}/events",
        host=netloc,
        headers={"Authorization": f"Bearer {token}", "Accept": "text/event-stream"},
    )


async def connect(host: str, port: int, request: bytes) -> Subscriber | None:
    """Open one stream and read until the server says it is subscribed; None on failure."""
    writer: asyncio.StreamWriter | None = None
    try:
        async with asyncio.timeout(CONNECT_TIMEOUT_SECONDS):
            reader, writer = await asyncio.open_connection(host, port)
            writer.write(request)
            status, _ = parse_head(await reader.readuntil(b"\r\n\r\n"))
            if status != 200:
                raise ValueError(f"status {status}")
            buffer = b""
            while CONNECTED not in buffer:
                chunk = await reader.read(4096)
                if not chunk:
                    raise EOFError("stream closed before it was connected")
                buffer += chunk
            return Subscriber(reader, writer, buffer)
    except (OSError, EOFError, ValueError, TimeoutError, asyncio.IncompleteReadError):
        if writer is not None:
            writer.close()
        return None


async def _arrival(subscriber: Subscriber) -> float | None:
    """When the first `task.created` event arrives on this stream (None if it ends first)."""
    buffer = subscriber.tail
    while CREATED not in buffer:
        try:
            chunk = await subscriber.reader.read(65536)
        except OSError:
            return None
        if not chunk:
            return None
        # Keep a short tail: the marker may straddle two reads.
        buffer = buffer[-len(CREATED) :] + chunk
    return time.perf_counter()


async def connect_all(
    host: str, port: int, request: bytes, *, count: int, concurrency: int
) -> list[Subscriber | None]:
    """Open `count` streams, at most `concurrency` connecting at a time (None: that one failed)."""
    gate = asyncio.Semaphore(concurrency)

    async def gated_connect() -> Subscriber | None:
        async with gate:
            return await connect(host, port, request)

    return await asyncio.gather(*(gated_connect() for _ in range(count)))


async def close_all(subscribers: list[Subscriber]) -> None:
    """Close every stream; wait (up to 10 s) for the sockets to be closed."""
    for subscriber in subscribers:
        subscriber.writer.close()
    with contextlib.suppress(TimeoutError):
        async with asyncio.timeout(10):
            await asyncio.gather(
                *(s.writer.wait_closed() for s in subscribers), return_exceptions=True
            )


async def run(
    url: str,
    *,
    board_id: str,
    token: str,
    server: str,
    server_pid: int,
    subscribers: int,
    connect_concurrency: int,
    delivery_timeout: float,
) -> SseResult:
    """Connect `subscribers` streams, read the server's RSS, POST one task, time delivery."""
    netloc = urlsplit(url).netloc
    host, _, port_text = netloc.partition(":")
    port = int(port_text)
    auth = {"Authorization": f"Bearer {token}"}
    request = stream_request(netloc, board_id=board_id, token=token)
    # One stream opened and closed first, so whatever the first stream allocates for good
    # (imports, caches, pooled connections) counts as idle, not per subscriber.
    warm = await connect(host, port, request)
    if warm is None:
        raise RuntimeError("could not open a warm-up SSE stream")
    await close_all([warm])
    await asyncio.sleep(SETTLE_SECONDS)
    rss_idle = rss_kib(server_pid)

    started = time.perf_counter()
    opened = await connect_all(
        host, port, request, count=subscribers, concurrency=connect_concurrency
    )
    connect_seconds = time.perf_counter() - started
    connected = [s for s in opened if s is not None]
    try:
        await asyncio.sleep(SETTLE_SECONDS)
        rss_connected = rss_kib(server_pid)
        waiters = [asyncio.ensure_future(_arrival(s)) for s in connected]
        await asyncio.sleep(0)  # every waiter is now reading
        change = build_request(
            "POST",
            f"/api/v1/boards/{board_id}/tasks",
            host=netloc,
            headers=auth,
            json_body={"title": "fan-out probe"},
        )
        poster = Connection(host, port)
        sent_at = time.perf_counter()
        try:
            response = await poster.request(change)
        finally:
            await poster.close()
        if response.status != 201:
            raise RuntimeError(f"POST of the change failed: {response.status} {response.body!r}")
        done, pending = await asyncio.wait(waiters, timeout=delivery_timeout)
        for waiter in pending:
            waiter.cancel()
        arrivals = [t for w in done if (t := w.result()) is not None]
    finally:
        await close_all(connected)
    return SseResult(
        server=server,
        subscribers=subscribers,
        connected=len(connected),
        delivered=len(arrivals),
        connect_seconds=connect_seconds,
        latency=LatencySummary.of([t - sent_at for t in arrivals]),
        rss_idle_kib=rss_idle,
        rss_connected_kib=rss_connected,
    )
