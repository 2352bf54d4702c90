from __future__ import annotations

import io
import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from fastapi import APIRouter, FastAPI
from fastapi.responses import StreamingResponse
from loguru import logger
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Mount
from starlette.types import ASGIApp, Receive, Scope, Send

from taskboard.observability.logging import get_request_id
from taskboard.observability.middleware import (
    AccessLogMiddleware,
    RequestIdMiddleware,
    route_template,
)


def log_lines(buffer: io.StringIO) -> list[dict[str, Any]]:
    # httpx logs each client request too; only the app's lines matter here.
    lines = [json.loads(line) for line in buffer.getvalue().splitlines()]
    return [line for line in lines if line["logger"] != "httpx"]


def client(app: ASGIApp, base_url: str = "http://test") -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    return httpx.AsyncClient(transport=transport, base_url=base_url)


class RecordTemplate:
    """Outer middleware that computes the template after the app ran, like ours do."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.seen: list[str | None] = []

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        root_path = scope.get("root_path", "")
        await self.app(scope, receive, send)
        self.seen.append(route_template(scope, root_path=root_path))


def routed_app() -> FastAPI:
    app = FastAPI()
    tasks = APIRouter(prefix="/tasks")

    @tasks.get("/{task_id}")
    async def get_task(task_id: int) -> dict[str, int]:
        return {"id": task_id}

    shared = APIRouter()

    @shared.get("/items/{item_id}")
    async def get_item(item_id: str) -> str:
        return item_id

    api = APIRouter(prefix="/api/v1")
    api.include_router(tasks)
    app.include_router(api)
    # The same router under two prefixes: the template must follow the request's prefix.
    app.include_router(shared, prefix="/a")
    app.include_router(shared, prefix="/b")

    @app.get("/plain/{name}")
    async def plain(name: str) -> str:
        return name

    sub = FastAPI()

    @sub.get("/things/{thing_id}")
    async def thing(thing_id: str) -> str:
        return thing_id

    app.mount("/sub", sub)
    app.mount("/static", PlainTextResponse("file"))
    return app


@pytest.mark.parametrize(
    ("method", "path", "template"),
    [
        ("GET", "/api/v1/tasks/3", "/api/v1/tasks/{task_id}"),
        ("GET", "/api/v1/tasks/not-an-int", "/api/v1/tasks/{task_id}"),  # 422 still routed
        ("POST", "/api/v1/tasks/3", "/api/v1/tasks/{task_id}"),  # 405 partial match
        ("GET", "/a/items/x", "/a/items/{item_id}"),
        ("GET", "/b/items/y", "/b/items/{item_id}"),
        ("GET", "/plain/z", "/plain/{name}"),
        ("GET", "/sub/things/9", "/sub/things/{thing_id}"),
        ("GET", "/static/css/site.css", "/static/{path}"),
        ("GET", "/sub/unknown/1", "/sub/{path}"),  # bounded even when the sub-app 404s
        ("GET", "/nothing/here", None),
    ],
)
async def test_route_template(method: str, path: str, template: str | None) -> None:
    recorder = RecordTemplate(routed_app())
    async with client(recorder) as http:
        await http.request(method, path)
    assert recorder.seen == [template]


async def test_route_template_under_a_proxy_root_path() -> None:
    recorder = RecordTemplate(routed_app())
    transport = httpx.ASGITransport(app=recorder, root_path="/proxy")
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        response = await http.get("/proxy/api/v1/tasks/5")
    assert response.status_code == 200
    assert recorder.seen == ["/api/v1/tasks/{task_id}"]


def test_route_template_without_app_in_scope_falls_back_to_the_route_path() -> None:
    app = routed_app()
    plain = next(r for r in app.routes if getattr(r, "path", "") == "/plain/{name}")
    scope = {"type": "http", "path": "/plain/x", "root_path": "", "route": plain}
    assert route_template(scope) == "/plain/{name}"


def echo_id_app() -> FastAPI:
    app = FastAPI()

    @app.get("/id")
    async def current_id() -> dict[str, str | None]:
        logger.info("handling")
        return {"id": get_request_id()}

    @app.get("/boom")
    async def boom() -> None:
        raise RuntimeError("kaput")

    @app.get("/stream")
    async def stream() -> StreamingResponse:
        async def chunks() -> AsyncIterator[bytes]:
            yield b"a"
            yield b"b"

        return StreamingResponse(chunks(), media_type="text/event-stream")

    return app


@pytest.mark.parametrize(
    "incoming",
    ["abc", "0f8a3c0e-49a4-4b4e-9d1d-8d1ff0c7f1b2", "Root=1-67891233-abcdef012345678912345678"],
)
async def test_safe_incoming_request_id_is_kept(incoming: str, sink: io.StringIO) -> None:
    async with client(RequestIdMiddleware(echo_id_app())) as http:
        response = await http.get("/id", headers={"X-Request-ID": incoming})
    assert response.headers["x-request-id"] == incoming
    assert response.json() == {"id": incoming}
    assert log_lines(sink)[0]["request_id"] == incoming


@pytest.mark.parametrize("incoming", ["", "has space", "x" * 129, 'quote"d', "new\tline", "é"])
async def test_unsafe_or_missing_request_id_is_replaced(incoming: str) -> None:
    async with client(RequestIdMiddleware(echo_id_app())) as http:
        response = await http.get("/id", headers=[(b"X-Request-ID", incoming.encode("utf-8"))])
        missing = await http.get("/id")
    for answered in (response, missing):
        generated = answered.headers["x-request-id"]
        assert len(generated) == 32
        assert int(generated, 16) >= 0
        assert answered.json() == {"id": generated}
    assert response.headers["x-request-id"] != missing.headers["x-request-id"]


async def test_request_id_on_errors_and_streams() -> None:
    async with client(RequestIdMiddleware(echo_id_app())) as http:
        error = await http.get("/boom", headers={"X-Request-ID": "err-1"})
        streamed = await http.get("/stream", headers={"X-Request-ID": "sse-1"})
        not_found = await http.get("/missing", headers={"X-Request-ID": "nf-1"})
    assert (error.status_code, error.headers["x-request-id"]) == (500, "err-1")
    assert (streamed.text, streamed.headers["x-request-id"]) == ("ab", "sse-1")
    assert (not_found.status_code, not_found.headers["x-request-id"]) == (404, "nf-1")
    assert len(error.headers.get_list("x-request-id")) == 1


async def test_request_id_replaces_one_the_app_set_itself() -> None:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        headers = [(b"x-request-id", b"from-app"), (b"content-type", b"text/plain")]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": b"ok"})

    async with client(RequestIdMiddleware(app)) as http:
        response = await http.get("/", headers={"X-Request-ID": "mine"})
    assert response.headers.get_list("x-request-id") == ["mine"]


async def test_non_http_scopes_pass_through() -> None:
    seen: list[str] = []

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        seen.append(scope["type"])

    async def receive() -> dict[str, Any]:
        return {"type": "lifespan.startup"}

    async def send(message: Any) -> None:
        return None

    for middleware in (RequestIdMiddleware(app), AccessLogMiddleware(app)):
        await middleware({"type": "lifespan"}, receive, send)
    assert seen == ["lifespan", "lifespan"]


async def test_access_log_line_per_request(sink: io.StringIO) -> None:
    app = RequestIdMiddleware(AccessLogMiddleware(routed_app()))
    async with client(app) as http:
        await http.get("/api/v1/tasks/42", headers={"X-Request-ID": "acc-1"})
        await http.get("/nothing")

    handled, unmatched = log_lines(sink)
    assert handled["message"].startswith("GET /api/v1/tasks/{task_id} 200 ")
    assert handled["level"] == "INFO"
    assert handled["http_route"] == "/api/v1/tasks/{task_id}"
    assert handled["http_path"] == "/api/v1/tasks/42"
    assert handled["http_status"] == 200
    assert handled["http_method"] == "GET"
    assert 0 <= handled["duration_ms"] < 5000
    assert handled["request_id"] == "acc-1"
    assert unmatched["http_route"] == "<unmatched>"
    assert unmatched["http_status"] == 404


async def test_access_log_skips_noise_paths(sink: io.StringIO) -> None:
    app = FastAPI()

    @app.get("/healthz")
    async def healthz() -> str:
        return "ok"

    async with client(AccessLogMiddleware(app, skip_paths={"/healthz"})) as http:
        await http.get("/healthz")
        await http.get("/other")
    assert [line["http_route"] for line in log_lines(sink)] == ["<unmatched>"]


async def test_access_log_of_an_unhandled_error(sink: io.StringIO) -> None:
    app = RequestIdMiddleware(AccessLogMiddleware(echo_id_app()))
    async with client(app) as http:
        response = await http.get("/boom")

    [line] = log_lines(sink)
    assert response.status_code == 500
    assert line["level"] == "ERROR"
    assert line["http_status"] == 500
    assert line["exception"]["type"] == "RuntimeError"


async def test_access_log_of_a_5xx_response_is_an_error(sink: io.StringIO) -> None:
    app = Starlette()
    app.add_route("/down", lambda request: PlainTextResponse("down", status_code=503))
    async with client(AccessLogMiddleware(app)) as http:
        await http.get("/down")
    [line] = log_lines(sink)
    assert (line["level"], line["http_status"], line["http_route"]) == ("ERROR", 503, "/down")
    assert "exception" not in line


def test_mount_without_prefix_match_still_has_a_template() -> None:
    mount = Mount("/files", app=PlainTextResponse("x"))
    scope = {"type": "http", "path": "/files/a", "root_path": "/files", "route": mount}
    assert route_template(scope) == "/files/{path}"
