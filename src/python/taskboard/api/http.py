"""HTTP details of tasks: ETags, If-Match and opaque list cursors."""

from __future__ import annotations

import base64
import binascii
import json
import uuid

from fastapi.exceptions import RequestValidationError

from taskboard.domain.rules import Precondition
from taskboard.repositories.tasks import TaskKey


def etag(version: int) -> str:
    """The strong ETag of a task version."""
    return f'"{version}"'


def parse_if_match(header: str | None) -> Precondition | None:
    """An If-Match header as a precondition (None when absent).

    If-Match uses strong comparison (RFC 9110 13.1.1), so weak tags never match; unparsable
    tags simply match nothing.
    """
    if header is None:
        return None
    if header.strip() == "*":
        return Precondition(any_version=True)
    versions: set[int] = set()
    for tag in header.split(","):
        tag = tag.strip()
        if len(tag) >= 3 and tag[0] == tag[-1] == '"' and tag[1:-1].isdigit():
            versions.add(int(tag[1:-1]))
    return Precondition(versions=frozenset(versions))


def encode_cursor(key: TaskKey) -> str:
    """An opaque cursor for "the tasks after this one"."""
    raw = json.dumps([key.position, str(key.id)], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> TaskKey:
    """The key inside a cursor from `encode_cursor`; a 422 problem if it is not one."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        position, task_id = json.loads(raw)
        if isinstance(position, bool) or not isinstance(position, int | float):
            raise TypeError("position")
        return TaskKey(float(position), uuid.UUID(task_id))
    except (binascii.Error, ValueError, TypeError, AttributeError) as error:
        raise RequestValidationError(
            [{"loc": ("query", "cursor"), "msg": "invalid cursor", "type": "value_error"}]
        ) from error
