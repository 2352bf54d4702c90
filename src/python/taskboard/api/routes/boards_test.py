"""HTTP tests of boards and members: roles, 404 for outsiders, the last-owner rule."""

from __future__ import annotations

import pytest

from taskboard.testing.app import MakeUser, add_member, create_board, create_task

V1 = "/api/v1"


async def test_board_lifecycle_for_its_owner(make_user: MakeUser) -> None:
    owner = await make_user()
    board = await create_board(owner, "  Roadmap ")
    assert board["name"] == "Roadmap"
    assert board["role"] == "owner"

    listed = await owner.client.get(f"{V1}/boards")
    assert [b["id"] for b in listed.json()] == [board["id"]]

    renamed = await owner.client.patch(f"{V1}/boards/{board['id']}", json={"name": "Plan"})
    assert renamed.status_code == 200
    assert renamed.json()["name"] == "Plan"
    assert (await owner.client.get(f"{V1}/boards/{board['id']}")).json()["name"] == "Plan"

    assert (await owner.client.delete(f"{V1}/boards/{board['id']}")).status_code == 204
    assert (await owner.client.get(f"{V1}/boards/{board['id']}")).status_code == 404
    assert (await owner.client.get(f"{V1}/boards")).json() == []


async def test_boards_list_only_the_callers_boards(make_user: MakeUser) -> None:
    alice, bob = await make_user(), await make_user()
    await create_board(alice, "A")
    await create_board(bob, "B")
    assert [b["name"] for b in (await alice.client.get(f"{V1}/boards")).json()] == ["A"]


async def test_outsiders_get_404_for_everything_on_a_board(make_user: MakeUser) -> None:
    owner, outsider = await make_user(), await make_user()
    board = await create_board(owner)
    board_url = f"{V1}/boards/{board['id']}"
    task = (await create_task(owner, board["id"])).json()
    task_url = f"{V1}/tasks/{task['id']}"
    requests = [
        ("GET", board_url, None),
        ("PATCH", board_url, {"name": "mine"}),
        ("DELETE", board_url, None),
        ("GET", f"{board_url}/members", None),
        ("POST", f"{board_url}/members", {"email": outsider.email, "role": "owner"}),
        ("PATCH", f"{board_url}/members/{owner.id}", {"role": "viewer"}),
        ("DELETE", f"{board_url}/members/{owner.id}", None),
        ("GET", f"{board_url}/tasks", None),
        ("POST", f"{board_url}/tasks", {"title": "x"}),
        ("GET", task_url, None),
        ("PATCH", task_url, {"title": "x"}),
        ("DELETE", task_url, None),
        ("GET", f"{board_url}/events", None),
    ]
    for method, url, body in requests:
        response = await outsider.client.request(method, url, json=body)
        assert response.status_code == 404, (method, url, response.text)
        assert response.headers["content-type"] == "application/problem+json"


async def test_viewers_read_but_get_403_on_writes(make_user: MakeUser) -> None:
    owner, viewer = await make_user(), await make_user()
    board = await create_board(owner)
    await add_member(owner, board["id"], viewer, "viewer")
    task_response = await create_task(owner, board["id"])
    task = task_response.json()
    board_url = f"{V1}/boards/{board['id']}"

    assert (await viewer.client.get(board_url)).json()["role"] == "viewer"
    assert (await viewer.client.get(f"{board_url}/tasks")).status_code == 200
    assert (await viewer.client.get(f"{V1}/tasks/{task['id']}")).status_code == 200
    writes = [
        ("PATCH", board_url, {"name": "x"}),
        ("DELETE", board_url, None),
        ("POST", f"{board_url}/members", {"email": owner.email, "role": "viewer"}),
        ("PATCH", f"{board_url}/members/{owner.id}", {"role": "viewer"}),
        ("DELETE", f"{board_url}/members/{owner.id}", None),
        ("POST", f"{board_url}/tasks", {"title": "x"}),
        ("DELETE", f"{V1}/tasks/{task['id']}", None),
    ]
    for method, url, body in writes:
        response = await viewer.client.request(method, url, json=body)
        assert response.status_code == 403, (method, url, response.text)
        assert response.json()["code"] == "forbidden"
    patch = await viewer.client.patch(
        f"{V1}/tasks/{task['id']}",
        json={"title": "x"},
        headers={"If-Match": task_response.headers["etag"]},
    )
    assert patch.status_code == 403


