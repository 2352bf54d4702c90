"""/boards and their members."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Response, status

from taskboard.api.deps import BoardServiceDep
from taskboard.api.document import BOARD_ID, BOARD_ID_OF_REQUEST, MEMBER_ID, links_to
from taskboard.schemas.boards import (
    BoardCreate,
    BoardData,
    BoardPublic,
    BoardUpdate,
    MemberCreate,
    MemberPublic,
    MemberUpdate,
)
from taskboard.services.boards import BoardView, MemberView
from taskboard.services.payloads import member_public

router = APIRouter(prefix="/boards", tags=["boards"])
members_router = APIRouter(prefix="/boards/{board_id}/members", tags=["members"])


def _board(view: BoardView) -> BoardPublic:
    return BoardPublic(**dict(BoardData.model_validate(view.board)), role=view.role)


def _member(view: MemberView) -> MemberPublic:
    return member_public(view.membership, view.user)


@router.get("", name="list")
async def list_boards(boards: BoardServiceDep) -> list[BoardPublic]:
    """Boards the caller is a member of."""
    return [_board(view) for view in await boards.list_boards()]


_BOARD_LINKS = links_to(
    {"board_id": BOARD_ID},
    "boards-get",
    "boards-update",
    "boards-delete",
    "tasks-list",
    "tasks-create",
    "members-list",
    "members-add",
    "events-stream",
)
_MEMBER_LINKS = links_to(
    {"board_id": BOARD_ID_OF_REQUEST, "user_id": MEMBER_ID}, "members-update", "members-remove"
)


@router.post(
    "", name="create", status_code=status.HTTP_201_CREATED, responses={201: {"links": _BOARD_LINKS}}
)
async def create_board(body: BoardCreate, boards: BoardServiceDep) -> BoardPublic:
    """Create a board; the caller becomes its owner."""
    return _board(await boards.create(name=body.name))


@router.get("/{board_id}", name="get")
async def get_board(board_id: uuid.UUID, boards: BoardServiceDep) -> BoardPublic:
    """One board (404 unless the caller is a member)."""
    return _board(await boards.get(board_id))


@router.patch("/{board_id}", name="update")
async def update_board(
    board_id: uuid.UUID, body: BoardUpdate, boards: BoardServiceDep
) -> BoardPublic:
    """Rename a board (owners)."""
    return _board(await boards.rename(board_id, name=body.name))


@router.delete("/{board_id}", name="delete", status_code=status.HTTP_204_NO_CONTENT)
async def delete_board(board_id: uuid.UUID, boards: BoardServiceDep) -> Response:
    """Delete a board with all its tasks (owners)."""
    await boards.delete(board_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@members_router.get("", name="list")
async def list_members(board_id: uuid.UUID, boards: BoardServiceDep) -> list[MemberPublic]:
    """Members of the board."""
    return [_member(view) for view in await boards.members(board_id)]


@members_router.post(
    "", name="add", status_code=status.HTTP_201_CREATED, responses={201: {"links": _MEMBER_LINKS}}
)
async def add_member(
    board_id: uuid.UUID, body: MemberCreate, boards: BoardServiceDep
) -> MemberPublic:
    """Add an existing user by email (owners)."""
    return _member(await boards.add_member(board_id, email=str(body.email), role=body.role))


@members_router.patch("/{user_id}", name="update")
async def update_member(
    board_id: uuid.UUID, user_id: uuid.UUID, body: MemberUpdate, boards: BoardServiceDep
) -> MemberPublic:
    """Change a member's role (owners; 409 if no owner would remain)."""
    return _member(await boards.change_role(board_id, user_id, role=body.role))


@members_router.delete("/{user_id}", name="remove", status_code=status.HTTP_204_NO_CONTENT)
async def remove_member(
    board_id: uuid.UUID, user_id: uuid.UUID, boards: BoardServiceDep
) -> Response:
    """Remove a member (owners) or leave the board (anyone; 409 for the last owner)."""
    await boards.remove_member(board_id, user_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
