"""Rate limiting in the database, so the budgets hold across every replica."""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from taskboard.db.tables import utcnow
from taskboard.repositories.ratelimits import RateLimitRepository


class RateLimiter(Protocol):
    """Counts attempts per key within a window."""

    async def hit(self, key: str) -> int | None:
        """Count an attempt; None if allowed, else the seconds until the next one is."""

    async def reset(self, key: str) -> None:
        """Forget a key's attempts (after a successful sign-in)."""


class DatabaseRateLimiter:
    """A fixed-window counter per key in the `rate_limits` table, shared by every replica.

    Each call is a short transaction of its own, committed whatever the request then does: a
    failed sign-in rolls its own transaction back, and its attempt still counts. Call it
    outside the request's write transaction (on SQLite that transaction holds the write lock).
    """

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        *,
        attempts: int,
        window_seconds: float,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self._sessions = sessions
        self._attempts = attempts
        self._window = timedelta(seconds=window_seconds)
        self._clock = clock

    async def hit(self, key: str) -> int | None:
        """Count an attempt; None if allowed, else the seconds until the next one is."""
        now = self._clock()
        async with self._sessions() as session, session.begin():
            windows = RateLimitRepository(session)
            await windows.purge(now=now)
            hits, expires_at = await windows.hit(key, now=now, window=self._window)
        if hits <= self._attempts:
            return None
        return max(1, math.ceil((expires_at - now).total_seconds()))

    async def reset(self, key: str) -> None:
        """Forget a key's attempts."""
        async with self._sessions() as session, session.begin():
            await RateLimitRepository(session).reset(key)
