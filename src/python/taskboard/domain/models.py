"""Value types of the domain: roles, task statuses and the permissions roles carry."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    """A member's role on a board, from least to most powerful."""

    VIEWER = "viewer"
    EDITOR = "editor"
    OWNER = "owner"

    @property
    def rank(self) -> int:
        """Position in the viewer < editor < owner order."""
        return _ROLE_RANK[self]

    def can_edit_tasks(self) -> bool:
        """Editors and owners change tasks; viewers only read."""
        return self.rank >= Role.EDITOR.rank

    def can_manage_board(self) -> bool:
        """Only owners rename or delete a board and manage its members."""
        return self is Role.OWNER


_ROLE_RANK = {Role.VIEWER: 0, Role.EDITOR: 1, Role.OWNER: 2}


class TaskStatus(StrEnum):
    """The column a task sits in."""

    TODO = "todo"
    DOING = "doing"
    DONE = "done"


class EventType(StrEnum):
    """Kinds of change written to the outbox and streamed to subscribers."""

    BOARD_CREATED = "board.created"
    BOARD_UPDATED = "board.updated"
    BOARD_DELETED = "board.deleted"
    MEMBER_ADDED = "member.added"
    MEMBER_UPDATED = "member.updated"
    MEMBER_REMOVED = "member.removed"
    TASK_CREATED = "task.created"
    TASK_UPDATED = "task.updated"
    TASK_DELETED = "task.deleted"
