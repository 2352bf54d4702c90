"""`./pants run :dev`: the API and the web from the workspace, live on every save.

    API  the app under uvicorn's reloader, watching the sources (`src/python/taskboard`)
    web  `next dev` from `src/web` (scripts/dev.sh: node_modules, the typed client, pino-pretty)

A saved `.py` restarts the API; when it changes the OpenAPI document, the web's generated client
is written again (`var/dev/openapi.json`, then `scripts/gen-api.mjs`) and `next dev` reloads what
uses it. Nothing generated is committed. One line says the app is ready, with both addresses and
the demo sign-in, once both answer; until the API answers, the web's proxy says 503. Ctrl-C (or
either side stopping) stops both.

    --api-only          the API alone (no web)
    --openapi FILE      the document to generate the client from first (the Pants target's)
    --source-root DIR   where the `taskboard` package is (default src/python)

`API_PORT` (8000) and `WEB_PORT` (3000) move the two servers.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType

from taskboard.demo import DEMO_EMAIL, DEMO_PASSWORD

__all__ = ["main", "sync_tree"]

READY_TIMEOUT_SECONDS = 300.0
SCHEMA_POLL_SECONDS = 0.5
STOP_GRACE_SECONDS = 10.0
_PR_SET_PDEATHSIG = 1
# Each side's /healthz answers 200 once it serves (the web's is compiled on its first request).
HEALTH = "http://127.0.0.1:{port}/healthz"


def _say(message: str) -> None:
    sys.stderr.write(f"dev: {message}\n")
    sys.stderr.flush()


@dataclass
class Loop:
    """The two servers, the schema watch, and their stop."""

    root: Path
    source_root: Path
    api_port: int
    web_port: int
    api_only: bool
    first_openapi: Path | None
    _processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    _stopping: threading.Event = field(default_factory=threading.Event)

    @property
    def openapi(self) -> Path:
        return self.root / "var/dev/openapi.json"

    def env(self, **extra: str) -> dict[str, str]:
        env = dict(os.environ)
        # The children are plain interpreters (uvicorn's reloader spawns more): the sources
        # come from the workspace through PYTHONPATH, never from a built PEX.
        paths = [str(self.source_root), *env.get("PYTHONPATH", "").split(os.pathsep)]
        env["PYTHONPATH"] = os.pathsep.join(path for path in paths if path)
        env.setdefault("ENVIRONMENT", "development")
        env.pop("PEX_MODULE", None)
        env.update(extra)
        return env

    # Starting -----------------------------------------------------------------------------

    def start(self) -> None:
        if self.first_openapi is not None:
            self.openapi.parent.mkdir(parents=True, exist_ok=True)
            self.openapi.write_bytes(self.first_openapi.read_bytes())
        else:
            self.write_openapi()
        api = [sys.executable, "-m", "taskboard.devloop", "--serve-api"]
        self._spawn("api", api, self.env(HOST="127.0.0.1", PORT=str(self.api_port)))
        if not self.api_only:
            web = self.root / "src/web"
            command = ["bash", str(web / "scripts/with-deps.sh"), "bash", "scripts/dev.sh"]
            env = self.env(
                API_URL=f"http://127.0.0.1:{self.api_port}",
                HOSTNAME="127.0.0.1",
                PORT=str(self.web_port),
                OPENAPI=str(self.openapi),
                # The metrics port is for deployments; in development it would only collide.
                METRICS_PORT="0",
            )
            self._spawn("web", command, env)

    def _spawn(self, name: str, command: Sequence[str], env: Mapping[str, str]) -> None:
        # Each in a process group of its own, so stopping one stops what it started; and each
        # stopped if this process dies without stopping them (killed by its runner).
        self._processes[name] = subprocess.Popen(  # noqa: S603 - fixed argv
            command, cwd=self.root, env=env, start_new_session=True, preexec_fn=_die_with_parent
        )

    # Waiting ------------------------------------------------------------------------------

    def wait_ready(self) -> bool:
        """True once every server answers; False if one stopped or the wait ran out."""
        pending = self.servers()
        deadline = time.monotonic() + READY_TIMEOUT_SECONDS
        while pending and not self._stopping.is_set():
            if (stopped := self.stopped()) is not None:
                _say(f"the {stopped} server stopped before it was ready")
                return False
            if time.monotonic() > deadline:
                _say(f"not ready after {READY_TIMEOUT_SECONDS:.0f} s: {', '.join(pending)}")
                return False
            pending = {name: port for name, port in pending.items() if not _answers(port)}
            time.sleep(0.2)
        return not pending

    def stopped(self) -> str | None:
        return next((n for n, p in self._processes.items() if p.poll() is not None), None)

    def ready_line(self) -> str:
        api = f"http://127.0.0.1:{self.api_port}"
        where = f"{api}/docs" if self.api_only else f"http://127.0.0.1:{self.web_port}"
        also = "" if self.api_only else f" (API {api}/docs)"
        return f"Taskboard is ready: {where}{also}; sign in as {DEMO_EMAIL} / {DEMO_PASSWORD}"

    # The schema watch ---------------------------------------------------------------------

    def watch_schema(self) -> None:
        """On every change of a .py under the sources, refresh the document if it changed."""
        package = self.source_root / "taskboard"
        seen = _snapshot(package)
        while not self._stopping.wait(SCHEMA_POLL_SECONDS):
            now = _snapshot(package)
            if now != seen:
                seen = now
                self.refresh_openapi()

    def refresh_openapi(self) -> None:
        before = self.openapi.read_bytes() if self.openapi.exists() else b""
        if not self.write_openapi() or self.openapi.read_bytes() == before:
            return
        if self.api_only:
            _say("the OpenAPI document changed")
            return
        web = self.root / "src/web"
        fresh = self.openapi.parent / "client"
        done = subprocess.run(  # noqa: S603 - fixed argv
            ["node", "scripts/gen-api.mjs", str(self.openapi), str(fresh)],  # noqa: S607 - PATH's
            cwd=web,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            _say(f"the client was not regenerated: {_last_line(done.stderr)}")
            return
        changed = sync_tree(fresh, web / "lib/api/generated")
        _say(f"the web's client is regenerated ({changed} files changed)")

    def write_openapi(self) -> bool:
        """The document of the code on disk now, as the Pants target writes it."""
        self.openapi.parent.mkdir(parents=True, exist_ok=True)
        done = subprocess.run(  # noqa: S603 - fixed argv
            [sys.executable, "-m", "taskboard.api.openapi", str(self.openapi)],
            cwd=self.root,
            env=self.env(LOG_LEVEL="WARNING"),
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            _say(f"no OpenAPI document from this code: {_last_line(done.stderr)}")
        return done.returncode == 0

    # Stopping -----------------------------------------------------------------------------

    def stop(self) -> None:
        self._stopping.set()
        for process in self._processes.values():
            _signal_group(process, signal.SIGTERM)
        deadline = time.monotonic() + STOP_GRACE_SECONDS
        for process in self._processes.values():
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            _signal_group(process, signal.SIGKILL)
            process.wait()

    def run(self) -> int:
        taken = [str(port) for port in self.servers().values() if not _free(port)]
        if taken:
            _say(
                f"port {', '.join(taken)} is in use: stop what serves it, or set API_PORT/WEB_PORT"
            )
            return 1

        def interrupted(signum: int, frame: FrameType | None) -> None:
            self._stopping.set()

        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(sig, interrupted)
        started = time.monotonic()
        try:
            self.start()
            if not self.wait_ready():
                return 0 if self._stopping.is_set() else 1
            _say(f"{self.ready_line()}  [{time.monotonic() - started:.1f} s]")
            threading.Thread(target=self.watch_schema, name="schema", daemon=True).start()
            while not self._stopping.wait(0.5):
                if (stopped := self.stopped()) is not None:
                    _say(f"the {stopped} server stopped: stopping the other")
                    return 1
            return 0
        finally:
            self.stop()

    def servers(self) -> dict[str, int]:
        """The servers this loop runs, by name, and their ports."""
        return {"api": self.api_port} | ({} if self.api_only else {"web": self.web_port})


def serve_api() -> None:
    """The API under uvicorn's reloader: a changed .py restarts its worker process."""
    from uvicorn.supervisors import ChangeReload

    from taskboard.observability.logging import configure_logging
    from taskboard.server import DEFAULT_APP, Server, log_json, server_config

    env = os.environ
    configure_logging(level=env.get("LOG_LEVEL", "INFO"), json=log_json(env))
    package = Path(sys.modules["taskboard"].__file__ or "").parent
    config = server_config(
        DEFAULT_APP,
        env,
        reload=True,
        reload_dirs=[str(package)],
        reload_excludes=["*_test.py", "conftest.py"],
    )
    socket = config.bind_socket()
    # The worker is the production server (SSE streams end at once on its restart).
    ChangeReload(config, target=Server(config).run, sockets=[socket]).run()


