"""Two API processes on one PostgreSQL: a change made through one is streamed by the other."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from taskboard.testing.app import TestUser, create_board, create_task, login, register
from taskboard.testing.net import free_port
from taskboard.testing.settings import TEST_SECRET_KEY
from taskboard.testing.sse import SseReader

pytestmark = [pytest.mark.postgres, pytest.mark.timeout(90)]

SOURCE_ROOT = Path(__file__).resolve().parents[2]  # the folder holding the taskboard package


@contextmanager
def _api_process(database_url: str, log: Path) -> Iterator[str]:
    port = free_port()
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(SOURCE_ROOT), os.environ.get("PYTHONPATH", "")]),
        "ENVIRONMENT": "test",
        "DATABASE_URL": database_url,
        "SECRET_KEY": TEST_SECRET_KEY,
        "MIGRATE_ON_START": "false",
        "SEED_DEMO": "false",
        "PASSWORD_HASH_TIME_COST": "1",
        "PASSWORD_HASH_MEMORY_KIB": "1024",
        "SSE_HEARTBEAT_SECONDS": "1",
        "HOST": "127.0.0.1",
        "PORT": str(port),
    }
    # The entry point the PEX and the images run, not a hand-made uvicorn command line.
    command = [sys.executable, "-m", "taskboard.server"]
    with log.open("wb") as output:
        process = subprocess.Popen(  # noqa: S603 - fixed argv
            command, env=env, cwd=SOURCE_ROOT, stdout=output, stderr=subprocess.STDOUT
        )
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:  # pragma: no cover - only when shutdown hangs
            process.kill()
            process.wait()


async def _wait_ready(base_url: str, log: Path) -> None:
    async with httpx.AsyncClient(base_url=base_url) as client:
        for _ in range(300):
            try:
                if (await client.get("/readyz")).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.05)
    output = await asyncio.to_thread(log.read_text)
    pytest.fail(f"API process at {base_url} did not start:\n{output}")


@pytest.fixture
async def replicas(postgres_database_url: str, tmp_path: Path) -> AsyncIterator[tuple[str, str]]:
    logs = (tmp_path / "a.log", tmp_path / "b.log")
    with (
        _api_process(postgres_database_url, logs[0]) as first,
        _api_process(postgres_database_url, logs[1]) as second,
    ):
        await asyncio.gather(_wait_ready(first, logs[0]), _wait_ready(second, logs[1]))
        yield first, second


async def _signed_in(base_url: str, email: str, *, new: bool) -> TestUser:
    client = httpx.AsyncClient(base_url=base_url, timeout=10)
    if new:
        await register(client, email)
    tokens = await login(client, email)
    client.cookies.clear()
    client.headers["Authorization"] = f"Bearer {tokens['access_token']}"
    return TestUser(uuid.UUID(tokens["user"]["id"]), email, client, tokens)


async def test_a_change_through_one_replica_is_streamed_by_the_other(
    replicas: tuple[str, str],
) -> None:
    first_url, second_url = replicas
    email = f"{uuid.uuid4().hex[:8]}@example.com"
    on_first = await _signed_in(first_url, email, new=True)
    on_second = await _signed_in(second_url, email, new=False)
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
