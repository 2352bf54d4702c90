"""/auth: sign-up, sign-in, refresh, sign-out, current user."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Cookie, Request, Response, status

from taskboard.api.cookies import REFRESH_COOKIE, clear_auth_cookies, set_auth_cookies
from taskboard.api.deps import AuthServiceDep, CurrentUser, RuntimeDep, check_csrf
from taskboard.domain.errors import UnauthenticatedError
from taskboard.schemas.auth import AuthTokens, UserLogin, UserPublic, UserRegister
from taskboard.services.auth import SignIn

router = APIRouter(prefix="/auth", tags=["auth"])

RefreshCookie = Annotated[str | None, Cookie(alias=REFRESH_COOKIE, include_in_schema=False)]


def client_address(request: Request) -> str:
    """The client's address: uvicorn takes it from X-Forwarded-For of trusted proxies only."""
    return request.client.host if request.client else "unknown"


def _tokens(sign_in: SignIn) -> AuthTokens:
    return AuthTokens(
        access_token=sign_in.access_token,
        expires_in=sign_in.expires_in,
        csrf_token=sign_in.csrf_token,
        user=UserPublic.model_validate(sign_in.user),
    )


@router.post("/register", name="register", status_code=status.HTTP_201_CREATED)
async def register(body: UserRegister, auth: AuthServiceDep) -> UserPublic:
    """Create an account (409 if the email is taken, 422 if the password is weak)."""
    user = await auth.register(
        email=str(body.email), password=body.password, display_name=body.display_name
    )
    return UserPublic.model_validate(user)


@router.post("/login", name="login")
async def login(
    body: UserLogin, request: Request, response: Response, auth: AuthServiceDep, runtime: RuntimeDep
) -> AuthTokens:
    """Sign in: the access token in the body and all tokens as cookies (rate-limited: 429)."""
    sign_in = await auth.login(
        email=str(body.email), password=body.password, client=client_address(request)
    )
    set_auth_cookies(response, sign_in, runtime.settings)
    return _tokens(sign_in)


@router.post("/refresh", name="refresh")
async def refresh(
    request: Request,
    response: Response,
    auth: AuthServiceDep,
    runtime: RuntimeDep,
    refresh_token: RefreshCookie = None,
) -> AuthTokens:
    """Rotate the refresh cookie; replaying an old one ends the whole sign-in session."""
    await auth.check_refresh_budget(client=client_address(request))
    if not refresh_token:
        raise UnauthenticatedError("no refresh token")
    session_id = await auth.session_of_refresh_token(refresh_token)
    if session_id is not None:
        check_csrf(request, runtime.codec, session_id)
    sign_in = await auth.refresh(refresh_token)
    set_auth_cookies(response, sign_in, runtime.settings)
    return _tokens(sign_in)


@router.post("/logout", name="logout", status_code=status.HTTP_204_NO_CONTENT)
async def logout(
    request: Request, auth: AuthServiceDep, runtime: RuntimeDep, refresh_token: RefreshCookie = None
) -> Response:
    """End the sign-in session of the refresh cookie and clear the cookies."""
    if refresh_token:
        session_id = await auth.session_of_refresh_token(refresh_token)
        if session_id is not None:
            check_csrf(request, runtime.codec, session_id)
        await auth.logout(refresh_token)
    response = Response(status_code=status.HTTP_204_NO_CONTENT)
    clear_auth_cookies(response, runtime.settings)
    return response


@router.get("/me", name="me")
async def me(user: CurrentUser) -> UserPublic:
    """The signed-in user."""
    return UserPublic.model_validate(user)
