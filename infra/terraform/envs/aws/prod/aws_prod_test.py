"""envs/aws/prod: init from the local mirror against the committed lock file, then validate."""

from pathlib import Path

from tfharness.checks import init_and_validate


def test_root_inits_from_its_lock_file_and_validates(tmp_path: Path) -> None:
    init_and_validate(tmp_path, "envs/aws/prod")
