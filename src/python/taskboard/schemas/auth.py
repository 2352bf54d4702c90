"""Schemas of /auth."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, EmailStr, Field, StringConstraints

from taskboard.domain.rules import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH
from taskboard.schemas.text import NO_NUL, NOT_BLANK, NUL_FREE

# The email of an existing account, to look it up (sign-in, adding a member). Any string is
# looked up: an address sign-up's rules (which may change) would refuse is simply no account,
# a 401 or 404 like any unknown one. The format guides the web's forms.
AccountEmail = Annotated[
    str, Field(min_length=1, max_length=320, json_schema_extra={"format": "email"}), NUL_FREE
]


class UserRegister(BaseModel):
    """Sign-up form. Beyond what the schema states, the server refuses (422) an address at a
    special-use domain (`.test`, `.local`...) and a weak password: one with too few distinct
    characters, a common one, or one containing the email."""

    model_config = ConfigDict(extra="forbid")

    email: EmailStr
    password: Annotated[str, Field(min_length=MIN_PASSWORD_LENGTH, max_length=MAX_PASSWORD_LENGTH)]
    display_name: Annotated[
        str,
        StringConstraints(strip_whitespace=True, min_length=1, max_length=100),
        NO_NUL,
        NOT_BLANK,
    ]


class UserLogin(BaseModel):
    """Sign-in form."""

    model_config = ConfigDict(extra="forbid")

    email: AccountEmail
    password: Annotated[str, Field(min_length=1, max_length=MAX_PASSWORD_LENGTH)]


class UserPublic(BaseModel):
    """A user as the API shows it."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    email: str
    display_name: str
    created_at: datetime


class AuthTokens(BaseModel):
    """A successful sign-in or refresh; the same tokens are also set as cookies."""

    access_token: str
    token_type: Literal["bearer"] = "bearer"  # noqa: S105 - a scheme name, not a secret
    expires_in: int = Field(description="Seconds until the access token expires")
    csrf_token: str = Field(description="Echo in X-CSRF-Token on cookie-authenticated writes")
    user: UserPublic
