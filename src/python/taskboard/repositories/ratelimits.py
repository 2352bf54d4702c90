"""Rate-limit windows in the database, so every replica counts against the same budget."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import case, delete
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from taskboard.db.tables import RateLimitWindow as Window


class RateLimitRepository:
    """Counts attempts per key in fixed windows (`rate_limits`)."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def hit(self, key: str, *, now: datetime, window: timedelta) -> tuple[int, datetime]:
        """Count one attempt; the key's attempts in its window, and when the window ends.

        One upsert: a new key, or one whose window is over, starts a window at `now` with one
        attempt; otherwise its count goes up. Concurrent hits on one key serialise on its row.
        """
        dialect = self._session.get_bind().dialect.name
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        new = insert(Window).values(key=key, hits=1, expires_at=now + window)
        over = Window.expires_at <= now
        statement = new.on_conflict_do_update(
            index_elements=[Window.key],
            set_={
                "hits": case((over, 1), else_=Window.hits + 1),
                "expires_at": case((over, new.excluded.expires_at), else_=Window.expires_at),
            },
        ).returning(Window.hits, Window.expires_at)
        hits, expires_at = (await self._session.execute(statement)).one()
        return hits, expires_at

    async def reset(self, key: str) -> None:
        """Forget the key's attempts."""
        await self._session.execute(delete(Window).where(Window.key == key))

    async def purge(self, *, now: datetime) -> None:
        """Drop the windows that are over (keys never seen again would stay forever)."""
        await self._session.execute(delete(Window).where(Window.expires_at <= now))
