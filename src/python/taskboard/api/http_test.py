"""ETags, If-Match parsing and opaque cursors."""

from __future__ import annotations

import re
import uuid

import pytest
from fastapi.exceptions import RequestValidationError

from taskboard.api.http import CURSOR_PATTERN, decode_cursor, encode_cursor, etag, parse_if_match
from taskboard.domain.listing import TaskKey
from taskboard.domain.rules import Precondition


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


@pytest.mark.parametrize("cursor", ["", "!!!", "bnVsbA", "W3RydWUsImEiXQ", "A" * 31, "A" * 33])
def test_bad_cursors_are_validation_errors(cursor: str) -> None:
    with pytest.raises(RequestValidationError):
        decode_cursor(cursor)


@pytest.mark.parametrize(
    ("cursor", "position"),
    [
        ("A" * 32, 0.0),
        ("_" * 32, 1e13),  # NaN: after every task
        ("f_" + "A" * 30, 1e13),  # +inf
        ("__" + "A" * 30, -1e13),  # -inf: before every task
        ("_-" + "_" * 30, -1e13),  # the most negative double
    ],
)
def test_every_cursor_the_pattern_admits_is_a_key(cursor: str, position: float) -> None:
    # The document states the pattern: a request that follows it is never refused.
    assert re.fullmatch(CURSOR_PATTERN, cursor)
    assert decode_cursor(cursor).position == position
