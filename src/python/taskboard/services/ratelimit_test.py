"""The in-process fixed-window limiter."""

from __future__ import annotations

from taskboard.services.ratelimit import InMemoryRateLimiter


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def test_allows_the_budget_then_reports_the_wait() -> None:
    clock = FakeClock()
    limiter = InMemoryRateLimiter(attempts=3, window_seconds=60, clock=clock)
    assert [await limiter.hit("k") for _ in range(3)] == [None, None, None]
    clock.now += 10.2
    assert await limiter.hit("k") == 50  # ceil(60 - 10.2)
    assert await limiter.hit("other") is None  # keys are independent
    clock.now += 50
    assert await limiter.hit("k") is None  # a new window


async def test_reset_forgets_a_key() -> None:
    limiter = InMemoryRateLimiter(attempts=1, window_seconds=60, clock=FakeClock())
    assert await limiter.hit("k") is None
    assert await limiter.hit("k") == 60
    await limiter.reset("k")
    assert await limiter.hit("k") is None


async def test_memory_is_bounded() -> None:
    clock = FakeClock()
    limiter = InMemoryRateLimiter(attempts=1, window_seconds=60, max_keys=2, clock=clock)
    for key in ("a", "b", "c"):
        assert await limiter.hit(key) is None
    # "a" was evicted as the oldest, so it starts afresh; "c" is still limited.
    assert await limiter.hit("a") is None
    assert await limiter.hit("c") == 60
