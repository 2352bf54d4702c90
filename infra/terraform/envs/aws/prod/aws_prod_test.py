"""envs/aws/prod: init from the local mirror against the committed lock file, then validate."""

from pathlib import Path

from tfharness.checks import init_and_validate
from tfharness.terraform import TREE, Provider, lock_file_providers


def test_lock_file_pins_the_mirrored_provider() -> None:
    assert lock_file_providers(TREE / "envs/aws/prod") == [Provider("hashicorp/aws", "5.100.0")]


def test_root_inits_from_its_lock_file_and_validates(tmp_path: Path) -> None:
    init_and_validate(tmp_path, "envs/aws/prod")
