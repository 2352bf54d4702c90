"""Boards and their members."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from taskboard.db.tables import Board, Membership, User
from taskboard.domain.errors import ConflictError, NotFoundError
from taskboard.domain.models import EventType, Role
from taskboard.domain.rules import ensure_owner_remains
from taskboard.repositories.boards import BoardRepository
from taskboard.repositories.users import UserRepository
from taskboard.services.access import board_role, require
from taskboard.services.payloads import board_payload, member_payload
from taskboard.services.unit_of_work import UnitOfWork


@dataclass(frozen=True, slots=True)
class BoardView:
    """A board as one member sees it."""

    board: Board
    role: Role


@dataclass(frozen=True, slots=True)
class MemberView:
    """A member of a board."""

    membership: Membership
    user: User


class BoardService:
    """Board and membership use cases for one acting user."""

    def __init__(self, uow: UnitOfWork, actor: User) -> None:
        self._uow = uow
        self._actor = actor
        self._boards = BoardRepository(uow.session)
        self._users = UserRepository(uow.session)

    async def create(self, *, name: str) -> BoardView:
        """Create a board owned by the actor."""
        board = await self._boards.add(name=name)
        membership = await self._boards.add_member(
            board_id=board.id, user_id=self._actor.id, role=Role.OWNER
        )
        self._uow.record(board.id, EventType.BOARD_CREATED, board_payload(board))
        self._uow.record(board.id, EventType.MEMBER_ADDED, member_payload(membership, self._actor))
        await self._uow.commit()
        return BoardView(board, Role.OWNER)

    async def list_boards(self) -> list[BoardView]:
        """Boards the actor is a member of."""
        return [BoardView(b, r) for b, r in await self._boards.list_for_user(self._actor.id)]

    async def get(self, board_id: uuid.UUID) -> BoardView:
        """One board the actor is a member of."""
        board, role = await board_role(self._boards, board_id, self._actor.id)
        return BoardView(board, role)

    async def rename(self, board_id: uuid.UUID, *, name: str) -> BoardView:
        """Rename a board (owners)."""
        board, role = await board_role(self._boards, board_id, self._actor.id, lock=True)
        require(role.can_manage_board(), "rename the board")
        board.name = name
        await self._uow.session.flush()
        self._uow.record(board.id, EventType.BOARD_UPDATED, board_payload(board))
        await self._uow.commit()
        return BoardView(board, role)

    async def delete(self, board_id: uuid.UUID) -> None:
        """Delete a board with its tasks and memberships (owners)."""
        board, role = await board_role(self._boards, board_id, self._actor.id, lock=True)
        require(role.can_manage_board(), "delete the board")
        await self._boards.delete(board)
        self._uow.record(board_id, EventType.BOARD_DELETED, {"id": str(board_id)})
        await self._uow.commit()

    async def members(self, board_id: uuid.UUID) -> list[MemberView]:
        """Members of a board the actor belongs to."""
        await board_role(self._boards, board_id, self._actor.id)
        return [MemberView(m, u) for m, u in await self._boards.list_members(board_id)]

    async def add_member(self, board_id: uuid.UUID, *, email: str, role: Role) -> MemberView:
        """Add an existing user by email (owners)."""
        _, actor_role = await board_role(self._boards, board_id, self._actor.id, lock=True)
        require(actor_role.can_manage_board(), "manage members")
        user = await self._users.get_by_email(email.strip().lower())
        if user is None:
            raise NotFoundError("no user has this email", code="user_not_found")
        if await self._boards.get_membership(board_id, user.id) is not None:
            raise ConflictError("this user is already a member", code="already_member")
        membership = await self._boards.add_member(board_id=board_id, user_id=user.id, role=role)
        self._uow.record(board_id, EventType.MEMBER_ADDED, member_payload(membership, user))
        await self._uow.commit()
        return MemberView(membership, user)

    async def change_role(
        self, board_id: uuid.UUID, user_id: uuid.UUID, *, role: Role
    ) -> MemberView:
        """Change a member's role (owners); the board keeps at least one owner."""
        membership, user = await self._member_to_manage(board_id, user_id, action="change roles")
        roles = await self._boards.roles(board_id)
        roles.remove(membership.role)
        ensure_owner_remains([*roles, role])
        membership.role = role
        await self._uow.session.flush()
        self._uow.record(board_id, EventType.MEMBER_UPDATED, member_payload(membership, user))
        await self._uow.commit()
        return MemberView(membership, user)

    async def remove_member(self, board_id: uuid.UUID, user_id: uuid.UUID) -> None:
        """Remove a member (owners), or leave (anyone); the board keeps at least one owner."""
        membership, user = await self._member_to_manage(
            board_id, user_id, action="remove members", self_allowed=True
        )
        roles = await self._boards.roles(board_id)
        roles.remove(membership.role)
        ensure_owner_remains(roles)
        await self._boards.remove_member(membership)
        self._uow.record(board_id, EventType.MEMBER_REMOVED, member_payload(membership, user))
        await self._uow.commit()

    async def _member_to_manage(
        self, board_id: uuid.UUID, user_id: uuid.UUID, *, action: str, self_allowed: bool = False
    ) -> tuple[Membership, User]:
        _, actor_role = await board_role(self._boards, board_id, self._actor.id, lock=True)
        require(
            actor_role.can_manage_board() or (self_allowed and user_id == self._actor.id), action
        )
        membership = await self._boards.get_membership(board_id, user_id)
        user = None if membership is None else await self._users.get(user_id)
        if membership is None or user is None:
            raise NotFoundError("member not found", code="member_not_found")
        return membership, user
