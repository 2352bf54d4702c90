"""The rows of the selection matrix: one representative change each, and what it must select.

`selection_test.py` commits each change in a throwaway clone of the checkout and runs
`.ci/affected` on it. `EXPECTED` is the exact set of targets a row selects, compared after
dropping the file-level source targets (`path/file.py`, `path/file.yml:files`): those follow
from their BUILD-level owners, and listing every one would only restate the tree.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

EVERYTHING = frozenset({"::"})
NOTHING: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Row:
    """One change and the exact selection it must give."""

    name: str
    change: Callable[[Path], None]
    expected: frozenset[str]


def append(path: str, text: str) -> Callable[[Path], None]:
    """A change that appends `text` to the file at `path` (created if missing)."""

    def change(repo: Path) -> None:
        target = repo / path
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("a") as handle:
            handle.write(text)

    return change


def delete(path: str) -> Callable[[Path], None]:
    """A change that deletes the file at `path`."""

    def change(repo: Path) -> None:
        (repo / path).unlink()

    return change


_FILE_LEVEL = re.compile(r"^[^:#]*/[^/:#]+\.[A-Za-z0-9]+(:[\w.-]+)?$")
_TEST_FILE = re.compile(r"_test\.py(:[\w.-]+)?$")


def runnable(addresses: set[str]) -> set[str]:
    """The addresses that name BUILD-level targets or test files (what the pipeline runs)."""
    return {a for a in addresses if _TEST_FILE.search(a) or not _FILE_LEVEL.match(a)}


# One representative change per kind of input. Comments keep every change valid code.
ROWS = [
    Row("domain-module", append("src/python/taskboard/domain/rules.py", "# matrix\n"), NOTHING),
    Row("service", append("src/python/taskboard/services/boards.py", "# matrix\n"), NOTHING),
    Row("repository", append("src/python/taskboard/repositories/tasks.py", "# matrix\n"), NOTHING),
    Row("api-schema", append("src/python/taskboard/api/schemas/tasks.py", "# matrix\n"), NOTHING),
    Row("web-component", append("src/web/components/board/task-card.tsx", "// matrix\n"), NOTHING),
    Row("dockerfile", append("infra/docker/web/Dockerfile", "# matrix\n"), NOTHING),
    Row("swarm-stack", append("infra/swarm/stack.yml", "# matrix\n"), NOTHING),
    Row("kustomize", append("infra/k8s/base/api-deployment.yaml", "# matrix\n"), NOTHING),
    Row("terraform-module", append("infra/terraform/modules/aws/taskboard/main.tf", "# matrix\n"), NOTHING),
    Row("lockfile", append("3rdparty/python/infra-tools.lock", "\n"), NOTHING),
    Row("pants-toml", append("pants.toml", "# matrix\n"), EVERYTHING),
    Row("workflow", append(".github/workflows/matrix.yml", "name: matrix\n"), EVERYTHING),
    Row("deleted-build-file", delete("src/python/taskboard/bench/BUILD"), EVERYTHING),
    Row("readme", append("README.md", "matrix\n"), NOTHING),
    Row("docs", append("docs/operations/matrix.md", "# matrix\n"), NOTHING),
]
