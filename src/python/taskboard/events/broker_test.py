"""Brokers: local fan-out, closing, and PostgreSQL LISTEN/NOTIFY with reconnection."""

from __future__ import annotations

import asyncio
import uuid

import asyncpg
import pytest
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine

from taskboard.events.broker import InProcessBroker
from taskboard.events.factory import make_broker
from taskboard.events.postgres import CHANNEL, PostgresBroker, asyncpg_dsn
from taskboard.testing.settings import make_settings


async def _rung(wait: asyncio.Future[bool], seconds: float = 2.0) -> bool:
    return await asyncio.wait_for(wait, seconds)


async def test_in_process_broker_wakes_only_the_boards_subscribers() -> None:
    broker = InProcessBroker()
    board, other = uuid.uuid4(), uuid.uuid4()
    async with broker.subscribe(board) as mine, broker.subscribe(other) as theirs:
        assert broker.subscriber_count == 2
        waiting = asyncio.ensure_future(theirs.wait())
        broker.published([board])
        assert await _rung(asyncio.ensure_future(mine.wait())) is True
        await asyncio.sleep(0.01)
        assert not waiting.done()
        waiting.cancel()
    assert broker.subscriber_count == 0


async def test_closing_the_broker_ends_every_subscription() -> None:
    broker = InProcessBroker()
    async with broker.subscribe(uuid.uuid4()) as subscription:
        waiting = asyncio.ensure_future(subscription.wait())
        await broker.close()
        assert await _rung(waiting) is False
    # Subscribing after close ends at once too.
    async with broker.subscribe(uuid.uuid4()) as late:
        assert await _rung(asyncio.ensure_future(late.wait())) is False


def test_the_factory_picks_the_broker_for_the_database() -> None:
    assert isinstance(make_broker(make_settings("sqlite:///x.db")), InProcessBroker)
    assert isinstance(make_broker(make_settings("postgresql://u@h/d")), PostgresBroker)


@pytest.mark.postgres
async def test_postgres_broker_relays_notifications_and_survives_a_dropped_connection(
    postgres_database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("taskboard.events.postgres.RECONNECT_DELAY_SECONDS", 0.05)
    broker = PostgresBroker(postgres_database_url)
    await broker.start()
    board = uuid.uuid4()
    sender = await asyncpg.connect(asyncpg_dsn(postgres_database_url))
    try:
        async with broker.subscribe(board) as subscription:
            await sender.execute("SELECT pg_notify($1, 'not-a-uuid')", CHANNEL)  # ignored
            await sender.execute("SELECT pg_notify($1, $2)", CHANNEL, str(board))
            assert await _rung(asyncio.ensure_future(subscription.wait())) is True

            # Kill the LISTEN connection from the server side: the broker reconnects and wakes
            # everyone, since notifications sent meanwhile are lost (the rows are not).
            listener_pid = broker._connection.get_server_pid()
            waiting = asyncio.ensure_future(subscription.wait())
            await sender.execute("SELECT pg_terminate_backend($1)", listener_pid)
            assert await _rung(waiting, seconds=10) is True
            assert broker._connection.get_server_pid() != listener_pid

            await sender.execute("SELECT pg_notify($1, $2)", CHANNEL, str(board))
            assert await _rung(asyncio.ensure_future(subscription.wait())) is True
    finally:
        await sender.close()
        await broker.close()


@pytest.mark.postgres
async def test_notify_is_sent_only_when_the_transaction_commits(postgres_database_url: str) -> None:
    broker = PostgresBroker(postgres_database_url)
    await broker.start()
    engine = create_async_engine(postgres_database_url)
    board = uuid.uuid4()
    try:
        async with broker.subscribe(board) as subscription:
            async with AsyncSession(engine) as session:
                await broker.publish_in_transaction(session, [board])
                await session.rollback()
            waiting = asyncio.ensure_future(subscription.wait())
            await asyncio.sleep(0.2)
            assert not waiting.done()  # rolled back: no signal

            async with AsyncSession(engine) as session:
                await broker.publish_in_transaction(session, [board])
                await session.commit()
            assert await _rung(waiting) is True
    finally:
        await broker.close()
        await engine.dispose()
