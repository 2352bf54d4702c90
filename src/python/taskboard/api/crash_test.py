"""An API process killed with SIGKILL in the middle of writes leaves no half-done change."""

from __future__ import annotations

import asyncio
import os
import signal
import uuid
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import create_async_engine

from taskboard.db.tables import Event, Task
from taskboard.testing.app import create_board, sign_up
from taskboard.testing.live import api_process, wait_ready

pytestmark = pytest.mark.timeout(90)

WRITERS = 8
UNDER_WAY = 40  # acknowledged writes before the kill


async def write_until_gone(
    client: httpx.AsyncClient, tasks: str, acknowledged: set[str], under_way: asyncio.Event
) -> None:
    """Create tasks one after another until the server is gone (the last one in flight)."""
    while True:
        try:
            response = await client.post(tasks, json={"title": f"task {uuid.uuid4().hex[:6]}"})
        except httpx.TransportError:
            return
        assert response.status_code == 201, response.text
        acknowledged.add(response.json()["id"])
        if len(acknowledged) >= UNDER_WAY:
            under_way.set()


async def test_a_killed_process_leaves_every_task_with_its_event(
    database_url: str, tmp_path: Path
) -> None:
    acknowledged: set[str] = set()
    with api_process(database_url, tmp_path / "api.log") as api:
        await wait_ready(api)
        async with httpx.AsyncClient(base_url=api.url, timeout=10) as http:
            user = await sign_up(http)
            board = (await create_board(user))["id"]
            tasks = f"/api/v1/boards/{board}/tasks"
            headers = dict(http.headers)
            clients = [httpx.AsyncClient(base_url=api.url, headers=headers) for _ in range(WRITERS)]
            under_way = asyncio.Event()
            writers = [
                asyncio.create_task(write_until_gone(client, tasks, acknowledged, under_way))
                for client in clients
            ]
            # Killed while every connection has a write in flight (each writer sends its next
            # one as soon as the last is answered), some in the middle of their transaction.
            await under_way.wait()
            os.kill(api.process.pid, signal.SIGKILL)
            await asyncio.gather(*writers)
            for client in clients:
                await client.aclose()
    assert api.process.wait() == -signal.SIGKILL

    engine = create_async_engine(database_url)
    try:
        async with engine.connect() as connection:
            ids = await connection.scalars(select(Task.id).where(Task.board_id == uuid.UUID(board)))
            stored = {str(task_id) for task_id in ids}
            payloads = await connection.scalars(
                select(Event.payload).where(
                    Event.board_id == uuid.UUID(board), Event.type == "task.created"
                )
            )
            announced = [payload["id"] for payload in payloads]
    finally:
        await engine.dispose()
    assert acknowledged <= stored, "an acknowledged task is missing"
    assert len(announced) == len(set(announced)), "a task was announced twice"
    assert set(announced) == stored, "a task without its event, or an event without its task"
