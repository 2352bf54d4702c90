"""The migration tests run on a PostgreSQL server of their own."""

from taskboard.testing.databases import postgres_server

__all__ = ["postgres_server"]
