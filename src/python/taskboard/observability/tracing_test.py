from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from loguru import logger
from opentelemetry import trace
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from taskboard.observability.tracing import (
    build_tracer_provider,
    global_tracer_provider,
    instrument_app,
    instrument_engine,
    records_spans,
)


def service_name(provider: trace.TracerProvider) -> object:
    assert isinstance(provider, TracerProvider)
    return provider.resource.attributes["service.name"]


def processors(provider: trace.TracerProvider) -> tuple[object, ...]:
    assert isinstance(provider, TracerProvider)
    # No public accessor: the SDK keeps registered processors on this multiplexer.
    return tuple(provider._active_span_processor._span_processors)


def test_sdk_disabled_gives_a_no_op_provider() -> None:
    provider = build_tracer_provider({"OTEL_SDK_DISABLED": "True"})
    assert isinstance(provider, trace.NoOpTracerProvider)


def test_without_exporter_spans_have_ids_but_record_nothing() -> None:
    provider = build_tracer_provider({})
    assert processors(provider) == ()
    with provider.get_tracer(__name__).start_as_current_span("local") as span:
        # Valid ids for log correlation, no attributes kept for an exporter that is not there.
        assert span.get_span_context().is_valid
        assert not span.is_recording()
    assert service_name(provider) == "taskboard-api"


def test_a_configured_sampler_records_without_an_exporter() -> None:
    provider = build_tracer_provider({"OTEL_TRACES_SAMPLER": "always_on"})
    with provider.get_tracer(__name__).start_as_current_span("local") as span:
        assert span.is_recording()


def test_none_exporter_even_with_an_endpoint() -> None:
    env = {"OTEL_TRACES_EXPORTER": "none", "OTEL_EXPORTER_OTLP_ENDPOINT": "http://x:4318"}
    assert processors(build_tracer_provider(env)) == ()


def test_service_name_from_env() -> None:
    provider = build_tracer_provider({"OTEL_SERVICE_NAME": "board-api"})
    assert service_name(provider) == "board-api"


def test_console_exporter_writes_to_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    provider = build_tracer_provider({"OTEL_TRACES_EXPORTER": "console"})
    with provider.get_tracer(__name__).start_as_current_span("printed-span"):
        pass
    captured = capsys.readouterr()
    assert "printed-span" in captured.err
    assert captured.out == ""


def test_unknown_exporter_is_ignored_with_a_warning() -> None:
    messages: list[str] = []
    handler = logger.add(messages.append, level="WARNING", format="{message}")
    try:
        provider = build_tracer_provider({"OTEL_TRACES_EXPORTER": "zipkin, none"})
    finally:
        logger.remove(handler)
    assert processors(provider) == ()
    assert any("zipkin" in message for message in messages)


class _Collector(BaseHTTPRequestHandler):
    received: list[tuple[str, str, int]]

    def do_POST(self) -> None:
        length = int(self.headers["Content-Length"])
        self.rfile.read(length)
        self.received.append((self.path, self.headers["Content-Type"], length))
        self.send_response(200)
        self.send_header("Content-Type", "application/x-protobuf")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        return


