"""Shared fixtures: one database per test on SQLite and on PostgreSQL, apps, clients, users."""

from __future__ import annotations

import asyncio
import os
import shutil
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest
from asgi_lifespan import LifespanManager
from fastapi import FastAPI

from taskboard.api.main import create_app
from taskboard.db import migrate
from taskboard.settings import Settings
from taskboard.testing.postgres import (
    PostgresServer,
    find_bindir,
    server_from_url,
    throwaway_server,
)

TEST_SECRET_KEY = "test-secret-key-0123456789abcdef0123456789"
PASSWORD = "correct horse battery"
# Tables emptied between PostgreSQL tests, dependents first.
_TABLES = ("events", "tasks", "memberships", "boards", "refresh_tokens", "users")


def _unavailable(reason: str) -> None:
    # A developer without PostgreSQL still gets the SQLite run; CI must not silently skip.
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} (CI=true: PostgreSQL tests must run)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """TEST_DATABASE_URL/DATABASE_URL's server if set, else a throwaway local cluster."""
    url = os.environ.get("TEST_DATABASE_URL") or os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        yield server_from_url(url)
        return
    bindir = find_bindir()
    if bindir is None:
        _unavailable("PostgreSQL server binaries not found (/usr/lib/postgresql/*/bin, pg_config)")
    assert bindir is not None
    with throwaway_server(bindir) as server:
        yield server


@pytest.fixture(scope="session")
def postgres_test_db(postgres_server: PostgresServer) -> Iterator[str]:
    """One migrated database for the session; tests empty it rather than recreate it (fast)."""
    with postgres_server.database() as url:
        asyncio.run(migrate.upgrade_url(url))
        yield url


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file that each test copies."""
    path = tmp_path_factory.mktemp("sqlite-template") / "template.db"
    asyncio.run(migrate.upgrade_url(f"sqlite+aiosqlite:///{path}"))
    return path


def _empty_postgres(url: str) -> None:
    dsn = url.replace("postgresql+asyncpg://", "postgresql://")
    with psycopg.connect(dsn, autocommit=True) as connection:
        # A test that leaked a connection holding locks fails here quickly, not at timeout.
        connection.execute("SET lock_timeout = '5s'")
        connection.execute(f"TRUNCATE {', '.join(_TABLES)}")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A migrated, empty database for this test, on each backend."""
    if request.param == "sqlite":
        path = tmp_path / "taskboard.db"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        return f"sqlite+aiosqlite:///{path}"
    url: str = request.getfixturevalue("postgres_test_db")
    _empty_postgres(url)
    return url


@pytest.fixture
def postgres_database_url(postgres_test_db: str) -> str:
    """The migrated PostgreSQL test database, emptied (for PostgreSQL-only tests)."""
    _empty_postgres(postgres_test_db)
    return postgres_test_db


def make_settings(database_url: str, **overrides: Any) -> Settings:
    """Settings for tests: cheap password hashing, quick heartbeats, nothing on start."""
    values: dict[str, Any] = {
        "environment": "test",
        "database_url": database_url,
        "secret_key": TEST_SECRET_KEY,
        "migrate_on_start": False,
        "seed_demo": False,
        "log_json": False,
        "cookie_secure": False,
        "password_hash_time_cost": 1,
        "password_hash_memory_kib": 1024,
        "sse_heartbeat_seconds": 0.2,
        "sse_retry_ms": 1500,
        "login_rate_limit_attempts": 5,
        "login_rate_limit_account_attempts": 8,
        "login_rate_limit_window_seconds": 60,
    }
    values.update(overrides)
    return Settings(**values)


@pytest.fixture
def settings(database_url: str) -> Settings:
    """Test settings on this test's database."""
    return make_settings(database_url)


@pytest.fixture
async def app(settings: Settings) -> AsyncIterator[FastAPI]:
    """The API with its lifespan running."""
    application = create_app(settings)
    async with LifespanManager(application):
        yield application


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


MakeUser = Callable[..., Awaitable[TestUser]]


@pytest.fixture
async def make_user(app: FastAPI) -> AsyncIterator[MakeUser]:
    """Factory of signed-in users, each with its own bearer-authenticated client."""
    clients: list[httpx.AsyncClient] = []

    async def _make(name: str | None = None) -> TestUser:
        email = f"{name or uuid.uuid4().hex[:8]}@example.com"
        user_client = _client(app)
        clients.append(user_client)
        await register(user_client, email)
        tokens = await login(user_client, email)
        user_client.headers["Authorization"] = f"Bearer {tokens['access_token']}"
        user_client.cookies.clear()  # bearer only: cookie behaviour is tested on its own
        return TestUser(uuid.UUID(tokens["user"]["id"]), email, user_client, tokens)

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
