"""Liveness and readiness probes."""

from __future__ import annotations

import httpx
import pytest
from asgi_lifespan import LifespanManager

from taskboard import lifecycle
from taskboard._version import __version__
from taskboard.api.main import create_app
from taskboard.testing.settings import make_settings


async def test_healthz_and_readyz_when_the_database_is_up(client: httpx.AsyncClient) -> None:
    assert (await client.get("/healthz")).json() == {"status": "ok", "version": __version__}
    ready = await client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json() == {"status": "ok"}


async def test_readyz_is_a_503_problem_when_the_database_is_down() -> None:
    # Port 1 on loopback: nothing listens, so the connection is refused at once.
    settings = make_settings("postgresql://nobody@127.0.0.1:1/none")
    app = create_app(settings)
    app.state.runtime.broker.start = _no_op  # the LISTEN connection would fail the same way
    async with (
        LifespanManager(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client,
    ):
        assert (await client.get("/healthz")).status_code == 200
        response = await client.get("/readyz")
    assert response.status_code == 503
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["detail"] == "the database is unreachable"


async def _no_op() -> None:
    return None


async def test_readyz_is_a_503_while_the_server_drains(
    client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(lifecycle._state, "draining", value=False)
    assert (await client.get("/readyz")).status_code == 200
    lifecycle.start_draining()
    response = await client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["detail"] == "the server is shutting down"
    assert (await client.get("/healthz")).status_code == 200
