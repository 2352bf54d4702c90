"""HTTP details of tasks: ETags, If-Match and opaque list cursors."""

from __future__ import annotations

import base64
import math
import re
import struct
import uuid

from fastapi.exceptions import RequestValidationError

from taskboard.domain.listing import TaskKey
from taskboard.domain.rules import Precondition


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


# A cursor is the base64url (unpadded) of 24 bytes: the position as a big-endian IEEE 754
# double, then the task id's 16 bytes. 32 characters always make exactly 24 bytes, so every
# string the pattern admits is a cursor: the document can state the format whole, and a client
# (or a fuzzer) that follows it is never refused.
CURSOR_PATTERN = "^[A-Za-z0-9_-]{32}$"
_CURSOR = struct.Struct(">d16s")
_CURSOR_RE = re.compile(CURSOR_PATTERN)
# Positions are kept within +-1e12 (schemas.tasks.Position): a key beyond them, or not a
# number, is a place before or after every task, which the listing's comparisons handle.
_POSITION_BOUND = 1e13


def encode_cursor(key: TaskKey) -> str:
    """An opaque cursor for "the tasks after this one"."""
    raw = _CURSOR.pack(key.position, key.id.bytes)
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> TaskKey:
    """The key inside a cursor of `CURSOR_PATTERN`; a 422 problem if it is not one."""
    if not _CURSOR_RE.fullmatch(cursor):
        raise RequestValidationError(
            [{"loc": ("query", "cursor"), "msg": "invalid cursor", "type": "value_error"}]
        )
    position, id_bytes = _CURSOR.unpack(base64.urlsafe_b64decode(cursor))
    if math.isnan(position):
        position = _POSITION_BOUND
    return TaskKey(max(-_POSITION_BOUND, min(_POSITION_BOUND, position)), uuid.UUID(bytes=id_bytes))
