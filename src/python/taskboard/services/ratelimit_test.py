"""The database rate limiter, on SQLite and PostgreSQL: windows, resets, sharing, races."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from taskboard.db.engine import make_session_factory
from taskboard.db.tables import RateLimitWindow
from taskboard.services.ratelimit import DatabaseRateLimiter
from taskboard.testing.databases import (
    database_backend,
    database_url,
    postgres_server,
    postgres_test_db,
)

__all__ = ["database_backend", "database_url", "postgres_server", "postgres_test_db"]


class FakeClock:
    def __init__(self) -> None:
        self.now = datetime(2026, 1, 1, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_async_engine(database_url)
    yield engine
    await engine.dispose()


def limiter(engine: AsyncEngine, clock: FakeClock, attempts: int = 3) -> DatabaseRateLimiter:
    return DatabaseRateLimiter(
        make_session_factory(engine), attempts=attempts, window_seconds=60, clock=clock
    )


async def windows(engine: AsyncEngine) -> int:
    async with engine.connect() as connection:
        count = await connection.scalar(select(func.count()).select_from(RateLimitWindow))
    return int(count or 0)


async def test_allows_the_budget_then_reports_the_wait(engine: AsyncEngine) -> None:
    clock = FakeClock()
    limits = limiter(engine, clock)
    assert [await limits.hit("k") for _ in range(3)] == [None, None, None]
    clock.advance(10.2)
    assert await limits.hit("k") == 50  # ceil(60 - 10.2)
    assert await limits.hit("other") is None  # keys are independent
    clock.advance(50)
    assert await limits.hit("k") is None  # a new window


async def test_reset_forgets_a_key(engine: AsyncEngine) -> None:
    limits = limiter(engine, FakeClock(), attempts=1)
    assert await limits.hit("k") is None
    assert await limits.hit("k") == 60
    await limits.reset("k")
    assert await limits.hit("k") is None


async def test_replicas_share_one_budget(engine: AsyncEngine, database_url: str) -> None:
    clock = FakeClock()
    other_engine = create_async_engine(database_url)  # another replica's own pool
    try:
        first, second = limiter(engine, clock), limiter(other_engine, clock)
        assert [await first.hit("k"), await second.hit("k"), await first.hit("k")] == [None] * 3
        assert await second.hit("k") == 60
    finally:
        await other_engine.dispose()


async def test_concurrent_attempts_get_exactly_the_budget(engine: AsyncEngine) -> None:
    limits = limiter(engine, FakeClock(), attempts=5)
    results = await asyncio.gather(*(limits.hit("k") for _ in range(20)))
    assert results.count(None) == 5


async def test_windows_that_are_over_are_purged(engine: AsyncEngine) -> None:
    clock = FakeClock()
    limits = limiter(engine, clock)
    for key in ("a", "b", "c"):
        await limits.hit(key)
    assert await windows(engine) == 3
    clock.advance(61)
    await limits.hit("d")
    assert await windows(engine) == 1
