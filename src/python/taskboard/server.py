"""Serve the API with uvicorn: `HOST`/`PORT`, trusted proxy headers, graceful shutdown.

On SIGTERM (or SIGINT) uvicorn stops accepting connections at once, asks keep-alive
connections to close, lets in-flight requests finish for up to `GRACEFUL_TIMEOUT` seconds
and cancels what is left. Open SSE streams are ended cleanly as shutdown begins (they would
never finish on their own); their clients reconnect, to another replica. The process then
exits 0, so orchestrators see a clean stop.

With `DRAIN_DELAY` seconds, the first signal only fails readiness (`/readyz` 503) and the server
keeps accepting for that long, so a load balancer stops routing to it first; then the above.

Environment: `HOST` (127.0.0.1), `PORT` (8000), `GRACEFUL_TIMEOUT` (10), `DRAIN_DELAY` (0),
`FORWARDED_ALLOW_IPS` (proxies trusted for X-Forwarded-*; uvicorn's default: loopback),
`LOG_LEVEL` (INFO), `LOG_JSON` (true outside `ENVIRONMENT=development`, as the settings).
"""

from __future__ import annotations

import argparse
import gc
import os
import signal
import socket
import sys
import time
from collections.abc import Mapping, Sequence
from types import FrameType
from typing import Any

import uvicorn

from taskboard.api.sse import ending_all_streams
from taskboard.lifecycle import start_draining
from taskboard.observability.logging import configure_logging

__all__ = ["DEFAULT_APP", "log_json", "main", "server_config"]

# Imported by uvicorn from this string, so importing this module stays cheap and tests can
# point the same entry point at another factory.
DEFAULT_APP = "taskboard.api.main:create_app"
# Longer than any load balancer needs to notice; past it, a value is a typo.
MAX_DRAIN_DELAY_SECONDS = 600


def _positive_int(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    value = int(raw)
    if value <= 0:
        msg = f"{name} must be a positive integer, got {raw!r}"
        raise ValueError(msg)
    return value


def _seconds(env: Mapping[str, str], name: str, default: float) -> float:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    value = float(raw)
    if not 0 <= value <= MAX_DRAIN_DELAY_SECONDS:
        msg = f"{name} must be between 0 and {MAX_DRAIN_DELAY_SECONDS} seconds, got {raw!r}"
        raise ValueError(msg)
    return value


def server_config(app: str, env: Mapping[str, str], **overrides: Any) -> uvicorn.Config:
    """Build the uvicorn configuration for app factory `app` from `env` (and `overrides`)."""
    settings: dict[str, Any] = {
        "factory": True,
        "host": env.get("HOST", "127.0.0.1"),
        "port": _positive_int(env, "PORT", 8000),
        "timeout_graceful_shutdown": _positive_int(env, "GRACEFUL_TIMEOUT", 10),
        # Scheme and client address come from X-Forwarded-* only from these proxies.
        "proxy_headers": True,
        "forwarded_allow_ips": env.get("FORWARDED_ALLOW_IPS") or None,
        # Logging is ours (Loguru JSON); uvicorn's dictConfig would add its own handlers,
        # and our middleware writes a richer access line.
        "log_config": None,
        "access_log": False,
        "server_header": False,  # no version banner for scanners
        # One process per container; scale with replicas (metrics are per process).
        "workers": None,
    }
    return uvicorn.Config(app, **(settings | overrides))


class Server(uvicorn.Server):
    """uvicorn's server: an optional drain delay, and open SSE streams ended at shutdown."""

    def __init__(self, config: uvicorn.Config, *, drain_delay: float = 0.0) -> None:
        super().__init__(config)
        self.drain_delay = drain_delay
        self._exit_at: float | None = None

    def handle_exit(self, sig: int, frame: FrameType | None) -> None:
        """First SIGTERM/SIGINT with a drain delay: fail readiness, keep serving, then stop."""
        if self.drain_delay > 0 and self._exit_at is None and not self.should_exit:
            start_draining()
            self._exit_at = time.monotonic() + self.drain_delay
            return
        # No delay, or a second signal: shut down now (uvicorn forces on a second SIGINT).
        super().handle_exit(sig, frame)

    async def on_tick(self, counter: int) -> bool:
        """uvicorn's 0.1 s tick; it also ends the drain delay."""
        if self._exit_at is not None and time.monotonic() >= self._exit_at:
            self.should_exit = True
        return await super().on_tick(counter)

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        """Start (the app's lifespan included), then take what start-up built out of the GC."""
        await super().startup(sockets=sockets)
        settle_garbage_collector()

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        """Stop accepting, end SSE streams, then let uvicorn drain what is in flight."""
        with ending_all_streams():
            await super().shutdown(sockets=sockets)


# Young objects collected per collection: Python's 700 suits short scripts; a server allocates
# thousands per request and per broadcast, most of them freed by reference counting anyway.
GC_YOUNG_THRESHOLD = 50_000


def settle_garbage_collector() -> None:
    """Keep full collections off the request path once the app has started.

    Start-up leaves hundreds of thousands of objects that live as long as the process (modules,
    schemas, the ORM's mappers): `gc.freeze()` moves them out of every later collection. A
    larger young threshold makes collections rarer. Cycles are still collected.
    """
    gc.collect()
    gc.freeze()
    _, middle, old = gc.get_threshold()
    gc.set_threshold(GC_YOUNG_THRESHOLD, middle, old)


def log_json(env: Mapping[str, str]) -> bool:
    """`LOG_JSON` if set, else what the settings default to: text in development only."""
    raw = env.get("LOG_JSON", "").strip().lower()
    if raw:
        return raw not in ("0", "false", "no")
    return env.get("ENVIRONMENT", "development").strip().lower() != "development"


def _exit_cleanly(signum: int, frame: FrameType | None) -> None:
    # uvicorn re-raises the signal it handled once it has shut down gracefully; with the
    # default handler SIGTERM would then kill the process (exit status -15).
    sys.exit(0)


def main(argv: Sequence[str] | None = None) -> None:
    """Run the API server until SIGTERM/SIGINT, then shut down gracefully."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("app", nargs="?", default=DEFAULT_APP, help="app factory, module:function")
    args = parser.parse_args(argv)
    env = os.environ
    # Before uvicorn starts, so its own start-up lines are JSON too; the app factory
    # configures logging again from its settings (idempotent).
    configure_logging(level=env.get("LOG_LEVEL", "INFO"), json=log_json(env))
    config = server_config(args.app, env)
    signal.signal(signal.SIGTERM, _exit_cleanly)
    signal.signal(signal.SIGINT, _exit_cleanly)
    Server(config, drain_delay=_seconds(env, "DRAIN_DELAY", 0.0)).run()


if __name__ == "__main__":
    main()
