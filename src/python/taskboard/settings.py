"""The one place configuration is read and validated (environment variables, see `Settings`)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, Self

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

# The development default. Anything outside development must set its own SECRET_KEY.
DEV_SECRET_KEY = "dev-only-insecure-secret-key-do-not-use-in-production"  # noqa: S105
MIN_SECRET_KEY_LENGTH = 32
SECRETS_DIR = Path("/run/secrets")
_PLACEHOLDER_SECRETS = frozenset(
    {
        DEV_SECRET_KEY,
        "changeme",
        "change-me",
        "change_me",
        "secret",
        "secret-key",
        "your-secret-key",
        "replace-me",
    }
)


class Environment(StrEnum):
    """Where the service runs; it decides the defaults of several settings."""

    DEVELOPMENT = "development"
    TEST = "test"
    PRODUCTION = "production"


def normalise_database_url(url: str) -> str:
    """Map plain `postgresql://`/`sqlite://` URLs onto the async drivers the service uses."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        raise ValueError("DATABASE_URL must look like scheme://...")
    driverless = scheme.split("+", 1)[0]
    if driverless in {"postgres", "postgresql"}:
        return f"postgresql+asyncpg://{rest}"
    if driverless == "sqlite":
        return f"sqlite+aiosqlite://{rest}"
    raise ValueError(f"unsupported database scheme {scheme!r}: use postgresql:// or sqlite://")


class Settings(BaseSettings):
    """Service configuration, read from environment variables (names are the field names)."""

    # Docker/Swarm secrets and Kubernetes secret volumes are files here, one a setting, named
    # by the field (`secret_key`, `database_url`); an environment variable of the same name wins.
    model_config = SettingsConfigDict(
        case_sensitive=False,
        extra="ignore",
        frozen=True,
        secrets_dir=SECRETS_DIR if SECRETS_DIR.is_dir() else None,
    )

    environment: Environment = Environment.DEVELOPMENT
    # A relative SQLite path resolves against the working directory (`var/` is created).
    database_url: str = "sqlite+aiosqlite:///var/taskboard.db"
    secret_key: SecretStr = SecretStr(DEV_SECRET_KEY)

    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    log_level: str = "INFO"
    # Defaults: JSON logs, Secure cookies, no migrations/seed on start outside development.
    log_json: bool = False
    cookie_secure: bool = False
    migrate_on_start: bool = False
    seed_demo: bool = False
    cors_origins: Annotated[list[str], NoDecode] = Field(default_factory=list)
    # Strict-Transport-Security on HTTPS responses; enable where TLS ends in front of the API.
    hsts: bool = False

    access_token_ttl_seconds: int = Field(default=15 * 60, ge=30)
    refresh_token_ttl_seconds: int = Field(default=14 * 24 * 3600, ge=60)
    # Per client address and email; plus a looser budget per email from any address, which
    # still holds when the address is forged (X-Forwarded-For through an exposed proxy).
    login_rate_limit_attempts: int = Field(default=5, ge=1)
    login_rate_limit_account_attempts: int = Field(default=20, ge=1)
    login_rate_limit_window_seconds: int = Field(default=60, ge=1)
    # Refreshes per client address in the same window: a tab refreshes every 15 minutes, so
    # this leaves room for many users behind one NAT address.
    refresh_rate_limit_attempts: int = Field(default=120, ge=1)
    # Argon2id cost; OWASP's minimum for argon2id is m=19 MiB, t=2. Tests lower it for speed.
    password_hash_time_cost: int = Field(default=3, ge=1)
    password_hash_memory_kib: int = Field(default=64 * 1024, ge=8)

    # The largest request the API reads: the biggest body it accepts (a task with a 10,000
    # character description) is under 64 KiB; past these, 413 and 431 problems.
    max_request_body_bytes: int = Field(default=256 * 1024, ge=1024)
    max_request_header_bytes: int = Field(default=16 * 1024, ge=1024)

    sse_heartbeat_seconds: float = Field(default=15.0, gt=0)
    sse_retry_ms: int = Field(default=3000, ge=0)
    # A client that takes nothing for this long (a stalled reader) loses its stream.
    sse_send_timeout_seconds: float = Field(default=30.0, gt=0)
    # Open streams per replica (each about 40 KiB: 5,000 fit the 512 MiB the deploys give an
    # API container) and per user on one replica; past them, 503 and 429 with Retry-After.
    sse_max_streams: int = Field(default=5000, ge=1)
    sse_max_streams_per_user: int = Field(default=20, ge=1)
    db_pool_size: int = Field(default=10, ge=1)
    db_max_overflow: int = Field(default=10, ge=0)
    # Bounds on every wait for PostgreSQL, so an outage answers 503 in seconds, not minutes:
    # opening a connection, waiting for a free one in the pool, and one statement.
    db_connect_timeout_seconds: float = Field(default=5.0, gt=0)
    db_pool_timeout_seconds: float = Field(default=5.0, gt=0)
    db_statement_timeout_seconds: float = Field(default=30.0, gt=0)

    @field_validator("database_url")
    @classmethod
    def _normalise_database_url(cls, value: str) -> str:
        return normalise_database_url(value)

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _split_origins(cls, value: Any) -> Any:
        # Environment variables carry a comma-separated list; code may pass a list.
        if isinstance(value, str):
            return [origin.strip() for origin in value.split(",") if origin.strip()]
        return value

    @model_validator(mode="before")
    @classmethod
    def _environment_defaults(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        env_value = next((v for k, v in data.items() if k.lower() == "environment"), None)
        environment = Environment(env_value) if env_value else Environment.DEVELOPMENT
        present = {k.lower() for k in data}
        defaults = {
            "log_json": environment is not Environment.DEVELOPMENT,
            "cookie_secure": environment is Environment.PRODUCTION,
            "migrate_on_start": environment is not Environment.PRODUCTION,
            "seed_demo": environment is Environment.DEVELOPMENT,
        }
        return {**{k: v for k, v in defaults.items() if k not in present}, **data}

    @model_validator(mode="after")
    def _refuse_weak_secret_outside_development(self) -> Self:
        if self.environment is Environment.DEVELOPMENT:
            return self
        secret = self.secret_key.get_secret_value()
        if secret.strip().lower() in _PLACEHOLDER_SECRETS or len(secret) < MIN_SECRET_KEY_LENGTH:
            raise ValueError(
                f"SECRET_KEY must be a random value of at least {MIN_SECRET_KEY_LENGTH} characters "
                f"outside development (ENVIRONMENT={self.environment.value})"
            )
        return self

    @property
    def is_sqlite(self) -> bool:
        """Whether the configured database is the embedded SQLite one."""
        return self.database_url.startswith("sqlite")

    @property
    def is_postgres(self) -> bool:
        """Whether the configured database is PostgreSQL."""
        return self.database_url.startswith("postgresql")
