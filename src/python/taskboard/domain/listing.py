"""What a task listing asks for: its filters, and the keyset cursor of a page."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from taskboard.domain.models import TaskStatus


@dataclass(frozen=True, slots=True)
class TaskFilter:
    """Which tasks of a board a listing returns."""

    status: TaskStatus | None = None
    assignee_id: uuid.UUID | None = None
    text: str | None = None


@dataclass(frozen=True, slots=True)
class TaskKey:
    """A task's place in the listing order (position, then id): the keyset cursor."""

    position: float
    id: uuid.UUID
