"""The board lock on PostgreSQL: a writer that waited for it reads the role as committed."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import Delete, Update, delete, update
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from taskboard.db.engine import make_session_factory
from taskboard.db.tables import Board, Membership, User
from taskboard.domain.errors import NotFoundError
from taskboard.domain.models import Role
from taskboard.repositories.boards import BoardRepository
from taskboard.services.access import board_role
from taskboard.testing.databases import postgres_database_url, postgres_server, postgres_test_db

__all__ = ["postgres_database_url", "postgres_server", "postgres_test_db"]

pytestmark = pytest.mark.postgres

# Long enough for the waiting query to reach PostgreSQL's lock queue on a busy machine.
WAIT_SECONDS = 0.5


@pytest.fixture
async def engine(postgres_database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_async_engine(postgres_database_url)
    yield engine
    await engine.dispose()


async def _board(
    sessions: async_sessionmaker[AsyncSession],
) -> tuple[uuid.UUID, uuid.UUID, uuid.UUID]:
    """A board with an owner and an editor: (board, owner, editor)."""
    owner, editor = (
        User(email=f"{name}@example.com", display_name=name, password_hash="-")
        for name in ("owner", "editor")
    )
    board = Board(name="Locks")
    async with sessions() as session:
        session.add_all([owner, editor, board])
        await session.flush()
        session.add_all(
            [
                Membership(board_id=board.id, user_id=owner.id, role=Role.OWNER),
                Membership(board_id=board.id, user_id=editor.id, role=Role.EDITOR),
            ]
        )
        await session.commit()
    return board.id, owner.id, editor.id


async def _while_owner_holds_the_lock(
    engine: AsyncEngine, change: Update | Delete
) -> asyncio.Task[tuple[Board, Role]]:
    """Start the editor's locked read while the owner's transaction `change`s the membership.

    The read must wait for the owner's commit; the task it returns has that read's outcome.
    """
    sessions = make_session_factory(engine)
    board_id, owner_id, editor_id = await _board(sessions)
    async with sessions() as owner, sessions() as editor:
        await board_role(BoardRepository(owner), board_id, owner_id, lock=True)
        await owner.execute(change.where(Membership.user_id == editor_id))
        waiting = asyncio.create_task(
            board_role(BoardRepository(editor), board_id, editor_id, lock=True)
        )
        await asyncio.sleep(WAIT_SECONDS)
        assert not waiting.done(), "the editor's read did not wait for the board lock"
        await owner.commit()
        await asyncio.wait([waiting], timeout=10)
        assert waiting.done(), "the editor's read still waits after the owner committed"
        await editor.rollback()
    return waiting


async def test_a_role_changed_while_waiting_is_read_as_committed(engine: AsyncEngine) -> None:
    demoted = await _while_owner_holds_the_lock(
        engine, update(Membership).values(role=Role.VIEWER)
    )
    _, role = demoted.result()
    assert role is Role.VIEWER  # not the editor role of the snapshot taken before the wait


async def test_a_membership_revoked_while_waiting_is_not_found(engine: AsyncEngine) -> None:
    revoked = await _while_owner_holds_the_lock(engine, delete(Membership))
    with pytest.raises(NotFoundError):
        revoked.result()
