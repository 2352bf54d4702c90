"""The repository the MCP server works on: what it accepts from a client, and how it runs Pants.

Every input is checked here before anything runs: a spec must be a Pants address or spec that
names a path inside the repository, a base must look like a git revision, a test run must stay
under the allow-listed folders. Programs run from fixed argument lists (no shell), from the
repository's root, with a timeout that stops their whole process group.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import re
import signal
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# A path component: no empty, "." or ".." ones, no leading "-" (it would read as an option).
_COMPONENT = re.compile(r"[A-Za-z0-9_.][A-Za-z0-9_.+-]*")
# What may follow the path: "::" (everything below), ":" (the folder's targets), or ":name",
# with an optional generated part (#name) and parametrization (@key=value,...).
_TARGET = re.compile(r"(?:::|:|:[A-Za-z0-9_.+-]+(?:#[A-Za-z0-9_.+/-]+)?(?:@[A-Za-z0-9_.=,-]+)?)?")
_TARGET_TYPE = re.compile(r"[a-z][a-z0-9_]*")
# A git revision as people write them: names, hashes, HEAD~2, origin/main, main@{1}.
_REVISION = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_./~^@{}-]*")
_LONGEST = 300
# Where test runs may point: the product and its infrastructure, never the whole graph.
TEST_ROOTS = ("src/python", "src/web", "infra")
# Pants' summary line for each test target ("✓ path:name succeeded in 1.2s.").
_RESULT = re.compile(r"^(?:✓|𐄂|✕|-) (\S+) (succeeded|failed|timed out|skipped)\b.*$")
# Pants' own output, kept plain for a reader that is not a terminal.
_PANTS_FLAGS = ("--no-dynamic-ui", "--no-colors")
_OUTPUT_LINES = 60


class RefusedError(ValueError):
    """An input the server will not act on; the message says why and what it accepts."""


@dataclass(frozen=True)
class Finished:
    """A program that ran to its end (or was stopped at its timeout)."""

    exit_code: int | None
    stdout: str
    stderr: str
    seconds: float

    @property
    def timed_out(self) -> bool:
        return self.exit_code is None

    def lines(self) -> list[str]:
        return [line for line in self.stdout.splitlines() if line.strip()]

    def failure(self) -> str:
        """The lines that say why a Pants run failed, without its progress log."""
        said = [line for line in self.stderr.splitlines() if line.strip()]
        errors = [line for line in said if "ERROR" in line or "Error" in line]
        return "\n".join((errors or said)[-5:]) or f"exited with code {self.exit_code}"


@dataclass(frozen=True)
class TestResult:
    address: str
    outcome: str


@dataclass
class Workspace:
    """A checkout with its ./pants launcher; runs one test run at a time."""

    root: Path
    # The programs' environment: the server's own unless given.
    env: Mapping[str, str] | None = None
    _test_run: asyncio.Lock = field(default_factory=asyncio.Lock, repr=False)
    _running: str = field(default="", repr=False)
    _target_types: frozenset[str] | None = field(default=None, repr=False)

    @classmethod
    def discover(cls, start: Path | None = None) -> Workspace:
        """The repository around START (or the ./pants launcher's checkout, or the cwd)."""
        here = start or Path(os.environ.get("TASKBOARD_CHECKOUT") or Path.cwd())
        for folder in (here.resolve(), *here.resolve().parents):
            if (folder / "pants.toml").is_file() and (folder / "pants").is_file():
                return cls(folder)
        message = f"{here} is not inside a checkout of this repository (no pants.toml above it)"
        raise RefusedError(message)

    # Inputs -------------------------------------------------------------------------------

    def spec(self, value: str) -> str:
        """A Pants spec (an address, `dir:`, `dir::` or a file) naming a path that exists."""
        text = value.strip()
        if text.startswith("//"):
            text = text[2:]
        path, colon, rest = text.partition(":")
        parts = path.split("/") if path else []
        if (
            not text
            or len(text) > _LONGEST
            or not all(_COMPONENT.fullmatch(part) and part not in {".", ".."} for part in parts)
            or not _TARGET.fullmatch(colon + rest)
        ):
            message = (
                f"{value!r} is not a target address or spec: use path/to/dir:name, "
                "path/to/file.py, path/to/dir: (its targets) or path/to/dir:: (everything below)"
            )
            raise RefusedError(message)
        if path and not (self.root / path).exists():
            message = f"{value!r} names nothing in the repository: {path} does not exist"
            raise RefusedError(message)
        return text

    def address(self, value: str) -> str:
        """One target or file, as the dependency tools need."""
        text = self.spec(value)
        if text.endswith(":") or not text.rstrip(":"):
            message = f"{value!r} is a set of targets: name one target (path/to/dir:name) or file"
            raise RefusedError(message)
        return text

    def test_spec(self, value: str) -> str:
        """A spec under the folders whose tests may run from here (TEST_ROOTS)."""
        text = self.spec(value)
        path = text.partition(":")[0]
        if not any(path == root or path.startswith(root + "/") for root in TEST_ROOTS):
            allowed = ", ".join(f"{root}/..." for root in TEST_ROOTS)
            message = (
                f"{value!r} is outside the folders whose tests run from here ({allowed}); "
                "run ./pants test :: in a terminal for the whole graph"
            )
            raise RefusedError(message)
        return text

    def revision(self, value: str) -> str:
        """A git revision's spelling; `.ci/affected` checks that it names a commit."""
        text = value.strip()
        if not text or len(text) > _LONGEST or not _REVISION.fullmatch(text) or ".." in text:
            message = f"{value!r} is not a git revision (for example origin/main, HEAD~1, a hash)"
            raise RefusedError(message)
        return text

    async def target_type(self, value: str) -> str:
        """A target type this graph knows, such as python_tests or docker_image."""
        if self._target_types is None:
            done = await self.pants("help-all", limit=300)
            if done.exit_code != 0:
                raise RefusedError("could not read the target types: " + done.failure())
            self._target_types = frozenset(json.loads(done.stdout)["name_to_target_type_info"])
        if not _TARGET_TYPE.fullmatch(value) or value not in self._target_types:
            close = sorted(name for name in self._target_types if value and value in name)
            hint = f" (did you mean {', '.join(close[:5])}?)" if close else ""
            message = f"{value!r} is not a target type of this graph{hint}"
            raise RefusedError(message)
        return value

    @property
    def testing(self) -> str:
        """The specs of the test run in progress, or "" when none is."""
        return self._running

    # Running ------------------------------------------------------------------------------

    async def pants(self, *args: str, limit: float) -> Finished:
        return await self.run(str(self.root / "pants"), *_PANTS_FLAGS, *args, limit=limit)

    async def run(self, *argv: str, limit: float) -> Finished:
        """Run ARGV from the root; after LIMIT seconds, interrupt its process group, then kill."""
        started = time.monotonic()
        process = await asyncio.create_subprocess_exec(
            *argv,
            cwd=self.root,
            env=self.env,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            # Its own group: a timeout stops Pants' client and everything it started.
            start_new_session=True,
        )
        communicate = asyncio.ensure_future(process.communicate())
        try:
            stdout, stderr = await asyncio.wait_for(asyncio.shield(communicate), limit)
        except TimeoutError:
            await _stop(process, communicate)
            # A grandchild that kept the pipes open leaves nothing to read.
            stdout, stderr = communicate.result() if communicate.done() else (b"", b"")
            communicate.cancel()
            exit_code = None
        else:
            exit_code = process.returncode
        return Finished(
            exit_code,
            stdout.decode(errors="replace"),
            stderr.decode(errors="replace"),
            time.monotonic() - started,
        )

    async def test(self, specs: list[str], limit: float) -> tuple[Finished, list[TestResult]]:
        """`./pants test SPECS`, one run at a time: a second caller is refused, not queued."""
        if self._test_run.locked():
            message = f"a test run is in progress ({self._running}): wait for it to finish"
            raise RefusedError(message)
        async with self._test_run:
            self._running = " ".join(specs)
            try:
                done = await self.pants("test", *specs, limit=limit)
            finally:
                self._running = ""
        results = [
            TestResult(match[1], match[2])
            for line in done.stderr.splitlines()
            if (match := _RESULT.match(line.split("] ")[-1]))
        ]
        return done, results


def tail(text: str, lines: int = _OUTPUT_LINES) -> str:
    return "\n".join(text.splitlines()[-lines:])


async def _stop(process: asyncio.subprocess.Process, communicate: asyncio.Future[Any]) -> None:
    """Interrupt (Pants cancels its work on SIGINT), then kill what is left after 10 s."""
    for sig, grace in ((signal.SIGINT, 10.0), (signal.SIGKILL, 5.0)):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(asyncio.shield(communicate), grace)
            return
