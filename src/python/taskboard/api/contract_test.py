"""The API keeps its OpenAPI contract: schemathesis runs every check (`--checks all`) through
the coverage, fuzzing and stateful phases against an API process, on SQLite and PostgreSQL.

The seed and the number of examples are fixed, so CI runs the same cases each time (about a
minute a database); `CONTRACT_SEED` and `CONTRACT_EXAMPLES` change them, and
docs/operations/security.md gives the longer run. What the server does on purpose that JSON
Schema cannot state is in schemathesis.toml, each with its reason. A failure prints
schemathesis' report, with a curl command for every failing case.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import httpx
import pytest

from taskboard.testing.app import PASSWORD, register
from taskboard.testing.live import api_process, wait_ready

pytestmark = pytest.mark.timeout(600)

# schemathesis' CLI, packaged from its own resolve (3rdparty/python:schemathesis).
SCHEMATHESIS = Path("3rdparty.python/schemathesis.pex")
CONFIG = Path(__file__).with_name("schemathesis.toml")
SEED = os.environ.get("CONTRACT_SEED", "1")
EXAMPLES = os.environ.get("CONTRACT_EXAMPLES", "10")
EMAIL = "contract@example.com"


def _schemathesis(url: str, workdir: Path) -> subprocess.CompletedProcess[str]:
    command = [
        sys.executable,
        str(SCHEMATHESIS.resolve()),
        "--config-file",
        str(CONFIG),
        "--no-color",
        "run",
        f"{url}/openapi.json",
        "--checks",
        "all",
        "--seed",
        SEED,
        "--max-examples",
        EXAMPLES,
        # Each run on its own: no examples carried over from an earlier one.
        "--generation-database",
        "none",
        "--report",
        "junit",
        "--report-junit-path",
        str(workdir / "junit.xml"),
    ]
    env = {**os.environ, "CONTRACT_EMAIL": EMAIL, "CONTRACT_PASSWORD": PASSWORD}
    return subprocess.run(  # noqa: S603 - fixed argv
        command, cwd=workdir, env=env, capture_output=True, text=True, timeout=540, check=False
    )


async def test_the_api_keeps_its_openapi_contract(database_url: str, tmp_path: Path) -> None:
    log = tmp_path / "api.log"
    # Sign-in budgets out of the way: the fuzzer signs in far more often than a person, and
    # the budgets have tests of their own.
    limits = dict.fromkeys(
        ("LOGIN_RATE_LIMIT_ATTEMPTS", "LOGIN_RATE_LIMIT_ACCOUNT_ATTEMPTS"), "1000000"
    )
    with api_process(database_url, log, **limits) as api:
        await wait_ready(api)
        async with httpx.AsyncClient(base_url=api.url, timeout=10) as client:
            await register(client, EMAIL)
            paths = (await client.get("/openapi.json")).json()["paths"]
        result = await asyncio.to_thread(_schemathesis, api.url, tmp_path)
    report = result.stdout + result.stderr
    assert result.returncode == 0, report
    # A test case an operation and one for the stateful phase, each passed: schemathesis ran
    # everything, and found nothing.
    # S314: the report schemathesis just wrote, not input from outside.
    suite = ElementTree.parse(tmp_path / "junit.xml").getroot().find("testsuite")  # noqa: S314
    assert suite is not None, report
    counts = {key: int(suite.get(key, "0")) for key in ("tests", "failures", "errors")}
    operations = sum(len(item) for item in paths.values())
    assert counts == {"tests": operations + 1, "failures": 0, "errors": 0}, report
    # The server never failed either: no traceback in its log (the check has no 5xx, too).
    server_log = log.read_text()
    assert "Traceback" not in server_log, server_log[-5000:]
