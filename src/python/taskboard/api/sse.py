"""Server-Sent Events on sse-starlette, with the settings every stream of the API shares.

sse-starlette's `EventSourceResponse` is the transport: it runs the source, heartbeats, the
send timeout, client disconnects, server shutdown and HEAD. `EventStream` only configures it:

- `Cache-Control: no-cache, no-transform`: proxies (the Next.js server included) must not
  gzip and buffer the stream; `X-Accel-Buffering: no` is the library's own.
- Heartbeat comments (`: ping`) every `heartbeat_seconds` keep proxies from closing an idle
  stream and find dead clients.
- A send that stalls longer than `send_timeout` drops the stream with one warning line, not a
  stack trace: the client's EventSource reconnects if it is still there.
- Inside `ending_all_streams()` (`taskboard.server` wraps its shutdown in it) the library's
  shutdown flag is up: every open stream ends with a clean end of response and its EventSource
  reconnects, to another replica if this one is going away. The flag is process-wide, so it is
  lowered again once the server is down, for the next server of the process (tests run many).
- `on_close` runs once the response is over, however it ended (HEAD, which never opens the
  stream, a failing source, a stalled client): where the caller gives back what it reserved.

Every message uses "\\n" line ends, as the benchmark's and the tests' readers expect; the
library's `ServerSentEvent` splits multi-line data into `data:` lines and strips line breaks
from `id` and `event`, so a value cannot forge a field.
"""

from __future__ import annotations

from collections.abc import AsyncIterable, Callable, Iterator, Mapping
from contextlib import contextmanager

from loguru import logger
from sse_starlette import EventSourceResponse, ServerSentEvent
from sse_starlette.sse import AppStatus, SendTimeoutError
from starlette.types import Receive, Scope, Send

__all__ = ["EventStream", "ending_all_streams", "message"]

LINE_END = "\n"
DEFAULT_HEADERS = {"Cache-Control": "no-cache, no-transform"}
# One heartbeat for every stream: encoded per send, built once.
_PING = ServerSentEvent(comment="ping", sep=LINE_END)


def message(
    *,
    data: str | None = None,
    event: str | None = None,
    id: str | None = None,
    retry_ms: int | None = None,
    comment: str | None = None,
) -> ServerSentEvent:
    """One SSE message with this API's line ends."""
    return ServerSentEvent(data, event=event, id=id, retry=retry_ms, comment=comment, sep=LINE_END)


@contextmanager
def ending_all_streams() -> Iterator[None]:
    """End every open stream cleanly while the block runs (the library notices within 0.5 s)."""
    AppStatus.should_exit = True
    try:
        yield
    finally:
        AppStatus.should_exit = False


def _ping() -> ServerSentEvent:
    return _PING


class EventStream(EventSourceResponse):
    """`text/event-stream` of the messages `content` yields, configured as the module says."""

    def __init__(
        self,
        content: AsyncIterable[ServerSentEvent],
        status_code: int = 200,
        *,
        heartbeat_seconds: float = 15.0,
        send_timeout: float = 30.0,
        headers: Mapping[str, str] | None = None,
        on_close: Callable[[], None] | None = None,
    ) -> None:
        # The library reads 0 as "no heartbeats": a stream behind a proxy would then be cut.
        if heartbeat_seconds <= 0:
            msg = f"heartbeat_seconds must be positive, got {heartbeat_seconds}"
            raise ValueError(msg)
        super().__init__(
            content,
            status_code,
            headers={**DEFAULT_HEADERS, **(headers or {})},
            ping=heartbeat_seconds,
            ping_message_factory=_ping,
            sep=LINE_END,
            send_timeout=send_timeout,
        )
        self.on_close = on_close

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve the stream until it ends; see the module docstring for when that is."""
        try:
            await super().__call__(scope, receive, send)
        except SendTimeoutError:
            logger.warning(
                "dropped a stalled event stream: nothing sent for {} s", self.send_timeout
            )
        finally:
            if self.on_close is not None:
                self.on_close()
