"""Prometheus metrics: RED per route template, SSE streams and their cap, DB pool, `/metrics`.

Latency of streams: an SSE response lasts as long as the client stays connected (minutes to
hours). Observing that in `http_request_duration_seconds` would push every stream into the
`+Inf` bucket and make the sum meaningless for the request/response routes that share the
histogram. For `text/event-stream` responses the request is therefore counted and its
duration observed when the response *starts* (time to open the stream: auth, replay query),
and the stream's lifetime is visible through `sse_connections_active` instead (read, with
the replica's cap `sse_connections_limit`, from the app's stream counter at scrape time).

Each app gets its own `CollectorRegistry` (injectable), so two apps in one process (tests,
factories) never collide on metric names. Run one worker process per container: the
prometheus_client multiprocess mode is not used.
"""

from __future__ import annotations

import time
from collections.abc import Collection, Iterable, Iterator
from typing import Any, Protocol

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    GCCollector,
    Histogram,
    PlatformCollector,
    ProcessCollector,
)
from prometheus_client.exposition import choose_encoder
from prometheus_client.metrics_core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from taskboard.observability.middleware import UNMATCHED_ROUTE, route_template

__all__ = [
    "DbPoolCollector",
    "HttpMetrics",
    "MetricsMiddleware",
    "StreamCapacityCollector",
    "StreamCounter",
    "default_registry",
    "metrics_endpoint",
]

# Seconds; API calls are expected in the low milliseconds, with a tail up to seconds.
_LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


def default_registry() -> CollectorRegistry:
    """Return a fresh registry with the process, platform and GC collectors registered."""
    registry = CollectorRegistry(auto_describe=True)
    ProcessCollector(registry=registry)
    PlatformCollector(registry=registry)
    GCCollector(registry=registry)
    return registry


class HttpMetrics:
    """The HTTP and SSE collectors of one app, bound to one registry."""

    def __init__(self, registry: CollectorRegistry) -> None:
        self.registry = registry
        self.requests = Counter(
            "http_requests",
            "HTTP requests handled, by method, route template and status code.",
            ("method", "route", "status"),
            registry=registry,
        )
        # No status label: it would multiply the bucket series; errors are in `requests`.
        self.duration = Histogram(
            "http_request_duration_seconds",
            "Time to answer an HTTP request (time to open the stream for SSE).",
            ("method", "route"),
            buckets=_LATENCY_BUCKETS,
            registry=registry,
        )
        # Bounded: the codes are the API's own (`code` of each problem+json body).
        self.problems = Counter(
            "http_problems",
            "Error responses (4xx, 5xx) by status and problem code.",
            ("status", "code"),
            registry=registry,
        )
        # The route is only known once the router ran, so in-progress is per method.
        self.in_progress = Gauge(
            "http_requests_in_progress",
            "HTTP requests being handled.",
            ("method",),
            registry=registry,
        )


