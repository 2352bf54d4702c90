"""Benchmark data made through the public API: one user, one board, 50 tasks."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import httpx

TASKS = 50
STATUSES = ("todo", "doing", "done")


@dataclass(frozen=True)
class Account:
    """The benchmark's user and board on one database."""

    email: str
    password: str
    board_id: str


def _checked(response: httpx.Response, expected: int) -> dict[str, Any]:
    if response.status_code != expected:
        raise RuntimeError(
            f"{response.request.method} {response.request.url.path} -> "
            f"{response.status_code}: {response.text[:500]}"
        )
    body: dict[str, Any] = response.json()
    return body


def sign_in(url: str, account: Account) -> str:
    """A bearer token for `account` on the server at `url`."""
    with httpx.Client(base_url=url, timeout=30) as client:
        body = _checked(
            client.post(
                "/api/v1/auth/login", json={"email": account.email, "password": account.password}
            ),
            200,
        )
    token: str = body["access_token"]
    return token


def seed(url: str) -> tuple[Account, str]:
    """Register a user, create a board with 50 tasks; the account and a bearer token."""
    email = f"bench-{secrets.token_hex(4)}@example.com"
    password = secrets.token_urlsafe(18)
    with httpx.Client(base_url=url, timeout=30) as client:
        _checked(
            client.post(
                "/api/v1/auth/register",
                json={"email": email, "password": password, "display_name": "Bench"},
            ),
            201,
        )
        token = _checked(
            client.post("/api/v1/auth/login", json={"email": email, "password": password}), 200
        )["access_token"]
        client.cookies.clear()  # bearer only, as API clients do
        client.headers["Authorization"] = f"Bearer {token}"
        board = _checked(client.post("/api/v1/boards", json={"name": "Benchmark"}), 201)
        for index in range(TASKS):
            _checked(
                client.post(f"/api/v1/boards/{board['id']}/tasks", json=_task(index)),
                201,
            )
    return Account(email=email, password=password, board_id=board["id"]), token


def _task(index: int) -> dict[str, Any]:
    # Realistic sizes: a title, a paragraph of description, a due date on some.
    return {
        "title": f"Task {index}: review the quarterly roadmap item",
        "description": "Details of the task, as a user would write them. " * 3,
        "status": STATUSES[index % len(STATUSES)],
        "due_date": None if index % 2 else (date(2030, 1, 1) + timedelta(days=index)).isoformat(),
    }


def task_page(url: str, token: str, board_id: str) -> bytes:
    """The JSON of the board's first 50 tasks, as the API lists them."""
    with httpx.Client(base_url=url, timeout=30) as client:
        response = client.get(
            f"/api/v1/boards/{board_id}/tasks",
            params={"limit": TASKS},
            headers={"Authorization": f"Bearer {token}"},
        )
    _checked(response, 200)
    return response.content
