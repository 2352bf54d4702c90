"""The app factory: wiring only (routers, error handlers, lifespan)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.routing import APIRoute

from taskboard._version import __version__
from taskboard.api.document import document_parameters
from taskboard.api.limits import RequestLimitsMiddleware
from taskboard.api.problems import install_problem_handlers
from taskboard.api.routes import auth, boards, events, ops, tasks
from taskboard.api.runtime import Runtime, runtime_of
from taskboard.api.security import edge_middleware
from taskboard.db import migrate
from taskboard.demo import seed_demo
from taskboard.observability import install_observability
from taskboard.settings import Settings

API_PREFIX = "/api/v1"


def operation_id(route: APIRoute) -> str:
    """Stable operation ids `<tag>-<name>` (e.g. `tasks-list`) for generated clients."""
    # Untagged routes (ops endpoints, or ones an extension adds) keep their plain name.
    return f"{route.tags[0]}-{route.name}" if route.tags else route.name


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Migrate (development/test), start the broker, seed the demo; undo on shutdown."""
    runtime = runtime_of(app)
    settings = runtime.settings
    if settings.migrate_on_start:
        await migrate.upgrade(runtime.engine)
    await runtime.broker.start()
    try:
        if settings.seed_demo:
            await seed_demo(runtime.sessions, runtime.broker, runtime.hasher)
        yield
    finally:
        # Closing the broker ends every open SSE stream before the engine goes away.
        await runtime.broker.close()
        await runtime.engine.dispose()


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the API for `settings` (read from the environment when omitted)."""
    settings = settings or Settings()
    app = FastAPI(
        title="Taskboard API",
        # The release version (taskboard/_version.py, stamped by `cz bump`): OpenAPI info.version.
        version=__version__,
        lifespan=lifespan,
        generate_unique_id_function=operation_id,
        # Traces come from the OpenTelemetry instrumentation and metrics from Prometheus
        # (taskboard.observability); FastAPI's own telemetry would add a second layer.
        telemetry={"tracing": False, "metrics": False, "logs": False, "operation_spans": False},
    )
    runtime = Runtime.build(settings)
    app.state.runtime = runtime
    install_problem_handlers(app)
    document_parameters(app)
    for router in (auth.router, boards.router, boards.members_router, tasks.router, events.router):
        app.include_router(router, prefix=API_PREFIX)
    app.include_router(ops.router)
    # Inside the observability middleware below: refusals are logged and counted too.
    app.add_middleware(
        RequestLimitsMiddleware,
        max_body_bytes=settings.max_request_body_bytes,
        max_header_bytes=settings.max_request_header_bytes,
    )
    # Last: its middleware wraps everything above, error responses included.
    install_observability(
        app,
        engine=runtime.engine,
        log_level=settings.log_level,
        log_json=settings.log_json,
        edge=edge_middleware(cors_origins=settings.cors_origins, hsts=settings.hsts),
        # An SSE stream's span would last as long as the stream (hours) and hold ~5 KiB.
        untraced_paths=[f"{API_PREFIX}/boards/[^/]+/events$"],
        stream_capacity=runtime.stream_capacity,
    )
    return app
