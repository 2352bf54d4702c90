"""Throwaway git repositories holding this checkout's release files, and what they stamp.

The test sandbox holds the release files at their repository paths (the `:release-files`
target) and commitizen's `cz` as its PEX (`:cz`). A repository made here has those files and no
others, so `.ci/release` and `.ci/commit-check` run in it exactly as in the real checkout: real
git, real commitizen, the real configuration.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CZ_CONFIG = ".cz.toml"
CHANGELOG = "CHANGELOG.md"
PYTHON_VERSION_FILE = "src/python/taskboard/_version.py"
WEB_PACKAGE = "src/web/package.json"
SCRIPTS = (".ci/release", ".ci/commit-check")
# Every file that holds the version: the configuration and its `version_files`.
STAMPED = (CZ_CONFIG, PYTHON_VERSION_FILE, WEB_PACKAGE)

# What `cz bump` writes with version_scheme = "semver2" (pre-releases as 2.0.0-rc.1).
SEMVER = re.compile(r"(\d+)\.(\d+)\.(\d+)(?:-[0-9A-Za-z.]+)?")


def checkout() -> Path:
    """The sandbox: the release files at their repository paths."""
    return Path.cwd()


def cz_settings(root: Path) -> dict[str, Any]:
    """commitizen's settings in `root`'s .cz.toml."""
    settings: dict[str, Any] = tomllib.loads((root / CZ_CONFIG).read_text())["tool"]["commitizen"]
    return settings


def stamped_versions(root: Path) -> dict[str, str]:
    """The version each stamped file in `root` holds, by path."""
    python = re.search(
        r'^__version__ = "([^"]+)"$', (root / PYTHON_VERSION_FILE).read_text(), re.MULTILINE
    )
    assert python, f"no __version__ line in {PYTHON_VERSION_FILE}"
    return {
        CZ_CONFIG: cz_settings(root)["version"],
        PYTHON_VERSION_FILE: python.group(1),
        WEB_PACKAGE: json.loads((root / WEB_PACKAGE).read_text())["version"],
    }


def changelog_releases(root: Path) -> list[str]:
    """The versions CHANGELOG.md has a section for, newest first (`## v1.2.0 (2025-01-31)`)."""
    return re.findall(r"^## v(\S+) \(", (root / CHANGELOG).read_text(), re.MULTILINE)


def next_versions(version: str) -> dict[str, str]:
    """The patch, minor and major versions after `version`."""
    match = SEMVER.fullmatch(version)
    assert match, f"{version!r} is not a semantic version"
    major, minor, patch = (int(part) for part in match.groups())
    return {
        "patch": f"{major}.{minor}.{patch + 1}",
        "minor": f"{major}.{minor + 1}.0",
        "major": f"{major + 1}.0.0",
    }


@dataclass(frozen=True)
class Repo:
    """A git repository with the release files, and the environment its commands run in."""

    path: Path
    env: dict[str, str]

    def git(self, *args: str) -> str:
        """Run git in the repository; its stdout."""
        # git from PATH, as the scripts under test find it; arguments from the tests.
        return subprocess.run(  # noqa: S603
            ["git", *args],  # noqa: S607
            cwd=self.path,
            env=self.env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout

    def commit(self, message: str) -> str:
        """An (empty) commit with `message`; its full sha."""
        self.git("commit", "--allow-empty", "--quiet", "--message", message)
        return self.git("rev-parse", "HEAD").strip()

    def script(self, name: str, *args: str) -> subprocess.CompletedProcess[str]:
        """Run `.ci/<name>` of the repository, whatever its exit status."""
        return subprocess.run(  # noqa: S603 - our own scripts, arguments from the tests
            [str(self.path / ".ci" / name), *args],
            cwd=self.path,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    def tags(self) -> list[str]:
        """The repository's tags."""
        return self.git("tag", "--list").split()


def make_repo(tmp_path: Path, *, released: bool) -> Repo:
    """A repository whose first commit holds the release files, tagged as released if asked.

    Unreleased, it is the state of a checkout before its first release (no vX.Y.Z tag yet).
    """
    source = checkout()
    path = tmp_path / "repo"
    for name in (CZ_CONFIG, CHANGELOG, PYTHON_VERSION_FILE, WEB_PACKAGE, *SCRIPTS):
        (path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source / name, path / name)
    for name in SCRIPTS:
        (path / name).chmod(0o755)
    repo = Repo(path=path, env=_environment(tmp_path))
    repo.git("init", "--quiet", "--initial-branch=main")
    repo.git("add", "--all")
    repo.commit("build: the release files")
    if released:
        repo.git("tag", f"v{cz_settings(path)['version']}")
    return repo


def _environment(tmp_path: Path) -> dict[str, str]:
    """git with a fixed identity and no user or system config; `CZ` runs the cz PEX."""
    home = tmp_path / "home"
    home.mkdir()
    cz = tmp_path / "bin" / "cz"
    cz.parent.mkdir()
    pex = checkout() / "infra.ci.release" / "cz.pex"
    # Through this interpreter: the PEX's shebang names an interpreter PATH may not have.
    cz.write_text(f"#!/bin/sh\nexec '{sys.executable}' '{pex}' \"$@\"\n")
    cz.chmod(0o755)
    identity = {"NAME": "Release Test", "EMAIL": "release-test@example.invalid"}
    return {
        "PATH": os.environ["PATH"],
        "HOME": str(home),
        "LC_ALL": "C.UTF-8",
        "GIT_CONFIG_NOSYSTEM": "1",
        **{
            f"GIT_{role}_{key}": value
            for role in ("AUTHOR", "COMMITTER")
            for key, value in identity.items()
        },
        "CZ": str(cz),
        # One PEX cache for the tests of a file: cz unpacks once.
        "PEX_ROOT": str(checkout() / ".pex-root"),
    }
