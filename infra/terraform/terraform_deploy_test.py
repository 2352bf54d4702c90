"""deploy.sh, behind every root's `:plan` / `:apply`: one-line errors, then the right terraform."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

DEPLOY = Path(__file__).resolve().parent / "deploy.sh"
BASH = shutil.which("bash") or "/bin/bash"

# Every cloud's credential variables, as the error line must name them.
CREDENTIALS = {
    "aws": (
        {"AWS_PROFILE": "prod"},
        ["AWS_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_WEB_IDENTITY_TOKEN_FILE"],
    ),
    "gcp": (
        {"GOOGLE_APPLICATION_CREDENTIALS": "/dev/null"},
        ["GOOGLE_APPLICATION_CREDENTIALS", "GOOGLE_OAUTH_ACCESS_TOKEN"],
    ),
    "digitalocean": (
        {"DIGITALOCEAN_TOKEN": "t", "AWS_ACCESS_KEY_ID": "k", "AWS_SECRET_ACCESS_KEY": "s"},
        ["DIGITALOCEAN_TOKEN"],
    ),
    "ovh": (
        {
            "OVH_ENDPOINT": "ovh-eu",
            "OVH_APPLICATION_KEY": "a",
            "OVH_APPLICATION_SECRET": "b",
            "OVH_CONSUMER_KEY": "c",
            "AWS_ACCESS_KEY_ID": "k",
            "AWS_SECRET_ACCESS_KEY": "s",
        },
        ["OVH_ENDPOINT", "OVH_APPLICATION_KEY", "OVH_APPLICATION_SECRET", "OVH_CONSUMER_KEY"],
    ),
}


def deploy(
    tree: Path, root: str, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    # A clean environment: nothing from this machine's shell may stand in for a credential.
    return subprocess.run(  # noqa: S603 - our own script, fixed argv
        [BASH, str(DEPLOY), f"envs/{root}", *args],
        cwd=tree,
        env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), **(env or {})},
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """Root folders as the script sees them (it checks each exists, then hands it to terraform)."""
    for cloud in CREDENTIALS:
        for env_name in ("bootstrap", "prod"):
            (tmp_path / "envs" / cloud / env_name).mkdir(parents=True)
    return tmp_path


@pytest.mark.parametrize("cloud", sorted(CREDENTIALS))
def test_missing_credentials_fail_in_one_line_naming_the_variables(tree: Path, cloud: str) -> None:
    result = deploy(tree, f"{cloud}/prod", "plan")
    assert result.returncode == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith("deploy: no ")
    assert f"credentials for envs/{cloud}/prod: set " in line
    for variable in CREDENTIALS[cloud][1]:
        assert variable in line
    assert result.stdout == ""


def test_missing_backend_config_fails_in_one_line(tree: Path) -> None:
    result = deploy(tree, "aws/prod", "plan", env=CREDENTIALS["aws"][0])
    assert result.returncode == 2
    (line,) = result.stderr.splitlines()
    assert "no envs/aws/prod/backend.hcl: copy backend.hcl.example" in line


def test_missing_images_fail_in_one_line(tree: Path) -> None:
    (tree / "envs/aws/prod/backend.hcl").write_text('bucket = "b"\nregion = "eu-west-1"\n')
    (tree / "envs/aws/prod/variables.tf").write_text('variable "api_image" {}\n')
    result = deploy(tree, "aws/prod", "plan", env=CREDENTIALS["aws"][0])
    assert result.returncode == 2
    (line,) = result.stderr.splitlines()
    assert "set TF_VAR_api_image and TF_VAR_web_image" in line


def recording_terraform(tmp_path: Path) -> tuple[Path, Path]:
    """A stand-in for the terraform binary that records each call's arguments."""
    calls = tmp_path / "calls"
    stub = tmp_path / "terraform"
    stub.write_text(f'#!/usr/bin/env bash\nprintf "%s\\n" "$*" >> "{calls}"\n')
    stub.chmod(0o755)
    return stub, calls


def test_apply_inits_with_the_backend_then_applies_with_auto_approve(
    tree: Path, tmp_path: Path
) -> None:
    (tree / "envs/aws/prod/backend.hcl").write_text('bucket = "b"\nregion = "eu-west-1"\n')
    stub, calls = recording_terraform(tmp_path)
    env = {
        **CREDENTIALS["aws"][0],
        "TERRAFORM": str(stub),
        "TF_VAR_api_image": "r/taskboard-api:1",
        "TF_VAR_web_image": "r/taskboard-web:1",
    }
    result = deploy(tree, "aws/prod", "apply", "--auto-approve", env=env)
    assert result.returncode == 0, result.stderr
    assert calls.read_text().splitlines() == [
        "-chdir=envs/aws/prod init -input=false -backend-config=backend.hcl",
        "-chdir=envs/aws/prod apply -input=true -auto-approve",
    ]


def test_a_root_without_image_variables_needs_no_images(tree: Path, tmp_path: Path) -> None:
    (tree / "envs/ovh/prod/backend.hcl").write_text('bucket = "b"\n')
    stub, calls = recording_terraform(tmp_path)
    env = {**CREDENTIALS["ovh"][0], "TERRAFORM": str(stub)}
    result = deploy(tree, "ovh/prod", "plan", env=env)
    assert result.returncode == 0, result.stderr
    assert calls.read_text().splitlines()[-1] == "-chdir=envs/ovh/prod plan -input=true"


def test_bootstrap_needs_no_backend_or_images(tree: Path, tmp_path: Path) -> None:
    stub, calls = recording_terraform(tmp_path)
    env = {**CREDENTIALS["aws"][0], "TERRAFORM": str(stub)}
    result = deploy(tree, "aws/bootstrap", "plan", "-var-file=bootstrap.tfvars", env=env)
    assert result.returncode == 0, result.stderr
    assert calls.read_text().splitlines() == [
        "-chdir=envs/aws/bootstrap init -input=false",
        "-chdir=envs/aws/bootstrap plan -input=true -var-file=bootstrap.tfvars",
    ]
