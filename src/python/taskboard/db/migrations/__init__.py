"""Alembic migrations of the Taskboard schema (run through `taskboard.db.migrate`)."""
