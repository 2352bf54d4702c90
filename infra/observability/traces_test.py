"""One request, one trace: the web server and the API, run for real, export to an OTLP receiver.

The production web build (`src/web:build`, Node's standalone server) proxies to the API server
(`python -m taskboard.server`, on SQLite). Their own OTLP/HTTP exporters, configured only by
`OTEL_*` variables, send to the receiver in this test (otlp_receiver.py), which decodes the
protobuf payloads. The test then follows the ids:

- a proxied `/api/*` call and a server component's read each give one trace: the web's request
  span, its fetch span, the API's request span as that fetch's child, and the database spans
  below it;
- the same trace id is in both services' log lines;
- with no exporter configured, nothing is sent, not even to OTLP's default address, and the log
  lines still carry trace ids.
"""

from __future__ import annotations

import os
import secrets
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any, TypeVar

import httpx
import pytest
from otlp_receiver import Receiver, Span, otlp_receiver
from servers import Service, WebServer, service, web_server

from taskboard.testing.net import free_port

# Where the spec's SDKs send when nobody configured an endpoint.
OTLP_DEFAULT_PORT = 4318
# Export every 200 ms instead of every 5 s: the test waits for spans, not for the batch timer.
FAST_EXPORT = {"OTEL_BSP_SCHEDULE_DELAY": "200"}
T = TypeVar("T")


@contextmanager
def services(tmp_path: Path, otel: Mapping[str, str]) -> Iterator[tuple[Service, WebServer]]:
    """The API server and the web server, with `otel` in their environments."""
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), **FAST_EXPORT, **otel}
    port = free_port()
    api_env = {
        **env,
        # The test's own interpreter and path: the API's requirements and sources.
        "PYTHONPATH": os.pathsep.join(sys.path),
        "ENVIRONMENT": "test",
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'api.db'}",
        "SECRET_KEY": secrets.token_hex(32),
        "PASSWORD_HASH_TIME_COST": "1",
        "PASSWORD_HASH_MEMORY_KIB": "8192",
        "LOG_LEVEL": "INFO",
    }
    command = [sys.executable, "-m", "taskboard.server"]
    with (
        service("api", command, api_env, port, tmp_path) as api,
        web_server(api.url, tmp_path, {**FAST_EXPORT, **otel}) as web,
    ):
        yield api, web


@contextmanager
def signed_in(web: Service) -> Iterator[httpx.Client]:
    """A visitor's client, signed up and in through the web's `/api/*` proxy."""
    with httpx.Client(base_url=web.url, timeout=10) as client:
        email = f"{secrets.token_hex(4)}@example.com"
        account = {"email": email, "password": "correct horse 42"}
        response = client.post("/api/v1/auth/register", json={**account, "display_name": "Ada"})
        assert response.status_code == 201, response.text
        assert client.post("/api/v1/auth/login", json=account).status_code == 200
        yield client


def eventually(receiver: Receiver, check: Callable[[list[Span]], T]) -> T:
    """`check` of the spans received so far, retried as exports arrive (each service sends its
    own batches, in no set order) until it passes; after 15 s, its last failure."""
    deadline = time.monotonic() + 15
    while True:
        try:
            return check(receiver.snapshot())
        except AssertionError:
            if time.monotonic() > deadline:
                raise
        time.sleep(0.1)


def api_request_span(spans: list[Span], route: str) -> Span | None:
    for span in spans:
        if (
            span.service == "taskboard-api"
            and span.kind == "SERVER"
            and span.attributes.get("http.route") == route
        ):
            return span
    return None


def ancestors(span: Span, spans: list[Span]) -> list[Span]:
    by_id = {s.span_id: s for s in spans}
    chain = []
    current = by_id.get(span.parent_id or "")
    while current is not None:
        chain.append(current)
        current = by_id.get(current.parent_id or "")
    return chain


