"""Tasks: create, read, list with filters and cursors, update with optimistic concurrency."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any

from taskboard.db.tables import Task, User, utcnow
from taskboard.domain.errors import InvalidInputError, NotFoundError
from taskboard.domain.listing import TaskFilter, TaskKey
from taskboard.domain.models import EventType, Role, TaskStatus
from taskboard.domain.rules import Precondition, check_precondition, next_position
from taskboard.repositories.boards import BoardRepository
from taskboard.repositories.tasks import TaskRepository
from taskboard.services.access import board_role, ensure_role
from taskboard.services.payloads import task_payload
from taskboard.services.unit_of_work import UnitOfWork


@dataclass(frozen=True, slots=True)
class TaskDraft:
    """The fields of a new task."""

    title: str
    description: str = ""
    status: TaskStatus = TaskStatus.TODO
    position: float | None = None
    assignee_id: uuid.UUID | None = None
    due_date: date | None = None


@dataclass(frozen=True, slots=True)
class TaskChanges:
    """Fields to change on a task; only the names in `fields_set` are applied."""

    fields_set: frozenset[str]
    title: str = ""
    description: str = ""
    status: TaskStatus = TaskStatus.TODO
    position: float = 0.0
    assignee_id: uuid.UUID | None = None
    due_date: date | None = None


_CHANGEABLE = frozenset(f.name for f in fields(TaskChanges)) - {"fields_set"}


@dataclass(frozen=True, slots=True)
class TaskListing:
    """One page of a listing and the key to continue after it (None on the last page)."""

    items: list[dict[str, Any]]  # read-only rows keyed by Task's attribute names
    next_key: TaskKey | None = field(default=None)


class TaskService:
    """Task use cases for one acting user."""

    def __init__(self, uow: UnitOfWork, actor: User) -> None:
        self._uow = uow
        self._actor = actor
        self._boards = BoardRepository(uow.session)
        self._tasks = TaskRepository(uow.session)

    async def create(self, board_id: uuid.UUID, draft: TaskDraft) -> Task:
        """Add a task (editors and owners); appended at the end unless a position is given."""
        _, role = await board_role(self._boards, board_id, self._actor.id, lock=True)
        ensure_role(role, at_least=Role.EDITOR, action="add tasks")
        await self._check_assignee(board_id, draft.assignee_id)
        position = draft.position
        if position is None:
            position = next_position(await self._tasks.last_position(board_id))
        task = await self._tasks.add(
            Task(
                board_id=board_id,
                title=draft.title,
                description=draft.description,
                status=draft.status,
                position=position,
                assignee_id=draft.assignee_id,
                due_date=draft.due_date,
                version=1,
            )
        )
        self._uow.record(board_id, EventType.TASK_CREATED, task_payload(task))
        await self._uow.commit()
        return task

    async def get(self, task_id: uuid.UUID) -> Task:
        """A task on a board the actor belongs to."""
        task = await self._tasks.get(task_id)
        if task is None:
            raise NotFoundError("task not found")
        await self._visible(task)
        return task

    async def list_tasks(
        self, board_id: uuid.UUID, *, filters: TaskFilter, after: TaskKey | None, limit: int
    ) -> TaskListing:
        """A page of the board's tasks in board order."""
        # One extra row tells whether another page follows, without a COUNT. The membership
        # check rides on the page query; only an empty page needs telling "not a member" apart.
        rows = await self._tasks.page(
            board_id, filters=filters, after=after, limit=limit + 1, member_id=self._actor.id
        )
        if not rows:
            await board_role(self._boards, board_id, self._actor.id)
        items = rows[:limit]
        more = len(rows) > limit
        next_key = TaskKey(items[-1]["position"], items[-1]["id"]) if more else None
        return TaskListing(items=items, next_key=next_key)

    async def update(
        self, task_id: uuid.UUID, changes: TaskChanges, *, precondition: Precondition | None
    ) -> Task:
        """Apply changes if the client saw the current version (If-Match is required)."""
        task = await self._writable(task_id, action="change tasks")
        check_precondition(precondition, current=task.version, required=True)
        unknown = changes.fields_set - _CHANGEABLE
        if unknown:  # pragma: no cover - the web layer builds TaskChanges from a schema
            raise ValueError(f"unknown task fields {sorted(unknown)}")
        if "assignee_id" in changes.fields_set:
            await self._check_assignee(task.board_id, changes.assignee_id)
        for name in sorted(changes.fields_set):
            setattr(task, name, getattr(changes, name))
        task.version += 1
        task.updated_at = utcnow()
        await self._tasks.flush()
        self._uow.record(task.board_id, EventType.TASK_UPDATED, task_payload(task))
        await self._uow.commit()
        return task

    async def delete(self, task_id: uuid.UUID, *, precondition: Precondition | None) -> None:
        """Delete a task (editors and owners); If-Match is honoured when sent."""
        task = await self._writable(task_id, action="delete tasks")
        check_precondition(precondition, current=task.version, required=False)
        board_id = task.board_id
        await self._tasks.delete(task)
        self._uow.record(
            board_id, EventType.TASK_DELETED, {"id": str(task_id), "board_id": str(board_id)}
        )
        await self._uow.commit()

    async def _visible(self, task: Task) -> Role:
        try:
            _, role = await board_role(self._boards, task.board_id, self._actor.id)
        except NotFoundError:
            raise NotFoundError("task not found") from None
        return role

    async def _writable(self, task_id: uuid.UUID, *, action: str) -> Task:
        found = await self._tasks.get(task_id)
        if found is None:
            raise NotFoundError("task not found")
        try:
            _, role = await board_role(self._boards, found.board_id, self._actor.id, lock=True)
        except NotFoundError:
            raise NotFoundError("task not found") from None
        ensure_role(role, at_least=Role.EDITOR, action=action)
        # Re-read under the board lock: the row may have changed while we waited for it.
        task = await self._tasks.get(task_id, fresh=True)
        if task is None:  # pragma: no cover - deleted while this request waited for the lock
            raise NotFoundError("task not found")
        return task

    async def _check_assignee(self, board_id: uuid.UUID, assignee_id: uuid.UUID | None) -> None:
        if assignee_id is None:
            return
        if await self._boards.get_membership(board_id, assignee_id) is None:
            raise InvalidInputError(
                "the assignee must be a member of the board", field="assignee_id"
            )
