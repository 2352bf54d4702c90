"""The secret scanner over every tracked file of the checkout's HEAD, against its baseline.

`baseline.json` lists what detect-secrets finds today, each finding reviewed: test and demo
credentials, example values, public certificate thumbprints, names of secrets (not their
values). A finding that is not in it fails this test; that is how a real key committed by
mistake is caught. Moving a reviewed line is fine (the scanner then only renumbers its copy).
Regenerate after a review: docs/operations/security.md, "Secrets in the repository".
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from selection.clone import clone_of_checkout, git

SCAN = Path("infra.ci.secrets/scan.pex").resolve()
BASELINE = "infra/ci/secrets/baseline.json"
# detect-secrets-hook: 0 nothing new, 3 only line numbers moved (it renumbered the baseline).
CLEAN = (0, 3)


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    with clone_of_checkout(tmp_path_factory.mktemp("secrets")) as (repo, _):
        yield repo


def scan(repo: Path, files: list[str]) -> subprocess.CompletedProcess[str]:
    # On a copy: the scanner rewrites the baseline it is given when line numbers moved.
    baseline = repo.parent / "baseline.json"
    shutil.copy(repo / BASELINE, baseline)
    return subprocess.run(  # noqa: S603 - the graph's detect-secrets, fixed argv
        [str(SCAN), "--baseline", str(baseline), *files],
        cwd=repo,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def test_no_secret_beyond_the_reviewed_baseline(clone: Path) -> None:
    # The baseline itself holds the findings' hashes.
    done = scan(clone, [f for f in git(clone, "ls-files").split() if f != BASELINE])
    assert done.returncode in CLEAN, done.stdout + done.stderr


def test_a_committed_key_is_caught(clone: Path) -> None:
    leak = clone / "src/python/taskboard/leak.py"
    # AWS's documented example key; the pragma keeps this line itself out of the scan.
    key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"  # pragma: allowlist secret
    leak.write_text(f'AWS_SECRET_ACCESS_KEY = "{key}"\n')
    try:
        done = scan(clone, ["src/python/taskboard/leak.py"])
    finally:
        leak.unlink()
    assert done.returncode == 1
    assert "Location:    src/python/taskboard/leak.py:1" in done.stdout


def test_the_baseline_excludes_only_lockfiles(clone: Path) -> None:
    # Lockfiles are all hashes; anything else excluded would be a blind spot.
    baseline = json.loads((clone / BASELINE).read_text())
    excluded = [f for f in baseline["filters_used"] if f["path"].endswith("should_exclude_file")]
    assert [f["pattern"] for f in excluded] == [[r"(\.lock$|pnpm-lock\.yaml$)"]]
