"""The layers of `taskboard` are rules of the graph: an import across one fails the build.

Each row adds one forbidden import to a module of a clone of HEAD (the `clone` fixture), and
`./pants dependencies` on it must fail with Pants' visibility error naming the rule's BUILD
file; the untouched module passes first, so the failure is the import's.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import NamedTuple

import pytest

from selection.clone import git


class Violation(NamedTuple):
    layer: str  # a folder of the package, whose BUILD file's rule must deny the import
    module: str
    line: str

    @property
    def path(self) -> str:
        return f"{PACKAGE}/{self.layer}/{self.module}"


PACKAGE = "src/python/taskboard"
VIOLATIONS = [
    Violation("api/routes", "tasks.py", "from taskboard.db.tables import Task"),
    Violation("api/routes", "boards.py", "from taskboard.repositories.boards import *"),
    Violation("services", "boards.py", "from taskboard.api.http import etag"),
    Violation("repositories", "boards.py", "from taskboard.services.access import board_role"),
    Violation("observability", "metrics.py", "from taskboard.api.security import edge_middleware"),
    Violation("schemas", "tasks.py", "from taskboard.db.tables import Task"),
    Violation("domain", "rules.py", "import sqlalchemy"),
]


def dependencies(repo: Path, env: dict[str, str], module: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - the clone's own launcher
        [str(repo / "pants"), "dependencies", module],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


@pytest.mark.parametrize("violation", VIOLATIONS, ids=[v.path for v in VIOLATIONS])
def test_an_import_across_a_layer_fails_the_build(
    clone: tuple[Path, dict[str, str]], violation: Violation
) -> None:
    repo, env = clone
    clean = dependencies(repo, env, violation.path)
    assert clean.returncode == 0, clean.stderr
    module = repo / violation.path
    module.write_text(f"{module.read_text()}\n{violation.line}  # noqa\n")
    try:
        broken = dependencies(repo, env, violation.path)
    finally:
        git(repo, "checkout", "--quiet", "--", violation.path)
    assert broken.returncode != 0, f"{violation.line} was allowed in {violation.path}"
    assert "DependencyRuleActionDeniedError" in broken.stderr, broken.stderr
    assert f"{PACKAGE}/{violation.layer}/BUILD" in broken.stderr, broken.stderr
