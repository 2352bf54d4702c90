"""Login rate limiting behind a small interface, so a shared store can replace the local one."""

from __future__ import annotations

import asyncio
import math
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Protocol


class RateLimiter(Protocol):
    """Counts attempts per key within a window."""

    async def hit(self, key: str) -> int | None:
        """Count an attempt; None if allowed, else the seconds until the next one is."""

    async def reset(self, key: str) -> None:
        """Forget a key's attempts (after a successful sign-in)."""


class InMemoryRateLimiter:
    """Fixed-window counter per key, in this process only (one replica's view).

    With several replicas each enforces its own budget; a shared store (Redis INCR+EXPIRE,
    a database table) implementing `RateLimiter` makes the limit global.
    """

    def __init__(
        self,
        *,
        attempts: int,
        window_seconds: float,
        max_keys: int = 100_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._attempts = attempts
        self._window = window_seconds
        self._max_keys = max_keys
        self._clock = clock
        # key -> (window start, count); ordered by window start for cheap expiry.
        self._windows: OrderedDict[str, tuple[float, int]] = OrderedDict()
        self._lock = asyncio.Lock()

    async def hit(self, key: str) -> int | None:
        """Count an attempt; None if allowed, else the seconds until the next one is."""
        async with self._lock:
            now = self._clock()
            self._expire(now)
            start, count = self._windows.get(key, (now, 0))
            if count >= self._attempts:
                return max(1, math.ceil(start + self._window - now))
            if count == 0:
                self._windows[key] = (now, 1)
                self._windows.move_to_end(key)
                while len(self._windows) > self._max_keys:
                    self._windows.popitem(last=False)
            else:
                self._windows[key] = (start, count + 1)
            return None

    async def reset(self, key: str) -> None:
        """Forget a key's attempts."""
        async with self._lock:
            self._windows.pop(key, None)

    def _expire(self, now: float) -> None:
        while self._windows:
            key, (start, _) = next(iter(self._windows.items()))
            if start + self._window > now:
                break
            del self._windows[key]
