"""Pure rules: owners, positions, preconditions, password strength, role permissions."""

from __future__ import annotations

import pytest

from taskboard.domain.errors import (
    ConflictError,
    PreconditionFailedError,
    PreconditionRequiredError,
)
from taskboard.domain.models import Role
from taskboard.domain.rules import (
    POSITION_STEP,
    Precondition,
    check_precondition,
    ensure_owner_remains,
    next_position,
    password_problems,
)


def test_a_board_keeps_an_owner() -> None:
    ensure_owner_remains([Role.OWNER, Role.VIEWER])
    with pytest.raises(ConflictError) as raised:
        ensure_owner_remains([Role.EDITOR, Role.VIEWER])
    assert raised.value.code == "last_owner"
    with pytest.raises(ConflictError):
        ensure_owner_remains([])


def test_positions_append_with_gaps() -> None:
    assert next_position(None) == POSITION_STEP
    assert next_position(10.0) == 10.0 + POSITION_STEP


def test_preconditions() -> None:
    check_precondition(None, current=3, required=False)
    check_precondition(Precondition(any_version=True), current=3, required=True)
    check_precondition(Precondition(versions=frozenset({2, 3})), current=3, required=True)
    with pytest.raises(PreconditionRequiredError):
        check_precondition(None, current=3, required=True)
    with pytest.raises(PreconditionFailedError):
        check_precondition(Precondition(versions=frozenset({2})), current=3, required=True)


def test_password_strength() -> None:
    assert password_problems("correct horse battery") == []
    assert password_problems("abcd" * 33) == ["must be at most 128 characters long"]
    assert "is a commonly used password" in password_problems("Password123")
    assert password_problems("zed-is-great-1", email="zed@x.io") == []  # local part < 4 chars
    assert password_problems("ziggy-rocks-1", email="ziggy@x.io") == [
        "must not contain the email address"
    ]


def test_role_permissions() -> None:
    assert [r.can_edit_tasks() for r in Role] == [False, True, True]
    assert [r.can_manage_board() for r in Role] == [False, False, True]
    assert Role.VIEWER.rank < Role.EDITOR.rank < Role.OWNER.rank
