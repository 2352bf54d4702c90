from __future__ import annotations

import gc
import json
import os
import signal
import socket
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn

from taskboard import server
from taskboard.testing.net import free_port

# A tiny app factory the server process imports by string, as it would the real one.
FACTORY = textwrap.dedent(
    """
    import asyncio
    import os
    from pathlib import Path

    from fastapi import FastAPI, Response

    from taskboard.api.sse import EventStream, message
    from taskboard.lifecycle import is_draining


    def create_app() -> FastAPI:
        app = FastAPI()

        @app.get("/healthz")
        async def healthz() -> str:
            return "ok"

        @app.get("/readyz")
        async def readyz() -> Response:
            return Response(status_code=503 if is_draining() else 200)

        @app.get("/slow")
        async def slow(seconds: float) -> dict[str, float]:
            Path(os.environ["MARKER"]).touch()  # tells the test the request is in flight
            await asyncio.sleep(seconds)
            return {"slept": seconds}

        @app.get("/events")
        async def events() -> EventStream:
            async def ticks():
                while True:
                    yield message(data="tick")
                    await asyncio.sleep(0.1)

            return EventStream(ticks())

        return app
    """
)

SRC = Path(__file__).resolve().parents[1]


class Served:
    def __init__(self, process: subprocess.Popen[bytes], port: int, marker: Path, log: Path):
        self.process, self.port, self.marker, self.log = process, port, marker, log
        self.url = f"http://127.0.0.1:{port}"

    def refuses_connections(self) -> bool:
        try:
            socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
        except ConnectionRefusedError:
            return True
        return False

    def log_lines(self) -> list[dict[str, Any]]:
        return [json.loads(line) for line in self.log.read_text().splitlines() if line]


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[Callable[..., Served]]:
    (tmp_path / "slowapp.py").write_text(FACTORY)
    started: list[subprocess.Popen[bytes]] = []

    def start(graceful_timeout: int, drain_delay: float = 0) -> Served:
        port, marker, log = free_port(), tmp_path / "in-flight", tmp_path / "stdout.log"
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join([str(tmp_path), str(SRC)]),
            "HOST": "127.0.0.1",
            "PORT": str(port),
            "GRACEFUL_TIMEOUT": str(graceful_timeout),
            "DRAIN_DELAY": str(drain_delay),
            "MARKER": str(marker),
            "OTEL_SDK_DISABLED": "true",
            # The log lines are read back as JSON.
            "LOG_JSON": "true",
        }
        command = [sys.executable, "-m", "taskboard.server", "slowapp:create_app"]
        with log.open("wb") as stdout:
            process = subprocess.Popen(command, env=env, stdout=stdout)  # noqa: S603
        started.append(process)
        served = Served(process, port, marker, log)
        deadline = time.monotonic() + 20
        while True:
            try:
                if httpx.get(f"{served.url}/healthz", timeout=1).status_code == 200:
                    return served
            except httpx.TransportError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise
            time.sleep(0.05)

    yield start
    for process in started:
        if process.poll() is None:
            process.kill()
            process.wait()


def in_background(call: Callable[[], Any]) -> tuple[threading.Thread, list[Any]]:
    result: list[Any] = []

    def run() -> None:
        try:
            result.append(call())
        except Exception as exc:  # noqa: BLE001 (the test thread asserts on it)
            result.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    return thread, result


def wait_for(condition: Callable[[], bool], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.02)


@pytest.mark.timeout(60)
def test_sigterm_lets_in_flight_requests_finish_and_refuses_new_ones(
    serve: Callable[[int], Served],
) -> None:
    served = serve(10)
    thread, result = in_background(
        lambda: httpx.get(f"{served.url}/slow", params={"seconds": 2}, timeout=15)
    )
    wait_for(served.marker.exists, timeout=5)

    stopped_at = time.monotonic()
    served.process.send_signal(signal.SIGTERM)
    wait_for(served.refuses_connections, timeout=2)
    assert thread.is_alive(), "the slow request should still be running"

    thread.join(timeout=15)
    [response] = result
    assert isinstance(response, httpx.Response)
    assert response.status_code == 200
    assert response.json() == {"slept": 2}
    assert served.process.wait(timeout=10) == 0
    assert time.monotonic() - stopped_at < 10
    lines = served.log_lines()  # every stdout line is a JSON object
    assert any(line["message"] == "Shutting down" for line in lines)


@pytest.mark.timeout(60)
def test_requests_beyond_the_deadline_are_cut(serve: Callable[[int], Served]) -> None:
    served = serve(1)
    thread, result = in_background(
        lambda: httpx.get(f"{served.url}/slow", params={"seconds": 30}, timeout=40)
    )
    wait_for(served.marker.exists, timeout=5)

    stopped_at = time.monotonic()
    served.process.send_signal(signal.SIGTERM)
    assert served.process.wait(timeout=10) == 0
    assert time.monotonic() - stopped_at < 5
    thread.join(timeout=10)
    [outcome] = result
    assert not (isinstance(outcome, httpx.Response) and outcome.status_code == 200)


