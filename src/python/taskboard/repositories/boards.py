"""Boards and memberships."""

from __future__ import annotations

import uuid

from sqlalchemy import bindparam, delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from taskboard.db.tables import Board, Membership, User
from taskboard.domain.models import Role

# Every write to a board's content and every read of one runs one of these: built once, so a
# request pays for its parameters only, not for building and caching the expression again.
_BOARD_WITH_ROLE = (
    select(Board, Membership.role)
    .join(Membership, Membership.board_id == Board.id)
    .where(Board.id == bindparam("board_id"), Membership.user_id == bindparam("user_id"))
)
# The membership row is locked too: a role changed or revoked while this waited for the board
# is then read as committed (PostgreSQL re-reads locked rows after the wait, not the others).
_LOCK_BOARD_WITH_ROLE = _BOARD_WITH_ROLE.with_for_update(of=(Board, Membership))


class BoardRepository:
    """Reads and writes `boards` and `memberships`."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, board_id: uuid.UUID) -> Board | None:
        """The board with this id, if any."""
        return await self._session.get(Board, board_id)

    async def lock_with_role(
        self, board_id: uuid.UUID, user_id: uuid.UUID
    ) -> tuple[Board, Role] | None:
        """The board and the user's role, holding both rows' locks until commit (one query).

        None if either is missing: a non-member takes no lock.

        Every change to a board's content takes this lock first, so per board the changes and
        their outbox ids are serialised in commit order (an SSE reader never sees id 11 commit
        before id 10), and invariants such as "one owner remains" cannot race. SQLite has no
        row locks; there BEGIN IMMEDIATE already serialises writers.
        """
        result = await self._session.execute(
            _LOCK_BOARD_WITH_ROLE, {"board_id": board_id, "user_id": user_id}
        )
        row = result.one_or_none()
        return None if row is None else (row[0], row[1])

    async def add(self, *, name: str) -> Board:
        """Insert a board."""
        board = Board(name=name)
        self._session.add(board)
        await self._session.flush()
        return board

    async def delete(self, board: Board) -> None:
        """Delete a board (its memberships and tasks go with it)."""
        await self._session.delete(board)
        await self._session.flush()

    async def list_for_user(self, user_id: uuid.UUID) -> list[tuple[Board, Role]]:
        """Boards the user is a member of, oldest first, with the user's role."""
        result = await self._session.execute(
            select(Board, Membership.role)
            .join(Membership, Membership.board_id == Board.id)
            .where(Membership.user_id == user_id)
            .order_by(Board.created_at, Board.id)
        )
        return [(board, role) for board, role in result]

    async def get_with_role(
        self, board_id: uuid.UUID, user_id: uuid.UUID
    ) -> tuple[Board, Role] | None:
        """The board and the user's role on it, None if either is missing (one query)."""
        result = await self._session.execute(
            _BOARD_WITH_ROLE, {"board_id": board_id, "user_id": user_id}
        )
        row = result.one_or_none()
        return None if row is None else (row[0], row[1])

    async def get_membership(self, board_id: uuid.UUID, user_id: uuid.UUID) -> Membership | None:
        """The user's membership of the board, if any."""
        return await self._session.get(Membership, (board_id, user_id))

    async def list_members(self, board_id: uuid.UUID) -> list[tuple[Membership, User]]:
        """Members of the board with their user rows, in joining order."""
        result = await self._session.execute(
            select(Membership, User)
            .join(User, User.id == Membership.user_id)
            .where(Membership.board_id == board_id)
            .order_by(Membership.created_at, User.email)
        )
        return [(membership, user) for membership, user in result]

    async def roles(self, board_id: uuid.UUID) -> list[Role]:
        """Every member's role on the board."""
        result = await self._session.scalars(
            select(Membership.role).where(Membership.board_id == board_id)
        )
        return list(result.all())

    async def add_member(
        self, *, board_id: uuid.UUID, user_id: uuid.UUID, role: Role
    ) -> Membership:
        """Insert a membership."""
        membership = Membership(board_id=board_id, user_id=user_id, role=role)
        self._session.add(membership)
        await self._session.flush()
        return membership

    async def remove_member(self, membership: Membership) -> None:
        """Delete a membership."""
        await self._session.execute(
            delete(Membership).where(
                Membership.board_id == membership.board_id,
                Membership.user_id == membership.user_id,
            )
        )
