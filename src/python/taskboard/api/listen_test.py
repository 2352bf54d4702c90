"""The LISTEN connection of an API process is killed by the server (`pg_terminate_backend`)
while tasks are written: the broker reconnects, and the open stream delivers every event
written meanwhile, in order (0 lost). Real processes: the API, PostgreSQL, an HTTP client."""

from __future__ import annotations

import json
from pathlib import Path

import asyncpg
import pytest
from sqlalchemy import make_url

from taskboard.events.postgres import asyncpg_dsn
from taskboard.testing.app import create_board, create_task, signed_in_at
from taskboard.testing.live import api_process, wait_ready
from taskboard.testing.sse import SseReader

pytestmark = [pytest.mark.postgres, pytest.mark.timeout(90)]

WRITES = 5
# The API's LISTEN session is the one whose last statement was its LISTEN.
LISTENERS = "SELECT pid FROM pg_stat_activity WHERE datname = $1 AND query LIKE 'LISTEN%'"


async def _allow_connections(admin: asyncpg.Connection, database: str, *, allowed: bool) -> None:
    # Superusers included: the broker cannot reconnect until this is undone.
    await admin.execute(f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS {str(allowed).lower()}')


async def test_a_dropped_listen_connection_loses_no_event(
    postgres_database_url: str, tmp_path: Path
) -> None:
    log = tmp_path / "api.log"
    url = make_url(postgres_database_url)
    database = url.database
    assert database is not None
    # From the maintenance database: PostgreSQL refuses to close the one a session is on.
    maintenance = url.set(database="postgres").render_as_string(hide_password=False)
    admin = await asyncpg.connect(asyncpg_dsn(maintenance))
    try:
        with api_process(postgres_database_url, log) as api:
            await wait_ready(api)
            user = await signed_in_at(api.url)
            try:
                board = (await create_board(user))["id"]
                stream = user.client.stream("GET", f"/api/v1/boards/{board}/events")
                async with stream as response:
                    reader = SseReader(response, timeout=15)
                    assert (await reader.hello()).comments == ["connected"]
                    # Kill the LISTEN session and keep the broker from reconnecting while the
                    # tasks are written: their NOTIFYs reach no one. The writes use the pool's
                    # open connections.
                    await _allow_connections(admin, database, allowed=False)
                    listeners = [row["pid"] for row in await admin.fetch(LISTENERS, database)]
                    assert listeners, "the API holds no LISTEN connection"
                    for pid in listeners:
                        await admin.execute("SELECT pg_terminate_backend($1)", pid)
                    written = [
                        (await create_task(user, board, title=f"written {n}")).json()["id"]
                        for n in range(WRITES)
                    ]
                    # Nothing is written after this: only the broker's catch-up on reconnecting
                    # can bring the stream these events.
                    await _allow_connections(admin, database, allowed=True)
                    events = await reader.events(WRITES)
                assert [e.event for e in events] == ["task.created"] * WRITES
                assert [json.loads(e.data[0])["id"] for e in events] == written
            finally:
                await user.client.aclose()
    finally:
        await _allow_connections(admin, database, allowed=True)
        await admin.close()
    output = log.read_text()
    assert "lost the LISTEN connection; reconnecting" in output
    assert "LISTEN reconnect failed" in output  # the gap was real
    assert "Traceback" not in output
