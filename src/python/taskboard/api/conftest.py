"""The API's tests drive the whole app: its fixtures, on each test database."""

from taskboard.testing.app import app, client, make_user, running_app, settings
from taskboard.testing.databases import (
    database_backend,
    database_url,
    postgres_database_url,
    postgres_server,
    postgres_test_db,
)

__all__ = [
    "app",
    "client",
    "database_backend",
    "database_url",
    "make_user",
    "postgres_database_url",
    "postgres_server",
    "postgres_test_db",
    "running_app",
    "settings",
]
