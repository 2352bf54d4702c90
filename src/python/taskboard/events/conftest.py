"""The broker tests need a migrated PostgreSQL database, nothing of the app."""

from taskboard.testing.databases import postgres_database_url, postgres_server, postgres_test_db

__all__ = ["postgres_database_url", "postgres_server", "postgres_test_db"]
