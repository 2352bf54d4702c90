"""PostgreSQL LISTEN/NOTIFY broker: a change committed by any replica wakes every replica."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import Iterable
from typing import Any

import asyncpg
from loguru import logger
from sqlalchemy import bindparam, func, select
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncSession

from taskboard.events.broker import Broker

CHANNEL = "taskboard_events"
_NOTIFY = select(func.pg_notify(CHANNEL, bindparam("board_id")))
RECONNECT_DELAY_SECONDS = 1.0


def asyncpg_dsn(database_url: str) -> str:
    """A DSN asyncpg accepts, from the service's SQLAlchemy URL."""
    return make_url(database_url).set(drivername="postgresql").render_as_string(hide_password=False)


class PostgresBroker(Broker):
    """LISTENs on one dedicated connection; NOTIFY is sent inside the writing transaction.

    NOTIFY is transactional: PostgreSQL delivers it only if, and right when, the transaction
    commits, so a signal can neither precede its rows nor announce a rolled-back change.
    """

    def __init__(self, database_url: str, *, connect_timeout: float = 5.0) -> None:
        super().__init__()
        self._dsn = asyncpg_dsn(database_url)
        self._connect_timeout = connect_timeout
        self._connection: Any = None
        self._reconnect_task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        """Open the listening connection."""
        await self._connect()

    async def close(self) -> None:
        """Stop listening and end every subscription."""
        await super().close()
        if self._reconnect_task is not None:
            self._reconnect_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._reconnect_task
        if self._connection is not None:
            connection, self._connection = self._connection, None
            await connection.close()

    async def publish_in_transaction(
        self, session: AsyncSession, board_ids: Iterable[uuid.UUID]
    ) -> None:
        """Queue one NOTIFY per changed board; PostgreSQL sends them on commit."""
        connection = await session.connection()
        for board_id in sorted(set(board_ids)):
            await connection.execute(_NOTIFY, {"board_id": str(board_id)})

    async def _connect(self) -> None:
        connection = await asyncpg.connect(self._dsn, timeout=self._connect_timeout)
        await connection.add_listener(CHANNEL, self._on_notify)
        connection.add_termination_listener(self._on_terminated)
        self._connection = connection

    def _on_notify(self, _connection: Any, _pid: int, _channel: str, payload: str) -> None:
        try:
            board_id = uuid.UUID(payload)
        except ValueError:
            logger.warning("ignoring malformed notification payload {!r}", payload)
            return
        self.ring(board_id)

    def _on_terminated(self, _connection: Any) -> None:
        if self.closed:
            return
        logger.warning("lost the LISTEN connection; reconnecting")
        self._connection = None
        self._reconnect_task = asyncio.get_running_loop().create_task(self._reconnect())

    async def _reconnect(self) -> None:
        while not self.closed:
            try:
                await self._connect()
            except (OSError, asyncpg.PostgresError) as error:
                logger.warning("LISTEN reconnect failed: {}", error)
                await asyncio.sleep(RECONNECT_DELAY_SECONDS)
                continue
            # Signals sent while we were away are gone; the rows are not. Wake everyone so
            # each subscriber re-reads the outbox from its last delivered id.
            self.ring_all()
            return