@pytest.mark.timeout(60)
def test_sse_streams_end_on_shutdown(serve: Callable[[int], Served]) -> None:
    served = serve(10)

    events: list[str] = []

    def read_stream() -> None:
        with httpx.stream("GET", f"{served.url}/events", timeout=15) as response:
            events.extend(line for line in response.iter_lines() if line.startswith("data:"))

    thread, result = in_background(read_stream)
    wait_for(lambda: len(events) >= 2, timeout=5)

    stopped_at = time.monotonic()
    served.process.send_signal(signal.SIGTERM)
    assert served.process.wait(timeout=10) == 0
    # Well inside the 10 s deadline: the stream was ended, not waited for.
    assert time.monotonic() - stopped_at < 5
    thread.join(timeout=5)
    assert not thread.is_alive()
    # Ended cleanly (the final chunk arrived), and an EventSource reconnects after that.
    [outcome] = result
    assert outcome is None
    assert set(events) == {"data: tick"}


def test_server_config_defaults_and_env() -> None:
    default = server.server_config("pkg.mod:factory", {})
    assert (default.host, default.port, default.timeout_graceful_shutdown) == (
        "127.0.0.1",
        8000,
        10,
    )
    assert default.factory
    assert default.proxy_headers
    assert default.log_config is None
    assert not default.access_log
    assert not default.server_header

    custom = server.server_config(
        "pkg.mod:factory",
        {
            "HOST": "::1",
            "PORT": "9000",
            "GRACEFUL_TIMEOUT": "3",
            "FORWARDED_ALLOW_IPS": "10.0.0.0/8",
        },
    )
    assert (custom.host, custom.port, custom.timeout_graceful_shutdown) == ("::1", 9000, 3)
    assert custom.forwarded_allow_ips == "10.0.0.0/8"


@pytest.mark.parametrize("value", ["0", "-1", "abc"])
def test_server_config_rejects_bad_numbers(value: str) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 (int() and ours raise the same type)
        server.server_config("pkg.mod:factory", {"PORT": value})


@pytest.mark.parametrize(
    ("env", "json"),
    [
        ({}, False),
        ({"ENVIRONMENT": "development"}, False),
        ({"ENVIRONMENT": "production"}, True),
        ({"ENVIRONMENT": "test"}, True),
        ({"ENVIRONMENT": "development", "LOG_JSON": "true"}, True),
        ({"ENVIRONMENT": "production", "LOG_JSON": "false"}, False),
    ],
)
def test_start_up_lines_use_the_format_of_the_settings(env: dict[str, str], json: bool) -> None:
    # Before the app factory reads the settings, uvicorn's and alembic's lines already come in
    # the format the settings will choose: never JSON lines, then text ones, in development.
    assert server.log_json(env) is json


def test_main_runs_the_named_factory_and_exits_zero_on_signals(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ran: list[uvicorn.Config] = []
    handlers: dict[int, Any] = {}

    class FakeServer:
        def __init__(self, config: uvicorn.Config, *, drain_delay: float) -> None:
            self.config = config
            assert drain_delay == 0.0

        def run(self) -> None:
            ran.append(self.config)

    monkeypatch.setattr(server, "Server", FakeServer)
    monkeypatch.setattr(signal, "signal", lambda sig, handler: handlers.update({sig: handler}))
    monkeypatch.setattr(server, "configure_logging", lambda **kwargs: None)
    monkeypatch.setenv("PORT", "8123")

    server.main(["other.module:make"])
    server.main([])

    assert [config.app for config in ran] == ["other.module:make", server.DEFAULT_APP]
    assert ran[0].port == 8123
    assert set(handlers) == {signal.SIGTERM, signal.SIGINT}
    with pytest.raises(SystemExit) as exited:
        handlers[signal.SIGTERM](signal.SIGTERM, None)
    assert exited.value.code == 0


def test_drain_delay_keeps_accepting_while_readiness_fails(serve: Callable[..., Served]) -> None:
    served = serve(5, drain_delay=1.5)
    served.process.send_signal(signal.SIGTERM)
    wait_for(lambda: httpx.get(f"{served.url}/readyz", timeout=1).status_code == 503, timeout=1)
    # A load balancer that has not noticed yet still gets answers on new connections.
    assert httpx.get(f"{served.url}/healthz", timeout=1).status_code == 200
    assert served.process.wait(timeout=10) == 0
    assert served.refuses_connections()


def test_drain_delay_must_be_a_sane_number_of_seconds() -> None:
    with pytest.raises(ValueError, match="DRAIN_DELAY must be between 0 and 600"):
        server._seconds({"DRAIN_DELAY": "6000"}, "DRAIN_DELAY", 0.0)
    assert server._seconds({}, "DRAIN_DELAY", 0.0) == 0.0


def test_start_up_objects_leave_the_garbage_collector() -> None:
    thresholds = gc.get_threshold()
    try:
        server.settle_garbage_collector()
        assert gc.get_freeze_count() > 10_000  # what importing the server alone left behind
        assert gc.get_threshold() == (server.GC_YOUNG_THRESHOLD, *thresholds[1:])
    finally:
        gc.unfreeze()
        gc.set_threshold(*thresholds)
