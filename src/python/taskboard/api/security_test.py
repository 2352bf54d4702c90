from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.responses import PlainTextResponse
from starlette.types import Message, Receive, Scope, Send

from taskboard.api.security import (
    API_CONTENT_SECURITY_POLICY,
    DOCS_CONTENT_SECURITY_POLICY,
    SecurityHeadersMiddleware,
    with_cors,
)

EXPECTED = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "content-security-policy": API_CONTENT_SECURITY_POLICY,
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
}


def api() -> FastAPI:
    app = FastAPI()

    @app.get("/items")
    async def items() -> list[int]:
        return [1]

    @app.get("/boom")
    async def boom() -> None:
        raise RuntimeError("kaput")

    @app.get("/framed")
    async def framed() -> PlainTextResponse:
        return PlainTextResponse("x", headers={"Content-Security-Policy": "default-src 'self'"})

    return app


def client(app: Any, base_url: str = "http://test") -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    return httpx.AsyncClient(transport=transport, base_url=base_url)


async def test_headers_on_success_not_found_and_error() -> None:
    async with client(SecurityHeadersMiddleware(api())) as http:
        responses = [await http.get(path) for path in ("/items", "/missing", "/boom")]
    assert [response.status_code for response in responses] == [200, 404, 500]
    for response in responses:
        for name, value in EXPECTED.items():
            assert response.headers.get_list(name) == [value]
        assert "camera=()" in response.headers["permissions-policy"]
        assert "strict-transport-security" not in response.headers


async def test_route_can_set_its_own_policy_and_docs_get_theirs() -> None:
    async with client(SecurityHeadersMiddleware(api())) as http:
        framed = await http.get("/framed")
        docs = await http.get("/docs")
    assert framed.headers.get_list("content-security-policy") == ["default-src 'self'"]
    assert docs.headers["content-security-policy"] == DOCS_CONTENT_SECURITY_POLICY
    assert "cdn.jsdelivr.net" in docs.text  # the policy allows what the page loads


@pytest.mark.parametrize(
    ("hsts", "base_url", "expected"),
    [
        (True, "https://api.example", True),
        (True, "http://api.example", False),
        (False, "https://api.example", False),
    ],
)
async def test_hsts_only_when_enabled_and_over_https(
    hsts: bool, base_url: str, expected: bool
) -> None:
    async with client(SecurityHeadersMiddleware(api(), hsts=hsts), base_url) as http:
        response = await http.get("/items")
    assert ("strict-transport-security" in response.headers) is expected
    if expected:
        assert response.headers["strict-transport-security"].startswith("max-age=63072000")


async def test_streams_are_passed_through_unbuffered() -> None:
    release = asyncio.Event()

    async def streaming(scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"event 1", "more_body": True})
        await release.wait()
        await send({"type": "http.response.body", "body": b""})

    sent: list[Message] = []
    first_chunk = asyncio.Event()

    async def send(message: Message) -> None:
        sent.append(message)
        if message.get("body") == b"event 1":
            first_chunk.set()

    async def receive() -> Message:
        await asyncio.Event().wait()
        raise AssertionError  # pragma: no cover

    scope = {"type": "http", "path": "/events", "method": "GET", "headers": []}
    task = asyncio.create_task(SecurityHeadersMiddleware(streaming)(scope, receive, send))
    # The first event reaches the client while the app is still streaming.
    await asyncio.wait_for(first_chunk.wait(), timeout=2)
    assert not task.done()
    release.set()
    await task
    assert (b"x-frame-options", b"DENY") in sent[0]["headers"]
    assert len(sent) == 3


async def test_non_http_scopes_pass_through() -> None:
    seen: list[str] = []

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        seen.append(scope["type"])

    async def noop_receive() -> Message:
        return {"type": "lifespan.startup"}

    async def noop_send(message: Message) -> None:
        return None

    await SecurityHeadersMiddleware(app)({"type": "lifespan"}, noop_receive, noop_send)
    assert seen == ["lifespan"]


def preflight(origin: str) -> dict[str, str]:
    return {
        "Origin": origin,
        "Access-Control-Request-Method": "PATCH",
        "Access-Control-Request-Headers": "If-Match, Content-Type",
    }


async def test_cors_is_closed_by_default() -> None:
    app = api()
    assert with_cors(app, allow_origins=()) is app
    async with client(app) as http:
        options = await http.options("/items", headers=preflight("https://evil.example"))
        simple = await http.get("/items", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in options.headers
    assert "access-control-allow-origin" not in simple.headers


async def test_cors_allow_list_with_credentials() -> None:
    app = with_cors(api(), allow_origins=["https://app.example", "http://localhost:3000"])
    async with client(app) as http:
        allowed = await http.options("/items", headers=preflight("https://app.example"))
        simple = await http.get("/items", headers={"Origin": "http://localhost:3000"})
        denied = await http.options("/items", headers=preflight("https://evil.example"))

    assert allowed.status_code == 200
    assert allowed.headers["access-control-allow-origin"] == "https://app.example"
    assert allowed.headers["access-control-allow-credentials"] == "true"
    assert "PATCH" in allowed.headers["access-control-allow-methods"]
    assert simple.headers["access-control-allow-origin"] == "http://localhost:3000"
    assert "X-Request-ID" in simple.headers["access-control-expose-headers"]
    assert denied.status_code == 400
    assert "access-control-allow-origin" not in denied.headers


@pytest.mark.parametrize(
    "origin",
    ["*", "https://app.example/", "https://app.example/path", "ftp://app.example", "app.example"],
)
def test_cors_refuses_wildcards_and_non_origins(origin: str) -> None:
    with pytest.raises(ValueError, match="CORS origin"):
        with_cors(FastAPI(), allow_origins=[origin])
