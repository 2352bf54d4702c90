"""The app factory and its lifespan: migrations and demo data on start, stable operation ids."""

from __future__ import annotations

from pathlib import Path

import httpx
from asgi_lifespan import LifespanManager

from taskboard.api.main import create_app
from taskboard.demo import DEMO_EMAIL, DEMO_PASSWORD, DEMO_TASKS
from taskboard.testing.settings import make_settings


async def test_development_start_migrates_and_seeds_a_demo_board_once(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'nested' / 'dev.db'}"  # the folder is created
    settings = make_settings(url, migrate_on_start=True, seed_demo=True)
    for _ in range(2):  # the second start finds the data and adds nothing
        app = create_app(settings)
        async with (
            LifespanManager(app),
            httpx.AsyncClient(
                transport=httpx.ASGITransport(app=app), base_url="http://t"
            ) as client,
        ):
            login = await client.post(
                "/api/v1/auth/login", json={"email": DEMO_EMAIL, "password": DEMO_PASSWORD}
            )
            assert login.status_code == 200
            headers = {"Authorization": f"Bearer {login.json()['access_token']}"}
            boards = (await client.get("/api/v1/boards", headers=headers)).json()
            assert [board["name"] for board in boards] == ["Demo board"]
            tasks = await client.get(f"/api/v1/boards/{boards[0]['id']}/tasks", headers=headers)
            assert [t["title"] for t in tasks.json()["items"]] == [t for t, _ in DEMO_TASKS]


def test_operation_ids_are_stable_tag_name_pairs(tmp_path: Path) -> None:
    app = create_app(make_settings(f"sqlite+aiosqlite:///{tmp_path / 'x.db'}"))
    operation_ids = {
        operation["operationId"]
        for path in app.openapi()["paths"].values()
        for operation in path.values()
    }
    assert {
        "auth-register",
        "auth-login",
        "auth-refresh",
        "auth-logout",
        "auth-me",
        "boards-list",
        "boards-create",
        "boards-get",
        "boards-update",
        "boards-delete",
        "members-list",
        "members-add",
        "members-update",
        "members-remove",
        "tasks-list",
        "tasks-create",
        "tasks-get",
        "tasks-update",
        "tasks-delete",
        "events-stream",
        "ops-healthz",
        "ops-readyz",
    } <= operation_ids