async def test_editors_change_tasks_but_not_the_board(make_user: MakeUser) -> None:
    owner, editor = await make_user(), await make_user()
    board = await create_board(owner)
    await add_member(owner, board["id"], editor, "editor")
    await create_task(editor, board["id"])
    rename = await editor.client.patch(f"{V1}/boards/{board['id']}", json={"name": "x"})
    assert rename.status_code == 403


async def test_members_are_listed_added_changed_and_removed(make_user: MakeUser) -> None:
    owner, other = await make_user("owner"), await make_user("other")
    board = await create_board(owner)
    members_url = f"{V1}/boards/{board['id']}/members"

    added = await owner.client.post(members_url, json={"email": other.email.upper()})
    assert added.status_code == 201
    assert added.json()["role"] == "editor"  # the default
    listed = (await owner.client.get(members_url)).json()
    assert [(m["email"], m["role"]) for m in listed] == [
        (owner.email, "owner"),
        (other.email, "editor"),
    ]

    changed = await owner.client.patch(f"{members_url}/{other.id}", json={"role": "owner"})
    assert changed.json()["role"] == "owner"
    # With two owners, the first may step down and the second can remove them.
    assert (
        await owner.client.patch(f"{members_url}/{owner.id}", json={"role": "viewer"})
    ).status_code == 200
    assert (await other.client.delete(f"{members_url}/{owner.id}")).status_code == 204
    assert (await owner.client.get(f"{V1}/boards/{board['id']}")).status_code == 404


async def test_adding_unknown_or_existing_members_fails(make_user: MakeUser) -> None:
    owner, other = await make_user(), await make_user()
    board = await create_board(owner)
    members_url = f"{V1}/boards/{board['id']}/members"
    for email in ("ghost@example.com", "ghost@mail.test"):  # the second no account could have
        unknown = await owner.client.post(members_url, json={"email": email})
        assert unknown.status_code == 404
        assert unknown.json()["code"] == "user_not_found"
    await add_member(owner, board["id"], other, "viewer")
    again = await owner.client.post(members_url, json={"email": other.email})
    assert again.status_code == 409
    assert again.json()["code"] == "already_member"
    missing = await owner.client.patch(f"{members_url}/{owner.id.hex[:8]}00000000-0000-0000-0000")
    assert missing.status_code == 422


@pytest.mark.parametrize("change", ["demote", "remove", "leave"])
async def test_the_last_owner_cannot_go(make_user: MakeUser, change: str) -> None:
    owner, editor = await make_user(), await make_user()
    board = await create_board(owner)
    await add_member(owner, board["id"], editor, "editor")
    url = f"{V1}/boards/{board['id']}/members/{owner.id}"
    if change == "demote":
        response = await owner.client.patch(url, json={"role": "editor"})
    else:
        response = await owner.client.delete(url)
    assert response.status_code == 409
    problem = response.json()
    assert problem["code"] == "last_owner"
    assert problem["status"] == 409
    assert (await owner.client.get(f"{V1}/boards/{board['id']}")).json()["role"] == "owner"


async def test_members_may_leave_and_unknown_members_are_404(make_user: MakeUser) -> None:
    owner, editor = await make_user(), await make_user()
    board = await create_board(owner)
    await add_member(owner, board["id"], editor, "editor")
    members_url = f"{V1}/boards/{board['id']}/members"
    assert (await editor.client.delete(f"{members_url}/{editor.id}")).status_code == 204
    gone = await owner.client.patch(f"{members_url}/{editor.id}", json={"role": "viewer"})
    assert gone.status_code == 404
    assert gone.json()["code"] == "member_not_found"


async def test_board_input_is_validated(make_user: MakeUser) -> None:
    owner = await make_user()
    response = await owner.client.post(f"{V1}/boards", json={"name": "   ", "colour": "red"})
    assert response.status_code == 422
    fields = sorted(error["field"] for error in response.json()["errors"])
    assert fields == ["body.colour", "body.name"]
