"""SSE over real HTTP (uvicorn in the test's loop): order, resume, heartbeats, access, ending."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import pytest

from taskboard.api.main import create_app
from taskboard.settings import Settings
from taskboard.testing.app import TestUser, add_member, create_board, create_task, sign_up
from taskboard.testing.live import live_server
from taskboard.testing.sse import SseMessage, SseReader

pytestmark = pytest.mark.timeout(60)


@pytest.fixture
async def base_url(settings: Settings) -> AsyncIterator[str]:
    async with live_server(create_app(settings)) as url:
        yield url


@pytest.fixture
async def http(base_url: str) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=base_url, timeout=10) as client:
        yield client


async def make_live_user(base_url: str) -> TestUser:
    return await sign_up(httpx.AsyncClient(base_url=base_url, timeout=10))


@pytest.fixture
async def owner(base_url: str) -> AsyncIterator[TestUser]:
    user = await make_live_user(base_url)
    yield user
    await user.client.aclose()


@asynccontextmanager
async def subscribe(
    user: TestUser, board_id: str, *, headers: dict[str, str] | None = None, query: str = ""
) -> AsyncIterator[SseReader]:
    """Open the board's stream and wait for its "connected" block."""
    url = f"/api/v1/boards/{board_id}/events{query}"
    async with user.client.stream("GET", url, headers=headers) as response:
        assert response.status_code == 200, await response.aread()
        reader = SseReader(response)
        hello = await reader.hello()
        assert hello.comments == ["connected"]
        assert hello.retry == 1500
        yield reader


async def test_stream_headers_and_live_events_in_order(owner: TestUser) -> None:
    board = await create_board(owner)
    async with owner.client.stream("GET", f"/api/v1/boards/{board['id']}/events") as response:
        assert response.headers["content-type"].startswith("text/event-stream")
        assert response.headers["cache-control"] == "no-cache, no-transform"
        assert response.headers["x-accel-buffering"] == "no"
    async with subscribe(owner, board["id"]) as reader:
        created = [(await create_task(owner, board["id"], title=f"t{i}")).json() for i in range(3)]
        renamed = await owner.client.patch(f"/api/v1/boards/{board['id']}", json={"name": "New"})
        assert renamed.status_code == 200
        events = await reader.events(4)
    assert [e.event for e in events] == ["task.created"] * 3 + ["board.updated"]
    assert [json.loads(e.data[0])["id"] for e in events[:3]] == [t["id"] for t in created]
    # The payload carries the task as the REST response does, timestamps in the same format.
    first = json.loads(events[0].data[0])
    assert first == {**created[0], "version": first["version"]}
    assert first["created_at"].endswith("Z")
    ids = [int(e.id or 0) for e in events]
    assert ids == sorted(ids)
    assert len(set(ids)) == 4


async def test_task_update_and_delete_events_carry_the_task(owner: TestUser) -> None:
    board = await create_board(owner)
    task = await create_task(owner, board["id"])
    task_id = task.json()["id"]
    async with subscribe(owner, board["id"]) as reader:
        patched = await owner.client.patch(
            f"/api/v1/tasks/{task_id}",
            json={"status": "done"},
            headers={"If-Match": task.headers["etag"]},
        )
        assert patched.status_code == 200
        assert (await owner.client.delete(f"/api/v1/tasks/{task_id}")).status_code == 204
        updated, deleted = await reader.events(2)
    assert updated.event == "task.updated"
    assert json.loads(updated.data[0])["status"] == "done"
    assert json.loads(updated.data[0])["version"] == 2
    assert deleted.event == "task.deleted"
    assert json.loads(deleted.data[0]) == {"id": task_id, "board_id": board["id"]}


async def test_resume_after_disconnect_loses_and_duplicates_nothing(owner: TestUser) -> None:
    board = await create_board(owner)
    received: list[int] = []
    async with subscribe(owner, board["id"]) as reader:
        await create_task(owner, board["id"], title="live 1")
        await create_task(owner, board["id"], title="live 2")
        received += [int(e.id or 0) for e in await reader.events(2)]
    # Disconnected: these happen while nobody listens.
    for i in range(3):
        await create_task(owner, board["id"], title=f"missed {i}")
    last = str(received[-1])
    async with subscribe(owner, board["id"], headers={"Last-Event-ID": last}) as reader:
        backlog = await reader.events(3)
        assert [json.loads(e.data[0])["title"] for e in backlog] == [
            f"missed {i}" for i in range(3)
        ]
        await create_task(owner, board["id"], title="live 3")
        (live,) = await reader.events(1)
        assert json.loads(live.data[0])["title"] == "live 3"
    received += [int(e.id or 0) for e in [*backlog, live]]
    assert received == sorted(set(received))  # strictly increasing: no duplicate, in order


async def test_first_connect_replays_from_the_query_parameter(owner: TestUser) -> None:
    board = await create_board(owner)
    await create_task(owner, board["id"], title="before")
    # From 0: the whole history of the board, board.created first.
    async with subscribe(owner, board["id"], query="?last_event_id=0") as reader:
        history = await reader.events(3)
    assert [e.event for e in history] == ["board.created", "member.added", "task.created"]
    # The header wins over the query parameter.
    headers = {"Last-Event-ID": history[1].id or ""}
    async with subscribe(owner, board["id"], headers=headers, query="?last_event_id=0") as reader:
        (only,) = await reader.events(1)
    assert only.id == history[2].id


