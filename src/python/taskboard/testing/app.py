"""App fixtures: the API with its lifespan on each test database, clients, signed-in users.

Import the fixtures a conftest needs from here (see taskboard/api/conftest.py), and the helpers
(`register`, `create_board`, ...) in the tests that call them. Only tests that drive the whole
API depend on this module, so a change in one service does not select unrelated tests.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from asgi_lifespan import LifespanManager
from fastapi import FastAPI

from taskboard.api.main import create_app
from taskboard.api.runtime import runtime_of
from taskboard.settings import Settings
from taskboard.testing.settings import make_settings

PASSWORD = "correct horse battery"


@pytest.fixture
def settings(database_url: str) -> Settings:
    """Test settings on this test's database."""
    return make_settings(database_url)


@pytest.fixture(scope="session")
async def running_app(database_backend: str) -> AsyncIterator[FastAPI]:
    """One API a database backend for the session, its lifespan running.

    FastAPI resolves every route's dependencies and models on an app's first request (about
    60 ms for this API); a new app per test spent a quarter of the batch's CPU doing it again.
    """
    application = create_app(make_settings(database_backend))
    async with LifespanManager(application):
        yield application


@pytest.fixture
def app(running_app: FastAPI, database_url: str) -> FastAPI:
    """The session's API on this test's emptied database (its sign-in budgets included)."""
    assert runtime_of(running_app).settings.database_url == database_url
    return running_app


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """An anonymous client talking to the app in-process."""
    async with _client(app) as anonymous:
        yield anonymous


def _client(app: FastAPI) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://testserver.local"
    )


@dataclass
class TestUser:
    """A registered, signed-in user with a client that sends their bearer token."""

    __test__ = False  # not a test class, despite the name

    id: uuid.UUID
    email: str
    client: httpx.AsyncClient
    tokens: dict[str, Any]


async def register(client: httpx.AsyncClient, email: str, password: str = PASSWORD) -> None:
    """Create an account (asserting success)."""
    response = await client.post(
        "/api/v1/auth/register",
        json={"email": email, "password": password, "display_name": email.split("@")[0]},
    )
    assert response.status_code == 201, response.text


async def login(client: httpx.AsyncClient, email: str, password: str = PASSWORD) -> dict[str, Any]:
    """Sign in (asserting success); the client keeps the cookies."""
    response = await client.post("/api/v1/auth/login", json={"email": email, "password": password})
    assert response.status_code == 200, response.text
    tokens: dict[str, Any] = response.json()
    return tokens


async def _bearer_user(client: httpx.AsyncClient, email: str) -> TestUser:
    tokens = await login(client, email)
    client.headers["Authorization"] = f"Bearer {tokens['access_token']}"
    client.cookies.clear()  # bearer only: cookie behaviour is tested on its own
    return TestUser(uuid.UUID(tokens["user"]["id"]), email, client, tokens)


async def sign_up(client: httpx.AsyncClient, name: str | None = None) -> TestUser:
    """Register and sign in a new user on `client`, which then sends their bearer token."""
    email = f"{name or uuid.uuid4().hex[:8]}@example.com"
    await register(client, email)
    return await _bearer_user(client, email)


async def signed_in_at(base_url: str, email: str | None = None, *, new: bool = True) -> TestUser:
    """A bearer-token user of the server at `base_url` (a live process), registered first
    when `new`; its own client, which the caller closes (`user.client.aclose()`)."""
    client = httpx.AsyncClient(base_url=base_url, timeout=10)
    email = email or f"{uuid.uuid4().hex[:8]}@example.com"
    if new:
        await register(client, email)
    return await _bearer_user(client, email)


MakeUser = Callable[..., Awaitable[TestUser]]


@pytest.fixture
async def make_user(app: FastAPI) -> AsyncIterator[MakeUser]:
    """Factory of signed-in users, each with its own bearer-authenticated client."""
    clients: list[httpx.AsyncClient] = []

    async def _make(name: str | None = None) -> TestUser:
        user_client = _client(app)
        clients.append(user_client)
        return await sign_up(user_client, name)

    try:
        yield _make
    finally:
        for user_client in clients:
            await user_client.aclose()


async def create_board(user: TestUser, name: str = "Board") -> dict[str, Any]:
    """Create a board as `user` (asserting success)."""
    response = await user.client.post("/api/v1/boards", json={"name": name})
    assert response.status_code == 201, response.text
    board: dict[str, Any] = response.json()
    return board


async def add_member(owner: TestUser, board_id: str, member: TestUser, role: str) -> None:
    """Add `member` to the board with `role` (asserting success)."""
    response = await owner.client.post(
        f"/api/v1/boards/{board_id}/members", json={"email": member.email, "role": role}
    )
    assert response.status_code == 201, response.text


async def create_task(user: TestUser, board_id: str, **fields: Any) -> httpx.Response:
    """Create a task (asserting success); returns the response for its ETag."""
    response = await user.client.post(
        f"/api/v1/boards/{board_id}/tasks", json={"title": "A task", **fields}
    )
    assert response.status_code == 201, response.text
    return response
