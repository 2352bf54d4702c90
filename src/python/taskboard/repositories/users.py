"""Users and their refresh tokens."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import bindparam, exists, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from taskboard.db.tables import RefreshToken, User

# Run by every authenticated request: built once, so only its parameters change per call.
_USER_IN_LIVE_SESSION = select(User).where(
    User.id == bindparam("user_id"),
    exists().where(
        RefreshToken.family_id == bindparam("session_id"),
        RefreshToken.revoked_at.is_(None),
        RefreshToken.expires_at > bindparam("now"),
    ),
)


class UserRepository:
    """Reads and writes `users`."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, user_id: uuid.UUID) -> User | None:
        """The user with this id, if any."""
        return await self._session.get(User, user_id)

    async def get_in_live_session(
        self, user_id: uuid.UUID, session_id: uuid.UUID, *, now: datetime
    ) -> User | None:
        """The user, if its sign-in session still has an unrevoked, unexpired refresh token.

        One query for what authenticating every request needs (the user and the liveness of
        its session, so a sign-out takes effect at once).
        """
        result = await self._session.scalars(
            _USER_IN_LIVE_SESSION, {"user_id": user_id, "session_id": session_id, "now": now}
        )
        return result.one_or_none()

    async def get_by_email(self, email: str) -> User | None:
        """The user with this (normalised) email, if any."""
        result = await self._session.scalars(select(User).where(User.email == email))
        return result.one_or_none()

    async def add(self, *, email: str, display_name: str, password_hash: str) -> User:
        """Insert a user (the caller commits); raises IntegrityError on a duplicate email."""
        user = User(email=email, display_name=display_name, password_hash=password_hash)
        self._session.add(user)
        await self._session.flush()
        return user

    async def set_password_hash(self, user: User, password_hash: str) -> None:
        """Store an upgraded hash of the same password (after a cost change)."""
        user.password_hash = password_hash
        await self._session.flush()

    async def any_exist(self) -> bool:
        """Whether at least one user exists."""
        result = await self._session.scalars(select(User.id).limit(1))
        return result.first() is not None


class RefreshTokenRepository:
    """Reads and writes `refresh_tokens` (hashes only)."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(
        self,
        *,
        user_id: uuid.UUID,
        family_id: uuid.UUID,
        token_hash: str,
        expires_at: datetime,
    ) -> RefreshToken:
        """Store a new refresh token of a family."""
        token = RefreshToken(
            user_id=user_id, family_id=family_id, token_hash=token_hash, expires_at=expires_at
        )
        self._session.add(token)
        await self._session.flush()
        return token

    async def get_by_hash(self, token_hash: str) -> RefreshToken | None:
        """The token stored under this hash, if any."""
        result = await self._session.scalars(
            select(RefreshToken).where(RefreshToken.token_hash == token_hash)
        )
        return result.one_or_none()

    async def mark_used(self, token_id: uuid.UUID, *, now: datetime) -> bool:
        """Atomically mark a live token used; False if someone else already used or revoked it."""
        result = await self._session.execute(
            update(RefreshToken)
            .where(
                RefreshToken.id == token_id,
                RefreshToken.used_at.is_(None),
                RefreshToken.revoked_at.is_(None),
            )
            .values(used_at=now)
            .execution_options(synchronize_session=False)
        )
        return bool(result.rowcount == 1)  # type: ignore[attr-defined]  # CursorResult at runtime

    async def revoke_family(self, family_id: uuid.UUID, *, now: datetime) -> None:
        """Revoke every token of a sign-in session."""
        await self._session.execute(
            update(RefreshToken)
            .where(RefreshToken.family_id == family_id, RefreshToken.revoked_at.is_(None))
            .values(revoked_at=now)
            .execution_options(synchronize_session=False)
        )
