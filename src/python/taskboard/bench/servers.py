"""Databases and server processes for the benchmark, each cleaned up when its block ends."""

from __future__ import annotations

import asyncio
import os
import secrets
import signal
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

import taskboard
from taskboard.db import migrate
from taskboard.testing.net import free_port
from taskboard.testing.postgres import find_bindir, server_from_url, throwaway_server

# The folder holding the `taskboard` package, for the servers' PYTHONPATH.
SOURCE_ROOT = Path(taskboard.__file__).resolve().parents[1]
START_TIMEOUT_SECONDS = 60.0
STOP_TIMEOUT_SECONDS = 20.0


def api_env(database_url: str) -> dict[str, str]:
    """Production settings (random secret, no migrations on start) with quiet logs."""
    return {
        "ENVIRONMENT": "production",
        "DATABASE_URL": database_url,
        "SECRET_KEY": secrets.token_urlsafe(48),
        # Warnings only: an access line per request would measure the log sink.
        "LOG_LEVEL": "WARNING",
        # Every subscriber of the SSE rows is the same user, and the rows go past 5,000.
        "SSE_MAX_STREAMS": "100000",
        "SSE_MAX_STREAMS_PER_USER": "100000",
    }


@dataclass(frozen=True)
class ServerProcess:
    """A running server: where it listens and its process id (for RSS and CPU time)."""

    name: str
    url: str
    pid: int
    log: Path


def _stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM the process group (graceful shutdown), SIGKILL it if that takes too long."""
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=STOP_TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    except ProcessLookupError:
        process.wait()


def _wait_ready(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    with httpx.Client(base_url=url, timeout=2) as client:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                break
            try:
                if client.get("/healthz").status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.1)
    tail = log.read_text(errors="replace")[-4000:]
    raise RuntimeError(f"server at {url} did not start (exit {process.poll()}):\n{tail}")


@contextmanager
def server_process(
    name: str, *, workdir: Path, env: Mapping[str, str], app: str | None = None
) -> Iterator[ServerProcess]:
    """Run `python -m taskboard.server [app]` on a free port in its own process group."""
    port = free_port()
    full_env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(
            filter(None, [str(SOURCE_ROOT), os.environ.get("PYTHONPATH")])
        ),
        "HOST": "127.0.0.1",
        "PORT": str(port),
        **env,
    }
    command = [sys.executable, "-m", "taskboard.server", *([app] if app else [])]
    log = workdir / f"{name}-{port}.log"
    with log.open("wb") as output:
        process = subprocess.Popen(  # noqa: S603 - fixed argv
            command,
            env=full_env,
            cwd=workdir,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own group: stopped with everything it starts
        )
    try:
        url = f"http://127.0.0.1:{port}"
        _wait_ready(url, process, log)
        yield ServerProcess(name=name, url=url, pid=process.pid, log=log)
    finally:
        _stop(process)


@contextmanager
def sqlite_database(workdir: Path) -> Iterator[str]:
    """A migrated SQLite file in `workdir` (deleted with it)."""
    url = f"sqlite+aiosqlite:///{workdir / 'bench.db'}"
    asyncio.run(migrate.upgrade_url(url))
    yield url


@contextmanager
def postgres_database() -> Iterator[str]:
    """A migrated database on TEST_DATABASE_URL's server, else on a throwaway local cluster."""
    configured = os.environ.get("TEST_DATABASE_URL", "")
    if configured.startswith("postgres"):
        with server_from_url(configured).database() as url:
            asyncio.run(migrate.upgrade_url(url))
            yield url
        return
    bindir = find_bindir()
    if bindir is None:
        raise RuntimeError("no PostgreSQL: set TEST_DATABASE_URL or install the server binaries")
    with throwaway_server(bindir) as server, server.database() as url:
        asyncio.run(migrate.upgrade_url(url))
        yield url


def module_process(module: str, args: list[str], *, timeout: float) -> str:
    """Run `python -m MODULE ARGS` in its own group; its stdout's last line (bounded time)."""
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(
            filter(None, [str(SOURCE_ROOT), os.environ.get("PYTHONPATH")])
        ),
    }
    command = [sys.executable, "-m", module, *args]
    process = subprocess.Popen(  # noqa: S603 - fixed argv
        command, env=env, stdout=subprocess.PIPE, start_new_session=True
    )
    try:
        stdout, _ = process.communicate(timeout=timeout)
    finally:
        _stop(process)
    if process.returncode != 0:
        raise RuntimeError(f"{module} failed ({process.returncode}): {' '.join(args[:1])}")
    # The result is the last line: anything an app logs to stdout comes before it.
    return stdout.decode().strip().rsplit("\n", 1)[-1]
