"""Every aws module and root: terraform fmt, an HCL parse and checkov."""

from pathlib import Path

import pytest

from tfharness.static import check_checkov, check_fmt, check_parse, cloud_folders

FOLDERS = cloud_folders("aws")


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_formatted_and_parses(folder: Path, tmp_path: Path) -> None:
    check_fmt(folder, tmp_path)
    assert check_parse(folder) > 0


# The AWS schema is the real provider's: `terraform validate` beside each module and root.


def test_checkov_finds_nothing_and_every_skip_has_a_reason(tmp_path: Path) -> None:
    check_checkov(FOLDERS, tmp_path)
