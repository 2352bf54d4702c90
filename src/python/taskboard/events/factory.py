"""Choose the broker for the configured database."""

from __future__ import annotations

from taskboard.events.broker import Broker, InProcessBroker
from taskboard.events.postgres import PostgresBroker
from taskboard.settings import Settings


def make_broker(settings: Settings) -> Broker:
    """LISTEN/NOTIFY on PostgreSQL (replicas share it); in-process fan-out on SQLite."""
    if settings.is_postgres:
        return PostgresBroker(
            settings.database_url, connect_timeout=settings.db_connect_timeout_seconds
        )
    return InProcessBroker()
