"""Pure rules of the task board: ownership, task positions, optimistic concurrency, passwords."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from taskboard.domain.errors import (
    ConflictError,
    PreconditionFailedError,
    PreconditionRequiredError,
)
from taskboard.domain.models import Role

POSITION_STEP = 1024.0
MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 128


def ensure_owner_remains(roles_after_change: Iterable[Role]) -> None:
    """Refuse a membership change that would leave a board without an owner."""
    if Role.OWNER not in roles_after_change:
        raise ConflictError("a board must keep at least one owner", code="last_owner")


def next_position(last_position: float | None) -> float:
    """Position for a task appended after the current last one."""
    return POSITION_STEP if last_position is None else last_position + POSITION_STEP


@dataclass(frozen=True, slots=True)
class Precondition:
    """The versions a client accepts changing (an If-Match header): some, or any (`*`)."""

    versions: frozenset[int] = frozenset()
    any_version: bool = False

    def matches(self, current: int) -> bool:
        """Whether the stored version satisfies the precondition."""
        return self.any_version or current in self.versions


def check_precondition(precondition: Precondition | None, *, current: int, required: bool) -> None:
    """Refuse a change the client made against a version that is no longer current."""
    if precondition is None:
        if required:
            raise PreconditionRequiredError("send If-Match with the task's ETag to change it")
        return
    if not precondition.matches(current):
        raise PreconditionFailedError("the task was changed by someone else; reload it and retry")


def password_problems(password: str, *, email: str | None = None) -> list[str]:
    """Reasons a password is too weak (empty list when it is acceptable)."""
    problems: list[str] = []
    if len(password) < MIN_PASSWORD_LENGTH:
        problems.append(f"must be at least {MIN_PASSWORD_LENGTH} characters long")
    if len(password) > MAX_PASSWORD_LENGTH:
        problems.append(f"must be at most {MAX_PASSWORD_LENGTH} characters long")
    if len(set(password)) < 4:
        problems.append("must not repeat so few distinct characters")
    lowered = password.lower()
    if lowered in _COMMON_PASSWORDS:
        problems.append("is a commonly used password")
    if email:
        local = email.split("@", 1)[0].lower()
        if len(local) >= 4 and local in lowered:
            problems.append("must not contain the email address")
    return problems


# The handful that pass the length rule yet top every breach list. A real deployment would
# check a breached-password corpus (e.g. k-anonymity range queries); this keeps the idea offline.
_COMMON_PASSWORDS = frozenset(
    {
        "1234567890",
        "12345678910",
        "0123456789",
        "qwertyuiop",
        "password123",
        "password1234",
        "iloveyou123",
        "1q2w3e4r5t",
        "qwerty12345",
        "abcdefghij",
        "letmein123",
        "welcome123",
        "administrator",
    }
)