def sync_tree(source: Path, target: Path) -> int:
    """Make TARGET hold SOURCE's files, writing only those that differ, each atomically.

    A watcher on TARGET (`next dev`) sees files change, never a folder emptied then refilled.
    """
    target.mkdir(parents=True, exist_ok=True)
    wanted = {path.relative_to(source) for path in source.rglob("*") if path.is_file()}
    changed = 0
    for relative in sorted(wanted):
        new, old = source / relative, target / relative
        content = new.read_bytes()
        if old.is_file() and old.read_bytes() == content:
            continue
        old.parent.mkdir(parents=True, exist_ok=True)
        partial = old.with_name(f".{old.name}.partial")
        partial.write_bytes(content)
        partial.replace(old)
        changed += 1
    for stale in [p for p in target.rglob("*") if p.is_file()]:
        if stale.relative_to(target) not in wanted:
            stale.unlink()
            changed += 1
    return changed


def _answers(port: int) -> bool:
    try:
        with urllib.request.urlopen(HEALTH.format(port=port), timeout=2) as response:  # noqa: S310
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


def _free(port: int) -> bool:
    import socket

    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _snapshot(package: Path) -> dict[Path, int]:
    return {path: path.stat().st_mtime_ns for path in package.rglob("*.py")}


def _die_with_parent() -> None:
    """In the child, before it runs: Linux sends it SIGTERM when its parent dies."""
    with contextlib.suppress(OSError, AttributeError):  # not Linux: Ctrl-C still stops both
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


def _signal_group(process: subprocess.Popen[bytes], sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, sig)


def _last_line(text: str) -> str:
    lines = [line for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else "no output"


def _port(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name, "").strip() or str(default)
    if not raw.isdigit() or not 0 < int(raw) < 65536:
        _say(f"{name} must be a port number (1-65535), got {raw!r}")
        raise SystemExit(2)
    return int(raw)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="dev", description=__doc__.splitlines()[0])
    parser.add_argument("--api-only", action="store_true", help="the API alone, no web")
    parser.add_argument("--openapi", type=Path, help="the first document for the web's client")
    parser.add_argument("--source-root", type=Path, default=Path("src/python"))
    parser.add_argument("--serve-api", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve_api:
        serve_api()
        return 0
    root = Path.cwd()
    loop = Loop(
        root=root,
        source_root=(root / args.source_root).resolve(),
        api_port=_port(os.environ, "API_PORT", 8000),
        web_port=_port(os.environ, "WEB_PORT", 3000),
        api_only=args.api_only,
        first_openapi=args.openapi,
    )
    return loop.run()


if __name__ == "__main__":
    raise SystemExit(main())
