"""Demo data for a fresh development database: a user, a board and a few tasks."""

from __future__ import annotations

from loguru import logger
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from taskboard.domain.models import TaskStatus
from taskboard.events.broker import Broker
from taskboard.repositories.users import UserRepository
from taskboard.services.boards import BoardService
from taskboard.services.passwords import PasswordHasher
from taskboard.services.tasks import TaskDraft, TaskService
from taskboard.services.unit_of_work import UnitOfWork

DEMO_EMAIL = "demo@taskboard.dev"
# Public on purpose: this account exists only in development databases seeded with SEED_DEMO.
DEMO_PASSWORD = "taskboard-demo"  # noqa: S105
DEMO_TASKS = (
    ("Sketch the board layout", TaskStatus.DONE),
    ("Wire live updates", TaskStatus.DOING),
    ("Invite the team", TaskStatus.TODO),
    ("Write the release notes", TaskStatus.TODO),
)


async def seed_demo(
    sessions: async_sessionmaker[AsyncSession], broker: Broker, hasher: PasswordHasher
) -> bool:
    """Create the demo data if the database has no user yet; True if it did."""
    async with sessions() as session:
        users = UserRepository(session)
        if await users.any_exist():
            logger.info("data kept; the demo sign-in is {} / {}", DEMO_EMAIL, DEMO_PASSWORD)
            return False
        user = await users.add(
            email=DEMO_EMAIL, display_name="Demo User", password_hash=hasher.hash(DEMO_PASSWORD)
        )
        uow = UnitOfWork(session, broker)
        board = await BoardService(uow, user).create(name="Demo board")
        tasks = TaskService(uow, user)
        for title, status in DEMO_TASKS:
            await tasks.create(board.board.id, TaskDraft(title=title, status=status))
    logger.info("demo data created: sign in as {} / {}", DEMO_EMAIL, DEMO_PASSWORD)
    return True
