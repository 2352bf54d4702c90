"""Schemas of tasks."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from taskboard.domain.models import TaskStatus

Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Description = Annotated[str, Field(max_length=10_000)]
Position = Annotated[float, Field(allow_inf_nan=False, ge=-1e12, le=1e12)]


class TaskCreate(BaseModel):
    """A new task; without `position` it goes to the end of the board."""

    model_config = ConfigDict(extra="forbid")

    title: Title
    description: Description = ""
    status: TaskStatus = TaskStatus.TODO
    position: Position | None = None
    assignee_id: uuid.UUID | None = None
    due_date: date | None = None


class TaskUpdate(BaseModel):
    """Fields to change; omitted fields stay, `null` clears assignee or due date."""

    model_config = ConfigDict(extra="forbid")

    title: Title | None = None
    description: Description | None = None
    status: TaskStatus | None = None
    position: Position | None = None
    assignee_id: uuid.UUID | None = None
    due_date: date | None = None

    @field_validator("title", "description", "status", "position")
    @classmethod
    def _not_null(cls, value: object) -> object:
        # Only reached for values actually sent: omitting a field is fine, nulling it is not.
        if value is None:
            raise ValueError("may be omitted but not null")
        return value


class TaskPublic(BaseModel):
    """A task; `version` is also sent as the ETag."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    board_id: uuid.UUID
    title: str
    description: str
    status: TaskStatus
    position: float
    assignee_id: uuid.UUID | None
    due_date: date | None
    version: int
    created_at: datetime
    updated_at: datetime


class TaskPage(BaseModel):
    """One page of tasks; pass `next_cursor` as `cursor` for the next (null: last page)."""

    items: list[TaskPublic]
    next_cursor: str | None
