"""What the workspace accepts, refuses and reads back, without running anything."""

from __future__ import annotations

from pathlib import Path

import pytest

from taskboard_mcp.workspace import Finished, RefusedError, Workspace, tail


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    for name in ("pants.toml", "pants"):
        (tmp_path / name).touch()
    (tmp_path / "src/python/app").mkdir(parents=True)
    (tmp_path / "src/python/app/cli.py").touch()
    (tmp_path / "docs").mkdir()
    return Workspace(tmp_path)


@pytest.mark.parametrize(
    "spec",
    [
        "::",
        "src/python::",
        "src/python/app:",
        "src/python/app:cli",
        "//src/python/app:cli",
        "src/python/app/cli.py",
        "src/python/app/cli.py:lib",
        "src/python/app:reqs#fastapi",
        "src/python/app:lib@resolve=python-default",
    ],
)
def test_specs_pants_accepts_are_accepted(workspace: Workspace, spec: str) -> None:
    assert workspace.spec(spec) == spec.removeprefix("//")


@pytest.mark.parametrize(
    ("spec", "said"),
    [
        ("", "not a target address"),
        ("-h", "not a target address"),
        ("--pants-bin=/bin/sh", "not a target address"),
        ("../etc::", "not a target address"),
        ("src/../..::", "not a target address"),
        ("/etc/passwd", "not a target address"),
        ("src/python;rm -rf /", "not a target address"),
        ("src/python $(id)", "not a target address"),
        ("src/python/*.py", "not a target address"),
        ("src:::", "not a target address"),
        ("a" * 301, "not a target address"),
        ("src/python/nothing::", "names nothing in the repository: src/python/nothing"),
    ],
)
def test_anything_else_is_refused_with_what_is_accepted(
    workspace: Workspace, spec: str, said: str
) -> None:
    with pytest.raises(RefusedError, match=said):
        workspace.spec(spec)


@pytest.mark.parametrize("spec", ["::", "src/python/app:", "src/python::"])
def test_an_address_is_one_target(workspace: Workspace, spec: str) -> None:
    with pytest.raises(RefusedError, match="is a set of targets"):
        workspace.address(spec)


@pytest.mark.parametrize("spec", ["::", "docs::", "pants.toml"])
def test_tests_run_only_under_the_allowed_folders(workspace: Workspace, spec: str) -> None:
    with pytest.raises(RefusedError, match="outside the folders whose tests run from here"):
        workspace.test_spec(spec)


@pytest.mark.parametrize("revision", ["origin/main", "HEAD~1", "HEAD^", "main@{1}", "3f9c2e1"])
def test_revisions_as_people_write_them(workspace: Workspace, revision: str) -> None:
    assert workspace.revision(revision) == revision


@pytest.mark.parametrize("revision", ["", "-p", "--output=/tmp/x", "a..b", "HEAD;ls", "a b"])
def test_what_is_not_a_revision_is_refused(workspace: Workspace, revision: str) -> None:
    with pytest.raises(RefusedError, match="is not a git revision"):
        workspace.revision(revision)


def test_the_checkout_is_found_from_inside_it(workspace: Workspace) -> None:
    assert Workspace.discover(workspace.root / "src/python/app").root == workspace.root.resolve()


def test_outside_a_checkout_nothing_starts(tmp_path: Path) -> None:
    with pytest.raises(RefusedError, match="is not inside a checkout of this repository"):
        Workspace.discover(tmp_path)


def test_a_failure_reads_as_its_error_lines_not_its_progress() -> None:
    done = Finished(
        1, "", "21:00:00.00 [INFO] Starting\n21:00:01.00 [ERROR] No such target\nmore\n", 1.0
    )
    assert done.failure() == "21:00:01.00 [ERROR] No such target"
    assert Finished(3, "", "", 0.1).failure() == "exited with code 3"
    assert tail("a\nb\nc", 2) == "b\nc"
