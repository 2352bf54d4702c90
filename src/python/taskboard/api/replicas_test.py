"""Two API processes on one PostgreSQL: a change made through one is streamed by the other."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from taskboard.testing.app import create_board, create_task, register, signed_in_at
from taskboard.testing.live import api_process, wait_ready
from taskboard.testing.sse import SseReader

pytestmark = [pytest.mark.postgres, pytest.mark.timeout(90)]


@pytest.fixture
async def replicas(postgres_database_url: str, tmp_path: Path) -> AsyncIterator[tuple[str, str]]:
    with (
        api_process(postgres_database_url, tmp_path / "a.log") as first,
        api_process(postgres_database_url, tmp_path / "b.log") as second,
    ):
        await asyncio.gather(wait_ready(first), wait_ready(second))
        yield first.url, second.url


async def test_a_change_through_one_replica_is_streamed_by_the_other(
    replicas: tuple[str, str],
) -> None:
    first_url, second_url = replicas
    email = f"{uuid.uuid4().hex[:8]}@example.com"
    on_first = await signed_in_at(first_url, email)
    on_second = await signed_in_at(second_url, email, new=False)
    try:
        board = await create_board(on_first)
        stream_url = f"/api/v1/boards/{board['id']}/events"
        async with (
            on_second.client.stream("GET", stream_url) as second_stream,
            on_first.client.stream("GET", stream_url) as first_stream,
        ):
            second_reader, first_reader = SseReader(second_stream), SseReader(first_stream)
            assert (await second_reader.hello()).comments == ["connected"]
            assert (await first_reader.hello()).comments == ["connected"]

            created = (await create_task(on_first, board["id"], title="from the first")).json()
            (seen_by_second,) = await second_reader.events(1)
            assert seen_by_second.event == "task.created"
            assert json.loads(seen_by_second.data[0])["id"] == created["id"]

            # And the other way round, through the second process.
            await create_task(on_second, board["id"], title="from the second")
            first_seen = await first_reader.events(2)
            assert [json.loads(e.data[0])["title"] for e in first_seen] == [
                "from the first",
                "from the second",
            ]
    finally:
        await on_first.client.aclose()
        await on_second.client.aclose()


async def test_the_sign_in_budget_holds_across_replicas(replicas: tuple[str, str]) -> None:
    email = f"{uuid.uuid4().hex[:8]}@example.com"
    wrong = {"email": email, "password": "not the password at all"}
    async with (
        httpx.AsyncClient(base_url=replicas[0], timeout=10) as first,
        httpx.AsyncClient(base_url=replicas[1], timeout=10) as second,
    ):
        await register(first, email)
        # The default budget: 5 attempts a minute per address and email, spread over both.
        statuses = [
            (await client.post("/api/v1/auth/login", json=wrong)).status_code
            for client in (first, second, first, second, first)
        ]
        assert statuses == [401] * 5
        for client in (second, first):
            refused = await client.post("/api/v1/auth/login", json=wrong)
            assert refused.status_code == 429, refused.text
            assert int(refused.headers["retry-after"]) > 0
