"""Server-Sent Events: a board's changes, resumable with Last-Event-ID."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncGenerator
from typing import Annotated

from fastapi import APIRouter, Header, Query, Request

from taskboard.api.deps import BoardServiceDep, CurrentUser, RuntimeDep
from taskboard.api.sse import EventStreamResponse, format_event
from taskboard.observability import track_sse_connection
from taskboard.services.streams import EventStreams

router = APIRouter(tags=["events"])


async def _board_events(
    request: Request,
    streams: EventStreams,
    board_id: uuid.UUID,
    user_id: uuid.UUID,
    *,
    after_id: int | None,
    retry_ms: int,
) -> AsyncGenerator[bytes, None]:
    with track_sse_connection(request):
        async with streams.open(board_id, user_id, after_id=after_id) as stream:
            # Sent once subscribed: whatever commits after the client sees this reaches it.
            # The id primes the browser's Last-Event-ID, so a reconnect before any event
            # resumes here.
            yield format_event(comment="connected", id=str(stream.last_id), retry_ms=retry_ms)
            async for event in stream:
                yield format_event(
                    data=json.dumps(event.payload, separators=(",", ":")),
                    event=event.type,
                    id=str(event.id),
                )


@router.get(
    "/boards/{board_id}/events",
    name="stream",
    response_class=EventStreamResponse,
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
) -> EventStreamResponse:
    """Every change on the board after the given event id (or from now), then live ones."""
    # Checked on the request's session, which closes before the stream starts reading.
    await boards.get(board_id)
    after_id = last_event_id if last_event_id is not None else last_event_id_query
    return EventStreamResponse(
        _board_events(
            request,
            runtime.streams,
            board_id,
            user.id,
            after_id=after_id,
            retry_ms=runtime.settings.sse_retry_ms,
        ),
        heartbeat_seconds=runtime.settings.sse_heartbeat_seconds,
    )
