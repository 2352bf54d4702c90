"""The events outbox."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from taskboard.db.tables import Event


class EventRepository:
    """Appends to and reads from `events`."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    def append(self, *, board_id: uuid.UUID, type: str, payload: dict[str, Any]) -> None:
        """Add an event row to the current transaction."""
        self._session.add(Event(board_id=board_id, type=type, payload=payload))

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
