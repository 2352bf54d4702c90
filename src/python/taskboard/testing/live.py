"""Serve an ASGI app with a real uvicorn server inside the test's event loop.

httpx's ASGITransport buffers whole responses, so streams (SSE) are tested over real HTTP.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

import uvicorn
from starlette.types import ASGIApp

from taskboard.server import Server


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
