"""Request-context ASGI middleware: request ids, access log, route templates.

Pure ASGI (no `BaseHTTPMiddleware`): nothing is buffered, so streamed responses (SSE) pass
through untouched, and the context variables set here are visible to the endpoint.
"""

from __future__ import annotations

import re
import time
import uuid
import weakref
from collections.abc import Collection, Iterable
from typing import Any

from fastapi.routing import iter_route_contexts
from starlette.routing import Mount, compile_path
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from taskboard.observability.logging import bind_request_id, logger

__all__ = [
    "REQUEST_ID_HEADER",
    "UNMATCHED_ROUTE",
    "AccessLogMiddleware",
    "RequestIdMiddleware",
    "route_template",
]

REQUEST_ID_HEADER = "x-request-id"
# Label for requests no route matched: raw paths would give unbounded metric cardinality.
UNMATCHED_ROUTE = "<unmatched>"
# What proxies and clients commonly send (uuid, hex, base64-ish ids); anything else, e.g.
# spaces, quotes or newlines that could forge log lines, is replaced by a fresh id.
_SAFE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:+/=-]{1,128}")

# Per app: route object -> [(regex, template)] of each place it is included, since FastAPI
# (>= 0.137) leaves the route's own, un-prefixed path in scope["route"].
_Templates = dict[int, list[tuple[re.Pattern[str], str]]]
_template_cache: weakref.WeakKeyDictionary[Any, _Templates] = weakref.WeakKeyDictionary()


def _route_path(scope: Scope) -> str:
    path: str = scope["path"]
    root_path: str = scope.get("root_path", "")
    return path[len(root_path) :] if root_path and path.startswith(root_path) else path


def _templates_for(app: Any) -> _Templates:
    templates: _Templates = {}
    for context in iter_route_contexts(getattr(app, "routes", ())):
        path = getattr(context, "path", None)
        if isinstance(path, str) and not isinstance(context.original_route, Mount):
            regex, template, _ = compile_path(path)
            templates.setdefault(id(context.original_route), []).append((regex, template))
    return templates


def _effective_template(scope: Scope, route: Any) -> str | None:
    app = scope.get("app")
    if app is None:
        return None
    templates = _template_cache.get(app)
    if templates is None or id(route) not in templates:
        # Built lazily and rebuilt on a miss, so routes added after startup are found too.
        templates = _template_cache[app] = _templates_for(app)
    candidates = templates.get(id(route), [])
    if len(candidates) == 1:
        return candidates[0][1]
    route_path = _route_path(scope)
    return next((template for regex, template in candidates if regex.match(route_path)), None)


def route_template(scope: Scope, *, root_path: str = "") -> str | None:
    """Return the matched route's template (`/api/v1/tasks/{task_id}`), or None if unmatched.

    Call it after the app has handled the request: the router records the route in `scope`.
    `root_path` is the scope's root path when the request entered, so the prefix of mounted
    sub-applications is kept but the proxy's prefix is not.
    """
    route = scope.get("route")
    current_root: str = scope.get("root_path", "")
    mount_prefix = current_root[len(root_path) :] if current_root.startswith(root_path) else ""
    if isinstance(route, Mount) or (route is None and mount_prefix):
        # A mounted app without a router of its own (static files), or without a matching
        # route in it: everything after the mount path is a value. (FastAPI, unlike
        # Starlette, records no route for mounts; the grown root_path shows one matched.)
        return mount_prefix.rstrip("/") + "/{path}"
    path_format = getattr(route, "path_format", None)
    if not isinstance(path_format, str):
        return None
    return mount_prefix + (_effective_template(scope, route) or path_format)


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key.lower() == name:
            return bytes(value).decode("latin-1")
    return None


def _with_header(headers: Iterable[tuple[bytes, bytes]], name: bytes, value: bytes) -> list[Any]:
    kept = [(key, val) for key, val in headers if key.lower() != name]
    kept.append((name, value))
    return kept


class RequestIdMiddleware:
    """Accept a safe `X-Request-ID` or make one, bind it for logs, return it on the response.

    Installed outside Starlette's `ServerErrorMiddleware`, so the 500 responses it produces
    carry the header too.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Handle one ASGI connection."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = _header(scope, REQUEST_ID_HEADER.encode())
        request_id = (
            incoming
            if incoming is not None and _SAFE_REQUEST_ID.fullmatch(incoming)
            else uuid.uuid4().hex
        )
        # Downstream code (problem+json errors, tracing) reads the validated id from scope.
        scope.setdefault("state", {})["request_id"] = request_id
        encoded = request_id.encode("latin-1")

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = _with_header(
                    message.get("headers", ()), REQUEST_ID_HEADER.encode(), encoded
                )
            await send(message)

        with bind_request_id(request_id):
            await self.app(scope, receive, send_with_id)


class AccessLogMiddleware:
    """Write one access-log line per request: method, route template, status, duration."""

    def __init__(self, app: ASGIApp, *, skip_paths: Collection[str] = ("/healthz", "/metrics")):
        self.app = app
        self.skip_paths = frozenset(skip_paths)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Handle one ASGI connection."""
        if scope["type"] != "http" or _route_path(scope) in self.skip_paths:
            await self.app(scope, receive, send)
            return
        root_path: str = scope.get("root_path", "")
        started = time.perf_counter()
        status = 500  # what Starlette's error middleware answers if the app raises first

        async def send_with_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        error: BaseException | None = None
        try:
            await self.app(scope, receive, send_with_status)
        except BaseException as exc:
            error = exc
            raise
        finally:
            duration_ms = round((time.perf_counter() - started) * 1000, 2)
            fields = {
                "http_method": scope["method"],
                "http_route": route_template(scope, root_path=root_path) or UNMATCHED_ROUTE,
                "http_path": scope["path"],
                "http_status": status,
                "duration_ms": duration_ms,
            }
            # Cancellation (client gone, server shutting down) is not an application error.
            exception = error if isinstance(error, Exception) else None
            logger.bind(**fields).opt(exception=exception).log(
                "ERROR" if exception is not None or status >= 500 else "INFO",
                "{} {} {} {:.1f}ms",
                scope["method"],
                fields["http_route"],
                status,
                duration_ms,
            )
