"""HTTP security headers and CORS for a JSON API.

The browser reaches the API through the Next.js server on the same origin, so CORS stays
closed unless origins are listed explicitly. Headers are added by pure ASGI middleware:
nothing is buffered, so Server-Sent Events stream through untouched.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from urllib.parse import urlsplit

from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = [
    "API_CONTENT_SECURITY_POLICY",
    "DOCS_CONTENT_SECURITY_POLICY",
    "SecurityHeadersMiddleware",
    "edge_middleware",
    "security_headers",
    "with_cors",
]

# An API answers JSON: it never needs to load, frame or submit anything.
API_CONTENT_SECURITY_POLICY = (
    "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
)
# FastAPI's Swagger UI and ReDoc pages load their bundles from jsDelivr and boot with an
# inline script; under the API policy they would render blank.
DOCS_CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
    "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net https://fonts.googleapis.com; "
    "font-src https://fonts.gstatic.com; img-src 'self' data: https://fastapi.tiangolo.com "
    "https://cdn.redoc.ly; worker-src blob:; connect-src 'self'; frame-ancestors 'none'; "
    "base-uri 'none'; form-action 'none'"
)
_DOCS_PATHS = ("/docs", "/docs/oauth2-redirect", "/redoc")
# Two years, as hstspreload.org asks; sent by the middleware for HTTPS requests only.
_HSTS = (b"strict-transport-security", b"max-age=63072000; includeSubDomains")
_PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)


def security_headers(*, content_security_policy: str) -> list[tuple[bytes, bytes]]:
    """Return the security headers (all but HSTS) as raw ASGI header pairs."""
    headers = {
        "x-content-type-options": "nosniff",
        "x-frame-options": "DENY",
        "referrer-policy": "no-referrer",
        "content-security-policy": content_security_policy,
        "cross-origin-opener-policy": "same-origin",
        # Only affects no-cors loads (img/script tags): CORS fetches are governed by CORS.
        "cross-origin-resource-policy": "same-origin",
        "permissions-policy": _PERMISSIONS_POLICY,
    }
    return [(name.encode(), value.encode()) for name, value in headers.items()]


class SecurityHeadersMiddleware:
    """Add security headers to every HTTP response the app has not set them on itself."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        hsts: bool = False,
        content_security_policy: str = API_CONTENT_SECURITY_POLICY,
        docs_paths: Collection[str] = _DOCS_PATHS,
        docs_content_security_policy: str = DOCS_CONTENT_SECURITY_POLICY,
    ) -> None:
        self.app = app
        self.hsts = hsts
        self.docs_paths = frozenset(docs_paths)
        self._api = security_headers(content_security_policy=content_security_policy)
        self._docs = security_headers(content_security_policy=docs_content_security_policy)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Handle one ASGI connection."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        added = list(self._docs if scope["path"] in self.docs_paths else self._api)
        # Browsers ignore HSTS received over plain HTTP (RFC 6797 section 8.1); the scheme is
        # the client's once uvicorn applied the trusted proxy's X-Forwarded-Proto.
        if self.hsts and scope.get("scheme") == "https":
            added.append(_HSTS)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", ()))
                present = {bytes(key).lower() for key, _ in headers}
                # A route that sets its own policy (e.g. a download) keeps it.
                headers.extend(pair for pair in added if pair[0] not in present)
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


# Headers a browser client of this API sends: auth, JSON, optimistic concurrency, SSE resume,
# CSRF and request correlation.
_CORS_ALLOW_HEADERS = (
    "Authorization",
    "Content-Type",
    "If-Match",
    "If-None-Match",
    "Last-Event-ID",
    "X-CSRF-Token",
    "X-Request-ID",
)
_CORS_EXPOSE_HEADERS = ("ETag", "Location", "Retry-After", "X-Request-ID")
_CORS_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


def _validate_origin(origin: str) -> str:
    parts = urlsplit(origin)
    if (
        parts.scheme not in ("http", "https")
        or not parts.hostname
        or parts.path
        or parts.query
        or parts.fragment
        or parts.username
    ):
        # "*" and paths are refused: with credentials, browsers need the exact origin.
        msg = f"CORS origin must be scheme://host[:port], got {origin!r}"
        raise ValueError(msg)
    return origin


def with_cors(
    app: ASGIApp,
    *,
    allow_origins: Sequence[str],
    allow_headers: Sequence[str] = _CORS_ALLOW_HEADERS,
    expose_headers: Sequence[str] = _CORS_EXPOSE_HEADERS,
    max_age: int = 600,
) -> ASGIApp:
    """Wrap `app` to allow credentialed cross-origin requests from exactly `allow_origins`.

    With no origins `app` is returned as is: the browser's same-origin policy stays in force.
    Wrap outside Starlette's error middleware, or browsers hide 500 responses as CORS errors.
    """
    origins = [_validate_origin(origin) for origin in allow_origins]
    if not origins:
        return app
    return CORSMiddleware(
        app,
        allow_origins=origins,
        allow_credentials=True,
        allow_methods=list(_CORS_METHODS),
        allow_headers=list(allow_headers),
        expose_headers=list(expose_headers),
        max_age=max_age,
    )


def edge_middleware(*, cors_origins: Sequence[str], hsts: bool) -> Callable[[ASGIApp], ASGIApp]:
    """The API's outermost layers, security headers outside CORS, for `install_observability`'s
    `edge`: there they wrap Starlette's error middleware, so 500s and preflights get them too.
    """

    def wrap(app: ASGIApp) -> ASGIApp:
        return SecurityHeadersMiddleware(with_cors(app, allow_origins=cors_origins), hsts=hsts)

    return wrap
