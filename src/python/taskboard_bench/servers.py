"""Databases and server processes for the benchmark, each cleaned up when its block ends."""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

import httpx

import taskboard
from taskboard.db import migrate
from taskboard.testing.net import free_port
from taskboard.testing.postgres import find_bindir, server_from_url, stoppable_server
from taskboard_bench import watchdog

# The folder holding the `taskboard` package, for the servers' PYTHONPATH.
SOURCE_ROOT = Path(taskboard.__file__).resolve().parents[1]
START_TIMEOUT_SECONDS = 60.0
STOP_TIMEOUT_SECONDS = 20.0
_PR_SET_PDEATHSIG = 1


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


def exit_on_signal(signum: int, frame: FrameType | None) -> None:
    """A signal handler: SystemExit unwinds the `with` blocks, which stop every server, load
    process and cluster on the way out."""
    sys.exit(128 + signum)


def server_and_client_cpus(
    server: int | None, client: int | None, prog: str
) -> tuple[int, int]:
    """The server's CPU and the load's: two different ones this process may run on (the first
    two by default). Sharing one, the load client would be measured as much as the server."""
    allowed = sorted(os.sched_getaffinity(0))
    server = allowed[0] if server is None else server
    if client is None:
        client = next((cpu for cpu in allowed if cpu != server), server)
    if server == client or not {server, client} <= set(allowed):
        raise SystemExit(
            f"{prog}: needs two CPUs, one for the server and one for the load (allowed: "
            f"{allowed}, asked: server {server}, load {client})"
        )
    return server, client


def pinned(command: list[str], cpu: int | None) -> list[str]:
    """`command` run under `taskset -c CPU` (its process id is the command's: taskset execs)."""
    if cpu is None:
        return command
    taskset = shutil.which("taskset")
    if taskset is None:
        raise RuntimeError("taskset not found (util-linux): it pins the processes to CPUs")
    return [taskset, "-c", str(cpu), *command]


def _die_with_parent() -> None:
    """In the child, before it runs: Linux sends it SIGTERM when the benchmark dies (even
    SIGKILLed, when no `finally` runs)."""
    with contextlib.suppress(OSError, AttributeError):  # not Linux: the `finally`s still stop it
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


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
    name: str,
    *,
    workdir: Path,
    env: Mapping[str, str],
    app: str | None = None,
    cpu: int | None = None,
) -> Iterator[ServerProcess]:
    """Run `python -m taskboard.server [app]` on a free port in its own process group (on
    CPU `cpu` alone if given)."""
    port = free_port()
    full_env = {
        **_python_env(),
        "HOST": "127.0.0.1",
        "PORT": str(port),
        **env,
    }
    command = pinned([sys.executable, "-m", "taskboard.server", *([app] if app else [])], cpu)
    log = workdir / f"{name}-{port}.log"
    with log.open("wb") as output:
        process = subprocess.Popen(  # noqa: S603 - fixed argv
            command,
            env=full_env,
            cwd=workdir,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own group: stopped with everything it starts
            preexec_fn=_die_with_parent,
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
    with (
        stoppable_server(bindir) as cluster,
        _watched(Path(cluster.executor.datadir)),
        cluster.server.database() as url,
    ):
        asyncio.run(migrate.upgrade_url(url))
        yield url


def _python_env() -> dict[str, str]:
    """This environment, with the `taskboard` package importable."""
    return {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(
            filter(None, [str(SOURCE_ROOT), os.environ.get("PYTHONPATH")])
        ),
    }


@contextmanager
def _watched(datadir: Path) -> Iterator[None]:
    """A watchdog stops the cluster of `datadir` if this process dies inside the block."""
    read, write = os.pipe()
    try:
        process = subprocess.Popen(  # noqa: S603 - fixed argv
            # The work folder the cluster lives in: taskboard-pg-*/cluster/data.
            [sys.executable, "-m", watchdog.__name__, str(datadir), str(datadir.parents[1])],
            env=_python_env(),
            stdin=read,
            start_new_session=True,  # signals for this process's group do not reach it
        )
    finally:
        os.close(read)
    try:
        yield
    finally:
        # This process stops the cluster itself: tell the watchdog to stand down.
        with contextlib.suppress(OSError):
            os.write(write, watchdog.DONE)
        os.close(write)
        try:
            process.wait(timeout=STOP_TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def module_process(module: str, args: list[str], *, timeout: float, cpu: int | None = None) -> str:
    """Run `python -m MODULE ARGS` in its own group (on CPU `cpu` alone if given); its stdout's
    last line (bounded time)."""
    env = _python_env()
    command = pinned([sys.executable, "-m", module, *args], cpu)
    process = subprocess.Popen(  # noqa: S603 - fixed argv
        command,
        env=env,
        stdout=subprocess.PIPE,
        start_new_session=True,
        preexec_fn=_die_with_parent,
    )
    try:
        stdout, _ = process.communicate(timeout=timeout)
    finally:
        _stop(process)
    if process.returncode != 0:
        raise RuntimeError(f"{module} failed ({process.returncode}): {' '.join(args[:1])}")
    # The result is the last line: anything an app logs to stdout comes before it.
    return stdout.decode().strip().rsplit("\n", 1)[-1]
