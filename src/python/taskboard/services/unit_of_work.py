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
        self._recorded: list[dict[str, Any]] = []

    def record(self, board_id: uuid.UUID, event_type: EventType, payload: dict[str, Any]) -> None:
        """Add an event to the transaction: written at commit, after the data it describes."""
        self._recorded.append({"board_id": board_id, "type": event_type.value, "payload": payload})

    async def commit(self) -> None:
        """Commit; subscribers of every board that got events are signalled."""
        recorded, self._recorded = self._recorded, []
        changed = {row["board_id"] for row in recorded}
        if recorded:
            await self.session.flush()
            await self._events.append(recorded)
            await self._broker.publish_in_transaction(self.session, changed)
        await self.session.commit()
        if changed:
            self._broker.published(changed)

    async def rollback(self) -> None:
        """Undo the transaction, its recorded events with it."""
        self._recorded.clear()
        await self.session.rollback()
