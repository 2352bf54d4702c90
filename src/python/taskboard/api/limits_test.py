"""Request size limits over real HTTP (uvicorn): 413 and 431 before the app reads the request."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from taskboard.api.main import create_app
from taskboard.testing.app import PASSWORD
from taskboard.testing.live import live_client
from taskboard.testing.settings import make_settings

pytestmark = pytest.mark.timeout(60)

BODY_LIMIT = 4096
HEADER_LIMIT = 2048
REGISTER = "/api/v1/auth/register"


@pytest.fixture
async def http(tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    settings = make_settings(
        f"sqlite+aiosqlite:///{tmp_path / 'limits.db'}",
        migrate_on_start=True,
        max_request_body_bytes=BODY_LIMIT,
        max_request_header_bytes=HEADER_LIMIT,
    )
    async with live_client(create_app(settings)) as client:
        yield client


def registration(size: int) -> tuple[str, bytes]:
    """A valid registration of `size` bytes (padded with JSON whitespace), and its email."""
    email = f"{uuid.uuid4().hex[:8]}@example.com"
    body = json.dumps({"email": email, "password": PASSWORD, "display_name": "N"}).encode()
    return email, body.ljust(size)


def chunked(body: bytes, size: int = 1000) -> AsyncIterator[bytes]:
    async def chunks() -> AsyncIterator[bytes]:
        for start in range(0, len(body), size):
            yield body[start : start + size]

    return chunks()


def assert_problem(response: httpx.Response, status: int, code: str) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == code


async def assert_not_registered(http: httpx.AsyncClient, email: str) -> None:
    login = await http.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
    assert login.status_code == 401, "a refused request must not have reached the app"


async def test_a_declared_body_over_the_limit_is_refused_unread(http: httpx.AsyncClient) -> None:
    email, body = registration(BODY_LIMIT + 1)
    response = await http.post(REGISTER, content=body, headers={"Content-Type": "application/json"})
    assert_problem(response, 413, "request_body_too_large")
    assert str(len(body)) in response.json()["detail"]
    await assert_not_registered(http, email)


async def test_a_chunked_body_over_the_limit_is_refused(http: httpx.AsyncClient) -> None:
    email, body = registration(BODY_LIMIT + 1)
    response = await http.post(
        REGISTER, content=chunked(body), headers={"Content-Type": "application/json"}
    )
    assert_problem(response, 413, "request_body_too_large")
    await assert_not_registered(http, email)


async def test_a_chunked_body_within_the_limit_reaches_the_app(http: httpx.AsyncClient) -> None:
    _, body = registration(BODY_LIMIT)
    response = await http.post(
        REGISTER, content=chunked(body, size=16), headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 201, response.text
    padded_but_declared = await http.post(
        REGISTER, content=registration(BODY_LIMIT)[1], headers={"Content-Type": "application/json"}
    )
    assert padded_but_declared.status_code == 201, padded_but_declared.text


async def test_headers_over_the_limit_are_refused(http: httpx.AsyncClient) -> None:
    response = await http.get("/api/v1/auth/me", headers={"X-Padding": "p" * HEADER_LIMIT})
    assert_problem(response, 431, "request_headers_too_large")
    assert (await http.get("/healthz")).status_code == 200
    metrics = (await http.get("/metrics")).text
    assert 'http_problems_total{code="request_headers_too_large",status="431"} 1.0' in metrics
