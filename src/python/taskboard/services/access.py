"""Board access checks shared by the use cases."""

from __future__ import annotations

import uuid

from taskboard.db.tables import Board
from taskboard.domain.errors import ForbiddenError, NotFoundError
from taskboard.domain.models import Role
from taskboard.repositories.boards import BoardRepository


async def board_role(
    boards: BoardRepository, board_id: uuid.UUID, user_id: uuid.UUID, *, lock: bool = False
) -> tuple[Board, Role]:
    """The board and the user's role on it; NotFoundError for non-members (no existence leak).

    With `lock`, the board's and the membership's rows stay locked until commit (see
    `BoardRepository.lock_with_role`).
    """
    if lock:
        found = await boards.lock_with_role(board_id, user_id)
    else:
        found = await boards.get_with_role(board_id, user_id)
    if found is None:
        raise NotFoundError("board not found")
    return found


def require(allowed: bool, action: str) -> None:
    """ForbiddenError unless `allowed` (the caller is a member, so 403 leaks nothing)."""
    if not allowed:
        raise ForbiddenError(f"your role on this board does not allow you to {action}")


def ensure_role(role: Role, *, at_least: Role, action: str) -> None:
    """ForbiddenError unless `role` ranks at least `at_least`."""
    require(role.rank >= at_least.rank, action)