def assert_one_trace(spans: list[Span], api_span: Span, web_route: str) -> None:
    """The API's request span is the child of a web fetch span, under the web's request span for
    `web_route`, in one trace with the database spans below it."""
    trace = [s for s in spans if s.trace_id == api_span.trace_id]
    parent = next((s for s in trace if s.span_id == api_span.parent_id), None)
    assert parent is not None, f"the API span's parent {api_span.parent_id} was not exported"
    assert (parent.service, parent.kind) == ("taskboard-web", "CLIENT"), parent
    assert parent.attributes.get("http.url", "").startswith("http://127.0.0.1:"), parent
    above = ancestors(parent, trace)
    assert above, "the web's fetch span has no parent"
    # Next's request spans: the render's (with its route) under the proxy pass's, the root.
    root = above[-1]
    assert (root.service, root.kind, root.parent_id) == ("taskboard-web", "SERVER", None), root
    routes = [s.attributes.get("http.route") for s in above if s.kind == "SERVER"]
    assert web_route in routes, f"no web request span for {web_route} above the fetch: {routes}"
    # A page's render reads several API routes, each its own API request in the same trace.
    below = [
        s
        for s in trace
        if s.service == "taskboard-api"
        and s.attributes.get("db.system") == "sqlite"
        and api_span in ancestors(s, trace)
    ]
    assert below, f"no database spans under {api_span.name} in trace {api_span.trace_id}"


def log_lines_of(service: Service, trace_id: str) -> list[dict[str, Any]]:
    return [line for line in service.lines() if line.get("trace_id") == trace_id]


def test_a_request_through_the_web_is_one_trace_with_the_api_and_its_database(
    tmp_path: Path,
) -> None:
    with (
        otlp_receiver() as receiver,
        services(tmp_path, {"OTEL_EXPORTER_OTLP_ENDPOINT": receiver.url}) as (api, web),
        signed_in(web) as client,
    ):
        # A server component's read: the board list page fetches /api/v1/boards from the API.
        page = client.get("/boards")
        assert page.status_code == 200, page.text[:500]

        def traces(spans: list[Span]) -> Span:
            proxied = api_request_span(spans, "/api/v1/auth/register")
            rendered = api_request_span(spans, "/api/v1/boards")
            names = sorted({f"{s.service}: {s.kind} {s.name}" for s in spans})
            assert proxied is not None, f"received: {names}"
            assert rendered is not None, f"received: {names}"
            assert_one_trace(spans, proxied, "/api/[...path]")
            assert_one_trace(spans, rendered, "/boards")
            return proxied

        proxied = eventually(receiver, traces)
        assert receiver.errors == []

        # The same ids in both services' logs: the proxy's line and the API's request line.
        web_lines = log_lines_of(web, proxied.trace_id)
        assert any(line.get("msg") == "proxied to API" for line in web_lines), web.lines()[-5:]
        assert all(len(line["span_id"]) == 16 for line in web_lines)
        api_lines = log_lines_of(api, proxied.trace_id)
        assert any(line.get("http_route") == "/api/v1/auth/register" for line in api_lines), (
            api.lines()[-5:]
        )


def test_nothing_is_exported_without_an_exporter_and_logs_keep_trace_ids(tmp_path: Path) -> None:
    with ExitStack() as stack:
        try:
            receiver = stack.enter_context(otlp_receiver(OTLP_DEFAULT_PORT))
        except OSError as error:
            pytest.fail(f"port {OTLP_DEFAULT_PORT}, OTLP's default, is taken ({error}): free it")
        api, web = stack.enter_context(services(tmp_path, {}))
        client = stack.enter_context(signed_in(web))
        assert client.get("/boards").status_code == 200
        # Several batch periods: anything queued would have been sent by now.
        time.sleep(1.5)
        assert receiver.requests == []

        web_ids = {
            line.get("trace_id") for line in web.lines() if line.get("msg") == "proxied to API"
        }
        api_ids = {
            line.get("trace_id")
            for line in api.lines()
            if line.get("http_route", "").startswith("/api/")
        }
        for ids, service in ((web_ids, web), (api_ids, api)):
            assert None not in ids, service.lines()[-5:]
            assert len(ids) >= 2, service.lines()[-5:]
        # Not propagated unsampled: the API starts its own traces.
        assert not web_ids & api_ids

        # The request metrics are read from the (unexported) spans: every request counts.
        metrics = httpx.get(web.metrics_url).text
        assert 'route="/api/[...path]",status="201"' in metrics, metrics[:2000]
        assert 'route="/boards",status="200"' in metrics
