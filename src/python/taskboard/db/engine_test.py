"""SQLite writers of one process take turns on an asyncio lock before BEGIN IMMEDIATE."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import exc, text
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.pool import QueuePool

from taskboard.db import engine as engine_module
from taskboard.db.engine import make_engine, make_session_factory
from taskboard.settings import Environment, Settings


@pytest.fixture
async def engine(tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    database = tmp_path / "turns.db"
    settings = Settings(environment=Environment.DEVELOPMENT, database_url=f"sqlite:///{database}")
    engine = make_engine(settings)
    async with engine.begin() as connection:
        await connection.execute(text("CREATE TABLE log (writer INTEGER, step TEXT)"))
    yield engine
    await engine.dispose()


async def test_writers_take_turns_whole_transactions_at_a_time(engine: AsyncEngine) -> None:
    sessions = make_session_factory(engine)

    async def writer(number: int) -> None:
        async with sessions() as session:
            await session.execute(text("INSERT INTO log VALUES (:n, 'begin')"), {"n": number})
            await asyncio.sleep(0.01)  # other writers run meanwhile, and must wait their turn
            await session.execute(text("INSERT INTO log VALUES (:n, 'end')"), {"n": number})
            await session.commit()

    await asyncio.gather(*(writer(number) for number in range(20)))
    async with sessions() as session:
        rows = (await session.execute(text("SELECT writer, step FROM log ORDER BY rowid"))).all()
    # Whole transactions one after another and no "database is locked" (which 20 writers
    # queueing in SQLite's own busy handler do hit).
    assert sorted(number for number, _ in rows) == sorted(list(range(20)) * 2)
    assert all(rows[i][0] == rows[i + 1][0] for i in range(0, 40, 2))
    assert [step for _, step in rows] == ["begin", "end"] * 20


async def test_a_reader_does_not_wait_for_the_writer(engine: AsyncEngine) -> None:
    async with make_session_factory(engine)() as writer:
        await writer.execute(text("INSERT INTO log VALUES (1, 'held')"))
        async with make_session_factory(engine, read_only=True)() as reader:
            count = await asyncio.wait_for(reader.scalar(text("SELECT count(*) FROM log")), 2)
        assert count == 0  # a snapshot from before the writer's uncommitted row
        await writer.rollback()


async def test_a_turn_never_given_back_ends_in_a_timeout_not_a_hang(
    engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine_module, "SQLITE_BUSY_TIMEOUT_SECONDS", 0.2)
    sessions = make_session_factory(engine)
    async with sessions() as holder:
        await holder.execute(text("INSERT INTO log VALUES (1, 'held')"))
        async with sessions() as waiter:
            with pytest.raises(exc.TimeoutError, match=r"no turn to write within 0\.2 s"):
                await waiter.execute(text("INSERT INTO log VALUES (2, 'never')"))
        await holder.commit()
    # The turn came back with the holder's connection: the next writer goes at once.
    async with sessions() as after:
        await asyncio.wait_for(after.execute(text("INSERT INTO log VALUES (3, 'after')")), 2)
        await after.commit()


async def test_a_file_database_has_the_configured_pool(tmp_path: Path) -> None:
    settings = Settings(
        environment=Environment.DEVELOPMENT,
        database_url=f"sqlite:///{tmp_path / 'pool.db'}",
        db_pool_size=3,
        db_max_overflow=1,
        db_pool_timeout_seconds=0.2,
    )
    engine = make_engine(settings)
    sessions = make_session_factory(engine, read_only=True)
    try:
        assert isinstance(engine.pool, QueuePool)
        assert engine.pool.size() == 3
        held = [sessions() for _ in range(4)]  # the pool's 3 and the one overflow
        for session in held:
            await session.execute(text("SELECT 1"))
        with pytest.raises(exc.TimeoutError):
            async with sessions() as fifth:
                await fifth.execute(text("SELECT 1"))
        for session in held:
            await session.close()
    finally:
        await engine.dispose()


async def test_an_in_memory_database_keeps_its_single_connection() -> None:
    settings = Settings(environment=Environment.DEVELOPMENT, database_url="sqlite:///:memory:")
    engine = make_engine(settings)
    try:
        async with engine.connect() as connection:
            assert (await connection.execute(text("SELECT 1"))).scalar() == 1
    finally:
        await engine.dispose()
