from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import APIRouter, FastAPI
from loguru import logger
from opentelemetry import trace
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from prometheus_client import CollectorRegistry
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from taskboard.api.security import edge_middleware
from taskboard.observability import install_observability


@pytest.fixture
async def engine(tmp_path: Path) -> AsyncEngine:
    return create_async_engine(f"sqlite+aiosqlite:///{tmp_path / 'app.db'}")


def make_app(engine: AsyncEngine) -> FastAPI:
    app = FastAPI()
    api = APIRouter(prefix="/api/v1")

    @api.get("/tasks/{task_id}")
    async def get_task(task_id: int) -> dict[str, int]:
        async with engine.connect() as connection:
            value = (await connection.execute(text("select :x"), {"x": task_id})).scalar_one()
        logger.info("task read")
        return {"id": int(value)}

    @api.get("/streams/{name}")
    async def stream(name: str) -> str:
        logger.info("stream opened")
        return name

    @api.get("/boom")
    async def boom() -> None:
        raise RuntimeError("kaput")

    app.include_router(api)

    @app.get("/healthz")
    async def healthz() -> str:
        return "ok"

    return app


def stdout_lines(capsys: pytest.CaptureFixture[str]) -> list[dict[str, Any]]:
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line]
    return [line for line in lines if line["logger"] != "httpx"]


async def test_full_stack(engine: AsyncEngine, capsys: pytest.CaptureFixture[str]) -> None:
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    registry = CollectorRegistry()
    app = make_app(engine)
    install_observability(
        app,
        engine=engine,
        registry=registry,
        tracer_provider=provider,
        edge=edge_middleware(cors_origins=["https://app.example"], hsts=False),
        untraced_paths=["/api/v1/streams/[^/]+$"],
    )
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
            ok = await http.get("/api/v1/tasks/5", headers={"X-Request-ID": "req-42"})
            error = await http.get("/api/v1/boom", headers={"Origin": "https://app.example"})
            health = await http.get("/healthz")
            streamed = await http.get("/api/v1/streams/s1")
            scrape = await http.get("/metrics")
    finally:
        await engine.dispose()

    assert ok.json() == {"id": 5}
    assert ok.headers["x-request-id"] == "req-42"
    # The 500 is written by Starlette's outermost error middleware: still fully decorated.
    assert error.status_code == 500
    assert len(error.headers["x-request-id"]) == 32
    assert error.headers["x-content-type-options"] == "nosniff"
    assert error.headers["access-control-allow-origin"] == "https://app.example"
    assert health.headers["x-frame-options"] == "DENY"

    spans = exporter.get_finished_spans()
    servers = [span for span in spans if span.kind == trace.SpanKind.SERVER]
    assert [span.name for span in servers] == ["GET /api/v1/tasks/{task_id}", "GET /api/v1/boom"]
    ok_trace = f"{servers[0].context.trace_id:032x}"
    assert any(
        span.kind == trace.SpanKind.CLIENT and f"{span.context.trace_id:032x}" == ok_trace
        for span in spans
    )

    lines = stdout_lines(capsys)
    [app_line] = [line for line in lines if line["message"] == "task read"]
    [access] = [line for line in lines if line.get("http_route") == "/api/v1/tasks/{task_id}"]
    [failed] = [line for line in lines if line.get("http_route") == "/api/v1/boom"]
    assert access["trace_id"] == app_line["trace_id"] == ok_trace
    assert access["request_id"] == app_line["request_id"] == "req-42"
    assert (failed["level"], failed["http_status"]) == ("ERROR", 500)
    assert failed["request_id"] == error.headers["x-request-id"]
    assert failed["trace_id"] == f"{servers[1].context.trace_id:032x}"
    assert not any(line.get("http_route") in ("/healthz", "/metrics") for line in lines)
    # Untraced, yet logged like any request (without a trace id).
    assert streamed.json() == "s1"
    [opened] = [line for line in lines if line["message"] == "stream opened"]
    assert opened["trace_id"] is None
    assert any(line.get("http_route") == "/api/v1/streams/{name}" for line in lines)

    assert 'route="/api/v1/tasks/{task_id}",status="200"' in scrape.text
    assert 'db_pool_checked_out{pool="default"} 0.0' in scrape.text
    assert registry.get_sample_value(
        "http_requests_total", {"method": "GET", "route": "/api/v1/boom", "status": "500"}
    )


async def test_defaults_use_fresh_registry_and_global_provider(
    engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("OTEL_SDK_DISABLED", "true")
    monkeypatch.setattr(trace, "get_tracer_provider", trace.NoOpTracerProvider)
    first, second = make_app(engine), FastAPI()
    install_observability(
        first, engine=None, log_json=False, edge=edge_middleware(cors_origins=(), hsts=True)
    )
    install_observability(second, engine=None)  # no "Duplicated timeseries" across apps
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=first), base_url="https://test"
    ) as http:
        scrape = await http.get("/metrics")
    await engine.dispose()
    assert "python_info" in scrape.text
    assert scrape.headers["strict-transport-security"].startswith("max-age=")
    assert "x-request-id" in scrape.headers


async def test_refuses_an_app_that_already_started(engine: AsyncEngine) -> None:
    app = FastAPI()
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as h:
        await h.get("/")
    with pytest.raises(RuntimeError, match="before the app handles"):
        install_observability(app, engine=None, registry=CollectorRegistry())
    await engine.dispose()
