"""The service's command line, the API PEX's and image's entry point.

    taskboard [serve] [app]     serve the API (the default command; see `taskboard.server`)
    taskboard migrate           apply the database migrations up to head, then exit
    taskboard healthcheck       exit 0 when this process's own /healthz answers 200

Replicas never migrate on start outside development: a deploy runs `migrate` once, as a
one-off task, before it rolls the servers, so two replicas never race on the schema.

Commands import what they need when they run: the healthcheck runs every few seconds in each
container and loads only the standard library.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import urllib.error
import urllib.request
from collections.abc import Sequence
from typing import TYPE_CHECKING, NoReturn

if TYPE_CHECKING:
    from taskboard.settings import Settings

__all__ = ["main"]

COMMANDS = ("serve", "migrate", "healthcheck")
HEALTHCHECK_TIMEOUT_SECONDS = 2.0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="taskboard", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="serve the API until SIGTERM (the default)")
    serve.add_argument("app", nargs="?", help="app factory, module:function")
    migrate = commands.add_parser("migrate", help="apply the migrations, then exit")
    migrate.add_argument("--revision", default="head", help="target revision (default: head)")
    commands.add_parser("healthcheck", help="probe this container's /healthz")
    return parser


def _fail(message: str, code: int = 1) -> NoReturn:
    sys.stderr.write(f"taskboard: {message}\n")
    raise SystemExit(code)


def healthcheck() -> None:
    """Exit 0 when the server on `PORT` (8000) answers /healthz with 200, else 1."""
    port = os.environ.get("PORT", "").strip() or "8000"
    url = f"http://127.0.0.1:{port}/healthz"
    try:
        with urllib.request.urlopen(url, timeout=HEALTHCHECK_TIMEOUT_SECONDS) as response:
            status = response.status
    except urllib.error.HTTPError as error:  # a 4xx/5xx answer: urllib raises it
        status = error.code
        error.close()
    except (urllib.error.URLError, OSError) as error:
        _fail(f"healthcheck: {url}: {error}")
    if status != 200:
        _fail(f"healthcheck: {url} answered {status}")


def _settings(command: str) -> Settings:
    """The validated settings, or one line naming what is wrong with them (exit 2)."""
    from pydantic import ValidationError

    from taskboard.settings import Settings

    try:
        return Settings()
    except ValidationError as error:
        problems = []
        for item in error.errors():
            where = ".".join(str(part) for part in item["loc"]).upper()
            message = item["msg"].removeprefix("Value error, ")
            problems.append(f"{where}: {message}" if where else message)
        _fail(f"{command}: invalid configuration: {'; '.join(problems)}", code=2)


def serve(app: str | None) -> None:
    """Serve the API, after refusing an invalid configuration in one line."""
    _settings("serve")
    from taskboard import server

    try:
        server.main([app] if app else [])
    except ValueError as error:  # HOST/PORT/GRACEFUL_TIMEOUT/DRAIN_DELAY, read before serving
        _fail(f"serve: invalid configuration: {error}", code=2)


def migrate(revision: str) -> None:
    """Apply the migrations to the configured database up to `revision`."""
    from sqlalchemy.exc import SQLAlchemyError

    from taskboard.db import migrate as migrations
    from taskboard.db.engine import make_engine
    from taskboard.observability.logging import configure_logging

    settings = _settings("migrate")
    configure_logging(level=settings.log_level, json=settings.log_json)

    async def run() -> None:
        engine = make_engine(settings)
        try:
            await migrations.upgrade(engine, revision)
        finally:
            await engine.dispose()

    try:
        asyncio.run(run())
    except (SQLAlchemyError, OSError) as error:
        reason = f"{type(error).__name__}: {error}".splitlines()[0]
        _fail(f"migrate: the database cannot be migrated: {reason}")
    sys.stderr.write(f"taskboard: migrate: the database is at revision {revision}\n")


def main(argv: Sequence[str] | None = None) -> None:
    """Run one command; with none (or only an app factory) serve the API."""
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or (args[0] not in COMMANDS and not args[0].startswith("-")):
        args.insert(0, "serve")
    parsed = _parser().parse_args(args)
    if parsed.command == "healthcheck":
        healthcheck()
    elif parsed.command == "migrate":
        migrate(parsed.revision)
    else:
        serve(parsed.app)


if __name__ == "__main__":
    main()
