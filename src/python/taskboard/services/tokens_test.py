import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from taskboard.domain.errors import UnauthenticatedError
from taskboard.services.tokens import AccessClaims, TokenCodec

KEY = "k" * 48


def _token(codec: TokenCodec, *, now: datetime) -> tuple[str, AccessClaims]:
    claims = AccessClaims(user_id=uuid.uuid4(), session_id=uuid.uuid4())
    token = codec.issue_access(user_id=claims.user_id, session_id=claims.session_id, now=now)
    return token, claims


def test_a_token_reads_back_its_claims_and_is_verified_once() -> None:
    codec = TokenCodec(KEY, access_ttl=timedelta(minutes=5))
    token, claims = _token(codec, now=datetime.now(UTC))
    assert codec.read_access(token) == claims
    assert codec.read_access(token) == claims
    info = codec._verify.cache_info()
    assert (info.hits, info.misses) == (1, 1)


def test_a_remembered_token_still_expires(monkeypatch: pytest.MonkeyPatch) -> None:
    codec = TokenCodec(KEY, access_ttl=timedelta(minutes=5))
    token, claims = _token(codec, now=datetime.now(UTC))
    assert codec.read_access(token) == claims
    later = time.time() + timedelta(minutes=5, seconds=1).total_seconds()
    monkeypatch.setattr(time, "time", lambda: later)
    with pytest.raises(UnauthenticatedError, match="invalid or expired"):
        codec.read_access(token)


@pytest.mark.parametrize(
    "mangle",
    [
        pytest.param(
            lambda token: token[:-4] + ("AAAA" if token[-4:] != "AAAA" else "BBBB"), id="sig"
        ),
        pytest.param(lambda token: "not-a-jwt", id="garbage"),
    ],
)
def test_invalid_tokens_are_refused_every_time_and_never_remembered(
    mangle: Callable[[str], str],
) -> None:
    codec = TokenCodec(KEY, access_ttl=timedelta(minutes=5))
    token, _ = _token(codec, now=datetime.now(UTC))
    for _ in range(2):
        with pytest.raises(UnauthenticatedError):
            codec.read_access(mangle(token))
    assert codec._verify.cache_info().currsize == 0


def test_another_key_or_an_expired_token_is_refused() -> None:
    codec = TokenCodec(KEY, access_ttl=timedelta(minutes=5))
    other = TokenCodec("o" * 48, access_ttl=timedelta(minutes=5))
    token, _ = _token(other, now=datetime.now(UTC))
    with pytest.raises(UnauthenticatedError):
        codec.read_access(token)
    stale, _ = _token(codec, now=datetime.now(UTC) - timedelta(minutes=6))
    with pytest.raises(UnauthenticatedError):
        codec.read_access(stale)
