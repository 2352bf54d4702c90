"""envs/digitalocean/prod: init, validate (where the provider is had).

The provider is not obtainable on this machine kind (no registry access, no package ships it), so
here this skips with that reason, in CI too; with TASKBOARD_TF_REGISTRY=1 on a machine that
reaches the registry it runs as the AWS ones do.
"""

from pathlib import Path

from tfharness.checks import init_and_validate


def test_root_validates(tmp_path: Path) -> None:
    init_and_validate(tmp_path, "envs/digitalocean/prod")
