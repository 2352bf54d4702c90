"""HTTP tests of tasks: CRUD, filters, cursor pagination, ETag and If-Match."""

from __future__ import annotations

from typing import Any

import pytest

from taskboard.testing.app import MakeUser, TestUser, add_member, create_board, create_task

V1 = "/api/v1"


async def _board_with_owner(make_user: MakeUser) -> tuple[TestUser, str]:
    owner = await make_user()
    return owner, (await create_board(owner))["id"]


async def test_task_crud_with_etags(make_user: MakeUser) -> None:
    owner, board_id = await _board_with_owner(make_user)
    created = await create_task(
        owner,
        board_id,
        title=" Write tests ",
        description="all of them",
        status="doing",
        assignee_id=str(owner.id),
        due_date="2030-01-31",
    )
    task = created.json()
    assert created.headers["etag"] == '"1"'
    assert created.headers["location"] == f"/api/v1/tasks/{task['id']}"
    assert task["title"] == "Write tests"
    assert (task["status"], task["version"], task["due_date"]) == ("doing", 1, "2030-01-31")
    assert task["assignee_id"] == str(owner.id)

    fetched = await owner.client.get(f"{V1}/tasks/{task['id']}")
    assert fetched.json() == task
    assert fetched.headers["etag"] == '"1"'

    updated = await owner.client.patch(
        f"{V1}/tasks/{task['id']}",
        json={"status": "done", "assignee_id": None, "due_date": None},
        headers={"If-Match": fetched.headers["etag"]},
    )
    assert updated.status_code == 200
    body = updated.json()
    assert (body["status"], body["assignee_id"], body["due_date"]) == ("done", None, None)
    assert body["title"] == "Write tests"  # untouched
    assert body["version"] == 2
    assert updated.headers["etag"] == '"2"'

    deleted = await owner.client.delete(f"{V1}/tasks/{task['id']}")
    assert deleted.status_code == 204
    assert (await owner.client.get(f"{V1}/tasks/{task['id']}")).status_code == 404


async def test_stale_if_match_is_412_and_nothing_is_overwritten(make_user: MakeUser) -> None:
    owner, board_id = await _board_with_owner(make_user)
    editor = await make_user()
    await add_member(owner, board_id, editor, "editor")
    created = await create_task(owner, board_id, title="Original")
    url = f"{V1}/tasks/{created.json()['id']}"
    etag = created.headers["etag"]

    first = await owner.client.patch(url, json={"title": "Owner's"}, headers={"If-Match": etag})
    assert first.status_code == 200
    second = await editor.client.patch(url, json={"title": "Editor's"}, headers={"If-Match": etag})
    assert second.status_code == 412
    assert second.json()["code"] == "precondition_failed"
    assert (await owner.client.get(url)).json()["title"] == "Owner's"

    stale_delete = await editor.client.delete(url, headers={"If-Match": etag})
    assert stale_delete.status_code == 412


async def test_patch_without_if_match_is_428(make_user: MakeUser) -> None:
    owner, board_id = await _board_with_owner(make_user)
    task_id = (await create_task(owner, board_id)).json()["id"]
    response = await owner.client.patch(f"{V1}/tasks/{task_id}", json={"title": "x"})
    assert response.status_code == 428
    assert response.json()["code"] == "precondition_required"


@pytest.mark.parametrize(
    ("if_match", "status"),
    [("*", 200), ('"7", "1"', 200), ('W/"1"', 412), ("1", 412), ('"x"', 412), ("", 422)],
)
async def test_if_match_forms(make_user: MakeUser, if_match: str, status: int) -> None:
    owner, board_id = await _board_with_owner(make_user)
    task_id = (await create_task(owner, board_id)).json()["id"]
    response = await owner.client.patch(
        f"{V1}/tasks/{task_id}", json={"title": "x"}, headers={"If-Match": if_match}
    )
    assert response.status_code == status


async def test_nulling_a_required_field_is_422(make_user: MakeUser) -> None:
    owner, board_id = await _board_with_owner(make_user)
    task_id = (await create_task(owner, board_id)).json()["id"]
    response = await owner.client.patch(
        f"{V1}/tasks/{task_id}", json={"title": None, "status": "nope"}, headers={"If-Match": "*"}
    )
    assert response.status_code == 422
    assert sorted(e["field"] for e in response.json()["errors"]) == ["body.status", "body.title"]