class MetricsMiddleware:
    """Record RED metrics for each HTTP request, labelled by route template."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        metrics: HttpMetrics,
        skip_paths: Collection[str] = ("/metrics",),
    ) -> None:
        self.app = app
        self.metrics = metrics
        self.skip_paths = frozenset(skip_paths)
        # Labelled children by (method, route, status): `labels()` takes a lock and checks its
        # arguments on every call. Bounded like the series themselves (route templates).
        self._observed: dict[tuple[str, str, int], tuple[Counter, Histogram]] = {}
        self._in_progress: dict[str, Gauge] = {}

    def _children(self, method: str, route: str, status: int) -> tuple[Counter, Histogram]:
        key = (method, route, status)
        children = self._observed.get(key)
        if children is None:
            children = self._observed[key] = (
                self.metrics.requests.labels(method, route, str(status)),
                self.metrics.duration.labels(method, route),
            )
        return children

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Handle one ASGI connection."""
        if scope["type"] != "http" or scope["path"] in self.skip_paths:
            await self.app(scope, receive, send)
            return
        method: str = scope["method"]
        root_path: str = scope.get("root_path", "")
        started = time.perf_counter()
        status = 500  # what Starlette's error middleware answers if the app raises first
        observed = False

        def observe() -> None:
            nonlocal observed
            observed = True
            route = route_template(scope, root_path=root_path) or UNMATCHED_ROUTE
            requests, duration = self._children(method, route, status)
            requests.inc()
            duration.observe(time.perf_counter() - started)
            if status >= 400:
                self.metrics.problems.labels(str(status), problem_code(scope, status)).inc()

        async def send_observed(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                if _is_event_stream(message):
                    observe()
            await send(message)

        in_progress = self._in_progress.get(method)
        if in_progress is None:
            in_progress = self._in_progress[method] = self.metrics.in_progress.labels(method)
        in_progress.inc()
        try:
            await self.app(scope, receive, send_observed)
        finally:
            in_progress.dec()
            if not observed:
                observe()


def problem_code(scope: Scope, status: int) -> str:
    """The `code` of the problem the app answered (the API's problem handlers note it in the
    request's state). An exception that escaped the app becomes Starlette's bare 500, which the
    API's last handler answers as `internal_server_error`; any other error without a problem
    body counts as `none`."""
    code = scope.get("state", {}).get("problem_code")
    if isinstance(code, str):
        return code
    return "internal_server_error" if status == 500 else "none"


def _is_event_stream(message: Message) -> bool:
    for key, value in message.get("headers", ()):
        if key.lower() == b"content-type":
            return bytes(value).split(b";")[0].strip().lower() == b"text/event-stream"
    return False


class _HasPool(Protocol):
    @property
    def pool(self) -> Any: ...


class DbPoolCollector(Collector):
    """Read a SQLAlchemy engine's connection pool at scrape time (no event bookkeeping)."""

    _GAUGES = (
        ("db_pool_size", "Connections the pool keeps open (pool_size).", "size"),
        ("db_pool_checked_out", "Connections currently lent to the application.", "checkedout"),
        ("db_pool_checked_in", "Idle connections waiting in the pool.", "checkedin"),
        ("db_pool_overflow", "Connections opened beyond pool_size (negative: unused).", "overflow"),
    )

    def __init__(self, engine: _HasPool, *, name: str = "default") -> None:
        # Engine (sync or async) rather than pool: engine.dispose() replaces the pool.
        self.engine = engine
        self.name = name

    def describe(self) -> Iterable[Metric]:
        """Declare the metric names so the registry can detect collisions up front."""
        return [GaugeMetricFamily(name, doc, labels=["pool"]) for name, doc, _ in self._GAUGES]

    def collect(self) -> Iterable[Metric]:
        """Yield the current pool figures; pools without a queue (NullPool...) yield none."""
        pool = self.engine.pool
        for name, doc, method in self._GAUGES:
            reader = getattr(pool, method, None)
            if not callable(reader):
                continue
            family = GaugeMetricFamily(name, doc, labels=["pool"])
            family.add_metric([self.name], float(reader()))
            yield family


class StreamCounter(Protocol):
    """What the collector reads (taskboard.services.capacity.StreamCapacity)."""

    @property
    def open_streams(self) -> int: ...

    @property
    def max_streams(self) -> int: ...


class StreamCapacityCollector(Collector):
    """The open SSE streams and the replica's cap on them, read at scrape time."""

    def __init__(self, capacity: StreamCounter) -> None:
        self.capacity = capacity

    def describe(self) -> Iterable[Metric]:
        """Declare the metric names so the registry can detect collisions up front."""
        return list(self._families(0, 0))

    def collect(self) -> Iterable[Metric]:
        """Yield the current count and the cap."""
        return self._families(self.capacity.open_streams, self.capacity.max_streams)

    @staticmethod
    def _families(active: int, limit: int) -> Iterator[Metric]:
        yield GaugeMetricFamily(
            "sse_connections_active", "Server-Sent Events streams currently open.", value=active
        )
        yield GaugeMetricFamily(
            "sse_connections_limit",
            "The most Server-Sent Events streams this replica holds (sse_max_streams).",
            value=limit,
        )


def metrics_endpoint(registry: CollectorRegistry) -> Any:
    """Build a Starlette endpoint serving `registry` in the format the scraper accepts."""

    async def metrics(request: Request) -> Response:
        encoder, content_type = choose_encoder(request.headers.get("accept", ""))
        return Response(encoder(registry), headers={"Content-Type": content_type})

    return metrics
