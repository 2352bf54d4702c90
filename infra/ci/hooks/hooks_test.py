"""The git hooks for real: installed in a clone of the checkout, run by `git commit`.

Each hook of .pre-commit-config.yaml must stop a commit that CI would fail (a lint error, a
badly formatted web file, a message that is not a conventional commit) and let a good one pass.
pre-commit comes from the ci-tools lockfile (the :pre-commit PEX), installed the way the README
says; the hooks run the clone's own ./pants.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from selection.clone import clone_of_checkout, git, tool

PRE_COMMIT = Path("infra.ci.hooks/pre-commit.pex").resolve()


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, dict[str, str]]]:
    with clone_of_checkout(tmp_path_factory.mktemp("hooks")) as (repo, env):
        done = subprocess.run(  # noqa: S603 - the graph's pre-commit, fixed argv
            [str(PRE_COMMIT), "install", "--hook-type", "pre-commit", "--hook-type", "commit-msg"],
            cwd=repo,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        yield repo, env


def commit(
    clone: tuple[Path, dict[str, str]], message: str, files: dict[str, str]
) -> tuple[int, str]:
    """From a clean HEAD, write FILES (path: content), stage them and `git commit`: its exit
    and output."""
    repo, env = clone
    git(repo, "reset", "--quiet", "--hard", "HEAD")
    git(repo, "clean", "--quiet", "-fd", "src")
    for name, content in files.items():
        path = repo / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content)
        git(repo, "add", str(path))
    done = subprocess.run(  # noqa: S603 - git, fixed argv
        [
            tool("git"),
            "-c",
            "user.name=hooks",
            "-c",
            "user.email=hooks@x.invalid",
            "commit",
            "-m",
            message,
        ],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    return done.returncode, done.stdout + done.stderr


GOOD_PY = (
    '"""A module."""\n\nfrom __future__ import annotations\n\n\ndef one() -> int:\n    return 1\n'
)


def test_lint_and_type_errors_stop_the_commit(clone: tuple[Path, dict[str, str]]) -> None:
    bad = "import os\n" + GOOD_PY.replace("return 1", 'return "1"')
    code, said = commit(clone, "feat: two mistakes", {"src/python/taskboard/hooked.py": bad})
    assert code != 0
    assert "F401" in said  # ruff, through ./pants lint
    assert "Incompatible return value type" in said  # mypy, through ./pants check


def test_a_badly_formatted_web_file_stops_the_commit(clone: tuple[Path, dict[str, str]]) -> None:
    code, said = commit(
        clone, "feat: a web file", {"src/web/lib/hooked.ts": "export const  x = 1\n"}
    )
    assert code != 0
    assert "[warn] lib/hooked.ts" in said


def test_a_message_that_is_not_conventional_stops_the_commit(
    clone: tuple[Path, dict[str, str]],
) -> None:
    code, said = commit(clone, "changed some things", {"src/python/taskboard/hooked.py": GOOD_PY})
    assert code != 0
    assert "commit validation: failed!" in said


def test_a_good_change_with_a_good_message_is_committed(clone: tuple[Path, dict[str, str]]) -> None:
    repo, _ = clone
    code, said = commit(
        clone,
        "feat(hooks): a good change",
        {
            "src/python/taskboard/hooked.py": GOOD_PY,
            "src/web/lib/hooked.ts": "export const x = 1;\n",
        },
    )
    assert code == 0, said
    assert git(repo, "log", "-1", "--format=%s").strip() == "feat(hooks): a good change"
