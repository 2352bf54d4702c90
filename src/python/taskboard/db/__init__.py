"""Persistence: the engine, the ORM tables and the Alembic migrations."""
