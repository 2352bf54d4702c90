"""Sign-up, sign-in, refresh-token rotation with reuse detection, sign-out."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.exc import IntegrityError

from taskboard.db.tables import User, utcnow
from taskboard.domain.errors import (
    ConflictError,
    InvalidInputError,
    RateLimitedError,
    UnauthenticatedError,
)
from taskboard.domain.rules import password_problems
from taskboard.repositories.users import RefreshTokenRepository, UserRepository
from taskboard.services.passwords import PasswordHasher
from taskboard.services.ratelimit import RateLimiter
from taskboard.services.tokens import TokenCodec, hash_refresh_token, new_refresh_token
from taskboard.services.unit_of_work import UnitOfWork


def normalise_email(email: str) -> str:
    """Emails compare case-insensitively and without surrounding blanks."""
    return email.strip().lower()


@dataclass(frozen=True, slots=True)
class SignIn:
    """Everything a successful sign-in or refresh hands to the client."""

    user: User
    session_id: uuid.UUID
    access_token: str
    refresh_token: str
    csrf_token: str
    expires_in: int


class AuthService:
    """Authentication use cases in one unit of work."""

    def __init__(
        self,
        uow: UnitOfWork,
        *,
        hasher: PasswordHasher,
        codec: TokenCodec,
        limiter: RateLimiter,
        account_limiter: RateLimiter,
        refresh_limiter: RateLimiter,
        refresh_ttl: timedelta,
    ) -> None:
        self._uow = uow
        self._users = UserRepository(uow.session)
        self._tokens = RefreshTokenRepository(uow.session)
        self._hasher = hasher
        self._codec = codec
        self._limiter = limiter
        self._account_limiter = account_limiter
        self._refresh_limiter = refresh_limiter
        self._refresh_ttl = refresh_ttl

    async def register(self, *, email: str, password: str, display_name: str) -> User:
        """Create an account; ConflictError if the email is taken, InvalidInputError if weak."""
        email = normalise_email(email)
        problems = password_problems(password, email=email)
        if problems:
            raise InvalidInputError("password " + "; ".join(problems), field="password")
        if await self._users.get_by_email(email) is not None:
            raise ConflictError("an account with this email already exists", code="email_taken")
        try:
            user = await self._users.add(
                email=email,
                display_name=display_name.strip(),
                password_hash=self._hasher.hash(password),
            )
            await self._uow.commit()
        except IntegrityError as error:  # a concurrent sign-up won the race
            await self._uow.rollback()
            raise ConflictError(
                "an account with this email already exists", code="email_taken"
            ) from error
        return user

    async def login(self, *, email: str, password: str, client: str) -> SignIn:
        """Check credentials and open a sign-in session.

        Rate-limited per client and email, and (more loosely) per email alone: a client that
        forges a new address for every attempt still runs into the second budget.
        """
        email = normalise_email(email)
        key, account_key = f"login:{client}:{email}", f"login:{email}"
        retry_after = await self._limiter.hit(key)
        if retry_after is None:
            retry_after = await self._account_limiter.hit(account_key)
        if retry_after is not None:
            raise RateLimitedError(
                "too many sign-in attempts; try again later", retry_after=retry_after
            )
        user = await self._users.get_by_email(email)
        ok, upgraded = self._hasher.verify(password, None if user is None else user.password_hash)
        if user is None or not ok:
            raise UnauthenticatedError("wrong email or password")
        if upgraded is not None:
            await self._users.set_password_hash(user, upgraded)
        sign_in = await self._open(user, family_id=uuid.uuid4(), now=utcnow())
        await self._uow.commit()
        # After the commit: on SQLite the request's transaction held the write lock until now.
        await self._limiter.reset(key)
        await self._account_limiter.reset(account_key)
        return sign_in

    async def check_refresh_budget(self, *, client: str) -> None:
        """Count a refresh from `client`; RateLimitedError past the budget.

        Call it before anything else on the request's session (see `DatabaseRateLimiter`).
        """
        retry_after = await self._refresh_limiter.hit(f"refresh:{client}")
        if retry_after is not None:
            raise RateLimitedError(
                "too many token refreshes; try again later", retry_after=retry_after
            )

    async def refresh(self, refresh_token: str) -> SignIn:
        """Exchange a refresh token for a new pair; presenting a used one revokes its family."""
        now = utcnow()
        stored = await self._tokens.get_by_hash(hash_refresh_token(refresh_token))
        if stored is None or stored.revoked_at is not None or stored.expires_at <= now:
            raise UnauthenticatedError("the refresh token is invalid or expired")
        if not await self._tokens.mark_used(stored.id, now=now):
            # Already exchanged once: either a thief or the owner replays it. Both lose the
            # session; the owner signs in again, the thief is out.
            await self._tokens.revoke_family(stored.family_id, now=now)
            await self._uow.commit()
            raise UnauthenticatedError("the refresh token was already used; the session is revoked")
        user = await self._users.get(stored.user_id)
        if user is None:  # pragma: no cover - tokens cascade away with their user
            raise UnauthenticatedError("the account no longer exists")
        sign_in = await self._open(user, family_id=stored.family_id, now=now)
        await self._uow.commit()
        return sign_in

    async def logout(self, refresh_token: str | None) -> None:
        """Revoke the sign-in session the refresh token belongs to (if any)."""
        if not refresh_token:
            return
        stored = await self._tokens.get_by_hash(hash_refresh_token(refresh_token))
        if stored is not None:
            await self._tokens.revoke_family(stored.family_id, now=utcnow())
            await self._uow.commit()

    async def session_of_refresh_token(self, refresh_token: str) -> uuid.UUID | None:
        """The sign-in session a refresh token belongs to (binds CSRF checks to it)."""
        stored = await self._tokens.get_by_hash(hash_refresh_token(refresh_token))
        return None if stored is None else stored.family_id

    async def authenticate(self, access_token: str) -> tuple[User, uuid.UUID]:
        """The user and sign-in session of a valid access token from a still-open session."""
        claims = self._codec.read_access(access_token)
        user = await self._users.get_in_live_session(
            claims.user_id, claims.session_id, now=utcnow()
        )
        if user is None:
            raise UnauthenticatedError("the session has ended; sign in again")
        return user, claims.session_id

    async def _open(self, user: User, *, family_id: uuid.UUID, now: datetime) -> SignIn:
        refresh_token = new_refresh_token()
        await self._tokens.add(
            user_id=user.id,
            family_id=family_id,
            token_hash=hash_refresh_token(refresh_token),
            expires_at=now + self._refresh_ttl,
        )
        return SignIn(
            user=user,
            session_id=family_id,
            access_token=self._codec.issue_access(user_id=user.id, session_id=family_id, now=now),
            refresh_token=refresh_token,
            csrf_token=self._codec.csrf_token(family_id),
            expires_in=int(self._codec.access_ttl.total_seconds()),
        )
