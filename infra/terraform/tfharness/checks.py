"""The checks every module and root gets: init from the mirror, validate, `terraform test`."""

from __future__ import annotations

from pathlib import Path

from tfharness.terraform import Terraform, prepare, run_blocks, test_summary


def init_and_validate(tmp_path: Path, folder: str) -> Terraform:
    """Init `folder` without its backend (against its lock file, if it has one) and validate."""
    terraform = prepare(tmp_path, folder)
    terraform.init("-backend=false")
    terraform.validate()
    return terraform


def check_module(tmp_path: Path, folder: str) -> None:
    """Init and validate a module, then run its `terraform test` files: every run must pass."""
    terraform = init_and_validate(tmp_path, folder)
    expected = run_blocks(terraform.workdir)
    assert expected, f"{folder}/tests has no run blocks"
    result = terraform.run("test", "-no-color")
    passed, failed = test_summary(result.stdout)
    assert (passed, failed) == (len(expected), 0), result.stdout[-4000:]
