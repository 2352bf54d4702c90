"""Server-Sent Events: a board's changes, resumable with Last-Event-ID."""

from __future__ import annotations

import uuid
from collections.abc import AsyncGenerator
from typing import Annotated

from fastapi import APIRouter, Header, Query
from sse_starlette import ServerSentEvent

from taskboard.api.deps import BoardServiceDep, CurrentUser, RuntimeDep
from taskboard.api.sse import EventStream, message
from taskboard.domain.models import EventType
from taskboard.services.streams import EventStreams

router = APIRouter(tags=["events"])


async def _board_events(
    streams: EventStreams,
    board_id: uuid.UUID,
    user_id: uuid.UUID,
    *,
    after_id: int | None,
    retry_ms: int,
) -> AsyncGenerator[ServerSentEvent, None]:
    async with streams.open(board_id, user_id, after_id=after_id) as stream:
        # Sent once subscribed: whatever commits after the client sees this reaches it.
        # The id primes the browser's Last-Event-ID, so a reconnect before any event
        # resumes here.
        yield message(comment="connected", id=str(stream.last_id), retry_ms=retry_ms)
        async for event in stream:
            yield message(
                data=event.data,
                event=event.type,
                id=str(event.id),
            )


_RETRY_AFTER = {"Retry-After": {"description": "Seconds to wait", "schema": {"type": "integer"}}}
# Event ids are the outbox's BIGINT keys.
_MAX_EVENT_ID = 2**63 - 1
# What an EventSource hands the client for each event (OpenAPI 3.1: the schema of a
# text/event-stream is that of one event). Comments (the greeting, heartbeats) are not events.
_EVENT_SCHEMA = {
    "type": "object",
    "description": "One change: `event` names its kind, `data` is its JSON payload",
    "required": ["id", "event", "data"],
    "properties": {
        "id": {"type": "string", "pattern": "^[0-9]+$", "description": "Resume after it"},
        "event": {"type": "string", "enum": [kind.value for kind in EventType]},
        "data": {"type": "string", "contentMediaType": "application/json"},
        "retry": {"type": "integer", "minimum": 0},
    },
}


@router.get(
    "/boards/{board_id}/events",
    name="stream",
    response_class=EventStream,
    responses={
        200: {
            "content": {"text/event-stream": {"schema": _EVENT_SCHEMA}},
            "description": "The event stream",
        },
        429: {"description": "This user holds the most streams allowed", "headers": _RETRY_AFTER},
        503: {"description": "This replica holds its most streams", "headers": _RETRY_AFTER},
    },
)
async def stream_events(
    board_id: uuid.UUID,
    user: CurrentUser,
    boards: BoardServiceDep,
    runtime: RuntimeDep,
    last_event_id: Annotated[
        int | None,
        Header(
            alias="Last-Event-ID", ge=0, le=_MAX_EVENT_ID, description="Resume after this event"
        ),
    ] = None,
    last_event_id_query: Annotated[
        int | None,
        Query(
            alias="last_event_id",
            ge=0,
            le=_MAX_EVENT_ID,
            description="Resume point for a first connection",
        ),
    ] = None,
) -> EventStream:
    """Every change on the board after the given event id (or from now), then live ones."""
    # Checked on the request's session, which closes before the stream starts reading.
    await boards.get(board_id)
    after_id = last_event_id if last_event_id is not None else last_event_id_query
    # Counted from here until the response is over, however it ends.
    lease = runtime.stream_capacity.acquire(user.id)
    return EventStream(
        _board_events(
            runtime.streams,
            board_id,
            user.id,
            after_id=after_id,
            retry_ms=runtime.settings.sse_retry_ms,
        ),
        heartbeat_seconds=runtime.settings.sse_heartbeat_seconds,
        send_timeout=runtime.settings.sse_send_timeout_seconds,
        on_close=lease.release,
    )
