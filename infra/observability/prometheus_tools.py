"""Debian's `prometheus` package for the tests: where its binaries are (skip locally without
them, fail in CI), and a real Prometheus run on a configuration of the test's."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import yaml
from servers import stop, wait_healthy

from taskboard.testing.net import free_port


def binary(name: str) -> str:
    """The path of `name` (`prometheus`, `promtool`): $NAME in upper case, else from PATH.

    Missing, the test skips with the reason, or fails with it under CI=true.
    """
    variable = name.upper()
    found = os.environ.get(variable) or shutil.which(name)
    if found is None:
        reason = f"{name} not found (apt-get install prometheus, or set {variable})"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}; CI machines must have it")
        pytest.skip(reason)
    return found


@contextmanager
def running_prometheus(config: dict[str, Any], workdir: Path) -> Iterator[str]:
    """Prometheus on `config` (written to `workdir`/prometheus.yml, its data beside it) on a free
    port of 127.0.0.1 until the block ends: its URL, once it is ready to serve queries. Callers
    wait for what else they need (targets discovered, series scraped)."""
    port = free_port()
    (workdir / "prometheus.yml").write_text(yaml.safe_dump(config))
    log_path = workdir / "prometheus.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(  # noqa: S603 - the binary with our own arguments
            [
                binary("prometheus"),
                f"--config.file={workdir / 'prometheus.yml'}",
                f"--storage.tsdb.path={workdir / 'data'}",
                f"--web.listen-address=127.0.0.1:{port}",
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, process, log_path, path="/-/ready")
        yield url
    finally:
        stop(process)
