"""Schemas of tasks."""

from __future__ import annotations

import re
import uuid
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
)

from taskboard.domain.models import TaskStatus
from taskboard.schemas.json_schema import without_null
from taskboard.schemas.text import NO_NUL, NOT_BLANK

Title = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=200),
    NO_NUL,
    NOT_BLANK,
]
Description = Annotated[str, Field(max_length=10_000), NO_NUL]
# Strict: a JSON number, not also the text of one (pydantic's lax mode would read "1.5").
Position = Annotated[float, Field(strict=True, allow_inf_nan=False, ge=-1e12, le=1e12)]
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _date_text(value: object) -> object:
    # JSON has no dates: `format: date` is the text YYYY-MM-DD. Pydantic's lax mode would also
    # read a number, or a string of digits, as a Unix timestamp.
    if isinstance(value, date) or (isinstance(value, str) and _ISO_DATE.fullmatch(value)):
        return value
    raise ValueError("must be a date as YYYY-MM-DD")


DueDate = Annotated[date, BeforeValidator(_date_text)]


class TaskCreate(BaseModel):
    """A new task; without `position` it goes to the end of the board."""

    model_config = ConfigDict(extra="forbid")

    title: Title
    description: Description = ""
    status: TaskStatus = TaskStatus.TODO
    position: Position | None = None
    assignee_id: uuid.UUID | None = None
    due_date: DueDate | None = None


# Fields a PATCH may leave out but not clear.
_NOT_NULL = ("title", "description", "status", "position")


def _patch_schema(schema: dict[str, Any]) -> None:
    # What the server does: an omitted field stays as it is (so no field has a default), and
    # only the assignee and the due date take null.
    properties = schema.get("properties", {})
    for name, field in properties.items():
        field.pop("default", None)
        if name in _NOT_NULL:
            properties[name] = without_null(field)


class TaskUpdate(BaseModel):
    """Fields to change; omitted fields stay, `null` clears assignee or due date."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=_patch_schema)

    title: Title | None = None
    description: Description | None = None
    status: TaskStatus | None = None
    position: Position | None = None
    assignee_id: uuid.UUID | None = None
    due_date: DueDate | None = None

    @field_validator(*_NOT_NULL)
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
