"""One transaction of a use case, with its outbox events and their broker signals."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from taskboard.domain.models import EventType
from taskboard.events.broker import Broker
from taskboard.repositories.events import EventRepository


class UnitOfWork:
    """Wraps the request's session: `record` events, then `commit` data, events and signals.

    Every use case commits through one (boards, tasks and authentication alike).
    """

    def __init__(self, session: AsyncSession, broker: Broker) -> None:
        self.session = session
        self._broker = broker
        self._events = EventRepository(session)
        self._changed_boards: set[uuid.UUID] = set()

    def record(self, board_id: uuid.UUID, event_type: EventType, payload: dict[str, Any]) -> None:
        """Write an event row in the current transaction (visible only if it commits)."""
        self._events.append(board_id=board_id, type=event_type.value, payload=payload)
        self._changed_boards.add(board_id)

    async def commit(self) -> None:
        """Commit; subscribers of every board that got events are signalled."""
        changed, self._changed_boards = self._changed_boards, set()
        if changed:
            await self.session.flush()
            await self._broker.publish_in_transaction(self.session, changed)
        await self.session.commit()
        if changed:
            self._broker.published(changed)

    async def rollback(self) -> None:
        """Undo the transaction, its recorded events with it."""
        self._changed_boards.clear()
        await self.session.rollback()
