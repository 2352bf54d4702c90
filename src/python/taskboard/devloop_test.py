"""The dev loop on a copy of the sources: the API reloads on a save, the document follows.

The web half (`next dev`) runs from src/web's node_modules and is measured by the dev benchmark
(src/web:dev-bench); here the loop runs with `--api-only` on a copy of this package, so a test can
edit its sources the way a developer saves a file.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

import taskboard
from taskboard._version import __version__
from taskboard.devloop import Loop, sync_tree
from taskboard.testing.net import free_port

PACKAGE = Path(taskboard.__file__).parent


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A folder laid out like the repository, holding a copy of the taskboard package."""
    shutil.copytree(
        PACKAGE, tmp_path / "src/python/taskboard", ignore=shutil.ignore_patterns("*_test.py")
    )
    return tmp_path


def wait_until(condition: object, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, "not in time"
        time.sleep(0.1)


def version(port: int) -> str | None:
    try:
        return str(httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).json()["version"])
    except (httpx.TransportError, ValueError):
        return None


@pytest.fixture
def loop(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Loop]:
    monkeypatch.chdir(workspace)
    monkeypatch.setenv("OTEL_SDK_DISABLED", "true")
    started = Loop(
        root=workspace,
        source_root=workspace / "src/python",
        api_port=free_port(),
        web_port=free_port(),
        api_only=True,
        first_openapi=None,
    )
    try:
        yield started
    finally:
        started.stop()


def test_a_saved_py_is_live_and_the_document_follows(loop: Loop, workspace: Path) -> None:
    loop.start()
    assert loop.wait_ready()
    assert version(loop.api_port) == __version__
    document = json.loads(loop.openapi.read_text())
    assert document["info"]["version"] == __version__

    saved = workspace / "src/python/taskboard/_version.py"
    saved.write_text(saved.read_text().replace(__version__, "9.9.9-dev"))
    wait_until(lambda: version(loop.api_port) == "9.9.9-dev", seconds=30)
    loop.refresh_openapi()
    assert json.loads(loop.openapi.read_text())["info"]["version"] == "9.9.9-dev"
    # The demo database lives in the workspace's var/, like the embedded defaults.
    assert (workspace / "var/taskboard.db").is_file()


def test_code_that_does_not_import_keeps_the_last_document(loop: Loop, workspace: Path) -> None:
    assert loop.write_openapi()
    kept = loop.openapi.read_bytes()
    broken = workspace / "src/python/taskboard/api/main.py"
    broken.write_text(broken.read_text() + "\nthis is not python\n")
    assert not loop.write_openapi()
    loop.refresh_openapi()
    assert loop.openapi.read_bytes() == kept


def test_stopping_stops_the_api_and_what_it_started(loop: Loop) -> None:
    loop.start()
    assert loop.wait_ready()
    loop.stop()
    assert version(loop.api_port) is None
    assert loop.stopped() == "api"


def run_loop(workspace: Path, *args: str, **env: str) -> subprocess.Popen[str]:
    return subprocess.Popen(  # noqa: S603 - this interpreter, fixed argv
        [sys.executable, "-m", "taskboard.devloop", "--source-root", "src/python", *args],
        cwd=workspace,
        env={
            **os.environ,
            "PYTHONPATH": str(workspace / "src/python"),
            "OTEL_SDK_DISABLED": "true",
            **env,
        },
        # The loop's lines (stderr) and the API's logs (stdout), in the order they came.
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def test_one_ready_line_then_ctrl_c_stops_everything(workspace: Path) -> None:
    port = free_port()
    with run_loop(workspace, "--api-only", API_PORT=str(port)) as process:
        assert process.stdout is not None
        try:
            said = []
            for line in process.stdout:
                said.append(line)
                if line.startswith("dev: Taskboard is ready"):
                    break
            process.send_signal(signal.SIGINT)
            assert process.wait(timeout=20) == 0
        finally:
            if process.poll() is None:
                process.kill()
    assert said, "the loop said nothing"
    ready = said[-1]
    assert f"http://127.0.0.1:{port}/docs" in ready
    assert "sign in as demo@taskboard.dev / taskboard-demo" in ready
    assert any("Running upgrade" in line for line in said), "the API's own lines are here too"
    assert not any(line.startswith("{") for line in said), "development logs are text"
    assert not any("None" in line or "setup plugin" in line for line in said), said
    assert version(port) is None


def test_a_port_in_use_is_one_clear_line(workspace: Path) -> None:
    with subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "http.server", "--bind", "127.0.0.1", str(port := free_port())],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    ) as squatter:
        try:
            wait_until(lambda: version(port) is None and _listening(port), seconds=10)
            process = run_loop(workspace, "--api-only", API_PORT=str(port))
            said, _ = process.communicate(timeout=30)
        finally:
            squatter.kill()
    assert process.returncode == 1
    assert (
        said.strip() == f"dev: port {port} is in use: stop what serves it, or set API_PORT/WEB_PORT"
    )


@pytest.mark.parametrize("value", ["http", "0", "70000"])
def test_a_bad_port_is_refused(workspace: Path, value: str) -> None:
    process = run_loop(workspace, "--api-only", API_PORT=value)
    said, _ = process.communicate(timeout=30)
    assert process.returncode == 2
    assert said.strip() == f"dev: API_PORT must be a port number (1-65535), got {value!r}"


def _listening(port: int) -> bool:
    try:
        httpx.get(f"http://127.0.0.1:{port}/", timeout=1)
    except httpx.TransportError:
        return False
    return True


def test_sync_tree_writes_what_differs_and_removes_what_is_gone(tmp_path: Path) -> None:
    fresh, live = tmp_path / "fresh", tmp_path / "live"
    (fresh / "core").mkdir(parents=True)
    (fresh / "sdk.gen.ts").write_text("new sdk")
    (fresh / "types.gen.ts").write_text("same")
    (fresh / "core/client.ts").write_text("client")
    (live / "old").mkdir(parents=True)
    (live / "types.gen.ts").write_text("same")
    (live / "sdk.gen.ts").write_text("old sdk")
    (live / "old/gone.ts").write_text("gone")
    before = (live / "types.gen.ts").stat().st_mtime_ns

    assert sync_tree(fresh, live) == 3  # sdk rewritten, client added, gone removed
    assert sorted(str(p.relative_to(live)) for p in live.rglob("*") if p.is_file()) == [
        "core/client.ts",
        "sdk.gen.ts",
        "types.gen.ts",
    ]
    assert (live / "sdk.gen.ts").read_text() == "new sdk"
    assert (live / "types.gen.ts").stat().st_mtime_ns == before
    assert sync_tree(fresh, live) == 0
