"""Settings for tests: cheap password hashing, quick heartbeats, nothing done on start."""

from __future__ import annotations

from typing import Any

from taskboard.settings import Settings

TEST_SECRET_KEY = "test-secret-key-0123456789abcdef0123456789"


def make_settings(database_url: str, **overrides: Any) -> Settings:
    """Settings for tests: cheap password hashing, quick heartbeats, nothing on start."""
    values: dict[str, Any] = {
        "environment": "test",
        "database_url": database_url,
        "secret_key": TEST_SECRET_KEY,
        "migrate_on_start": False,
        "seed_demo": False,
        "log_json": False,
        "cookie_secure": False,
        "password_hash_time_cost": 1,
        "password_hash_memory_kib": 1024,
        "sse_heartbeat_seconds": 0.2,
        "sse_retry_ms": 1500,
        "login_rate_limit_attempts": 5,
        "login_rate_limit_account_attempts": 8,
        "login_rate_limit_window_seconds": 60,
        "refresh_rate_limit_attempts": 6,
    }
    values.update(overrides)
    return Settings(**values)
