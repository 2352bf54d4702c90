"""Access tokens (JWT), refresh tokens (random, stored hashed) and CSRF tokens."""

from __future__ import annotations

import functools
import hashlib
import hmac
import secrets
import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

import jwt

from taskboard.domain.errors import UnauthenticatedError

ALGORITHM = "HS256"
ISSUER = "taskboard"
ACCESS_AUDIENCE = "taskboard-api"
# Verified access tokens remembered per process. A client sends the same token with every
# request for its whole lifetime, and verifying it (base64, JSON, HMAC, claim checks) was
# about a tenth of an authenticated request's CPU. Only valid tokens are kept, so garbage
# cannot flush the cache; ~0.5 KiB each.
VERIFIED_TOKEN_CACHE_SIZE = 4096


@dataclass(frozen=True, slots=True)
class AccessClaims:
    """What a verified access token says."""

    user_id: uuid.UUID
    session_id: uuid.UUID


@dataclass(frozen=True, slots=True)
class _Verified:
    claims: AccessClaims
    expires_at: float  # the token's `exp`, seconds since the epoch


class TokenCodec:
    """Signs and checks the service's tokens with SECRET_KEY."""

    def __init__(self, secret_key: str, *, access_ttl: timedelta) -> None:
        self._key = secret_key.encode()
        self.access_ttl = access_ttl
        # Per instance (a cache on the method would keep every codec alive); exceptions are
        # never cached, so an invalid token is checked, and refused, every time.
        self._verify = functools.lru_cache(maxsize=VERIFIED_TOKEN_CACHE_SIZE)(self._decode)

    def issue_access(self, *, user_id: uuid.UUID, session_id: uuid.UUID, now: datetime) -> str:
        """A short-lived signed access token for this user and sign-in session."""
        claims = {
            "iss": ISSUER,
            "aud": ACCESS_AUDIENCE,
            "sub": str(user_id),
            "sid": str(session_id),
            "iat": now,
            "exp": now + self.access_ttl,
        }
        return jwt.encode(claims, self._key, algorithm=ALGORITHM)

    def read_access(self, token: str) -> AccessClaims:
        """The claims of a valid, unexpired access token; UnauthenticatedError otherwise.

        The signature and claims of a token seen before are not checked again, its expiry is.
        """
        verified = self._verify(token)
        if verified.expires_at <= time.time():
            raise UnauthenticatedError("the access token is invalid or expired")
        return verified.claims

    def _decode(self, token: str) -> _Verified:
        try:
            claims = jwt.decode(
                token,
                self._key,
                algorithms=[ALGORITHM],
                audience=ACCESS_AUDIENCE,
                issuer=ISSUER,
                options={"require": ["exp", "iat", "sub", "sid"]},
            )
            return _Verified(
                AccessClaims(user_id=uuid.UUID(claims["sub"]), session_id=uuid.UUID(claims["sid"])),
                expires_at=float(claims["exp"]),
            )
        except (jwt.InvalidTokenError, ValueError) as error:
            raise UnauthenticatedError("the access token is invalid or expired") from error

    def csrf_token(self, session_id: uuid.UUID) -> str:
        """A CSRF token bound to a sign-in session (OWASP "signed double-submit cookie")."""
        nonce = secrets.token_urlsafe(16)
        return f"{nonce}.{self._csrf_mac(session_id, nonce)}"

    def csrf_valid(self, token: str, session_id: uuid.UUID) -> bool:
        """Whether `token` was issued by us for this sign-in session."""
        nonce, _, mac = token.partition(".")
        return bool(nonce) and hmac.compare_digest(mac, self._csrf_mac(session_id, nonce))

    def _csrf_mac(self, session_id: uuid.UUID, nonce: str) -> str:
        message = f"csrf:{session_id}:{nonce}".encode()
        return hmac.new(self._key, message, hashlib.sha256).hexdigest()


def new_refresh_token() -> str:
    """A fresh opaque refresh token (256 bits)."""
    return secrets.token_urlsafe(32)


def hash_refresh_token(token: str) -> str:
    """What is stored for a refresh token: a high-entropy secret needs no slow hash."""
    return hashlib.sha256(token.encode()).hexdigest()
