"""The selection matrix: `.ci/affected` selects exactly what the graph says, change by change.

A throwaway clone of the checkout's HEAD gets one representative commit per row, and
`.ci/affected HEAD~1` must print exactly that row's expected selection: no missed dependent, no
target beyond it. The nested Pants shares this machine's caches, so it costs seconds a row.

The test clones the committed HEAD (TASKBOARD_CHECKOUT, exported by the ./pants launcher); it
re-runs whenever HEAD moves (TASKBOARD_REVISION is part of its cache key).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from selection.clone import git
from selection.matrix import NOTHING, ROWS, Row, runnable


def affected(repo: Path, env: dict[str, str], base: str) -> tuple[set[str], str]:
    """What `.ci/affected BASE` prints (as a set of lines) and what it says on stderr."""
    done = subprocess.run(  # noqa: S603 - the clone's own script
        [str(repo / ".ci/affected"), base],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    return {line for line in done.stdout.splitlines() if line.strip()}, done.stderr


def test_nothing_changed_selects_nothing(clone: tuple[Path, dict[str, str]]) -> None:
    repo, env = clone
    selected, said = affected(repo, env, "HEAD")
    assert selected == NOTHING
    assert "nothing changed" in said


@pytest.mark.parametrize("row", ROWS, ids=[row.name for row in ROWS])
def test_row_selects_exactly_what_the_graph_says(
    clone: tuple[Path, dict[str, str]], row: Row
) -> None:
    repo, env = clone
    row.change(repo)
    git(repo, "add", "-A")
    git(repo, "commit", "--quiet", "-m", f"test: {row.name}")
    try:
        selected, said = affected(repo, env, "HEAD~1")
    finally:
        git(repo, "reset", "--quiet", "--hard", "HEAD~1")
    got = selected if selected == {"::"} else runnable(selected, repo)
    missed, extra = sorted(row.expected - got), sorted(got - row.expected)
    assert (missed, extra) == ([], []), f"{row.name}: missed {missed}, extra {extra}\n{said}"
