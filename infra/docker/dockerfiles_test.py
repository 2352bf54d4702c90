"""Rules for every Dockerfile of the repository that hadolint cannot state (no engine needed)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

DOCKERFILES = sorted(
    [*Path("infra/docker").glob("*/Dockerfile"), *Path("infra/docker/base").glob("*.Dockerfile")]
)


def test_the_dockerfiles_are_here() -> None:
    names = {path.as_posix() for path in DOCKERFILES}
    assert {"infra/docker/api/Dockerfile", "infra/docker/web/Dockerfile"} <= names
    assert len(names) >= 7, "the two images and five stand-ins"


@pytest.mark.parametrize("dockerfile", DOCKERFILES, ids=lambda path: path.as_posix())
def test_every_ignored_hadolint_rule_says_why(dockerfile: Path) -> None:
    lines = dockerfile.read_text().splitlines()
    for number, line in enumerate(lines):
        if line.startswith("# hadolint ignore="):
            before = lines[number - 1] if number else ""
            where = f"{dockerfile}:{number + 1}: say on the line above why {line[2:]}"
            assert before.startswith("# "), where
            assert "hadolint" not in before, where


def test_every_base_image_a_dockerfile_names_can_be_had_without_a_registry() -> None:
    # The ARG defaults of the product images are what infra/docker/base-images must provide.
    named = {
        match.group(1)
        for path in (Path("infra/docker/api/Dockerfile"), Path("infra/docker/web/Dockerfile"))
        for match in re.finditer(r"^ARG \w+_IMAGE=(\S+)$", path.read_text(), re.MULTILINE)
    }
    listed = subprocess.run(
        ["/bin/bash", "infra/docker/base-images", "--list"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert named
    assert named <= set(listed)
