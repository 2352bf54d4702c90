"""A minimal HTTP/1.1 keep-alive client on asyncio streams, for load generation.

The load generator shares the machine's two cores with the server, so every microsecond it
spends per request is taken from the figure it measures. This client does only what the
benchmark needs (prebuilt requests, Content-Length or chunked bodies, keep-alive) and costs a
fraction of a general client such as httpx (`--client httpx` compares the two).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from dataclasses import dataclass
from typing import Any

_HEAD_END = b"\r\n\r\n"


def build_request(
    method: str,
    path: str,
    *,
    host: str,
    headers: dict[str, str] | None = None,
    json_body: Any = None,
) -> bytes:
    """The bytes of one request, built once and sent many times."""
    body = b"" if json_body is None else json.dumps(json_body).encode()
    lines = [f"{method} {path} HTTP/1.1", f"Host: {host}"]
    lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
    if json_body is not None:
        lines += ["Content-Type: application/json", f"Content-Length: {len(body)}"]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


@dataclass(frozen=True)
class Response:
    """Status, lower-cased headers and body of one response."""

    status: int
    headers: dict[str, str]
    body: bytes


def parse_head(head: bytes) -> tuple[int, dict[str, str]]:
    """Status code and lower-cased headers of a response head (ending in CRLF CRLF)."""
    status_line, *header_lines = head.decode("latin-1").rstrip("\r\n").split("\r\n")
    parts = status_line.split(" ", 2)
    if len(parts) < 2 or not parts[0].startswith("HTTP/1."):
        raise ValueError(f"not an HTTP/1.x response: {status_line!r}")
    headers: dict[str, str] = {}
    for line in header_lines:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return int(parts[1]), headers


async def read_response(reader: asyncio.StreamReader) -> Response:
    """Read one complete response (Content-Length or chunked body)."""
    status, headers = parse_head(await reader.readuntil(_HEAD_END))
    if "content-length" in headers:
        body = await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding", "").lower() == "chunked":
        chunks = []
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            chunks.append(await reader.readexactly(size + 2))
            if size == 0:
                break
        body = b"".join(chunk[:-2] for chunk in chunks)
    else:
        body = b""
    return Response(status, headers, body)


class Connection:
    """One keep-alive connection; reconnects when the server closes it."""

    def __init__(self, host: str, port: int) -> None:
        self._host = host
        self._port = port
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None

    async def request(self, raw: bytes) -> Response:
        """Send prebuilt request bytes and read the response."""
        if self._reader is not None and self._reader.at_eof():
            # The server closed the idle connection (uvicorn: after 5 s): not this request's
            # failure, as a general client would not make it one either.
            await self.close()
        if self._reader is None or self._writer is None:
            self._reader, self._writer = await asyncio.open_connection(self._host, self._port)
        self._writer.write(raw)
        response = await read_response(self._reader)
        if response.headers.get("connection", "").lower() == "close":
            await self.close()
        return response

    async def close(self) -> None:
        """Close the socket (idempotent)."""
        writer, self._reader, self._writer = self._writer, None, None
        if writer is not None:
            writer.close()
            # Already reset by the peer: closed either way.
            with contextlib.suppress(OSError):
                await writer.wait_closed()
