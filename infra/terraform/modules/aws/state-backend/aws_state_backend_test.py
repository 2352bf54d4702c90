"""modules/aws/state-backend: init from the mirror, validate, `terraform test` (mocked AWS)."""

from pathlib import Path

from tfharness.checks import check_module


def test_module_validates_and_its_terraform_tests_pass(tmp_path: Path) -> None:
    check_module(tmp_path, "modules/aws/state-backend")