async def test_assignee_must_be_a_member(make_user: MakeUser) -> None:
    owner, board_id = await _board_with_owner(make_user)
    stranger = await make_user()
    response = await owner.client.post(
        f"{V1}/boards/{board_id}/tasks", json={"title": "x", "assignee_id": str(stranger.id)}
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "body.assignee_id"
    task_id = (await create_task(owner, board_id)).json()["id"]
    patch = await owner.client.patch(
        f"{V1}/tasks/{task_id}", json={"assignee_id": str(stranger.id)}, headers={"If-Match": "*"}
    )
    assert patch.status_code == 422


async def _list(user: TestUser, board_id: str, **params: Any) -> dict[str, Any]:
    response = await user.client.get(f"{V1}/boards/{board_id}/tasks", params=params)
    assert response.status_code == 200, response.text
    page: dict[str, Any] = response.json()
    return page


async def test_tasks_are_appended_in_order_and_paginated(make_user: MakeUser) -> None:
    owner, board_id = await _board_with_owner(make_user)
    titles = [f"task {i}" for i in range(7)]
    for title in titles:
        await create_task(owner, board_id, title=title)
    # An explicit position lands between existing ones.
    await create_task(owner, board_id, title="between 0 and 1", position=1024 * 1.5)

    seen: list[str] = []
    cursor = None
    pages = 0
    while True:
        params: dict[str, Any] = {"limit": 3}
        if cursor:
            params["cursor"] = cursor
        page = await _list(owner, board_id, **params)
        pages += 1
        seen += [task["title"] for task in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert pages == 3
    assert seen == ["task 0", "between 0 and 1", *titles[1:]]


async def test_filters(make_user: MakeUser) -> None:
    owner, board_id = await _board_with_owner(make_user)
    await create_task(owner, board_id, title="Buy milk", status="todo")
    await create_task(
        owner, board_id, title="Fix 100% bug", status="doing", assignee_id=str(owner.id)
    )
    await create_task(owner, board_id, title="Ship", description="the MILK release", status="done")

    def titles(page: dict[str, Any]) -> list[str]:
        return [task["title"] for task in page["items"]]

    assert titles(await _list(owner, board_id, status="doing")) == ["Fix 100% bug"]
    assert titles(await _list(owner, board_id, assignee_id=str(owner.id))) == ["Fix 100% bug"]
    assert titles(await _list(owner, board_id, q="milk")) == ["Buy milk", "Ship"]
    # LIKE wildcards in the query are literal characters.
    assert titles(await _list(owner, board_id, q="100%")) == ["Fix 100% bug"]
    assert titles(await _list(owner, board_id, q="_")) == []
    assert titles(await _list(owner, board_id, q="milk", status="done")) == ["Ship"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"cursor": "not-a-cursor"}, "query.cursor"),
        ({"cursor": "WzEsMl0"}, "query.cursor"),  # base64 of [1,2]: wrong id type
        ({"cursor": "WyJ4IiwiYSJd"}, "query.cursor"),  # ["x","a"]: wrong position type
        ({"limit": 0}, "query.limit"),
        ({"limit": 101}, "query.limit"),
        ({"status": "later"}, "query.status"),
        ({"assignee_id": "me"}, "query.assignee_id"),
    ],
)
async def test_invalid_listing_parameters_are_422(
    make_user: MakeUser, params: dict[str, Any], field: str
) -> None:
    owner, board_id = await _board_with_owner(make_user)
    response = await owner.client.get(f"{V1}/boards/{board_id}/tasks", params=params)
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == [field]


async def test_task_input_is_validated(make_user: MakeUser) -> None:
    owner, board_id = await _board_with_owner(make_user)
    response = await owner.client.post(
        f"{V1}/boards/{board_id}/tasks",
        json={"title": "", "position": "NaN", "due_date": "tomorrow", "extra": 1},
    )
    assert response.status_code == 422
    fields = sorted(e["field"] for e in response.json()["errors"])
    assert fields == ["body.due_date", "body.extra", "body.position", "body.title"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"title": "a\u0000b"}, "body.title"),  # PostgreSQL's text holds no NUL
        ({"title": "t", "description": "\u0000"}, "body.description"),
        ({"title": "t", "due_date": 0}, "body.due_date"),  # not a Unix timestamp
        ({"title": "t", "due_date": "86400"}, "body.due_date"),
        ({"title": "t", "position": "1.5"}, "body.position"),  # a number, not its text
    ],
)
async def test_input_the_schema_refuses_is_refused(
    make_user: MakeUser, body: dict[str, Any], field: str
) -> None:
    # What the OpenAPI document says is what the server takes, on both databases (the contract
    # test fuzzes the rest).
    owner, board_id = await _board_with_owner(make_user)
    response = await owner.client.post(f"{V1}/boards/{board_id}/tasks", json=body)
    assert response.status_code == 422, response.text
    assert [e["field"] for e in response.json()["errors"]] == [field]


async def test_a_nul_in_the_search_text_is_422(make_user: MakeUser) -> None:
    owner, board_id = await _board_with_owner(make_user)
    response = await owner.client.get(f"{V1}/boards/{board_id}/tasks", params={"q": "a\x00"})
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["query.q"]


@pytest.mark.parametrize("cursor", ["A" * 32, "_" * 32, "f_" + "A" * 30])
async def test_any_cursor_of_the_documented_format_is_a_page(
    make_user: MakeUser, cursor: str
) -> None:
    # A cursor is a place in the listing: one past every task gives the empty last page.
    owner, board_id = await _board_with_owner(make_user)
    await create_task(owner, board_id, position=5)
    response = await owner.client.get(f"{V1}/boards/{board_id}/tasks", params={"cursor": cursor})
    assert response.status_code == 200, response.text
    items = [task["position"] for task in response.json()["items"]]
    assert items == ([5.0] if cursor == "A" * 32 else [])
