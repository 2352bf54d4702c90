"""The long-lived objects one app instance shares between requests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from fastapi import FastAPI, Request
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from taskboard.db.engine import make_engine, make_session_factory
from taskboard.events.broker import Broker
from taskboard.events.factory import make_broker
from taskboard.services.capacity import StreamCapacity
from taskboard.services.passwords import PasswordHasher
from taskboard.services.ratelimit import DatabaseRateLimiter, RateLimiter
from taskboard.services.streams import EventStreams
from taskboard.services.tokens import TokenCodec
from taskboard.settings import Settings


@dataclass(frozen=True, slots=True)
class Runtime:
    """Engine, session factories (read-write, read-only), broker, security helpers."""

    settings: Settings
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    read_sessions: async_sessionmaker[AsyncSession]
    broker: Broker
    hasher: PasswordHasher
    codec: TokenCodec
    limiter: RateLimiter
    account_limiter: RateLimiter
    refresh_limiter: RateLimiter
    streams: EventStreams
    stream_capacity: StreamCapacity

    @classmethod
    def build(cls, settings: Settings) -> Runtime:
        """Create everything from settings (no I/O yet: connections open lazily or on start)."""
        engine = make_engine(settings)
        sessions = make_session_factory(engine)
        read_sessions = make_session_factory(engine, read_only=True)
        broker = make_broker(settings)
        window = settings.login_rate_limit_window_seconds
        return cls(
            settings=settings,
            engine=engine,
            sessions=sessions,
            read_sessions=read_sessions,
            broker=broker,
            hasher=PasswordHasher.from_settings(settings),
            codec=TokenCodec(
                settings.secret_key.get_secret_value(),
                access_ttl=timedelta(seconds=settings.access_token_ttl_seconds),
            ),
            # In the database: every replica counts against the same budgets.
            limiter=DatabaseRateLimiter(
                sessions, attempts=settings.login_rate_limit_attempts, window_seconds=window
            ),
            account_limiter=DatabaseRateLimiter(
                sessions,
                attempts=settings.login_rate_limit_account_attempts,
                window_seconds=window,
            ),
            refresh_limiter=DatabaseRateLimiter(
                sessions, attempts=settings.refresh_rate_limit_attempts, window_seconds=window
            ),
            streams=EventStreams(read_sessions, broker),
            stream_capacity=StreamCapacity(
                max_streams=settings.sse_max_streams,
                max_per_user=settings.sse_max_streams_per_user,
            ),
        )


def runtime_of(app: FastAPI) -> Runtime:
    """The runtime `create_app` attached to the app."""
    runtime: Runtime = app.state.runtime
    return runtime


async def get_runtime(request: Request) -> Runtime:
    """Dependency: the runtime of the app serving the request."""
    return runtime_of(request.app)
