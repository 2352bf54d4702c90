"""A throwaway clone of the checkout's HEAD, and the environment its ./pants runs in.

For tests that run the repository's own tools on a copy they may change: the selection matrix
(`.ci/affected`), the MCP server (src/python/taskboard_mcp) and the git hooks (infra/ci/hooks).
The checkout is TASKBOARD_CHECKOUT, exported by the ./pants launcher; the nested Pants shares
this machine's caches (HOME, XDG_CACHE_HOME) and Pythons (PYENV_ROOT), so warm runs cost
seconds. A test
target that clones passes those through (extra_env_vars), with TASKBOARD_REVISION: HEAD is then
part of its cache key, and a new commit runs it again.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"


def tool(name: str) -> str:
    found = shutil.which(name, path=PATH)
    if found is None:
        pytest.fail(f"{name} not found on {PATH}", pytrace=False)
    return found


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(  # noqa: S603 - git, fixed argv
        [tool("git"), "-c", "user.name=matrix", "-c", "user.email=matrix@example.invalid", *args],
        cwd=repo,
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout


@contextmanager
def clone_of_checkout(parent: Path) -> Iterator[tuple[Path, dict[str, str]]]:
    """A clone of the checkout's HEAD under PARENT and the environment its ./pants runs in."""
    checkout = os.environ.get("TASKBOARD_CHECKOUT")
    if not checkout:
        pytest.fail("TASKBOARD_CHECKOUT is not set: run this test through ./pants", pytrace=False)
    repo = parent / "repo"
    git(parent, "clone", "--quiet", checkout, str(repo))
    env = {"PATH": PATH, "LANG": "C.UTF-8"}
    # The launcher's and Pants' caches (warm ones keep the nested runs fast), and pyenv's Pythons.
    for name in ("HOME", "XDG_CACHE_HOME", "PYENV_ROOT"):
        if name in os.environ:
            env[name] = os.environ[name]
    try:
        yield repo, env
    finally:
        # The clone's pantsd, started by its first ./pants call.
        pantsd = f"pantsd \\[{repo}\\]"
        subprocess.run([tool("pkill"), "-f", pantsd], check=False)  # noqa: S603
        shutil.rmtree(repo, ignore_errors=True)
