"""OpenTelemetry tracing configured by the standard `OTEL_*` environment variables.

Honoured: `OTEL_SDK_DISABLED`, `OTEL_SERVICE_NAME` (and `OTEL_RESOURCE_ATTRIBUTES`),
`OTEL_TRACES_EXPORTER` (`otlp`, `console`, `none`, comma-separated),
`OTEL_EXPORTER_OTLP_ENDPOINT` / `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` and the rest of the
OTLP exporter variables (headers, timeout, compression, which the exporter reads itself),
`OTEL_TRACES_SAMPLER[_ARG]` (read by the SDK).

One deliberate difference from the spec: when `OTEL_TRACES_EXPORTER` is unset, OTLP is used
only if an OTLP endpoint is set. The spec's default (`otlp` to localhost:4318) would make
every laptop and CI run try, and fail, to reach a collector. Without an exporter (and no
`OTEL_TRACES_SAMPLER`) spans are sampled out: they still carry valid trace and span ids, so
trace ids appear in logs, but nothing records attributes nobody will read, which would
otherwise cost 20-30 % of a request's CPU.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Collection, Mapping

from fastapi import FastAPI
from loguru import logger
from opentelemetry import trace
from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor

# EngineTracer is what the documented `SQLAlchemyInstrumentor().instrument(engine=...)` returns.
from opentelemetry.instrumentation.sqlalchemy.engine import EngineTracer
from opentelemetry.metrics import NoOpMeterProvider
from opentelemetry.sdk.resources import SERVICE_NAME, Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import (
    BatchSpanProcessor,
    ConsoleSpanExporter,
    SimpleSpanProcessor,
)
from opentelemetry.sdk.trace.sampling import ALWAYS_OFF
from sqlalchemy.ext.asyncio import AsyncEngine

__all__ = [
    "DEFAULT_SERVICE_NAME",
    "build_tracer_provider",
    "global_tracer_provider",
    "instrument_app",
    "instrument_engine",
    "records_spans",
]

DEFAULT_SERVICE_NAME = "taskboard-api"
_KNOWN_EXPORTERS = frozenset({"otlp", "console", "none"})


def _truthy(value: str | None) -> bool:
    return (value or "").strip().lower() == "true"


def _exporter_names(env: Mapping[str, str]) -> list[str]:
    configured = env.get("OTEL_TRACES_EXPORTER", "").strip()
    if not configured:
        has_endpoint = env.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") or env.get(
            "OTEL_EXPORTER_OTLP_ENDPOINT"
        )
        return ["otlp"] if has_endpoint else []
    names = [name.strip().lower() for name in configured.split(",") if name.strip()]
    for name in names:
        if name not in _KNOWN_EXPORTERS:
            logger.warning("OTEL_TRACES_EXPORTER={!r} is not supported; ignored", name)
    return [name for name in names if name in ("otlp", "console")]


def _otlp_endpoint(env: Mapping[str, str]) -> str | None:
    # Same rule as the exporter: the signal-specific URL is used as is, the generic one
    # gets the signal path appended. Resolved here so an injected `env` is honoured.
    traces = env.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")
    if traces:
        return traces
    base = env.get("OTEL_EXPORTER_OTLP_ENDPOINT")
    return f"{base.rstrip('/')}/v1/traces" if base else None


def _resource(env: Mapping[str, str], default_service_name: str) -> Resource:
    name = env.get("OTEL_SERVICE_NAME", "").strip()
    resource = Resource.create({SERVICE_NAME: name} if name else {})
    if str(resource.attributes.get(SERVICE_NAME, "")).startswith("unknown_service"):
        resource = resource.merge(Resource({SERVICE_NAME: default_service_name}))
    return resource


def build_tracer_provider(
    env: Mapping[str, str] | None = None, *, default_service_name: str = DEFAULT_SERVICE_NAME
) -> trace.TracerProvider:
    """Build a tracer provider from `OTEL_*` variables in `env` (default: the process env)."""
    env = os.environ if env is None else env
    if _truthy(env.get("OTEL_SDK_DISABLED")):
        return trace.NoOpTracerProvider()
    exporters = _exporter_names(env)
    # The SDK reads OTEL_TRACES_SAMPLER itself when no sampler is given.
    sampler = None if exporters or env.get("OTEL_TRACES_SAMPLER") else ALWAYS_OFF
    provider = TracerProvider(resource=_resource(env, default_service_name), sampler=sampler)
    for name in exporters:
        if name == "console":
            # stderr: stdout carries one JSON log object per line and must stay parseable.
            provider.add_span_processor(SimpleSpanProcessor(ConsoleSpanExporter(out=sys.stderr)))
        else:
            protocol = env.get("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL") or env.get(
                "OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"
            )
            if protocol != "http/protobuf":
                logger.warning("OTLP protocol {!r} is not installed; using http/protobuf", protocol)
            # Imported here: the exporter pulls in requests/protobuf, needless without OTLP.
            from opentelemetry.exporter.otlp.proto.http.trace_exporter import (
                OTLPSpanExporter,
            )

            exporter = OTLPSpanExporter(endpoint=_otlp_endpoint(env))
            provider.add_span_processor(BatchSpanProcessor(exporter))
    return provider


def global_tracer_provider(env: Mapping[str, str] | None = None) -> trace.TracerProvider:
    """Return the process-wide tracer provider, building it from `env` on first use.

    OpenTelemetry allows setting it once per process; a second app built by the same process
    (tests, a reloading factory) shares the first provider instead of logging a warning.
    """
    if isinstance(trace.get_tracer_provider(), trace.ProxyTracerProvider):
        trace.set_tracer_provider(build_tracer_provider(env))
    return trace.get_tracer_provider()


def instrument_app(
    app: FastAPI,
    *,
    tracer_provider: trace.TracerProvider,
    excluded_paths: Collection[str] = ("/metrics", "/healthz"),
    excluded_patterns: Collection[str] = (),
) -> None:
    """Create a server span per request on `app`, except for `excluded_paths` (exact paths)
    and URLs in which a regex of `excluded_patterns` is found."""
    # The instrumentor searches these regexes in the full URL without the query, and splits
    # them on commas.
    patterns = [f"{re.escape(path)}$" for path in excluded_paths]
    patterns.extend(excluded_patterns)
    if any("," in pattern for pattern in patterns):
        msg = f"excluded paths and patterns cannot contain commas: {patterns}"
        raise ValueError(msg)
    excluded = ",".join(patterns)
    FastAPIInstrumentor.instrument_app(
        app,
        tracer_provider=tracer_provider,
        # No metrics from here: Prometheus metrics are ours (metrics.py).
        meter_provider=NoOpMeterProvider(),
        excluded_urls=excluded,
        # One span per ASGI send/receive message would bury SSE traces in noise.
        exclude_spans=["receive", "send"],
    )


def records_spans(provider: trace.TracerProvider) -> bool:
    """False when no span of `provider` can ever be recorded: no exporter and no sampler
    configured (`build_tracer_provider`'s ALWAYS_OFF), or the SDK disabled."""
    if isinstance(provider, trace.NoOpTracerProvider):
        return False
    return not (isinstance(provider, TracerProvider) and provider.sampler is ALWAYS_OFF)


def instrument_engine(engine: AsyncEngine, *, tracer_provider: trace.TracerProvider) -> bool:
    """Create a client span per SQL statement run through `engine`; True if it does.

    Not when the provider records nothing. The request's span still runs then: its ids, from
    an incoming `traceparent`, correlate the logs. A statement's span would have no reader,
    and building one per statement cost ~5 % of a listing's CPU (docs/benchmarks.md).
    """
    if not records_spans(tracer_provider):
        return False
    # Not `SQLAlchemyInstrumentor().instrument(...)`: it is a process-wide singleton that
    # also patches `create_engine` for every later engine, and refuses a second call, so a
    # second app (or test) in the process would silently lose its database spans.
    tracer = tracer_provider.get_tracer("opentelemetry.instrumentation.sqlalchemy")
    connections_usage = (
        NoOpMeterProvider()
        .get_meter(__name__)
        .create_up_down_counter("db.client.connections.usage")
    )
    # The instrumentation package ships no type hints.
    EngineTracer(tracer, engine.sync_engine, connections_usage)  # type: ignore[no-untyped-call]
    return True
