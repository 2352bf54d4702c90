"""The web server (the production build, `src/web:build`) and other services as real processes,
for the tests: started, waited for until healthy, their JSON log lines read back, stopped.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from taskboard.testing.net import free_port

# Where `src/web:build` puts Node's standalone server in a test's sandbox.
WEB_SERVER = Path("src/web/.next/standalone/server.js")


def node() -> str:
    """Node.js: skip without it locally, fail under CI."""
    found = shutil.which("node")
    if found is None:
        reason = "node not found: the web server needs Node.js 20"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}; CI machines must have it")
        pytest.skip(reason)
    return found


@dataclass
class Service:
    url: str
    log: Path

    def lines(self) -> list[dict[str, Any]]:
        """The JSON log lines written so far (the banner lines of Next are not JSON)."""
        return [
            json.loads(line) for line in self.log.read_text().splitlines() if line.startswith("{")
        ]


def wait_healthy(
    url: str, process: subprocess.Popen[Any], log: Path, *, path: str = "/healthz"
) -> None:
    """Return once `path` of `url` answers 200; fail with the end of `log` if `process` exits
    first, or if 60 s pass."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"{url} exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            if httpx.get(f"{url}{path}", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    pytest.fail(f"{url}{path} not answering 200 after 60 s:\n{log.read_text()[-3000:]}")


@contextmanager
def service(
    name: str, command: list[str], env: Mapping[str, str], port: int, logs: Path
) -> Iterator[Service]:
    """Run `command` (serving /healthz on 127.0.0.1:`port`) until the block ends; its output
    goes to `logs`/`name`.log."""
    log = logs / f"{name}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(  # noqa: S603 - our own command
            command, env=dict(env), stdout=out, stderr=subprocess.STDOUT
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, process, log)
        yield Service(url, log)
    finally:
        stop(process)


def stop(process: subprocess.Popen[Any], grace: float = 20) -> None:
    """SIGTERM `process`, SIGKILL it if it has not exited after `grace` seconds, and reap it."""
    process.terminate()
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@dataclass
class WebServer(Service):
    metrics_url: str


@contextmanager
def web_server(api_url: str, logs: Path, env: Mapping[str, str]) -> Iterator[WebServer]:
    """The production web build proxying to `api_url`, its metrics on a port of their own, with
    `env` (OTEL_* variables, say) added to its environment."""
    port, metrics_port = free_port(), free_port()
    full_env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "NODE_ENV": "production",
        "HOSTNAME": "127.0.0.1",
        "PORT": str(port),
        "METRICS_PORT": str(metrics_port),
        "API_URL": api_url,
        "LOG_LEVEL": "info",
        **env,
    }
    with service("web", [node(), str(WEB_SERVER)], full_env, port, logs) as web:
        yield WebServer(web.url, web.log, f"http://127.0.0.1:{metrics_port}/metrics")
