"""FastAPI dependencies and their `Annotated` aliases."""

from __future__ import annotations

import hmac
import uuid
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import APIKeyCookie, HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from taskboard.api.cookies import ACCESS_COOKIE, CSRF_COOKIE, CSRF_HEADER
from taskboard.api.runtime import Runtime, get_runtime, runtime_of
from taskboard.db.tables import User
from taskboard.domain.errors import ForbiddenError, UnauthenticatedError
from taskboard.services.auth import AuthService
from taskboard.services.boards import BoardService
from taskboard.services.tasks import TaskService
from taskboard.services.tokens import TokenCodec
from taskboard.services.unit_of_work import UnitOfWork

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

RuntimeDep = Annotated[Runtime, Depends(get_runtime)]


def _session_factory(request: Request, runtime: Runtime) -> async_sessionmaker[AsyncSession]:
    # Safe methods (GET, HEAD, OPTIONS) only read, so they get a read-only session, which on
    # SQLite does not take the write lock.
    return runtime.read_sessions if request.method in SAFE_METHODS else runtime.sessions


async def get_unit_of_work(request: Request) -> AsyncIterator[UnitOfWork]:
    """The request's transaction with its outbox; uncommitted work is rolled back at the end."""
    # The runtime is read here rather than through RuntimeDep: FastAPI solves a dependency's
    # sub-dependencies again wherever it is used, cached or not, and this one is in every
    # authenticated request's chain (the chains were about a third of a listing's CPU).
    runtime = runtime_of(request.app)
    async with _session_factory(request, runtime)() as session:
        yield UnitOfWork(session, runtime.broker)


# scope="function": the session is closed when the handler returns, not after the response is
# sent, so a long response (an SSE stream) never pins a pooled connection.
UnitOfWorkDep = Annotated[UnitOfWork, Depends(get_unit_of_work, scope="function")]

_bearer = HTTPBearer(auto_error=False, description="Access token from /auth/login")
_access_cookie = APIKeyCookie(
    name=ACCESS_COOKIE, auto_error=False, description="Set by /auth/login (browsers)"
)


def auth_service(uow: UnitOfWork, runtime: Runtime) -> AuthService:
    """The authentication use cases in `uow`."""
    return AuthService(
        uow,
        hasher=runtime.hasher,
        codec=runtime.codec,
        limiter=runtime.limiter,
        account_limiter=runtime.account_limiter,
        refresh_limiter=runtime.refresh_limiter,
        refresh_ttl=timedelta(seconds=runtime.settings.refresh_token_ttl_seconds),
    )


async def get_auth_service(request: Request, uow: UnitOfWorkDep) -> AuthService:
    """The authentication use cases in the request's unit of work."""
    return auth_service(uow, runtime_of(request.app))


AuthServiceDep = Annotated[AuthService, Depends(get_auth_service)]


def check_csrf(request: Request, codec: TokenCodec, session_id: uuid.UUID) -> None:
    """Signed double-submit check for a cookie-authenticated unsafe request.

    The header must repeat the CSRF cookie (another site can neither read the cookie nor set
    the header), and the token must be ours for this very sign-in session (so a token planted
    by a sibling subdomain or left from another session does not pass).
    """
    header = request.headers.get(CSRF_HEADER, "")
    cookie = request.cookies.get(CSRF_COOKIE, "")
    if (
        not header
        or not hmac.compare_digest(header, cookie)
        or not codec.csrf_valid(header, session_id)
    ):
        raise ForbiddenError("missing or invalid CSRF token", code="csrf_failed")


async def get_current_user(
    request: Request,
    uow: UnitOfWorkDep,
    bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    cookie_token: Annotated[str | None, Depends(_access_cookie)],
) -> User:
    """The caller, by bearer token (API clients) or access cookie (browsers, CSRF-checked)."""
    runtime = runtime_of(request.app)
    auth = auth_service(uow, runtime)
    if request.headers.get("Authorization"):
        if bearer is None:  # present but not "Bearer <token>"
            raise UnauthenticatedError("use 'Authorization: Bearer <access token>'")
        user, _ = await auth.authenticate(bearer.credentials)
        return user
    if not cookie_token:
        raise UnauthenticatedError("sign in first")
    user, session_id = await auth.authenticate(cookie_token)
    if request.method not in SAFE_METHODS:
        check_csrf(request, runtime.codec, session_id)
    return user


CurrentUser = Annotated[User, Depends(get_current_user)]


async def get_board_service(uow: UnitOfWorkDep, user: CurrentUser) -> BoardService:
    """Board use cases for the caller."""
    return BoardService(uow, user)


async def get_task_service(uow: UnitOfWorkDep, user: CurrentUser) -> TaskService:
    """Task use cases for the caller."""
    return TaskService(uow, user)


BoardServiceDep = Annotated[BoardService, Depends(get_board_service)]
TaskServiceDep = Annotated[TaskService, Depends(get_task_service)]
