"""modules/ovh/taskboard: init, validate, `terraform test` (where the provider is had).

The provider is not obtainable on this machine kind (no registry access, no package ships it), so
here this skips with that reason, in CI too; with TASKBOARD_TF_REGISTRY=1 on a machine that
reaches the registry it runs as the AWS ones do.
"""

from pathlib import Path

from tfharness.checks import check_module


def test_module_validates_and_its_terraform_tests_pass(tmp_path: Path) -> None:
    check_module(tmp_path, "modules/ovh/taskboard")
