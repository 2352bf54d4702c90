"""The browser's auth cookies: access and refresh tokens (HttpOnly) and the CSRF token."""

from __future__ import annotations

from fastapi import Response

from taskboard.services.auth import SignIn
from taskboard.settings import Settings

ACCESS_COOKIE = "tb_access"
REFRESH_COOKIE = "tb_refresh"
CSRF_COOKIE = "tb_csrf"
CSRF_HEADER = "X-CSRF-Token"
# The refresh token only ever travels to the endpoints that need it.
REFRESH_COOKIE_PATH = "/api/v1/auth"


def set_auth_cookies(response: Response, sign_in: SignIn, settings: Settings) -> None:
    """Set all three cookies for a new or refreshed sign-in."""
    secure = settings.cookie_secure
    response.set_cookie(
        ACCESS_COOKIE,
        sign_in.access_token,
        max_age=settings.access_token_ttl_seconds,
        path="/",
        secure=secure,
        httponly=True,
        samesite="lax",
    )
    response.set_cookie(
        REFRESH_COOKIE,
        sign_in.refresh_token,
        max_age=settings.refresh_token_ttl_seconds,
        path=REFRESH_COOKIE_PATH,
        secure=secure,
        httponly=True,
        samesite="strict",
    )
    # Readable by the page's script, which echoes it in the X-CSRF-Token header.
    response.set_cookie(
        CSRF_COOKIE,
        sign_in.csrf_token,
        max_age=settings.refresh_token_ttl_seconds,
        path="/",
        secure=secure,
        httponly=False,
        samesite="lax",
    )


def clear_auth_cookies(response: Response, settings: Settings) -> None:
    """Expire all three cookies."""
    secure = settings.cookie_secure
    response.delete_cookie(ACCESS_COOKIE, path="/", secure=secure, httponly=True, samesite="lax")
    response.delete_cookie(
        REFRESH_COOKIE, path=REFRESH_COOKIE_PATH, secure=secure, httponly=True, samesite="strict"
    )
    response.delete_cookie(CSRF_COOKIE, path="/", secure=secure, httponly=False, samesite="lax")
