"""Database fixtures: a migrated database a backend (SQLite, PostgreSQL), emptied for each test.

Import the fixtures a conftest needs from here (see taskboard/api/conftest.py). PostgreSQL comes
from TEST_DATABASE_URL/DATABASE_URL if set, else from a throwaway local cluster; without one the
PostgreSQL cases skip locally and fail under CI=true.
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from taskboard.db import migrate
from taskboard.testing.postgres import (
    PostgresServer,
    StoppableServer,
    find_bindir,
    server_from_url,
    stoppable_server,
    throwaway_server,
)

# Tables emptied between PostgreSQL tests, dependents first.
_TABLES = ("events", "tasks", "memberships", "boards", "refresh_tokens", "users", "rate_limits")


def _unavailable(reason: str) -> None:
    # A developer without PostgreSQL still gets the SQLite run; CI must not silently skip.
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} (CI=true: PostgreSQL tests must run)", pytrace=False)
    pytest.skip(reason)


def _server_binaries() -> Path:
    bindir = find_bindir()
    if bindir is None:
        _unavailable("PostgreSQL server binaries not found (/usr/lib/postgresql/*/bin, pg_config)")
    assert bindir is not None
    return bindir


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """TEST_DATABASE_URL/DATABASE_URL's server if set, else a throwaway local cluster."""
    url = os.environ.get("TEST_DATABASE_URL") or os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        yield server_from_url(url)
        return
    bindir = _server_binaries()
    with throwaway_server(bindir) as server:
        yield server


@pytest.fixture
def stoppable_postgres() -> Iterator[StoppableServer]:
    """A private cluster of this test's own, which it may stop and start (fault tests)."""
    bindir = _server_binaries()
    with stoppable_server(bindir) as cluster:
        yield cluster


@pytest.fixture(scope="session")
def postgres_test_db(postgres_server: PostgresServer) -> Iterator[str]:
    """One migrated database for the session; tests empty it rather than recreate it (fast)."""
    with postgres_server.database() as url:
        asyncio.run(migrate.upgrade_url(url))
        yield url


def _empty_sqlite(url: str) -> None:
    path = url.removeprefix("sqlite+aiosqlite:///")
    with sqlite3.connect(path) as connection:
        for table in _TABLES:
            connection.execute(f"DELETE FROM {table}")  # noqa: S608 (our own table names)


def _empty_postgres(url: str) -> None:
    dsn = url.replace("postgresql+asyncpg://", "postgresql://")
    with psycopg.connect(dsn, autocommit=True) as connection:
        # A test that leaked a connection holding locks fails here quickly, not at timeout.
        connection.execute("SET lock_timeout = '5s'")
        connection.execute(f"TRUNCATE {', '.join(_TABLES)}")


@pytest.fixture(
    scope="session", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def database_backend(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> str:
    """One migrated database a backend for the session: tests empty it, not recreate it."""
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("sqlite") / "taskboard.db"
        url = f"sqlite+aiosqlite:///{path}"
        asyncio.run(migrate.upgrade_url(url))
        return url
    postgres: str = request.getfixturevalue("postgres_test_db")
    return postgres


@pytest.fixture
def database_url(database_backend: str) -> str:
    """A migrated, empty database for this test, on each backend."""
    if database_backend.startswith("sqlite"):
        _empty_sqlite(database_backend)
    else:
        _empty_postgres(database_backend)
    return database_backend


@pytest.fixture
def postgres_database_url(postgres_test_db: str) -> str:
    """The migrated PostgreSQL test database, emptied (for PostgreSQL-only tests)."""
    _empty_postgres(postgres_test_db)
    return postgres_test_db
