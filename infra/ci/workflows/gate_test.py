"""The all-green gate (.github/scripts/gate): skipped counts as passed, failed or cancelled not."""

from __future__ import annotations

import json
import os
import subprocess

import pytest

GATE = ".github/scripts/gate"


def gate(**results: str) -> subprocess.CompletedProcess[str]:
    needs = {job: {"result": result, "outputs": {}} for job, result in results.items()}
    env = {"PATH": os.environ["PATH"], "NEEDS": json.dumps(needs)}
    return subprocess.run(  # noqa: S603 - our own script, fixed argv
        ["bash", GATE],  # noqa: S607 - bash from PATH
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_success_and_skipped_pass() -> None:
    done = gate(classify="success", lint="skipped", publish="skipped")
    assert done.returncode == 0, done.stderr
    assert "all green" in done.stdout


@pytest.mark.parametrize("result", ["failure", "cancelled"])
def test_a_failed_or_cancelled_job_fails_the_gate(result: str) -> None:
    done = gate(classify="success", test=result)
    assert done.returncode != 0
    assert f"test {result}" in done.stderr


def test_no_needed_jobs_is_not_green() -> None:
    assert gate().returncode != 0