async def test_events_racing_the_connection_arrive_exactly_once(owner: TestUser) -> None:
    board = await create_board(owner)
    total = 15

    async def writer() -> None:
        for i in range(total):
            await create_task(owner, board["id"], title=f"t{i}")

    writing = asyncio.create_task(writer())
    await asyncio.sleep(0.02)  # let a few commit before, and the rest during, the replay
    async with subscribe(owner, board["id"], query="?last_event_id=0") as reader:
        events = await reader.events(2 + total)  # board.created, member.added, the tasks
    await writing
    titles = [json.loads(e.data[0]).get("title") for e in events[2:]]
    assert titles == [f"t{i}" for i in range(total)]
    ids = [int(e.id or 0) for e in events]
    assert ids == sorted(set(ids))


async def test_heartbeats_arrive(owner: TestUser) -> None:
    board = await create_board(owner)
    async with subscribe(owner, board["id"]) as reader:
        beats = [await reader.next_message() for _ in range(2)]  # 0.2 s apart in tests
    assert all(beat.comments and beat.comments[0].startswith("ping") for beat in beats)
    assert not any(beat.is_event for beat in beats)


async def test_connected_block_carries_the_resume_point(owner: TestUser) -> None:
    board = await create_board(owner)
    async with owner.client.stream("GET", f"/api/v1/boards/{board['id']}/events") as response:
        hello = await SseReader(response).hello()
    history = await _all_events(owner, board["id"])
    assert hello.id == history[-1].id  # the newest event so far: member.added


async def _all_events(user: TestUser, board_id: str) -> list[SseMessage]:
    async with subscribe(user, board_id, query="?last_event_id=0") as reader:
        return list(await reader.events(2))


async def test_outsiders_and_anonymous_cannot_subscribe(owner: TestUser, base_url: str) -> None:
    board = await create_board(owner)
    outsider = await make_live_user(base_url)
    try:
        response = await outsider.client.get(f"/api/v1/boards/{board['id']}/events")
        assert response.status_code == 404
        assert response.headers["content-type"] == "application/problem+json"
    finally:
        await outsider.client.aclose()
    async with httpx.AsyncClient(base_url=base_url) as anonymous:
        assert (await anonymous.get(f"/api/v1/boards/{board['id']}/events")).status_code == 401
    bad = await owner.client.get(
        f"/api/v1/boards/{board['id']}/events", headers={"Last-Event-ID": "yesterday"}
    )
    assert bad.status_code == 422


async def test_stream_ends_when_the_board_is_deleted(owner: TestUser) -> None:
    board = await create_board(owner)
    async with subscribe(owner, board["id"]) as reader:
        assert (await owner.client.delete(f"/api/v1/boards/{board['id']}")).status_code == 204
        (last,) = await reader.events(1)
        assert last.event == "board.deleted"
        assert await reader.ended()


async def test_stream_ends_for_a_removed_member_only(owner: TestUser, base_url: str) -> None:
    board = await create_board(owner)
    member = await make_live_user(base_url)
    try:
        await add_member(owner, board["id"], member, "viewer")
        async with (
            subscribe(member, board["id"]) as member_reader,
            subscribe(owner, board["id"]) as owner_reader,
        ):
            url = f"/api/v1/boards/{board['id']}/members/{member.id}"
            assert (await owner.client.delete(url)).status_code == 204
            (removed,) = await member_reader.events(1)
            assert removed.event == "member.removed"
            assert await member_reader.ended()
            await create_task(owner, board["id"])
            events = await owner_reader.events(2)
            assert [e.event for e in events] == ["member.removed", "task.created"]
    finally:
        await member.client.aclose()


async def test_streams_end_when_the_server_shuts_down(settings: Settings) -> None:
    async with live_server(create_app(settings)) as url:
        user = await make_live_user(url)
        board = await create_board(user)
        stream = user.client.stream("GET", f"/api/v1/boards/{board['id']}/events")
        response = await stream.__aenter__()
        reader = SseReader(response)
        await reader.hello()
    # Leaving live_server stopped uvicorn; the open stream must have been ended, not hang.
    assert await reader.ended()
    await stream.__aexit__(None, None, None)
    await user.client.aclose()


async def test_stream_caps_answer_with_retry_after_and_free_places_on_close(
    settings: Settings,
) -> None:
    caps = {"sse_max_streams": 3, "sse_max_streams_per_user": 2}
    app = create_app(settings.model_copy(update=caps))
    capacity = app.state.runtime.stream_capacity
    async with live_server(app) as url:
        owner, viewer = await make_live_user(url), await make_live_user(url)
        try:
            board = await create_board(owner)
            await add_member(owner, board["id"], viewer, "viewer")
            events = f"/api/v1/boards/{board['id']}/events"
            async with subscribe(owner, board["id"]), subscribe(owner, board["id"]):
                over_user = await owner.client.get(events)
                assert over_user.status_code == 429
                assert over_user.headers["retry-after"] == "30"
                assert over_user.headers["content-type"] == "application/problem+json"
                assert over_user.json()["code"] == "too_many_streams"
                async with subscribe(viewer, board["id"]):
                    full = await viewer.client.get(events)
                    assert full.status_code == 503
                    assert full.headers["retry-after"] == "5"
                    assert full.json()["code"] == "stream_capacity_reached"
                    scraped = (await viewer.client.get("/metrics")).text
                    assert "\nsse_connections_active 3.0\n" in scraped
                    assert "\nsse_connections_limit 3.0\n" in scraped
                    refused = 'http_problems_total{code="too_many_streams",status="429"} 1.0'
                    assert refused in scraped
            # The clients left: the server notices and gives every place back.
            for _ in range(250):
                if not capacity.open_streams:
                    break
                await asyncio.sleep(0.02)
            assert capacity.open_streams == 0, "the closed streams kept their places"
            assert capacity.held_by(owner.id) == 0
            async with subscribe(owner, board["id"]), subscribe(owner, board["id"]):
                pass
        finally:
            await owner.client.aclose()
            await viewer.client.aclose()
