"""Request size limits, enforced before the app reads a byte of the body.

- Headers larger in total than `max_header_bytes`: 431 `request_headers_too_large`.
- A body larger than `max_body_bytes`: 413 `request_body_too_large`. A declared
  `Content-Length` is judged up front (the server frames the body to it, so nothing longer can
  follow); a chunked body, with no length, is read here up to the limit and handed to the app
  whole, so the app never starts on a body it would have to abandon.

The reverse proxies bound headers first (Traefik's `maxHeaderBytes`), but a replica reached
directly keeps the same limits. Each answer is problem+json, logged and counted like any other.
"""

from __future__ import annotations

from http import HTTPStatus

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from taskboard.api.problems import problem

_CODES = {
    HTTPStatus.REQUEST_ENTITY_TOO_LARGE: "request_body_too_large",
    HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE: "request_headers_too_large",
}


class RequestLimitsMiddleware:
    """Refuse requests whose headers or body exceed the configured sizes."""

    def __init__(self, app: ASGIApp, *, max_body_bytes: int, max_header_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.max_header_bytes = max_header_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Handle one ASGI connection."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers: list[tuple[bytes, bytes]] = scope["headers"]
        header_bytes = sum(len(name) + len(value) for name, value in headers)
        if header_bytes > self.max_header_bytes:
            detail = (
                f"the request's headers take {header_bytes} bytes; "
                f"the most this API reads is {self.max_header_bytes}"
            )
            await self._refuse(
                scope, receive, send, HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, detail
            )
            return
        length = _content_length(headers)
        if length is not None:
            if length > self.max_body_bytes:
                await self._refuse_body(scope, receive, send, f"{length} bytes")
                return
            await self.app(scope, receive, send)
            return
        if not any(name == b"transfer-encoding" for name, _ in headers):
            await self.app(scope, receive, send)  # no body at all (GET, DELETE...)
            return
        body = await self._read_chunked(receive)
        if body is None:
            await self._refuse_body(scope, receive, send, "more")
            return
        await self.app(scope, _replay(body, receive), send)

    async def _read_chunked(self, receive: Receive) -> bytes | None:
        """The whole body, or None once it passes the limit (the rest is left unread)."""
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":  # the client left; the app sees it too
                return b"".join(chunks)
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body_bytes:
                return None
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks)

    async def _refuse_body(self, scope: Scope, receive: Receive, send: Send, size: str) -> None:
        detail = f"the request's body is {size} than the {self.max_body_bytes} bytes this API reads"
        await self._refuse(scope, receive, send, HTTPStatus.REQUEST_ENTITY_TOO_LARGE, detail)

    @staticmethod
    async def _refuse(
        scope: Scope, receive: Receive, send: Send, status: HTTPStatus, detail: str
    ) -> None:
        # The body is left unread: the server closes the connection after this answer.
        headers = {"Connection": "close"}
        request = Request(scope)
        code = _CODES[status]
        response = problem(status, request=request, detail=detail, code=code, headers=headers)
        await response(scope, receive, send)


def _content_length(headers: list[tuple[bytes, bytes]]) -> int | None:
    for name, value in headers:
        # The server already refused a malformed length (400) before the app was called.
        if name == b"content-length" and value.isdigit():
            return int(value)
    return None


def _replay(body: bytes, receive: Receive) -> Receive:
    """`receive` that first gives the buffered body in one message, then the server's."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if sent:
            return await receive()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replay
