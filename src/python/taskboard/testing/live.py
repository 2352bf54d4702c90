"""Serve the API for tests over real HTTP: in the test's event loop, or in a process of its own.

httpx's ASGITransport buffers whole responses, so streams (SSE) are tested over real HTTP.
A process of its own is for what one loop cannot show: replicas, and a process killed hard.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import uvicorn
from starlette.types import ASGIApp

from taskboard.server import Server
from taskboard.testing.net import free_port
from taskboard.testing.settings import TEST_SECRET_KEY

SOURCE_ROOT = Path(__file__).resolve().parents[2]  # the folder holding the taskboard package


@contextlib.asynccontextmanager
async def live_server(app: ASGIApp) -> AsyncIterator[str]:
    """Run `app` (lifespan included) on a free 127.0.0.1 port; yield its base URL."""
    config = uvicorn.Config(app, host="127.0.0.1", port=0, log_config=None, lifespan="on")
    server = Server(config)  # the production server class: SSE streams end on shutdown
    task = asyncio.create_task(server.serve())
    try:
        while not server.started:
            if task.done():
                await task  # re-raise a start-up failure
                raise RuntimeError("uvicorn exited before it started")
            await asyncio.sleep(0.01)
        port = server.servers[0].sockets[0].getsockname()[1]
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task


@contextlib.asynccontextmanager
async def live_client(
    app: ASGIApp, *, request_timeout: float = 10
) -> AsyncIterator[httpx.AsyncClient]:
    """`live_server(app)` and an anonymous client of it (`request_timeout`: httpx's, per call)."""
    async with (
        live_server(app) as url,
        httpx.AsyncClient(base_url=url, timeout=request_timeout) as client,
    ):
        yield client


@dataclass(frozen=True)
class ApiProcess:
    """An API server process (`python -m taskboard.server`, as the images run it)."""

    url: str
    process: subprocess.Popen[bytes]
    log: Path


@contextlib.contextmanager
def api_process(database_url: str, log: Path, **env: str) -> Iterator[ApiProcess]:
    """Start the API in a process of its own on a free port; stop it afterwards.

    Test settings (cheap hashing, no migrations or demo data on start); `env` adds or
    overrides variables. Wait for it with `wait_ready`.
    """
    port = free_port()
    variables = {
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
        **env,
    }
    # The entry point the PEX and the images run, not a hand-made uvicorn command line.
    command = [sys.executable, "-m", "taskboard.server"]
    with log.open("wb") as output:
        process = subprocess.Popen(  # noqa: S603 - fixed argv
            command, env=variables, cwd=SOURCE_ROOT, stdout=output, stderr=subprocess.STDOUT
        )
    try:
        yield ApiProcess(f"http://127.0.0.1:{port}", process, log)
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:  # pragma: no cover - only when shutdown hangs
                process.kill()
                process.wait()


async def wait_ready(api: ApiProcess) -> None:
    """Wait until the process answers /readyz with 200 (failing with its log after 15 s)."""
    async with httpx.AsyncClient(base_url=api.url) as client:
        for _ in range(300):
            try:
                if (await client.get("/readyz")).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.05)
    output = await asyncio.to_thread(api.log.read_text)
    pytest.fail(f"API process at {api.url} did not start:\n{output}")
