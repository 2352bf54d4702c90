"""The events outbox."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from taskboard.db.tables import Event

_INSERT = insert(Event)


class EventRepository:
    """Appends to and reads from `events`."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def append(self, rows: Sequence[dict[str, Any]]) -> None:
        """Insert event rows (`board_id`, `type`, `payload`) in the current transaction.

        One Core INSERT on the session's connection: the outbox needs none of the ORM's
        unit-of-work bookkeeping, and no caller reads the rows back.
        """
        if rows:
            connection = await self._session.connection()
            await connection.execute(_INSERT, list(rows))  # one row: a single execution

    async def after(self, board_id: uuid.UUID, *, after_id: int, limit: int) -> list[Event]:
        """The board's events with id > `after_id`, oldest first."""
        result = await self._session.scalars(
            select(Event)
            .where(Event.board_id == board_id, Event.id > after_id)
            .order_by(Event.id)
            .limit(limit)
        )
        return list(result.all())

    async def last_id(self, board_id: uuid.UUID) -> int:
        """The newest event id of the board (0 when it has none)."""
        value = await self._session.scalar(
            select(func.max(Event.id)).where(Event.board_id == board_id)
        )
        return int(value or 0)
