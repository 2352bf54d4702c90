from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
from fastapi import APIRouter, FastAPI
from fastapi.responses import StreamingResponse
from prometheus_client import CollectorRegistry
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from taskboard.observability.metrics import (
    DbPoolCollector,
    HttpMetrics,
    MetricsMiddleware,
    StreamCapacityCollector,
    default_registry,
    metrics_endpoint,
)
from taskboard.services.capacity import StreamCapacity


def build(registry: CollectorRegistry) -> tuple[FastAPI, HttpMetrics]:
    app = FastAPI()
    metrics = HttpMetrics(registry)
    app.state.http_metrics = metrics
    api = APIRouter(prefix="/api/v1")

    @api.get("/tasks/{task_id}")
    async def get_task(task_id: int) -> dict[str, float | None]:
        in_progress = registry.get_sample_value("http_requests_in_progress", {"method": "GET"})
        return {"id": task_id, "in_progress": in_progress}

    @api.get("/boom")
    async def boom() -> None:
        raise RuntimeError("kaput")

    @api.get("/events")
    async def events() -> StreamingResponse:
        async def stream() -> AsyncIterator[bytes]:
            yield b"data: first\n\n"
            await asyncio.sleep(0.3)  # a long-lived stream, in miniature
            yield b"data: second\n\n"

        return StreamingResponse(stream(), media_type="text/event-stream; charset=utf-8")

    app.include_router(api)
    app.add_route("/metrics", metrics_endpoint(registry), methods=["GET"])
    app.add_middleware(MetricsMiddleware, metrics=metrics)
    return app, metrics


def client(app: FastAPI) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    return httpx.AsyncClient(transport=transport, base_url="http://test")


def requests_total(registry: CollectorRegistry, route: str, status: str) -> float | None:
    labels = {"method": "GET", "route": route, "status": status}
    return registry.get_sample_value("http_requests_total", labels)


async def test_red_metrics_are_labelled_by_route_template() -> None:
    registry = CollectorRegistry()
    app, _ = build(registry)
    async with client(app) as http:
        first = await http.get("/api/v1/tasks/1")
        await http.get("/api/v1/tasks/2")
        await http.get("/api/v1/tasks/x")
        await http.get("/api/v1/boom")
        await http.get("/no/such/path")

    assert first.json()["in_progress"] == 1.0
    assert requests_total(registry, "/api/v1/tasks/{task_id}", "200") == 2
    assert requests_total(registry, "/api/v1/tasks/{task_id}", "422") == 1
    assert requests_total(registry, "/api/v1/boom", "500") == 1
    assert requests_total(registry, "<unmatched>", "404") == 1
    duration = {"method": "GET", "route": "/api/v1/tasks/{task_id}"}
    assert registry.get_sample_value("http_request_duration_seconds_count", duration) == 3
    assert registry.get_sample_value("http_requests_in_progress", {"method": "GET"}) == 0
    # Raw paths never become labels.
    exposed = str(registry.get_sample_value("http_requests_total", {"route": "/api/v1/tasks/1"}))
    assert exposed == "None"


async def test_sse_streams_are_observed_at_open_and_gauged_while_open() -> None:
    registry = CollectorRegistry()
    app, _ = build(registry)
    route = "/api/v1/events"
    async with client(app) as http, http.stream("GET", route) as response:
        chunks = response.aiter_bytes()
        first = await anext(chunks)
        # httpx's ASGI transport delivers the body once the app finished; whatever it
        # buffers, the stream ran 0.3 s and its observation must not include that.
        assert first.startswith(b"data: first")
        async for _ in chunks:
            pass
    duration = {"method": "GET", "route": route}
    assert registry.get_sample_value("http_request_duration_seconds_count", duration) == 1
    opened_in = registry.get_sample_value("http_request_duration_seconds_sum", duration)
    assert opened_in is not None
    assert opened_in < 0.25
    assert requests_total(registry, route, "200") == 1


def test_stream_gauges_read_the_stream_counter_at_scrape_time() -> None:
    registry = CollectorRegistry()
    capacity = StreamCapacity(max_streams=3, max_per_user=2)
    registry.register(StreamCapacityCollector(capacity))
    assert registry.get_sample_value("sse_connections_active") == 0
    assert registry.get_sample_value("sse_connections_limit") == 3
    leases = [capacity.acquire(uuid.uuid4()), capacity.acquire(uuid.uuid4())]
    assert registry.get_sample_value("sse_connections_active") == 2
    for lease in leases:
        lease.release()
    assert registry.get_sample_value("sse_connections_active") == 0


async def test_metrics_endpoint_speaks_prometheus_text_and_openmetrics() -> None:
    registry = CollectorRegistry()
    app, _ = build(registry)
    async with client(app) as http:
        await http.get("/api/v1/tasks/1")
        plain = await http.get("/metrics")
        openmetrics = await http.get(
            "/metrics", headers={"Accept": "application/openmetrics-text; version=1.0.0"}
        )

    assert plain.headers["content-type"].startswith("text/plain; version=0.0.4")
    families = {family.name: family for family in text_string_to_metric_families(plain.text)}
    [sample] = families["http_requests"].samples
    assert sample.labels == {"method": "GET", "route": "/api/v1/tasks/{task_id}", "status": "200"}
    assert openmetrics.headers["content-type"].startswith("application/openmetrics-text")
    assert openmetrics.text.rstrip().endswith("# EOF")
    # The scrape itself is not counted.
    assert requests_total(registry, "/metrics", "200") is None


async def test_db_pool_collector_reads_the_live_pool(tmp_path: Path) -> None:
    engine = create_async_engine(
        f"sqlite+aiosqlite:///{tmp_path / 'pool.db'}", pool_size=3, max_overflow=2
    )
    registry = CollectorRegistry()
    registry.register(DbPoolCollector(engine.sync_engine, name="main"))
    labels = {"pool": "main"}
    try:
        async with engine.connect() as connection:
            await connection.execute(text("select 1"))
            assert registry.get_sample_value("db_pool_checked_out", labels) == 1
            assert registry.get_sample_value("db_pool_size", labels) == 3
        assert registry.get_sample_value("db_pool_checked_out", labels) == 0
        assert registry.get_sample_value("db_pool_checked_in", labels) == 1
        assert registry.get_sample_value("db_pool_overflow", labels) == -2
        # dispose() swaps the pool object: the collector follows the engine, not the pool.
        await engine.dispose()
        assert registry.get_sample_value("db_pool_checked_in", labels) == 0
    finally:
        await engine.dispose()


async def test_db_pool_collector_skips_pools_without_a_queue() -> None:
    engine = create_async_engine("sqlite+aiosqlite://", poolclass=NullPool)
    registry = CollectorRegistry()
    registry.register(DbPoolCollector(engine.sync_engine))
    try:
        assert registry.get_sample_value("db_pool_size", {"pool": "default"}) is None
    finally:
        await engine.dispose()


def test_default_registry_has_process_metrics_and_is_fresh_each_time() -> None:
    first, second = default_registry(), default_registry()
    assert first is not second
    assert first.get_sample_value("python_info", None) is None  # needs labels
    names = {family.name for family in first.collect()}
    assert {"python_info", "python_gc_objects_collected"} <= names
    # Both can hold the app's collectors without "Duplicated timeseries" errors.
    HttpMetrics(first)
    HttpMetrics(second)
