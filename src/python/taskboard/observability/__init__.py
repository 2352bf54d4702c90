"""Logs, traces and metrics for the API, installed in one call, around the app's own edge.

Middleware order, outermost first, and why:

1. `RequestIdMiddleware`: wraps even Starlette's `ServerErrorMiddleware`, so every response,
   the 500s it writes included, carries `X-Request-ID`, and every log line has the id.
2. `edge`, the app's own outermost layers (the API passes its security headers and CORS,
   `taskboard.api.security.edge_middleware`): outside the error middleware, so error
   responses and CORS preflights get them too, and a browser does not see a 500 as an opaque
   CORS failure. Preflights answered there are not in the access log or the metrics.
3. `ServerErrorMiddleware` > OpenTelemetry server span (FastAPI instrumentation): the span
   is current for all the layers below, so their log lines carry its trace id.
4. `AccessLogMiddleware`: inside the span (trace id in the access line), outside the rest,
   so its duration covers them; an exception passing through is logged as a 500.
5. `MetricsMiddleware`: RED metrics with the same view of status and route template.
6. Middleware the app added itself (if added before this call), then the routes.

Call `install_observability` once, at the end of the app factory, after the app's own
`add_middleware` calls and before the app serves a request.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from fastapi import FastAPI
from opentelemetry import trace
from prometheus_client import CollectorRegistry
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.types import ASGIApp

from taskboard.observability.logging import configure_logging
from taskboard.observability.metrics import (
    DbPoolCollector,
    HttpMetrics,
    MetricsMiddleware,
    StreamCapacityCollector,
    StreamCounter,
    default_registry,
    metrics_endpoint,
)
from taskboard.observability.middleware import AccessLogMiddleware, RequestIdMiddleware
from taskboard.observability.tracing import (
    global_tracer_provider,
    instrument_app,
    instrument_engine,
)

__all__ = ["QUIET_PATHS", "install_observability"]

# Probes and scrapes: hit every few seconds, they would drown the access log and traces.
QUIET_PATHS = ("/healthz", "/readyz", "/metrics")


def _wrap_outermost(app: FastAPI, wrap: Callable[[ASGIApp], ASGIApp]) -> None:
    # Starlette offers no hook outside ServerErrorMiddleware; wrapping the stack builder is
    # the same technique the OpenTelemetry FastAPI instrumentation uses.
    build = app.build_middleware_stack

    def build_wrapped() -> ASGIApp:
        return wrap(build())

    app.build_middleware_stack = build_wrapped  # type: ignore[method-assign]  # see above


def install_observability(
    app: FastAPI,
    *,
    engine: AsyncEngine | None,
    log_level: str = "INFO",
    log_json: bool = True,
    edge: Callable[[ASGIApp], ASGIApp] | None = None,
    registry: CollectorRegistry | None = None,
    tracer_provider: trace.TracerProvider | None = None,
    metrics_path: str = "/metrics",
    untraced_paths: Sequence[str] = (),
    stream_capacity: StreamCounter | None = None,
) -> None:
    """Configure logging and tracing, add `/metrics` and the middleware stack to `app`.

    `registry` and `tracer_provider` default to a fresh registry and the process-wide
    provider configured from `OTEL_*`; tests pass their own to stay isolated.
    `untraced_paths` are regular expressions (searched in the URL) of requests that get no
    server span: long-lived streams, whose span would end, and be exported, only when the
    stream does, hours later, while costing memory for all that time. `stream_capacity`
    (the app's SSE stream counter) gives `sse_connections_active` and `sse_connections_limit`.
    `edge` wraps the app's outermost layers, just inside the request id (see above).
    """
    if app.middleware_stack is not None:
        msg = "install_observability must run before the app handles its first request"
        raise RuntimeError(msg)
    configure_logging(level=log_level, json=log_json)

    registry = default_registry() if registry is None else registry
    metrics = HttpMetrics(registry)
    app.state.http_metrics = metrics
    if engine is not None:
        registry.register(DbPoolCollector(engine.sync_engine))
    if stream_capacity is not None:
        registry.register(StreamCapacityCollector(stream_capacity))
    app.add_route(
        metrics_path, metrics_endpoint(registry), methods=["GET"], include_in_schema=False
    )

    # add_middleware puts each new middleware outside the previous ones.
    app.add_middleware(MetricsMiddleware, metrics=metrics, skip_paths=(metrics_path,))
    app.add_middleware(AccessLogMiddleware, skip_paths=QUIET_PATHS)

    provider = global_tracer_provider() if tracer_provider is None else tracer_provider
    if not isinstance(provider, trace.NoOpTracerProvider):  # OTEL_SDK_DISABLED=true
        instrument_app(
            app,
            tracer_provider=provider,
            excluded_paths=QUIET_PATHS,
            excluded_patterns=untraced_paths,
        )
        if engine is not None:
            instrument_engine(engine, tracer_provider=provider)

    # Must come after instrument_app, which also rewraps the stack and expects Starlette's.
    _wrap_outermost(
        app,
        lambda inner: RequestIdMiddleware(inner if edge is None else edge(inner)),
    )
