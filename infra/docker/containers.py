"""Containers for tests, on the engine `infra/docker/engine start` provides (`DOCKER_HOST`).

No engine: the test is skipped with the reason, or fails under `CI=true`, where every engine
the tests need must be there. Everything a helper creates it removes again, pass or fail.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import time
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

__all__ = [
    "Container",
    "build_image",
    "container",
    "docker",
    "network",
    "require_engine",
    "unique",
    "volume",
]

# Debian's client builds with BuildKit built in; newer clients need the buildx plugin.
_CLIENTS = ("/usr/bin/docker", "/usr/local/bin/docker")


def _client() -> str | None:
    explicit = os.environ.get("DOCKER")
    if explicit:
        return explicit
    for candidate in _CLIENTS:
        if Path(candidate).is_file():
            return candidate
    return shutil.which("docker")


def require_engine() -> None:
    """Skip (or fail under CI=true) unless a Docker engine answers."""
    client = _client()
    reason = None
    if client is None:
        reason = "no docker client on this machine"
    else:
        probe = subprocess.run(  # noqa: S603 - the docker client, fixed arguments
            [client, "version", "--format", "{{.Server.Version}}"],
            capture_output=True,
            text=True,
            timeout=15,
            check=False,
        )
        if probe.returncode != 0:
            where = os.environ.get("DOCKER_HOST") or "the default socket"
            reason = (
                f"no Docker engine answers at {where}: {probe.stderr.strip().splitlines()[-1:]}"
            )
    if reason is None:
        return
    hint = ' (run `eval "$(infra/docker/engine start)"` first)'
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true and {reason}{hint}")
    pytest.skip(f"{reason}{hint}")


def docker(
    *args: str, check: bool = True, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """Run the docker client; with `check`, a failure raises with its stderr."""
    client = _client()
    assert client is not None, "require_engine() first"
    result = subprocess.run(  # noqa: S603 - the docker client; tests pass the arguments
        [client, *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        env={**os.environ, "DOCKER_BUILDKIT": "1"},
    )
    if check and result.returncode != 0:
        raise AssertionError(
            f"docker {' '.join(args)} failed ({result.returncode}): {result.stderr}"
        )
    return result


def unique(prefix: str) -> str:
    """A name no other test run uses."""
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


def build_image(dockerfile: str, tag: str, build_args: dict[str, str]) -> None:
    """Build `dockerfile` with the working directory as its context (the graph's layout)."""
    args = [f"--build-arg={key}={value}" for key, value in build_args.items()]
    docker("build", "-q", "-f", dockerfile, "-t", tag, *args, ".", timeout=600)


@contextlib.contextmanager
def network() -> Iterator[str]:
    """A user-defined bridge network, where containers find each other by name."""
    name = unique("tb-net")
    docker("network", "create", name)
    try:
        yield name
    finally:
        docker("network", "rm", name, check=False)


@contextlib.contextmanager
def volume() -> Iterator[str]:
    """A named volume."""
    name = unique("tb-vol")
    docker("volume", "create", name)
    try:
        yield name
    finally:
        docker("volume", "rm", "-f", name, check=False)


@dataclass(frozen=True)
class Container:
    """A running container, started by `container()`."""

    name: str

    def inspect(self) -> dict[str, Any]:
        """`docker inspect` of the container."""
        data: list[dict[str, Any]] = json.loads(docker("inspect", self.name).stdout)
        return data[0]

    def port(self, container_port: int) -> int:
        """The 127.0.0.1 port published for `container_port`."""
        out = docker("port", self.name, f"{container_port}/tcp").stdout.split()[0]
        return int(out.rsplit(":", 1)[1])

    def url(self, container_port: int) -> str:
        """http://127.0.0.1:<published port>."""
        return f"http://127.0.0.1:{self.port(container_port)}"

    def logs(self) -> str:
        """Everything the container wrote."""
        result = docker("logs", self.name, check=False)
        return result.stdout + result.stderr

    def wait_healthy(self, timeout: float = 60) -> None:
        """Wait until Docker's health check reports healthy; fail with the logs otherwise."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            state = self.inspect()["State"]
            if not state["Running"]:
                pytest.fail(f"{self.name} exited ({state['ExitCode']}):\n{self.logs()}")
            if state.get("Health", {}).get("Status") == "healthy":
                return
            time.sleep(0.2)
        pytest.fail(f"{self.name} not healthy after {timeout} s:\n{self.logs()}")

    def run(self, *argv: str) -> str:
        """What `argv` prints, run inside the container (the images have no shell)."""
        return docker("exec", self.name, *argv).stdout

    def stop(self, timeout: int) -> tuple[int, float]:
        """`docker stop -t timeout`: the exit code and the seconds it took."""
        started = time.monotonic()
        docker("stop", "-t", str(timeout), self.name, timeout=timeout + 30)
        elapsed = time.monotonic() - started
        return int(self.inspect()["State"]["ExitCode"]), elapsed


@contextlib.contextmanager
def container(
    image: str, *run_args: str, command: Sequence[str] = (), name: str | None = None
) -> Iterator[Container]:
    """`docker run -d` of `image`; removed (with its anonymous volumes) afterwards."""
    name = name or unique("tb")
    docker("run", "-d", "--name", name, *run_args, image, *command)
    try:
        yield Container(name)
    finally:
        docker("rm", "-f", "-v", name, check=False)
