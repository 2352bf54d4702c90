"""Faults with real processes: PostgreSQL stops, then returns; SQLite cannot be written."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import httpx
import pytest
from loguru import logger

from taskboard.api.main import create_app
from taskboard.db import migrate
from taskboard.testing.app import PASSWORD, create_board, create_task, sign_up
from taskboard.testing.databases import stoppable_postgres
from taskboard.testing.live import live_client
from taskboard.testing.postgres import StoppableServer
from taskboard.testing.settings import make_settings

__all__ = ["stoppable_postgres"]  # the fixture, imported for this module's test

pytestmark = pytest.mark.timeout(120)

# The API's bounds on waiting for PostgreSQL, for this test (defaults: 5 s each).
TIMEOUT_SECONDS = 2.0


async def readiness(http: httpx.AsyncClient, wanted: int, *, within: float) -> float:
    """Seconds until /readyz answers `wanted`, failing after `within` seconds."""
    start = time.monotonic()
    while (status := (await http.get("/readyz")).status_code) != wanted:
        assert time.monotonic() - start < within, f"/readyz still {status} after {within} s"
        await asyncio.sleep(0.05)
    return time.monotonic() - start


async def test_an_outage_answers_503_at_once_and_the_same_process_recovers(
    stoppable_postgres: StoppableServer,
) -> None:
    cluster = stoppable_postgres
    with cluster.server.database() as url:
        settings = make_settings(
            url,
            migrate_on_start=True,
            db_connect_timeout_seconds=TIMEOUT_SECONDS,
            db_pool_timeout_seconds=TIMEOUT_SECONDS,
        )
        async with live_client(create_app(settings), request_timeout=30) as http:
            user = await sign_up(http)
            board = (await create_board(user))["id"]
            tasks = f"/api/v1/boards/{board}/tasks"
            acknowledged = [
                (await create_task(user, board, title=f"before {n}")).json()["title"]
                for n in range(3)
            ]

            await asyncio.to_thread(cluster.stop)
            assert await readiness(http, 503, within=2.0) <= 2.0
            for method, body in (("POST", {"title": "during"}), ("GET", None)):
                start = time.monotonic()
                refused = await http.request(method, tasks, json=body)
                elapsed = time.monotonic() - start
                assert refused.status_code == 503, refused.text
                assert refused.headers["content-type"] == "application/problem+json"
                assert refused.json()["code"] == "database_unavailable"
                assert refused.headers["retry-after"] == "2"
                assert elapsed < 2 * TIMEOUT_SECONDS, f"{method} took {elapsed:.1f} s to fail"

            await asyncio.to_thread(cluster.start)
            await readiness(http, 200, within=10.0)
            created = await http.post(tasks, json={"title": "after"})
            assert created.status_code == 201, created.text
            listed = await http.get(tasks)
            assert listed.status_code == 200, listed.text
            titles = [task["title"] for task in listed.json()["items"]]
            assert set(acknowledged) <= set(titles), "an acknowledged write was lost"
            assert "after" in titles


async def test_a_read_only_sqlite_database_answers_503_and_says_why(tmp_path: Path) -> None:
    database = tmp_path / "taskboard.db"
    await migrate.upgrade_url(f"sqlite+aiosqlite:///{database}")
    # Opened read-only, as a file on a read-only volume would be (root ignores file modes).
    settings = make_settings(f"sqlite+aiosqlite:///file:{database}?mode=ro&uri=true")
    app = create_app(settings)  # configures logging: the test's sink comes after
    lines: list[str] = []
    handler = logger.add(lines.append, level="WARNING", format="{message}")
    try:
        async with live_client(app) as http:
            refused = await http.post(
                "/api/v1/auth/register",
                json={"email": "ro@example.com", "password": PASSWORD, "display_name": "R"},
            )
            assert (await http.get("/healthz")).status_code == 200  # the process is still up
    finally:
        logger.remove(handler)
    assert refused.status_code == 503, refused.text
    assert refused.json()["code"] == "database_unavailable"
    assert any("readonly database" in line for line in lines), lines
    assert not any("Traceback" in line for line in lines)
