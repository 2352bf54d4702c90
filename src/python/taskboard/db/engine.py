"""Engine and session factory for SQLite (embedded default) and PostgreSQL."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from sqlalchemy import event, exc
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.util import await_

from taskboard.settings import Settings

SQLITE_BUSY_TIMEOUT_SECONDS = 15.0
PG_POOL_RECYCLE_SECONDS = 1800

# Execution option marking connections whose transactions only read (see `_configure_sqlite`).
READ_ONLY_OPTION = "taskboard_read_only"
# Set in a pooled SQLite connection's info while its transaction holds the process's writer turn.
_WRITER_TURN = "taskboard_writer_turn"


def _pool_options(settings: Settings) -> dict[str, Any]:
    return {
        "pool_size": settings.db_pool_size,
        "max_overflow": settings.db_max_overflow,
        "pool_timeout": settings.db_pool_timeout_seconds,
    }


def make_engine(settings: Settings) -> AsyncEngine:
    """Create the engine for the configured database (creating SQLite's folder if needed)."""
    url = make_url(settings.database_url)
    if settings.is_sqlite:
        # A URI filename (`sqlite:///file:path?mode=ro&uri=true`) names its file after `file:`.
        path = url.database
        if path and url.query.get("uri"):
            path = path.removeprefix("file:")
        in_memory = not path or path == ":memory:" or url.query.get("mode") == "memory"
        if path and not in_memory:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_async_engine(
            url,
            connect_args={"timeout": SQLITE_BUSY_TIMEOUT_SECONDS},
            pool_pre_ping=False,
            # A file database gets a queue pool, sized like PostgreSQL's; in memory, one connection.
            **({} if in_memory else _pool_options(settings)),
        )
        _configure_sqlite(engine)
        return engine
    return create_async_engine(
        url,
        **_pool_options(settings),
        # asyncpg's own defaults are a 60 s connect timeout and no statement timeout.
        connect_args={
            "timeout": settings.db_connect_timeout_seconds,
            "command_timeout": settings.db_statement_timeout_seconds,
        },
        # No ping (a round trip) per checkout: connections are recycled before server or
        # proxy idle timeouts, and one broken by a restart fails a single request, whose
        # connection the pool then discards (SQLAlchemy invalidates it on disconnect errors).
        pool_pre_ping=False,
        pool_recycle=PG_POOL_RECYCLE_SECONDS,
    )


def make_session_factory(
    engine: AsyncEngine, *, read_only: bool = False
) -> async_sessionmaker[AsyncSession]:
    """Sessions that keep loaded objects usable after commit (responses read them).

    `read_only` sessions are for work that never writes (safe requests, stream reads): on
    SQLite their transactions start deferred, so they neither take nor wait for the write lock.
    On PostgreSQL they run in autocommit: under READ COMMITTED every statement of a transaction
    reads its own snapshot anyway, so a read-only transaction's BEGIN and ROLLBACK were two
    round trips (half of a listing's) that bought nothing.
    """
    if not read_only:
        return async_sessionmaker(engine, expire_on_commit=False)
    options: dict[str, Any] = {READ_ONLY_OPTION: True}
    if engine.dialect.name == "postgresql":
        options["isolation_level"] = "AUTOCOMMIT"
    bind = engine.execution_options(**options)
    return async_sessionmaker(bind, expire_on_commit=False)


def _configure_sqlite(engine: AsyncEngine) -> None:
    # pysqlite's implicit transactions start at the first write, so two requests that read
    # and then write deadlock-upgrade and one fails with "database is locked". Taking the
    # write lock up front (BEGIN IMMEDIATE) serialises writers instead; WAL keeps readers of
    # other connections unblocked. This is SQLAlchemy's documented recipe for SQLite
    # transaction control. Transactions of read-only sessions
    # (`make_session_factory(read_only=True)`) begin deferred instead: under WAL they read a
    # snapshot without the write lock, so reads never queue behind writers (or each other).
    #
    # Writers of this process also queue for their turn on an asyncio lock before BEGIN
    # IMMEDIATE, and give it back when their connection returns to the pool (after COMMIT or
    # ROLLBACK). Without it they queued inside SQLite's busy handler, which sleeps and retries
    # with growing back-off: the lock sat idle between a commit and the next sleeper waking, and
    # at 32 concurrent creates the p99 was about 2 s. Another process still waits on the
    # busy timeout.
    sync_engine = engine.sync_engine
    writers = asyncio.Lock()

    @event.listens_for(sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(sync_engine, "begin")
    def _on_begin(connection: Any) -> None:
        if connection.get_execution_options().get(READ_ONLY_OPTION):
            connection.exec_driver_sql("BEGIN")
            return
        try:
            await_(asyncio.wait_for(writers.acquire(), SQLITE_BUSY_TIMEOUT_SECONDS))
        except TimeoutError as error:
            # As SQLite's own busy timeout would end it: the API answers 503, never hangs.
            msg = f"no turn to write within {SQLITE_BUSY_TIMEOUT_SECONDS:g} s"
            raise exc.TimeoutError(msg) from error
        connection.info[_WRITER_TURN] = True
        try:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        except BaseException:
            _give_back(connection.info)
            raise

    def _give_back(info: dict[str, Any]) -> None:
        if info.pop(_WRITER_TURN, False):
            writers.release()

    @event.listens_for(sync_engine.pool, "checkin")
    def _on_checkin(_dbapi_connection: Any, record: Any) -> None:
        _give_back(record.info)

    @event.listens_for(sync_engine.pool, "invalidate")
    def _on_invalidate(_dbapi_connection: Any, record: Any, _exception: Any) -> None:
        _give_back(record.info)