@pytest.fixture
def collector() -> Iterator[tuple[str, list[tuple[str, str, int]]]]:
    received: list[tuple[str, str, int]] = []
    handler = type("Handler", (_Collector,), {"received": received})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", received
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.mark.parametrize("variable", ["OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES"])
def test_otlp_exports_to_the_configured_collector(
    collector: tuple[str, list[tuple[str, str, int]]], variable: str
) -> None:
    url, received = collector
    env = (
        {"OTEL_EXPORTER_OTLP_ENDPOINT": url + "/"}
        if variable == "OTEL_EXPORTER_OTLP_ENDPOINT"
        else {"OTEL_TRACES_EXPORTER": "otlp", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": url + "/custom"}
    )
    provider = build_tracer_provider(env)
    assert isinstance(provider, TracerProvider)
    with provider.get_tracer(__name__).start_as_current_span("exported"):
        pass
    assert provider.force_flush(timeout_millis=5000)
    provider.shutdown()
    [(path, content_type, length)] = received
    assert path == ("/v1/traces" if variable == "OTEL_EXPORTER_OTLP_ENDPOINT" else "/custom")
    assert content_type == "application/x-protobuf"
    assert length > 0


def test_grpc_protocol_falls_back_with_a_warning() -> None:
    messages: list[str] = []
    handler = logger.add(messages.append, level="WARNING", format="{message}")
    env = {
        "OTEL_TRACES_EXPORTER": "otlp",
        "OTEL_EXPORTER_OTLP_PROTOCOL": "grpc",
        "OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:9",
    }
    try:
        provider = build_tracer_provider(env)
    finally:
        logger.remove(handler)
    assert len(processors(provider)) == 1
    assert isinstance(provider, TracerProvider)
    provider.shutdown()
    assert any("grpc" in message for message in messages)


def test_global_provider_is_set_once(monkeypatch: pytest.MonkeyPatch) -> None:
    current: list[trace.TracerProvider] = [trace.ProxyTracerProvider()]
    monkeypatch.setattr(trace, "get_tracer_provider", lambda: current[-1])
    monkeypatch.setattr(trace, "set_tracer_provider", current.append)

    first = global_tracer_provider({})
    assert isinstance(first, TracerProvider)
    assert global_tracer_provider({"OTEL_SERVICE_NAME": "other"}) is first
    assert len(current) == 2


@pytest.fixture
async def engine(tmp_path: Path) -> AsyncEngine:
    return create_async_engine(f"sqlite+aiosqlite:///{tmp_path / 'trace.db'}")


async def test_request_and_database_spans(engine: AsyncEngine) -> None:
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    app = FastAPI()

    @app.get("/things/{thing_id}")
    async def thing(thing_id: int) -> int:
        async with engine.connect() as connection:
            return int((await connection.execute(text("select :x"), {"x": thing_id})).scalar_one())

    @app.get("/healthz")
    async def healthz() -> str:
        return "ok"

    instrument_app(app, tracer_provider=provider)
    instrument_engine(engine, tracer_provider=provider)
    transport = httpx.ASGITransport(app=app)
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
            assert (await http.get("/things/7")).json() == 7
            assert (await http.get("/healthz")).status_code == 200
    finally:
        await engine.dispose()

    spans = exporter.get_finished_spans()
    [server] = [span for span in spans if span.kind == trace.SpanKind.SERVER]
    [database] = [span for span in spans if span.kind == trace.SpanKind.CLIENT]
    assert server.name == "GET /things/{thing_id}"
    assert server.attributes is not None
    assert server.attributes["http.route"] == "/things/{thing_id}"
    assert database.name.startswith("select")
    assert database.context.trace_id == server.context.trace_id
    assert database.parent is not None
    assert database.parent.span_id == server.context.span_id
    # /healthz is excluded: one request, one trace.
    assert {span.context.trace_id for span in spans} == {server.context.trace_id}


@pytest.mark.parametrize(
    ("env", "records"),
    [
        ({}, False),
        ({"OTEL_SDK_DISABLED": "true"}, False),
        ({"OTEL_TRACES_EXPORTER": "console"}, True),
        ({"OTEL_TRACES_SAMPLER": "always_on"}, True),
    ],
)
def test_the_engine_is_instrumented_only_when_spans_can_be_recorded(
    engine: AsyncEngine, env: dict[str, str], records: bool
) -> None:
    provider = build_tracer_provider(env)
    assert records_spans(provider) is records
    assert instrument_engine(engine, tracer_provider=provider) is records


def test_excluded_patterns_cannot_contain_commas() -> None:
    # The instrumentation splits its exclusion list on commas: "a{1,2}" would become two.
    with pytest.raises(ValueError, match="cannot contain commas"):
        instrument_app(FastAPI(), tracer_provider=TracerProvider(), excluded_patterns=["a{1,2}"])
