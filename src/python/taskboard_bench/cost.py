"""Where a listing's CPU goes: `python -m taskboard_bench.cost ...` prints one JSON result.

Each row calls an ASGI app directly, one request after another, with no HTTP server and no
load client, and divides the process's CPU time by the number of requests. The rows take
turns, in rounds, and each reports its median round, so a burst of other work on the machine
shifts one round rather than one row:

- the baseline app serving the page from memory;
- the API's `/healthz` (its middleware stack and routing, nothing else);
- the API's task listing with `AuthService.authenticate` and `TaskService.list_tasks`
  answering from memory: every layer runs (middleware, dependencies, a session that is never
  used, validation and serialisation of the same rows) but no query, so no cache of ours could
  make a listing cheaper than this;
- the same with only authentication from memory (the page query is real);
- the real listing.

(The services are patched rather than swapped with FastAPI's `dependency_overrides`: FastAPI
analyses an overridden dependency's signature again on every request, which would distort the
figures.)

On PostgreSQL the database server's own CPU is not counted (it is another process), as in
the HTTP rows' server CPU column.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
import uuid
from collections.abc import Awaitable, Callable, MutableMapping, Sequence
from contextlib import AbstractContextManager, ExitStack
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from unittest.mock import patch

import uvloop
from fastapi import FastAPI

from taskboard.api.deps import auth_service
from taskboard.api.main import create_app
from taskboard.api.runtime import runtime_of
from taskboard.db.tables import User
from taskboard.domain.listing import TaskFilter
from taskboard.services.auth import AuthService
from taskboard.services.tasks import TaskListing, TaskService
from taskboard.services.unit_of_work import UnitOfWork
from taskboard.settings import Environment, Settings
from taskboard_bench import baseline
from taskboard_bench.stats import CostRow

Message = MutableMapping[str, Any]
Get = Callable[[FastAPI], Awaitable[int]]
WARMUP_REQUESTS = 200
ROUNDS = 5


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--secret-key", required=True, help="the SECRET_KEY the token is from")
    parser.add_argument("--token", required=True, help="a bearer token of a board member")
    parser.add_argument("--board", required=True)
    parser.add_argument("--page-file", type=Path, required=True, help="the page, for the baseline")
    parser.add_argument("--requests", type=int, default=2000, help="per row, over all rounds")
    return parser


def _get(path: str, query: bytes, token: str | None) -> Get:
    """A function that sends one GET to an app and returns the response status."""
    headers = [(b"host", b"bench"), (b"accept", b"application/json")]
    if token:
        headers.append((b"authorization", f"Bearer {token}".encode()))
    scope: dict[str, Any] = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query,
        "root_path": "",
        "headers": headers,
        "client": ("127.0.0.1", 40000),
        "server": ("127.0.0.1", 8000),
    }

    async def receive() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def get(app: FastAPI) -> int:
        status = 0

        async def send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]

        await app({**scope, "state": {}}, receive, send)
        return status

    return get


@dataclass
class _Row:
    """One way of answering: an app, a request, the patches in force, its rounds' figures."""

    label: str
    app: FastAPI
    get: Get
    patches: Sequence[Callable[[], AbstractContextManager[object]]] = ()
    rounds: list[float] = field(default_factory=list)

    async def run(self, n: int) -> float:
        """Send `n` requests; CPU milliseconds per request (every response must be a 200)."""
        with ExitStack() as stack:
            for make_patch in self.patches:
                stack.enter_context(make_patch())
            started, failed = time.process_time(), 0
            for _ in range(n):
                failed += await self.get(self.app) != 200
            cpu_ms = (time.process_time() - started) / n * 1000
        if failed:
            raise RuntimeError(f"{self.label}: {failed} of {n} requests failed")
        return cpu_ms


async def _measure_rows(rows: Sequence[_Row], requests: int) -> list[CostRow]:
    for row in rows:
        await row.run(WARMUP_REQUESTS)
    per_round = max(1, requests // ROUNDS)
    for _ in range(ROUNDS):
        for row in rows:
            row.rounds.append(await row.run(per_round))
    return [CostRow(row.label, per_round * ROUNDS, statistics.median(row.rounds)) for row in rows]


async def _answers(
    app: FastAPI, token: str, board_id: uuid.UUID
) -> tuple[tuple[User, uuid.UUID], TaskListing]:
    """What authenticating `token` and listing the board's first page return, read once."""
    runtime = runtime_of(app)
    async with runtime.read_sessions() as session:
        uow = UnitOfWork(session, runtime.broker)
        principal = await auth_service(uow, runtime).authenticate(token)
        tasks = TaskService(uow, principal[0])
        page = await tasks.list_tasks(board_id, filters=TaskFilter(), after=None, limit=50)
    return principal, page


async def measure(args: argparse.Namespace) -> list[CostRow]:
    """Every row, baseline first."""
    os.environ[baseline.PAGE_FILE_ENV] = str(args.page_file)
    path, query = f"/api/v1/boards/{args.board}/tasks", b"limit=50"
    settings = Settings(
        environment=Environment.PRODUCTION,
        database_url=args.database_url,
        secret_key=args.secret_key,
        log_level="WARNING",
    )
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        principal, page = await _answers(app, args.token, uuid.UUID(args.board))

        async def authenticate(self: AuthService, access_token: str) -> tuple[User, uuid.UUID]:
            return principal

        async def list_tasks(self: TaskService, board_id: uuid.UUID, **_: object) -> TaskListing:
            return page

        def auth_from_memory() -> AbstractContextManager[object]:
            return patch.object(AuthService, "authenticate", authenticate)

        def page_from_memory() -> AbstractContextManager[object]:
            return patch.object(TaskService, "list_tasks", list_tasks)

        listing = _get(path, query, args.token)
        rows = [
            _Row("baseline: the page from memory", baseline.create_app(), _get(path, query, None)),
            _Row("API /healthz: middleware and routing", app, _get("/healthz", b"", None)),
            _Row(
                "API list, auth and page from memory",
                app,
                listing,
                [auth_from_memory, page_from_memory],
            ),
            _Row("API list, auth from memory", app, listing, [auth_from_memory]),
            _Row("API list", app, listing),
        ]
        return await _measure_rows(rows, args.requests)


def main(argv: Sequence[str] | None = None) -> None:
    """Measure and print the rows as one JSON line."""
    args = _parser().parse_args(argv)
    rows = uvloop.run(measure(args))
    sys.stdout.write(json.dumps([asdict(row) for row in rows]) + "\n")


if __name__ == "__main__":
    main()
