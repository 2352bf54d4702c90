"""A PostgreSQL server for tests: an existing one from the environment, or a throwaway cluster.

The throwaway cluster is started with pytest-postgresql's `PostgreSQLExecutor` from the
machine's binaries. PostgreSQL refuses to run as root, so as root `pg_ctl` is reached through a
small wrapper that runs it as the `postgres` user, in folders that user owns.
"""

from __future__ import annotations

import os
import pwd
import shutil
import stat
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from pytest_postgresql.executors.proc import PostgreSQLExecutor
from pytest_postgresql.janitor import DatabaseJanitor
from sqlalchemy.engine import URL, make_url

from taskboard.testing.net import free_port

SERVER_USER = "postgres"


@dataclass(frozen=True)
class PostgresServer:
    """Where a server listens and how to reach it as a user allowed to create databases."""

    host: str
    port: int
    user: str
    password: str | None = None

    def url(self, dbname: str) -> str:
        """An asyncpg SQLAlchemy URL for database `dbname` on this server."""
        return URL.create(
            "postgresql+asyncpg",
            username=self.user,
            password=self.password,
            host=self.host,
            port=self.port,
            database=dbname,
        ).render_as_string(hide_password=False)

    def janitor(self, dbname: str, *, template: str | None = None) -> DatabaseJanitor:
        """pytest-postgresql's janitor: creates `dbname` (from `template` if given), drops it."""
        return DatabaseJanitor(
            user=self.user,
            password=self.password,
            host=self.host,
            port=self.port,
            dbname=dbname,
            template_dbname=template,
        )

    @contextmanager
    def database(self, *, template: str | None = None) -> Iterator[str]:
        """A fresh database (a copy of `template` if given), dropped afterwards; yields its URL."""
        name = f"tb_{uuid.uuid4().hex[:16]}"
        janitor = self.janitor(name, template=template)
        janitor.init()
        try:
            yield self.url(name)
        finally:
            janitor.drop()


def server_from_url(url: str) -> PostgresServer:
    """The server named by a `postgresql://` URL (its database part is ignored)."""
    parsed = make_url(url)
    return PostgresServer(
        host=parsed.host or "127.0.0.1",
        port=parsed.port or 5432,
        user=parsed.username or SERVER_USER,
        password=parsed.password,
    )


def find_bindir() -> Path | None:
    """The folder of the newest PostgreSQL server binaries on this machine, if any."""
    candidates = sorted(
        Path("/usr/lib/postgresql").glob("*/bin"),
        key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
        reverse=True,
    )
    pg_config = shutil.which("pg_config")
    if pg_config:
        result = subprocess.run(  # noqa: S603 - fixed argv, no shell
            [pg_config, "--bindir"], capture_output=True, text=True, check=False
        )
        if result.returncode == 0:
            candidates.append(Path(result.stdout.strip()))
    return next(
        (d for d in candidates if (d / "pg_ctl").is_file() and (d / "initdb").is_file()), None
    )


def _pg_ctl_for_current_user(bindir: Path, workdir: Path) -> str:
    pg_ctl = bindir / "pg_ctl"
    if os.geteuid() != 0:
        return str(pg_ctl)
    # initdb/postgres refuse root: run pg_ctl (and the initdb it starts) as `postgres`.
    # By absolute path: test sandboxes (Pants) run with a PATH that may lack /usr/sbin.
    runuser = shutil.which("runuser") or next(
        (p for p in ("/usr/sbin/runuser", "/sbin/runuser") if Path(p).exists()), "runuser"
    )
    wrapper = workdir / "pg_ctl"
    wrapper.write_text(f'#!/bin/sh\nexec {runuser} -u {SERVER_USER} -- "{pg_ctl}" "$@"\n')
    wrapper.chmod(stat.S_IRWXU)
    return str(wrapper)


@dataclass(frozen=True)
class StoppableServer:
    """A throwaway cluster that a fault test can stop and start again (same port, same data)."""

    server: PostgresServer
    executor: PostgreSQLExecutor

    def stop(self) -> None:
        """Shut the server down (fast mode: open connections are cut)."""
        self.executor.stop()

    def start(self) -> None:
        """Start it again and wait until it accepts connections."""
        self.executor.start()


@contextmanager
def throwaway_server(bindir: Path) -> Iterator[PostgresServer]:
    """Start a private cluster on a free 127.0.0.1 port; stop and delete it afterwards."""
    with stoppable_server(bindir) as cluster:
        yield cluster.server


@contextmanager
def stoppable_server(bindir: Path) -> Iterator[StoppableServer]:
    """`throwaway_server`, with the means to stop and restart it."""
    workdir = Path(tempfile.mkdtemp(prefix="taskboard-pg-"))
    data_root = workdir / "cluster"
    data_root.mkdir()
    if os.geteuid() == 0:
        owner = pwd.getpwnam(SERVER_USER)
        # The server user must reach its folders: traverse the work folder, own the cluster's.
        workdir.chmod(0o755)
        os.chown(data_root, owner.pw_uid, owner.pw_gid)
    port = free_port()
    executor = PostgreSQLExecutor(
        executable=_pg_ctl_for_current_user(bindir, workdir),
        host="127.0.0.1",
        port=port,
        datadir=str(data_root / "data"),
        unixsocketdir=str(data_root),
        logfile=str(data_root / "server.log"),
        startparams="-w",
        dbname="taskboard",
        user=SERVER_USER,
        # Durability is irrelevant for a throwaway test cluster; speed is not.
        postgres_options="-c fsync=off -c synchronous_commit=off -c full_page_writes=off",
    )
    executor.start()
    try:
        server = PostgresServer(host="127.0.0.1", port=port, user=SERVER_USER)
        yield StoppableServer(server, executor)
    finally:
        if executor.running():
            executor.stop()
        shutil.rmtree(workdir, ignore_errors=True)
