"""ETags, If-Match parsing and opaque cursors."""

from __future__ import annotations

import uuid

import pytest
from fastapi.exceptions import RequestValidationError

from taskboard.api.http import decode_cursor, encode_cursor, etag, parse_if_match
from taskboard.domain.rules import Precondition
from taskboard.repositories.tasks import TaskKey


def test_etag_and_if_match_round_trip() -> None:
    assert etag(4) == '"4"'
    assert parse_if_match(None) is None
    assert parse_if_match(" * ") == Precondition(any_version=True)
    assert parse_if_match('"4", W/"5", "x", 6') == Precondition(versions=frozenset({4}))


@pytest.mark.parametrize("position", [0.0, 1024.0, -3.5, 1e-9, 123456789.123])
def test_cursor_round_trip(position: float) -> None:
    key = TaskKey(position, uuid.uuid4())
    cursor = encode_cursor(key)
    assert "=" not in cursor
    assert decode_cursor(cursor) == key


@pytest.mark.parametrize("cursor", ["", "!!!", "bnVsbA", "W3RydWUsImEiXQ", "WzEsMl0", "WzEsMiwzXQ"])
def test_bad_cursors_are_validation_errors(cursor: str) -> None:
    with pytest.raises(RequestValidationError):
        decode_cursor(cursor)
