"""Schemas of boards and members."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints

from taskboard.domain.models import Role
from taskboard.schemas.auth import AccountEmail
from taskboard.schemas.text import NO_NUL, NOT_BLANK

BoardName = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=200),
    NO_NUL,
    NOT_BLANK,
]


class BoardCreate(BaseModel):
    """A new board."""

    model_config = ConfigDict(extra="forbid")

    name: BoardName


class BoardUpdate(BaseModel):
    """Changes to a board."""

    model_config = ConfigDict(extra="forbid")

    name: BoardName


class BoardData(BaseModel):
    """A board as every member sees it: what board.* events carry."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    name: str
    created_at: datetime
    updated_at: datetime


class BoardPublic(BoardData):
    """A board, with the caller's role on it."""

    role: Role


class MemberCreate(BaseModel):
    """Add an existing user to a board."""

    model_config = ConfigDict(extra="forbid")

    email: AccountEmail
    role: Role = Role.EDITOR


class MemberUpdate(BaseModel):
    """Change a member's role."""

    model_config = ConfigDict(extra="forbid")

    role: Role


class MemberPublic(BaseModel):
    """A member of a board."""

    user_id: uuid.UUID
    email: str
    display_name: str
    role: Role
    joined_at: datetime
