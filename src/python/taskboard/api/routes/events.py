"""Server-Sent Events: a board's changes, resumable with Last-Event-ID."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator
from typing import Annotated

import anyio
from fastapi import APIRouter, Header, Query, Request
from sse_starlette import EventSourceResponse, ServerSentEvent

from taskboard.api.deps import BoardServiceDep, CurrentUser, RuntimeDep
from taskboard.observability import track_sse_connection
from taskboard.services.streams import BoardStream, EventStreams

router = APIRouter(tags=["events"])

# How long a stream gets to finish cleanly once the server starts shutting down.
SHUTDOWN_GRACE_SECONDS = 2.0

STREAM_HEADERS = {
    # no-transform: proxies (the Next.js server included) must not gzip and buffer the stream.
    "Cache-Control": "no-cache, no-transform",
    "X-Accel-Buffering": "no",
}


async def _sse(
    request: Request,
    streams: EventStreams,
    board_id: uuid.UUID,
    user_id: uuid.UUID,
    *,
    after_id: int | None,
    retry_ms: int,
    shutdown: anyio.Event,
) -> AsyncIterator[ServerSentEvent]:
    with track_sse_connection(request):
        async for event in _board_events(
            streams, board_id, user_id, after_id=after_id, retry_ms=retry_ms, shutdown=shutdown
        ):
            yield event


async def _board_events(
    streams: EventStreams,
    board_id: uuid.UUID,
    user_id: uuid.UUID,
    *,
    after_id: int | None,
    retry_ms: int,
    shutdown: anyio.Event,
) -> AsyncIterator[ServerSentEvent]:
    async with streams.open(board_id, user_id, after_id=after_id) as stream:
        # On server shutdown, finish the stream properly (final chunk) instead of being cut off.
        stopper = asyncio.get_running_loop().create_task(_stop_on(shutdown, stream))
        # Sent once subscribed: whatever commits after the client sees this reaches it. The id
        # primes the browser's Last-Event-ID, so a reconnect before any event resumes here.
        yield ServerSentEvent(comment="connected", id=str(stream.last_id), retry=retry_ms)
        try:
            async for event in stream:
                yield ServerSentEvent(
                    data=json.dumps(event.payload, separators=(",", ":")),
                    event=event.type,
                    id=str(event.id),
                )
        finally:
            stopper.cancel()


async def _stop_on(shutdown: anyio.Event, stream: BoardStream) -> None:
    await shutdown.wait()
    stream.stop()


@router.get(
    "/boards/{board_id}/events",
    name="stream",
    response_class=EventSourceResponse,
    responses={200: {"content": {"text/event-stream": {}}, "description": "The event stream"}},
)
async def stream_events(
    request: Request,
    board_id: uuid.UUID,
    user: CurrentUser,
    boards: BoardServiceDep,
    runtime: RuntimeDep,
    last_event_id: Annotated[
        int | None, Header(alias="Last-Event-ID", ge=0, description="Resume after this event")
    ] = None,
    last_event_id_query: Annotated[
        int | None,
        Query(alias="last_event_id", ge=0, description="Resume point for a first connection"),
    ] = None,
) -> EventSourceResponse:
    """Every change on the board after the given event id (or from now), then live ones."""
    # Checked on the request's session, which closes before the stream starts reading.
    await boards.get(board_id)
    after_id = last_event_id if last_event_id is not None else last_event_id_query
    shutdown = anyio.Event()
    return EventSourceResponse(
        _sse(
            request,
            runtime.streams,
            board_id,
            user.id,
            after_id=after_id,
            retry_ms=runtime.settings.sse_retry_ms,
            shutdown=shutdown,
        ),
        ping=runtime.settings.sse_heartbeat_seconds,
        headers=STREAM_HEADERS,
        shutdown_event=shutdown,
        shutdown_grace_period=SHUTDOWN_GRACE_SECONDS,
    )
