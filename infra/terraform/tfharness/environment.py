"""What this machine offers the Terraform tests, and the skip-locally/fail-in-CI rule."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

# Where the machine keeps providers it cannot download (an unpacked filesystem mirror).
DEFAULT_PLUGIN_MIRROR = Path("/opt/tf-plugins")
# Providers this machine kind (developers' and CI's alike) carries in that mirror.
OBTAINABLE_HERE = frozenset({"hashicorp/aws"})
# Terraform 1.11 is what the roots require and what pants.toml pins ([download-terraform]).
REQUIRED_TERRAFORM_MINOR = (1, 11)


def in_ci() -> bool:
    """Whether the run is CI's, where a missing tool is a failure rather than a skip."""
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def require(condition: bool, reason: str) -> None:
    """Skip with `reason` locally, fail with it in CI, unless `condition` holds."""
    if condition:
        return
    if in_ci():
        pytest.fail(f"{reason} (CI=true: this must be present on CI machines)")
    pytest.skip(reason)


def terraform_binary() -> str:
    """The Terraform CLI to run: $TERRAFORM, else `terraform` on PATH or in /usr/local/bin."""
    explicit = os.environ.get("TERRAFORM")
    found = (
        explicit or shutil.which("terraform") or shutil.which("terraform", path="/usr/local/bin")
    )
    require(found is not None, "terraform not found (set TERRAFORM or put terraform on PATH)")
    assert found is not None
    out = subprocess.run(  # noqa: S603 - argv of our own, no shell
        [found, "version", "-json"], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    version = str(json.loads(out)["terraform_version"])
    major, minor = (int(part) for part in version.split(".")[:2])
    require(
        (major, minor) >= REQUIRED_TERRAFORM_MINOR,
        f"{found} is Terraform {version}; the roots need >= 1.11",
    )
    return found


def plugin_mirror() -> Path:
    """The filesystem mirror holding the providers this machine has ($TF_PLUGIN_MIRROR)."""
    return Path(os.environ.get("TF_PLUGIN_MIRROR", str(DEFAULT_PLUGIN_MIRROR)))


def provider_in_mirror(source: str, version: str | None = None) -> bool:
    """Whether the mirror holds `source` (e.g. hashicorp/aws) at `version` (or any version)."""
    versions = plugin_mirror() / "registry.terraform.io" / source
    if version is not None:
        return (versions / version / "linux_amd64").is_dir()
    return any(versions.glob("*/linux_amd64"))


def registry_allowed() -> bool:
    """Whether this machine may download providers from the registry (opt-in, never probed)."""
    return os.environ.get("TASKBOARD_TF_REGISTRY", "") == "1"
