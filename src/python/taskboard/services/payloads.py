"""Outbox events carry the API's own response models, dumped to JSON as the API sends them."""

from __future__ import annotations

from typing import Any

from taskboard.db.tables import Board, Membership, Task, User
from taskboard.schemas.boards import BoardData, MemberPublic
from taskboard.schemas.tasks import TaskPublic


def member_public(membership: Membership, user: User) -> MemberPublic:
    """A member of a board, in REST responses and member.* events alike."""
    return MemberPublic(
        user_id=user.id,
        email=user.email,
        display_name=user.display_name,
        role=membership.role,
        joined_at=membership.created_at,
    )


def board_payload(board: Board) -> dict[str, Any]:
    """A board as board.* events carry it (without a role: each member has their own)."""
    return BoardData.model_validate(board).model_dump(mode="json")


def member_payload(membership: Membership, user: User) -> dict[str, Any]:
    """A membership as member.* events carry it."""
    return member_public(membership, user).model_dump(mode="json")


def task_payload(task: Task) -> dict[str, Any]:
    """A task as task.* events carry it (with `version`, which backs its ETag)."""
    return TaskPublic.model_validate(task).model_dump(mode="json")
