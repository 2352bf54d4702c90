"""JSON payloads of outbox events (the same shapes the API returns for these objects)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import TypeAdapter

from taskboard.db.tables import Board, Membership, Task, User

_DATETIME = TypeAdapter(datetime)


def _timestamp(moment: datetime) -> str:
    """The same text the API's responses carry (Pydantic's: `...Z` for UTC)."""
    text: str = _DATETIME.dump_python(moment, mode="json")
    return text


def board_payload(board: Board) -> dict[str, Any]:
    """A board as carried by board.* events."""
    return {
        "id": str(board.id),
        "name": board.name,
        "created_at": _timestamp(board.created_at),
        "updated_at": _timestamp(board.updated_at),
    }


def member_payload(membership: Membership, user: User) -> dict[str, Any]:
    """A membership as carried by member.* events."""
    return {
        "board_id": str(membership.board_id),
        "user_id": str(user.id),
        "email": user.email,
        "display_name": user.display_name,
        "role": membership.role.value,
    }


def task_payload(task: Task) -> dict[str, Any]:
    """A task as carried by task.* events (with `version`, which backs its ETag)."""
    return {
        "id": str(task.id),
        "board_id": str(task.board_id),
        "title": task.title,
        "description": task.description,
        "status": task.status.value,
        "position": task.position,
        "assignee_id": None if task.assignee_id is None else str(task.assignee_id),
        "due_date": None if task.due_date is None else task.due_date.isoformat(),
        "version": task.version,
        "created_at": _timestamp(task.created_at),
        "updated_at": _timestamp(task.updated_at),
    }
