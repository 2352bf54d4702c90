"""RFC 9457 problem details: the body of every error response."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class FieldError(BaseModel):
    """One failing input: where it is and what is wrong with it."""

    model_config = ConfigDict(extra="forbid")

    field: str = Field(description="Dotted path of the input, e.g. `body.title`, `query.limit`")
    message: str = Field(description="What is wrong, for people")
    type: str = Field(description="What is wrong, for programs (e.g. `string_too_short`)")


class Problem(BaseModel):
    """An error, as `application/problem+json` (RFC 9457)."""

    model_config = ConfigDict(extra="forbid")

    type: str = Field(default="about:blank", description="Always about:blank: see `code`")
    title: str = Field(description="The HTTP status phrase")
    status: int = Field(description="The HTTP status code")
    detail: str | None = Field(default=None, description="What happened, for people")
    instance: str | None = Field(default=None, description="The path of the failed request")
    code: str = Field(description="The kind of error, for programs to switch on")
    errors: list[FieldError] | None = Field(
        default=None, description="Each failing input (validation errors only)"
    )
