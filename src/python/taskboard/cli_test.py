from __future__ import annotations

import http.server
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from taskboard import cli, server

SECRET = "cli-test-secret-key-0123456789abcdef0123"


class _Health(http.server.BaseHTTPRequestHandler):
    status = 200

    def do_GET(self) -> None:
        self.send_response(self.status if self.path == "/healthz" else 404)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def health_port() -> Iterator[int]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Health)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield httpd.server_address[1]
    finally:
        _Health.status = 200
        httpd.shutdown()
        httpd.server_close()


def test_healthcheck_passes_on_200(health_port: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PORT", str(health_port))
    cli.main(["healthcheck"])


def test_healthcheck_fails_on_another_status(
    health_port: int, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PORT", str(health_port))
    _Health.status = 503
    with pytest.raises(SystemExit) as exited:
        cli.main(["healthcheck"])
    assert exited.value.code == 1
    assert "503" in capsys.readouterr().err


def test_healthcheck_fails_when_nothing_listens(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    httpd = http.server.HTTPServer(("127.0.0.1", 0), _Health)
    port = httpd.server_address[1]
    httpd.server_close()  # a port that was free a moment ago: refused now
    monkeypatch.setenv("PORT", str(port))
    with pytest.raises(SystemExit) as exited:
        cli.main(["healthcheck"])
    assert exited.value.code == 1
    assert f"127.0.0.1:{port}/healthz" in capsys.readouterr().err


def test_migrate_brings_a_new_sqlite_database_to_head(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    database = tmp_path / "data" / "taskboard.db"
    monkeypatch.setenv("ENVIRONMENT", "production")
    monkeypatch.setenv("SECRET_KEY", SECRET)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{database}")
    cli.main(["migrate"])
    cli.main(["migrate"])  # idempotent: the next deploy's migrate finds nothing to do
    with sqlite3.connect(database) as connection:
        (version,) = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    assert version
    assert "revision head" in capsys.readouterr().err


def test_migrate_reports_an_unreachable_database_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{blocker}/taskboard.db")
    with pytest.raises(SystemExit) as exited:
        cli.main(["migrate"])
    assert exited.value.code == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith("taskboard: migrate: the database cannot be migrated:")


@pytest.mark.parametrize("command", [["migrate"], ["serve"], []])
@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"ENVIRONMENT": "production"}, "SECRET_KEY must be a random value"),
        ({"PORT": "0"}, "PORT: Input should be greater than or equal to 1"),
    ],
    ids=["weak-secret", "bad-port"],
)
def test_commands_refuse_an_invalid_configuration_in_one_line(
    command: list[str],
    env: dict[str, str],
    expected: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    served: list[list[str]] = []
    monkeypatch.setattr(server, "main", served.append)
    monkeypatch.delenv("SECRET_KEY", raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(SystemExit) as exited:
        cli.main(command)
    assert exited.value.code == 2
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert line.startswith(f"taskboard: {(command or ['serve'])[0]}: invalid configuration: ")
    assert expected in line
    assert served == []


@pytest.mark.parametrize(
    ("argv", "expected"),
    [([], []), (["serve"], []), (["pkg.module:factory"], ["pkg.module:factory"])],
)
def test_serve_is_the_default_command(
    argv: list[str], expected: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    served: list[list[str]] = []
    monkeypatch.setattr(server, "main", served.append)
    monkeypatch.delenv("ENVIRONMENT", raising=False)
    cli.main(argv)
    assert served == [expected]
