"""Every error is RFC 9457 problem+json: routing, validation, domain and unexpected errors."""

from __future__ import annotations

from collections import Counter

import httpx
import pytest
from fastapi import APIRouter, FastAPI

from taskboard.api.problems import field_path
from taskboard.testing.app import MakeUser

PROBLEM = "application/problem+json"


def _assert_problem(response: httpx.Response, status: int) -> dict[str, object]:
    assert response.status_code == status
    assert response.headers["content-type"] == PROBLEM
    body: dict[str, object] = response.json()
    assert body["status"] == status
    assert body["type"] == "about:blank"
    assert isinstance(body["title"], str)
    return body


async def test_unknown_route_is_a_404_problem(client: httpx.AsyncClient) -> None:
    body = _assert_problem(await client.get("/api/v1/nowhere"), 404)
    assert body["title"] == "Not Found"
    assert body["instance"] == "/api/v1/nowhere"
    assert body["code"] == "not_found"


async def test_wrong_method_is_a_405_problem_with_allow(client: httpx.AsyncClient) -> None:
    response = await client.put("/api/v1/auth/me")
    _assert_problem(response, 405)
    assert response.headers["allow"] == "GET"


@pytest.mark.parametrize(
    ("path", "allow"),
    [
        ("/api/v1/boards", "GET, POST"),
        ("/api/v1/boards/00000000-0000-0000-0000-000000000001", "DELETE, GET, PATCH"),
        ("/api/v1/tasks/00000000-0000-0000-0000-000000000001", "DELETE, GET, PATCH"),
        (
            "/api/v1/boards/00000000-0000-0000-0000-000000000001/members/"
            "00000000-0000-0000-0000-000000000002",
            "DELETE, PATCH",
        ),
    ],
)
async def test_a_405_allows_every_method_of_the_resource(
    client: httpx.AsyncClient, path: str, allow: str
) -> None:
    # FastAPI makes a route per method: the 405 must still name all of them (RFC 9110).
    response = await client.request("OPTIONS", path)
    _assert_problem(response, 405)
    assert response.headers["allow"] == allow


async def test_validation_errors_list_every_field_path(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/api/v1/auth/register", json={"email": "not-an-email", "display_name": ""}
    )
    body = _assert_problem(response, 422)
    assert body["code"] == "validation_error"
    errors = body["errors"]
    assert isinstance(errors, list)
    assert sorted(error["field"] for error in errors) == [
        "body.display_name",
        "body.email",
        "body.password",
    ]
    assert all(error["message"] and error["type"] for error in errors)


async def test_malformed_json_is_a_422_problem(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/api/v1/auth/login", content=b"{not json", headers={"content-type": "application/json"}
    )
    body = _assert_problem(response, 422)
    assert body["errors"][0]["field"].startswith("body")  # type: ignore[index]


async def test_invalid_path_parameter_is_a_422_problem(make_user: MakeUser) -> None:
    user = await make_user()
    response = await user.client.get("/api/v1/boards/not-a-uuid")
    body = _assert_problem(response, 422)
    assert [e["field"] for e in body["errors"]] == ["path.board_id"]  # type: ignore[attr-defined]


@pytest.fixture
def failing_app(app: FastAPI) -> FastAPI:
    """The app with `GET /boom`, which raises an exception no handler knows."""
    router = APIRouter()

    @router.get("/boom")
    async def boom() -> None:
        raise RuntimeError("secret internals: password=hunter2")

    app.include_router(router)
    return app


async def test_unexpected_errors_are_a_bare_500(failing_app: FastAPI) -> None:
    app = failing_app
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        response = await client.get("/boom")
    body = _assert_problem(response, 500)
    assert set(body) == {"type", "title", "status", "instance", "code"}
    assert "hunter2" not in response.text
    assert "Traceback" not in response.text


@pytest.mark.parametrize(
    ("location", "path"),
    [(("body", "title"), "body.title"), (("body", "items", 0, "id"), "body.items.0.id")],
)
def test_field_path(location: tuple[str | int, ...], path: str) -> None:
    assert field_path(location) == path


def _problems_counted(app: FastAPI) -> Counter[tuple[str, str]]:
    """http_problems_total by (status, code), from the app's own registry."""
    return Counter(
        {
            (sample.labels["status"], sample.labels["code"]): int(sample.value)
            for metric in app.state.http_metrics.registry.collect()
            if metric.name == "http_problems"
            for sample in metric.samples
            if sample.name == "http_problems_total"
        }
    )


async def test_errors_are_counted_by_the_code_the_client_reads(failing_app: FastAPI) -> None:
    app = failing_app
    before = _problems_counted(app)  # the app is shared with the other tests
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        codes = [
            (await client.get("/api/v1/nowhere")).json()["code"],
            (await client.get("/api/v1/auth/me")).json()["code"],
            (await client.post("/api/v1/auth/login", json={})).json()["code"],
            (await client.get("/boom")).json()["code"],
            (await client.get("/api/v1/nowhere")).json()["code"],
        ]
        assert (await client.get("/healthz")).status_code == 200
    assert codes[0] == "not_found"
    assert codes[3] == "internal_server_error"
    assert _problems_counted(app) - before == Counter(
        {
            ("404", "not_found"): 2,
            ("401", codes[1]): 1,
            ("422", "validation_error"): 1,
            ("500", "internal_server_error"): 1,
        }
    )
