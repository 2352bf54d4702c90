"""Settings: defaults per environment, URL normalisation, refusal of weak secrets."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import SecretStr, ValidationError

from taskboard.settings import DEV_SECRET_KEY, Environment, Settings, normalise_database_url

STRONG = "s" * 40


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("ENVIRONMENT", "DATABASE_URL", "SECRET_KEY", "CORS_ORIGINS", "SEED_DEMO"):
        monkeypatch.delenv(name, raising=False)


def test_development_defaults_need_no_configuration() -> None:
    settings = Settings()
    assert settings.environment is Environment.DEVELOPMENT
    assert settings.database_url == "sqlite+aiosqlite:///var/taskboard.db"
    assert settings.is_sqlite
    assert not settings.is_postgres
    assert (settings.host, settings.port) == ("127.0.0.1", 8000)
    assert settings.cors_origins == []
    assert settings.seed_demo
    assert settings.migrate_on_start
    assert not settings.cookie_secure
    assert not settings.log_json


def test_production_defaults_are_strict(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ENVIRONMENT", "production")
    monkeypatch.setenv("SECRET_KEY", STRONG)
    monkeypatch.setenv("CORS_ORIGINS", "https://a.example, https://b.example,")
    settings = Settings()
    assert settings.cookie_secure
    assert settings.log_json
    assert not settings.seed_demo
    assert not settings.migrate_on_start
    assert settings.cors_origins == ["https://a.example", "https://b.example"]


def test_explicit_values_beat_environment_defaults() -> None:
    settings = Settings(
        environment=Environment.PRODUCTION, secret_key=SecretStr(STRONG), cookie_secure=False
    )
    assert not settings.cookie_secure


@pytest.mark.parametrize("secret", [DEV_SECRET_KEY, "changeme", "short-but-random"])
@pytest.mark.parametrize("environment", [Environment.TEST, Environment.PRODUCTION])
def test_weak_secrets_are_refused_outside_development(
    secret: str, environment: Environment
) -> None:
    with pytest.raises(ValidationError, match="SECRET_KEY"):
        Settings(environment=environment, secret_key=SecretStr(secret))


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("postgresql://u:p@db:5432/app", "postgresql+asyncpg://u:p@db:5432/app"),
        ("postgres://u@db/app", "postgresql+asyncpg://u@db/app"),
        ("postgresql+psycopg://u@db/app", "postgresql+asyncpg://u@db/app"),
        ("sqlite:///var/x.db", "sqlite+aiosqlite:///var/x.db"),
    ],
)
def test_database_urls_are_normalised_to_async_drivers(url: str, expected: str) -> None:
    assert normalise_database_url(url) == expected
    assert Settings(database_url=url).database_url == expected


@pytest.mark.parametrize("url", ["mysql://u@db/app", "not a url"])
def test_unsupported_database_urls_are_refused(url: str) -> None:
    with pytest.raises(ValidationError):
        Settings(database_url=url)


def test_secrets_are_read_from_files_and_the_environment_wins(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    secret = "a-secret-from-a-docker-secret-file-0123456789"
    (tmp_path / "secret_key").write_text(secret + "\n")
    (tmp_path / "database_url").write_text("postgresql://app:pw@db:5432/taskboard")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    settings = Settings(_secrets_dir=tmp_path, environment=Environment.PRODUCTION)
    assert settings.secret_key.get_secret_value() == secret
    assert settings.database_url == "postgresql+asyncpg://app:pw@db:5432/taskboard"
    monkeypatch.setenv("DATABASE_URL", "sqlite:///var/other.db")
    assert Settings(_secrets_dir=tmp_path).database_url == "sqlite+aiosqlite:///var/other.db"
